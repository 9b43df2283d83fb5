package export

import (
	"fmt"
	"html"
	"io"
	"regexp"
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

// diagramTable is a table as the diagrams draw it: its key columns only, so that a picture
// of a big schema stays readable (--tables narrows it further).
type diagramTable struct {
	id, label string
	columns   []diagramColumn
}

type diagramColumn struct {
	name, typ string
	keys      []string // PK, FK, UK
}

type diagramEdge struct {
	from, to, label string
	// optional: every FK column is nullable, so a child may have no parent.
	optional bool
}

// diagram collects what both diagram formats draw. Tables get synthetic ids (t1, t2, …) so
// that no table name, however hostile, has to be written where the syntax expects an id.
// PostgreSQL partitions are counted on their parent's label unless o.Partitions; columns are
// the key columns, or all of them with o.DiagramColumns "all".
func diagram(db *schema.Database, o Options) ([]diagramTable, []diagramEdge) {
	var tables []diagramTable
	ids := map[string]string{}
	multiSchema := len(db.Schemas) > 1
	parts := map[schema.TableRef]int{}
	if !o.Partitions {
		parts = db.PartitionCounts()
	}
	for _, sc := range db.Schemas {
		for _, t := range sc.Tables {
			if !o.Partitions && t.IsPartition() {
				continue
			}
			id := fmt.Sprintf("t%d", len(tables)+1)
			ids[sc.Name+"\x00"+t.Name] = id
			label := t.Name
			if multiSchema {
				label = sc.Name + "." + t.Name
			}
			switch n := parts[schema.TableRef{Schema: sc.Name, Name: t.Name}]; {
			case n == 1:
				label += " (1 partition)"
			case n > 1:
				label += fmt.Sprintf(" (%d partitions)", n)
			}
			tables = append(tables, diagramTable{id: id, label: label, columns: diagramColumns(t, o.DiagramColumns == "all")})
		}
	}
	var edges []diagramEdge
	for _, sc := range db.Schemas {
		for _, t := range sc.Tables {
			from, ok := ids[sc.Name+"\x00"+t.Name]
			if !ok {
				continue // a collapsed partition: its parent's keys are drawn
			}
			for _, fk := range t.ForeignKeys {
				to, ok := ids[fk.RefSchema+"\x00"+fk.RefTable]
				if !ok {
					continue // the referenced table is outside --tables
				}
				optional := true
				for _, c := range fk.Columns {
					if col := t.Column(c); col != nil && !col.Nullable {
						optional = false
					}
				}
				label := fk.Name
				if label == "" {
					label = strings.Join(fk.Columns, ", ")
				}
				edges = append(edges, diagramEdge{from: from, to: to, label: label, optional: optional})
			}
		}
	}
	return tables, edges
}

// diagramColumns are the columns a diagram draws: those in a key, or every one with all.
func diagramColumns(t schema.Table, all bool) []diagramColumn {
	var out []diagramColumn
	for _, c := range t.Columns {
		var keys []string
		if t.PrimaryKey != nil && contains(t.PrimaryKey.Columns, c.Name) {
			keys = append(keys, "PK")
		}
		for _, fk := range t.ForeignKeys {
			if contains(fk.Columns, c.Name) {
				keys = append(keys, "FK")
				break
			}
		}
		for _, u := range t.Uniques {
			if contains(u.Columns, c.Name) {
				keys = append(keys, "UK")
				break
			}
		}
		if len(keys) > 0 || all {
			out = append(out, diagramColumn{name: c.Name, typ: c.Type, keys: keys})
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

var mermaidWord = regexp.MustCompile(`[^A-Za-z0-9_]+`)

// mermaidText makes text safe inside a Mermaid double-quoted string: # (which starts an
// entity), quotes and backslashes (which Mermaid's renderers take for escapes) become entity
// codes, and control characters spaces.
func mermaidText(s string) string {
	return mermaidEntities.Replace(oneLine(s))
}

var mermaidEntities = strings.NewReplacer("#", "#35;", `"`, "#quot;", `\`, "#92;")

// mermaidWordOf turns a name into the single word Mermaid wants for attribute types and names.
func mermaidWordOf(s string) string {
	w := strings.Trim(mermaidWord.ReplaceAllString(s, "_"), "_")
	if w == "" || (w[0] >= '0' && w[0] <= '9') {
		w = "x_" + w
	}
	return w
}

// mermaidTypeWord matches what Mermaid takes as an attribute type: one word that may hold
// parentheses and brackets (varchar(32), text[]) but no space or comma.
var mermaidTypeWord = regexp.MustCompile(`^[*A-Za-z_\x{00C0}-\x{FFFF}][A-Za-z0-9\-_\[\]()\x{00C0}-\x{FFFF}*]*$`)

// mermaidType spells a column type for a Mermaid attribute: as it is when Mermaid takes it
// (varchar(32), text[]), else with spaces as underscores and what cannot be in a word
// dropped (int_unsigned, numeric(10_2)); exact is false then, and the diagram puts the type
// as written in the attribute's quoted comment.
func mermaidType(t string) (word string, exact bool) {
	if mermaidTypeWord.MatchString(t) {
		return t, true
	}
	w := strings.NewReplacer(" ", "_", ",", "_", ".", "_").Replace(strings.TrimSpace(t))
	var b strings.Builder
	for _, r := range w {
		if mermaidTypeWord.MatchString(b.String() + string(r)) {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "type", false
	}
	return b.String(), false
}

// GitHub renders a Mermaid diagram only within Mermaid's default limits.
const (
	mermaidMaxText  = 50000
	mermaidMaxEdges = 500
)

// Mermaid writes an erDiagram (renders on GitHub): tables with their key columns (all of
// them with Options.DiagramColumns "all"), and one relationship per foreign key.
func (m MermaidDiagram) Export(w io.Writer, db *schema.Database) error {
	tables, edges := diagram(db, m.Options)
	var b strings.Builder
	b.WriteString("erDiagram\n")
	for _, t := range tables {
		fmt.Fprintf(&b, "    %s[\"%s\"] {\n", t.id, mermaidText(t.label))
		for _, c := range t.columns {
			name := mermaidWordOf(c.name)
			typ, exact := mermaidType(c.typ)
			var notes []string
			if name != c.name {
				notes = append(notes, c.name)
			}
			if !exact {
				notes = append(notes, c.typ)
			}
			comment := ""
			if len(notes) > 0 {
				comment = fmt.Sprintf(" \"%s\"", mermaidText(strings.Join(notes, ": ")))
			}
			keys := strings.Join(c.keys, ", ")
			if keys != "" {
				keys = " " + keys
			}
			fmt.Fprintf(&b, "        %s %s%s%s\n", typ, name, keys, comment)
		}
		b.WriteString("    }\n")
	}
	for _, e := range edges {
		parent := "||"
		if e.optional {
			parent = "o|"
		}
		fmt.Fprintf(&b, "    %s }o--%s %s : \"%s\"\n", e.from, parent, e.to, mermaidText(e.label))
	}
	if m.Options.Warn != nil && (b.Len() > mermaidMaxText || len(edges) > mermaidMaxEdges) {
		m.Options.Warn(fmt.Sprintf("the diagram has %d characters and %d relationships; GitHub renders Mermaid only up to %d and %d: narrow it with --tables or --exclude",
			b.Len(), len(edges), mermaidMaxText, mermaidMaxEdges))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// MermaidDiagram is the Mermaid exporter with its options.
type MermaidDiagram struct{ Options Options }

// DotDiagram is the Graphviz exporter with its options.
type DotDiagram struct{ Options Options }

// Mermaid writes db as a Mermaid erDiagram with the default options.
func Mermaid(w io.Writer, db *schema.Database) error { return MermaidDiagram{}.Export(w, db) }

// Dot writes db as a Graphviz digraph with the default options.
func Dot(w io.Writer, db *schema.Database) error { return DotDiagram{}.Export(w, db) }

// dotHTML escapes text for a Graphviz HTML-like label, where no backslash escapes apply.
func dotHTML(s string) string { return html.EscapeString(oneLine(s)) }

// Export writes a Graphviz digraph: one HTML-table node per table, key columns (or all) as
// rows, one edge per foreign key from the child to the parent.
func (d DotDiagram) Export(w io.Writer, db *schema.Database) error {
	tables, edges := diagram(db, d.Options)
	var b strings.Builder
	b.WriteString("digraph schema {\n  graph [rankdir=LR];\n  node [shape=plaintext, fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];\n")
	for _, t := range tables {
		fmt.Fprintf(&b, "  %s [label=<<table border=\"0\" cellborder=\"1\" cellspacing=\"0\"><tr><td bgcolor=\"lightgrey\"><b>%s</b></td></tr>", t.id, dotHTML(t.label))
		for _, c := range t.columns {
			fmt.Fprintf(&b, "<tr><td align=\"left\">%s %s <i>%s</i></td></tr>", dotHTML(c.name), dotHTML(c.typ), strings.Join(c.keys, ","))
		}
		b.WriteString("</table>>];\n")
	}
	for _, e := range edges {
		style := ""
		if e.optional {
			style = ", style=dashed"
		}
		fmt.Fprintf(&b, "  %s -> %s [label=<%s>%s];\n", e.from, e.to, dotHTML(e.label), style)
	}
	b.WriteString("}\n")
	_, err := io.WriteString(w, b.String())
	return err
}

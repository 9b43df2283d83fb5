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
func diagram(db *schema.Database) ([]diagramTable, []diagramEdge) {
	var tables []diagramTable
	ids := map[string]string{}
	multiSchema := len(db.Schemas) > 1
	for _, sc := range db.Schemas {
		for _, t := range sc.Tables {
			id := fmt.Sprintf("t%d", len(tables)+1)
			ids[sc.Name+"\x00"+t.Name] = id
			label := t.Name
			if multiSchema {
				label = sc.Name + "." + t.Name
			}
			tables = append(tables, diagramTable{id: id, label: label, columns: keyColumns(t)})
		}
	}
	var edges []diagramEdge
	for _, sc := range db.Schemas {
		for _, t := range sc.Tables {
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
				edges = append(edges, diagramEdge{from: ids[sc.Name+"\x00"+t.Name], to: to, label: label, optional: optional})
			}
		}
	}
	return tables, edges
}

func keyColumns(t schema.Table) []diagramColumn {
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
		if len(keys) > 0 {
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

// Mermaid writes an erDiagram (renders on GitHub): tables with their key columns, and one
// relationship per foreign key.
func Mermaid(w io.Writer, db *schema.Database) error {
	tables, edges := diagram(db)
	var b strings.Builder
	b.WriteString("erDiagram\n")
	for _, t := range tables {
		fmt.Fprintf(&b, "    %s[\"%s\"] {\n", t.id, mermaidText(t.label))
		for _, c := range t.columns {
			name := mermaidWordOf(c.name)
			comment := ""
			if name != c.name {
				comment = fmt.Sprintf(" \"%s\"", mermaidText(c.name))
			}
			fmt.Fprintf(&b, "        %s %s %s%s\n", mermaidWordOf(c.typ), name, strings.Join(c.keys, ", "), comment)
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
	_, err := io.WriteString(w, b.String())
	return err
}

// dotHTML escapes text for a Graphviz HTML-like label, where no backslash escapes apply.
func dotHTML(s string) string { return html.EscapeString(oneLine(s)) }

// Dot writes a Graphviz digraph: one HTML-table node per table, key columns as rows, one
// edge per foreign key from the child to the parent.
func Dot(w io.Writer, db *schema.Database) error {
	tables, edges := diagram(db)
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

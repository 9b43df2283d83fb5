package output

import (
	"fmt"
	"io"
	"strings"

	"github.com/fatih/color"

	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/schema"
)

// DiffSide names one side of a comparison for output. Target is what people may see
// (drivers.Target.String): an environment name, a path, or a URL without its password.
type DiffSide struct {
	Target  string         `json:"target"`
	Dialect schema.Dialect `json:"dialect"`
}

// DiffReport is what the diff renderers draw: the two sides and the comparison's result.
type DiffReport struct {
	From, To DiffSide
	Result   *diff.Result
}

// DiffRenderer renders a comparison in one format.
type DiffRenderer interface {
	Diff(w io.Writer, rep DiffReport) error
}

// DiffFormats lists the formats DiffFor accepts.
var DiffFormats = []string{"text", "json", "markdown"}

// DiffFor returns the diff renderer for a format name.
func DiffFor(format string, st Style) (DiffRenderer, error) {
	switch format {
	case "text", "":
		return DiffText{Style: st}, nil
	case "json":
		return DiffJSON{}, nil
	case "markdown", "md":
		return DiffMarkdown{}, nil
	}
	return nil, fmt.Errorf("unknown format %q (want %s)", format, strings.Join(DiffFormats, ", "))
}

// DiffText renders a comparison for people: changes grouped by table, + added, - removed,
// ~ changed with old → new, destructive changes marked, one summary line at the end.
type DiffText struct {
	Style Style
	// Unqualified leaves the schema out of names: a fleet report shows one drift for many
	// tenants, each in its own schema.
	Unqualified bool
}

// Diff writes the comparison.
func (r DiffText) Diff(w io.Writer, rep DiffReport) error {
	var b strings.Builder
	for _, g := range groupChanges(rep.Result.Changes) {
		r.writeGroup(&b, g)
	}
	if len(rep.Result.NotComparable) > 0 {
		fmt.Fprintf(&b, "%s\n", r.paint(color.FgCyan, fmt.Sprintf("not comparable (%s → %s): %s",
			rep.From.Dialect, rep.To.Dialect, strings.Join(rep.Result.NotComparable, "; "))))
	}
	for _, n := range rep.Result.Notes {
		fmt.Fprintf(&b, "%s\n", r.paint(color.FgYellow, "note: "+Show(n)))
	}
	b.WriteString(r.paint(color.Bold, SummaryLine(rep.Result.Summary())) + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// changeGroup is the changes to one table or view, or to one schema's other objects.
type changeGroup struct {
	schema string
	kind   diff.Object // table, view, or "" for schema-level objects
	name   string
	// head is the change to the relation itself (add, drop, rename, modify), if any.
	head    *diff.Change
	changes []diff.Change
}

// groupChanges groups consecutive changes (Result.Changes is sorted by schema and relation).
func groupChanges(cs []diff.Change) []changeGroup {
	var out []changeGroup
	for i := range cs {
		c := &cs[i]
		kind, name := c.Relation()
		if n := len(out); n == 0 || out[n-1].schema != c.Schema || out[n-1].kind != kind || out[n-1].name != name {
			out = append(out, changeGroup{schema: c.Schema, kind: kind, name: name})
		}
		g := &out[len(out)-1]
		if kind != "" && c.Object == kind && g.head == nil {
			g.head = c
			continue
		}
		g.changes = append(g.changes, *c)
	}
	return out
}

func (r DiffText) writeGroup(b *strings.Builder, g changeGroup) {
	switch {
	case g.kind == "":
		fmt.Fprintf(b, "%s\n", r.paint(color.Bold, strings.TrimSpace("schema "+r.qualified(g.schema, ""))))
	case g.head == nil:
		fmt.Fprintf(b, "%s %s %s\n", r.symbol(diff.Modify), g.kind, r.qualified(g.schema, g.name))
	default:
		fmt.Fprintf(b, "%s %s %s%s%s\n", r.symbol(g.head.Action), g.kind, r.qualified(g.schema, g.name),
			headDetail(*g.head), r.destructive(*g.head))
		switch g.head.Action {
		case diff.Modify:
			for _, f := range g.head.Fields {
				fmt.Fprintf(b, "    %s %s\n", r.symbol(diff.Modify), fieldLine(f, ": "))
				r.writeUnified(b, g.head.Object, f, "        ")
			}
		case diff.Add:
			if t := addedTable(g.head); t != nil {
				for _, line := range tableContents(t) {
					fmt.Fprintf(b, "    %s %s\n", r.symbol(diff.Add), line)
				}
			}
		}
	}
	for _, c := range g.changes {
		fmt.Fprintf(b, "    %s %s%s\n", r.symbol(c.Action), ChangeLine(c), r.destructive(c))
		for _, f := range c.Fields {
			r.writeUnified(b, c.Object, f, "        ")
		}
	}
}

// writeUnified writes a long field's unified diff, coloured like git's on a terminal.
func (r DiffText) writeUnified(b *strings.Builder, obj diff.Object, f diff.FieldChange, indent string) {
	if !longField(f) {
		return
	}
	for _, l := range unifiedLines(obj, f) {
		switch {
		case strings.HasPrefix(l, "@@"):
			l = r.paint(color.FgCyan, l)
		case strings.HasPrefix(l, "-"):
			l = r.paint(color.FgRed, l)
		case strings.HasPrefix(l, "+"):
			l = r.paint(color.FgGreen, l)
		}
		fmt.Fprintf(b, "%s%s\n", indent, l)
	}
}

// headDetail says what happened to a relation in its heading line.
func headDetail(c diff.Change) string {
	if c.Action == diff.Rename {
		return " → " + Show(c.NewName)
	}
	return ""
}

// ChangeLine describes one change to an object inside a table or schema, without its symbol:
// "column email: type varchar(200) → varchar(100)", "index ix_a renamed to ix_b".
func ChangeLine(c diff.Change) string {
	label := strings.ReplaceAll(string(c.Object), "_", " ")
	name := Show(c.Name)
	if name == "" {
		name = schema.Unnamed
	}
	switch c.Action {
	case diff.Rename:
		return fmt.Sprintf("%s %s renamed to %s", label, name, Show(c.NewName))
	case diff.Modify:
		parts := make([]string, len(c.Fields))
		for i, f := range c.Fields {
			parts[i] = fieldLine(f, " ")
		}
		return fmt.Sprintf("%s %s: %s", label, name, strings.Join(parts, "; "))
	}
	from, to := c.Sides()
	if c.Action == diff.Add {
		return strings.TrimSpace(fmt.Sprintf("%s %s %s", label, name, describeObject(to)))
	}
	return strings.TrimSpace(fmt.Sprintf("%s %s %s", label, name, describeObject(from)))
}

// fieldLine is one changed field on one line: "type integer → smallint", or for a long text
// "definition changed", the unified diff following below.
func fieldLine(f diff.FieldChange, sep string) string {
	if longField(f) {
		return string(f.Field) + " changed"
	}
	return string(f.Field) + sep + fromTo(f)
}

// addedTable is the table an add of a table creates, or nil for any other change.
func addedTable(c *diff.Change) *schema.Table {
	if c.Object != diff.ObjTable || c.Action != diff.Add {
		return nil
	}
	_, t := c.Tables()
	return t
}

func fromTo(f diff.FieldChange) string {
	return show(f.From) + " → " + show(f.To)
}

// show prints an empty value as (none), and a value with control characters quoted.
func show(s string) string {
	if s == "" {
		return "(none)"
	}
	return Show(s)
}

// describeObject summarises an added or dropped object in one line.
func describeObject(o any) string {
	switch x := o.(type) {
	case *schema.Column:
		return columnDetail(x)
	case *schema.PrimaryKey:
		return "(" + showList(x.Columns) + ")"
	case *schema.ForeignKey:
		return fmt.Sprintf("(%s) → %s (%s)", showList(x.Columns), qualified(x.RefSchema, x.RefTable), showList(x.RefColumns))
	case *schema.Unique:
		return "(" + showList(x.Columns) + ")"
	case *schema.Check:
		return Show(x.Expression)
	case *schema.Index:
		return indexDetail(x)
	case *schema.Enum:
		return "(" + showList(x.Values) + ")"
	case *schema.Extension:
		return x.Version
	case *schema.Trigger:
		return strings.ToLower(string(x.Timing) + " " + schema.JoinEvents(x.Events, " or "))
	case *schema.Policy:
		return policyDetail(x)
	case *schema.Rule:
		s := "on " + strings.ToLower(x.Event)
		if x.Instead {
			s += " do instead"
		}
		if x.Disabled {
			s += ", disabled"
		}
		return s
	case *schema.Schema:
		if what := x.ContentsText(); what != "" {
			return "with " + what
		}
	}
	return ""
}

func nullWord(nullable bool) string {
	if nullable {
		return "NULL"
	}
	return "NOT NULL"
}

// SummaryLine is the one-line summary: "3 tables changed: 1 added, 2 modified; 1 other change;
// 2 destructive changes", or "no differences".
func SummaryLine(s diff.Summary) string {
	if s.Changes == 0 {
		return "no differences"
	}
	var parts []string
	if t := s.Tables; t.Changed > 0 {
		var what []string
		for _, p := range []struct {
			n    int
			word string
		}{{t.Added, "added"}, {t.Dropped, "dropped"}, {t.Renamed, "renamed"}, {t.Modified, "modified"}} {
			if p.n > 0 {
				what = append(what, fmt.Sprintf("%d %s", p.n, p.word))
			}
		}
		parts = append(parts, fmt.Sprintf("%s changed: %s", plural(t.Changed, "table"), strings.Join(what, ", ")))
	}
	if s.Other > 0 {
		parts = append(parts, plural(s.Other, "other change"))
	}
	if s.Destructive > 0 {
		parts = append(parts, plural(s.Destructive, "destructive change"))
	}
	return strings.Join(parts, "; ")
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	if strings.HasSuffix(word, "x") || strings.HasSuffix(word, "s") {
		return fmt.Sprintf("%d %ses", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func (r DiffText) symbol(a diff.Action) string {
	switch a {
	case diff.Add:
		return r.paint(color.FgGreen, "+")
	case diff.Drop:
		return r.paint(color.FgRed, "-")
	case diff.Rename:
		return r.paint(color.FgYellow, "~")
	}
	return r.paint(color.FgYellow, "~")
}

func (r DiffText) destructive(c diff.Change) string {
	if !c.Destructive {
		return ""
	}
	return "  " + r.paint(color.FgRed, "[destructive]")
}

// qualified names a relation (or, with name "", a schema) as the report shows it.
func (r DiffText) qualified(schemaName, name string) string {
	switch {
	case r.Unqualified:
		return Show(name)
	case name == "":
		return Show(schemaName)
	}
	return qualified(schemaName, name)
}

func (r DiffText) paint(attr color.Attribute, s string) string {
	return Text{Style: r.Style}.paint(attr, s)
}

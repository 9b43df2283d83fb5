package output

import (
	"fmt"
	"strings"
	"unicode/utf8"

	udiff "github.com/aymanbagabas/go-udiff"

	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/schema"
)

// What the diff renderers show beyond one line: changed definitions as unified diffs, and
// what an added table holds. Text and Markdown draw the same lines, so they never disagree.

// longField reports whether a changed field is best shown as a unified diff of its two
// texts rather than as "old → new" on one line: code, queries, anything long.
func longField(f diff.FieldChange) bool {
	const fits = 60
	if f.Field == diff.FieldUsing || f.Field == diff.FieldWithCheck {
		return f.From != "" && f.To != "" // a policy's expressions: a reviewer reads them line by line
	}
	return strings.ContainsAny(f.From+f.To, "\n") ||
		utf8.RuneCountInString(f.From) > fits || utf8.RuneCountInString(f.To) > fits
}

// bodyObjects hold code whose lines are the author's (function, trigger and event bodies): their
// texts are compared line by line as written. Everything else (views, checks, policies,
// exclusions, predicates) is a query or expression, laid out alike first by diff.LayoutSQL.
var bodyObjects = map[diff.Object]bool{diff.ObjFunction: true, diff.ObjTrigger: true, diff.ObjEvent: true}

// unifiedLines is the unified diff of a changed field, one string per line ("@@ … @@",
// " kept", "-removed", "+added"), with the file header left out: the change line above it
// already names the object.
func unifiedLines(obj diff.Object, f diff.FieldChange) []string {
	from, to := layoutFor(obj, f.From), layoutFor(obj, f.To)
	edits := udiff.Lines(from, to)
	text, err := udiff.ToUnified("FROM", "TO", from, edits, 3)
	if err != nil || text == "" {
		return nil
	}
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	for len(lines) > 0 && (strings.HasPrefix(lines[0], "--- ") || strings.HasPrefix(lines[0], "+++ ")) {
		lines = lines[1:]
	}
	out := lines[:0]
	for _, l := range lines {
		if !strings.HasPrefix(l, `\ No newline`) {
			out = append(out, l)
		}
	}
	return out
}

// layoutFor formats one side's text for the diff, the same way for both sides.
func layoutFor(obj diff.Object, s string) string {
	if bodyObjects[obj] && strings.Contains(strings.TrimSpace(s), "\n") {
		return bodyLines(s)
	}
	return diff.LayoutSQL(s) + "\n"
}

// bodyLines normalises code as written: line endings, trailing blanks, the indentation all
// lines share, blank lines at either end.
func bodyLines(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	for len(lines) > 0 && lines[0] == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	indent := -1
	for _, l := range lines[min(1, len(lines)):] { // the first line often starts at the statement's own column
		if l == "" {
			continue
		}
		n := len(l) - len(strings.TrimLeft(l, " \t"))
		if indent < 0 || n < indent {
			indent = n
		}
	}
	for i := 1; i < len(lines) && indent > 0; i++ {
		if len(lines[i]) >= indent {
			lines[i] = lines[i][indent:]
		}
	}
	for i, l := range lines {
		lines[i] = Show(l)
	}
	return strings.Join(lines, "\n") + "\n"
}

// parenthesized returns s inside one pair of parentheses: as it is when they already wrap it
// whole, "(" + s + ")" otherwise.
func parenthesized(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "(") {
		depth := 0
		for i, r := range s {
			switch r {
			case '(':
				depth++
			case ')':
				depth--
			}
			if depth == 0 {
				if i == len(s)-1 {
					return s
				}
				break
			}
		}
	}
	return "(" + s + ")"
}

// tableContents lists what an added (or dropped) table holds, one line each in the words of
// ChangeLine: its columns, then its keys, checks and indexes.
func tableContents(t *schema.Table) []string {
	var out []string
	for i := range t.Columns {
		out = append(out, "column "+Show(t.Columns[i].Name)+" "+describeObject(&t.Columns[i]))
	}
	if pk := t.PrimaryKey; pk != nil {
		out = append(out, strings.TrimSpace("primary key "+Show(deref(pk.Name)))+" "+describeObject(pk))
	}
	for i := range t.ForeignKeys {
		out = append(out, "foreign key "+Show(t.ForeignKeys[i].Name)+" "+describeObject(&t.ForeignKeys[i]))
	}
	for i := range t.Uniques {
		out = append(out, "unique "+Show(t.Uniques[i].Name)+" "+describeObject(&t.Uniques[i]))
	}
	for i := range t.Checks {
		out = append(out, "check "+Show(t.Checks[i].Name)+" "+describeObject(&t.Checks[i]))
	}
	for i := range t.Indexes {
		x := &t.Indexes[i]
		if x.Constraint != "" {
			continue // the constraint above already says it
		}
		out = append(out, "index "+Show(x.Name)+" "+describeObject(x))
	}
	if pg := t.Postgres; pg != nil {
		if pg.RowSecurity {
			out = append(out, map[bool]string{false: "row level security", true: "row level security, forced"}[pg.ForceRowSecurity])
		}
		for i := range pg.Policies {
			out = append(out, "policy "+Show(pg.Policies[i].Name)+" "+describeObject(&pg.Policies[i]))
		}
		for i := range pg.Rules {
			out = append(out, "rule "+Show(pg.Rules[i].Name)+" "+describeObject(&pg.Rules[i]))
		}
	}
	return out
}

// policyDetail says what a policy lets through: "restrictive for UPDATE to app using (…) with
// check (…)".
func policyDetail(p *schema.Policy) string {
	var b strings.Builder
	if p.Restrictive {
		b.WriteString("restrictive ")
	}
	b.WriteString("for " + string(p.Command) + " to " + showList(p.Roles))
	if p.Using != "" {
		b.WriteString(" using " + parenthesized(p.Using))
	}
	if p.WithCheck != "" {
		b.WriteString(" with check " + parenthesized(p.WithCheck))
	}
	return b.String()
}

// tableSummary is the one-line count of what a table holds: "4 columns, primary key,
// 1 foreign key, 2 indexes".
func tableSummary(t *schema.Table) string {
	parts := []string{plural(len(t.Columns), "column")}
	if t.PrimaryKey != nil {
		parts = append(parts, "primary key")
	}
	for _, n := range []struct {
		count int
		word  string
	}{{len(t.ForeignKeys), "foreign key"}, {len(t.Uniques), "unique constraint"}, {len(t.Checks), "check"}, {ownIndexes(t), "index"}} {
		if n.count > 0 {
			parts = append(parts, plural(n.count, n.word))
		}
	}
	return strings.Join(parts, ", ")
}

func ownIndexes(t *schema.Table) int {
	n := 0
	for _, x := range t.Indexes {
		if x.Constraint == "" {
			n++
		}
	}
	return n
}

// columnDetail says what matters about a column beyond its type: NOT NULL, identity,
// generation, collation, default, auto-increment.
func columnDetail(c *schema.Column) string {
	parts := []string{Show(c.Type), nullWord(c.Nullable)}
	if c.Collation != "" {
		parts = append(parts, "COLLATE "+Show(c.Collation))
	}
	if c.Identity != nil {
		parts = append(parts, "GENERATED "+strings.ToUpper(c.Identity.Generation)+" AS IDENTITY")
	}
	if g := c.Generated; g != nil {
		parts = append(parts, fmt.Sprintf("GENERATED ALWAYS AS %s %s", Show(parenthesized(g.Expression)), strings.ToUpper(string(g.Kind))))
	}
	if c.Default != nil {
		parts = append(parts, "DEFAULT "+Show(*c.Default))
	}
	if c.AutoIncrement {
		parts = append(parts, "AUTO_INCREMENT")
	}
	if c.MySQL != nil && c.MySQL.OnUpdate != "" {
		parts = append(parts, "ON UPDATE "+Show(c.MySQL.OnUpdate))
	}
	if c.MySQL != nil && c.MySQL.RowPeriod != "" {
		parts = append(parts, "GENERATED ALWAYS AS ROW "+c.MySQL.RowPeriod)
	}
	if c.MySQL != nil && c.MySQL.WithoutVersioning {
		parts = append(parts, "WITHOUT SYSTEM VERSIONING")
	}
	if c.Invisible {
		parts = append(parts, "INVISIBLE")
	}
	return strings.Join(parts, " ")
}

// indexDetail says what matters about an index: unique, method, parts (with DESC, NULLS,
// opclass, collation), INCLUDE and WHERE.
func indexDetail(x *schema.Index) string {
	s := "(" + indexParts(x.Parts) + ")"
	if m := strings.ToLower(x.Method); m != "" && m != "btree" {
		s = "USING " + Show(x.Method) + " " + s
	}
	if x.Unique {
		s = "unique " + s
	}
	if len(x.Include) > 0 {
		s += " INCLUDE (" + showList(x.Include) + ")"
	}
	if x.NullsNotDistinct {
		s += " NULLS NOT DISTINCT"
	}
	if x.Where != "" {
		s += " WHERE " + Show(x.Where)
	}
	return s
}

package output

import (
	"fmt"
	"io"
	"strings"

	"github.com/dbinspect/dbinspect/diff"
)

// DiffMarkdown renders a comparison for pull request comments: a heading, the summary in
// bold, and one pipe table of changes grouped by table.
type DiffMarkdown struct{}

// Diff writes the comparison.
func (DiffMarkdown) Diff(w io.Writer, rep DiffReport) error {
	var b strings.Builder
	fmt.Fprintf(&b, "## Schema diff: `%s` → `%s`\n\n", mdCode(rep.From.Target), mdCode(rep.To.Target))
	fmt.Fprintf(&b, "**%s**\n\n", mdText(SummaryLine(rep.Result.Summary())))
	if len(rep.Result.Changes) > 0 {
		s := section{Header: []string{"", "object", "name", "change", "destructive"}}
		for _, g := range groupChanges(rep.Result.Changes) {
			s.Rows = append(s.Rows, markdownRows(g)...)
		}
		var grid strings.Builder
		if err := mdGrid(&grid, s); err != nil {
			return err
		}
		b.WriteString(grid.String())
	}
	if len(rep.Result.NotComparable) > 0 {
		fmt.Fprintf(&b, "> Not comparable (%s → %s): %s\n\n", rep.From.Dialect, rep.To.Dialect,
			mdText(strings.Join(rep.Result.NotComparable, "; ")))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

var mdSymbols = map[diff.Action]string{diff.Add: "+", diff.Drop: "−", diff.Modify: "~", diff.Rename: "~"}

func markdownRows(g changeGroup) [][]string {
	var rows [][]string
	if g.head != nil {
		detail := ""
		switch g.head.Action {
		case diff.Rename:
			detail = "renamed to " + g.head.NewName
		case diff.Modify:
			var parts []string
			for _, f := range g.head.Fields {
				parts = append(parts, f.Field+": "+fromTo(f))
			}
			detail = strings.Join(parts, "; ")
		default:
			detail = string(g.head.Action)
		}
		rows = append(rows, []string{mdSymbols[g.head.Action], string(g.kind), "`" + mdCode(g.schema+"."+g.name) + "`", detail, warn(*g.head)})
	}
	for _, c := range g.changes {
		where := g.schema
		if g.name != "" {
			where += "." + g.name
		}
		name := c.Name
		if name == "" {
			name = "(unnamed)"
		}
		line := ChangeLine(c)
		// ChangeLine starts with "object name"; the table has columns for those.
		detail := strings.TrimPrefix(strings.TrimPrefix(line, strings.ReplaceAll(string(c.Object), "_", " ")+" "), Show(name))
		detail = strings.TrimPrefix(strings.TrimPrefix(detail, ":"), " ")
		if detail == "" {
			detail = string(c.Action)
		}
		rows = append(rows, []string{mdSymbols[c.Action], strings.ReplaceAll(string(c.Object), "_", " "), "`" + mdCode(where+"."+name) + "`", detail, warn(c)})
	}
	return rows
}

func warn(c diff.Change) string {
	if c.Destructive {
		return "⚠️ yes"
	}
	return ""
}

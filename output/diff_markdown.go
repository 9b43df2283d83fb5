package output

import (
	"fmt"
	"html"
	"io"
	"strings"

	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/schema"
)

// DiffMarkdown renders a comparison for pull request comments: a heading, the summary in
// bold, one pipe table of changes grouped by table, then the details a reviewer opens: the
// unified diff of each changed definition (a ```diff block) and what each added table holds
// (collapsed).
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
		writeMarkdownDetails(&b, rep.Result.Changes)
	}
	if len(rep.Result.NotComparable) > 0 {
		fmt.Fprintf(&b, "> Not comparable (%s → %s): %s\n\n", rep.From.Dialect, rep.To.Dialect,
			mdText(strings.Join(rep.Result.NotComparable, "; ")))
	}
	for _, n := range rep.Result.Notes {
		fmt.Fprintf(&b, "> **Note:** %s\n\n", mdText(n))
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
				parts = append(parts, fieldLine(f, ": "))
			}
			detail = strings.Join(parts, "; ")
		case diff.Add:
			detail = "add"
			if t := addedTable(g.head); t != nil {
				detail = "add: " + tableSummary(t)
			}
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
			name = schema.Unnamed
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

// writeMarkdownDetails writes, after the table, a ```diff block for every long changed field
// and a collapsed list of what each added table holds.
func writeMarkdownDetails(b *strings.Builder, changes []diff.Change) {
	for _, c := range changes {
		where := c.Schema + "."
		if c.Table != "" {
			where += c.Table + "."
		}
		for _, f := range c.Fields {
			if !longField(f) {
				continue
			}
			lines := unifiedLines(c.Object, f)
			if len(lines) == 0 {
				continue
			}
			fmt.Fprintf(b, "<details open><summary>~ %s <code>%s</code>: %s</summary>\n\n", html.EscapeString(objectLabel(c.Object)),
				html.EscapeString(Show(where+c.Name)), html.EscapeString(string(f.Field)))
			writeFenced(b, "diff", lines)
			b.WriteString("</details>\n\n")
		}
		if t := addedTable(&c); t != nil {
			fmt.Fprintf(b, "<details><summary>+ table <code>%s</code>: %s</summary>\n\n", html.EscapeString(Show(where+c.Name)), html.EscapeString(tableSummary(t)))
			lines := tableContents(t)
			for i, l := range lines {
				lines[i] = "+ " + l
			}
			writeFenced(b, "diff", lines)
			b.WriteString("</details>\n\n")
		}
	}
}

// writeFenced writes lines in a fenced code block whose fence is longer than any run of
// backticks inside, so no text can close it early.
func writeFenced(b *strings.Builder, lang string, lines []string) {
	body := strings.Join(lines, "\n")
	fence := "```"
	for strings.Contains(body, fence) {
		fence += "`"
	}
	fmt.Fprintf(b, "%s%s\n%s\n%s\n\n", fence, lang, body, fence)
}

func objectLabel(o diff.Object) string { return strings.ReplaceAll(string(o), "_", " ") }

func warn(c diff.Change) string {
	if c.Destructive {
		return "⚠️ yes"
	}
	return ""
}

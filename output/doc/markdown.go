package doc

import (
	"fmt"
	"strings"
)

// mdFile is the Markdown file of a page: an index page is the folder's README.md, which
// GitHub shows when the folder is opened.
func mdFile(p string) string {
	if p == "index" {
		return "README.md"
	}
	if strings.HasSuffix(p, "/index") {
		return strings.TrimSuffix(p, "index") + "README.md"
	}
	return p + ".md"
}

// writeMarkdown renders every page as GitHub-flavoured Markdown: pipe tables, fenced SQL,
// Mermaid erDiagram blocks.
func writeMarkdown(site *Site, pages []*page) error {
	for _, p := range pages {
		file := mdFile(p.Path)
		rel := func(target string) string {
			f, frag, _ := strings.Cut(target, "#")
			if f != "" {
				f = mdFile(f)
			}
			if frag != "" {
				f += "#" + frag
			}
			return relLink(file, f)
		}
		var b strings.Builder
		if len(p.Crumbs) > 0 {
			for i, c := range p.Crumbs {
				if i > 0 {
					b.WriteString(" / ")
				}
				fmt.Fprintf(&b, "[%s](%s)", mdText(c.Text), rel(c.Href))
			}
			b.WriteString("\n\n")
		}
		fmt.Fprintf(&b, "# %s %s\n\n", mdText(p.Kind), mdText(p.Title))
		if p.Comment != "" {
			fmt.Fprintf(&b, "%s\n\n", mdText(p.Comment))
		}
		for _, f := range p.Facts {
			fmt.Fprintf(&b, "- **%s:** %s\n", mdText(f.Label), mdCell(f.Value, rel))
		}
		if len(p.Facts) > 0 {
			b.WriteString("\n")
		}
		for _, bl := range p.Blocks {
			if bl.Title != "" {
				fmt.Fprintf(&b, "## %s\n\n", mdText(bl.Title))
			}
			if bl.Note != "" {
				fmt.Fprintf(&b, "%s\n\n", mdText(bl.Note))
			}
			if bl.Diagram != nil && bl.Diagram.Mermaid != "" {
				fence := mdFence(bl.Diagram.Mermaid)
				fmt.Fprintf(&b, "%smermaid\n%s%s\n\n", fence, bl.Diagram.Mermaid, fence)
			}
			if bl.SQL != "" {
				fence := mdFence(bl.SQL)
				fmt.Fprintf(&b, "%ssql\n%s\n%s\n\n", fence, strings.TrimRight(bl.SQL, "\n"), fence)
			}
			if bl.Grid != nil {
				mdGrid(&b, bl.Grid, rel)
			}
		}
		site.Files[file] = []byte(strings.TrimRight(b.String(), "\n") + "\n")
	}
	return nil
}

func mdGrid(b *strings.Builder, g *grid, rel func(string) string) {
	b.WriteString("|")
	for _, h := range g.Header {
		fmt.Fprintf(b, " %s |", mdText(h))
	}
	b.WriteString("\n|")
	for range g.Header {
		b.WriteString(" --- |")
	}
	b.WriteString("\n")
	for _, r := range g.Rows {
		b.WriteString("|")
		for i, c := range r.Cells {
			cellText := mdCell(c, rel)
			if i == 0 && r.ID != "" {
				// An anchor GitHub keeps (it strips ids from most tags but not from <a name>).
				cellText = fmt.Sprintf(`<a id="%s"></a>`, r.ID) + cellText
			}
			fmt.Fprintf(b, " %s |", cellText)
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
}

func mdCell(c cell, rel func(string) string) string {
	t := mdText(c.Text)
	if c.Code && c.Text != "" {
		t = mdCode(c.Text)
	}
	if c.Href != "" && c.Text != "" {
		return fmt.Sprintf("[%s](%s)", t, rel(c.Href))
	}
	return t
}

// mdText escapes text for a Markdown paragraph or table cell: every ASCII punctuation that
// could start markup is backslash-escaped, & and newlines are neutralised.
func mdText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '\n' || r == '\r':
			b.WriteByte(' ')
		case strings.ContainsRune("\\`*_{}[]()<>#+-!|~=", r):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// mdCode writes an inline code span that holds any text: a backtick fence longer than any
// run inside, pipes escaped for tables, newlines as spaces.
func mdCode(s string) string {
	s = strings.NewReplacer("\n", " ", "\r", " ", "|", `\|`).Replace(s)
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") || fence != "`" {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}

// mdFence is a code fence longer than any backtick run in s.
func mdFence(s string) string {
	fence := "```"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	return fence
}

package fleet

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/fatih/color"

	"github.com/dbinspect/dbinspect/output"
)

// Formats lists the report formats Write accepts (the command line adds sql).
var Formats = []string{"text", "markdown", "json"}

// maxNames is how many tenant names a text or Markdown group lists before "… and N more"
// (the JSON lists them all).
const maxNames = 50

// Write renders the report in a format: text (coloured when st.Color), markdown, json.
func (r *Report) Write(w io.Writer, format string, st output.Style) error {
	switch format {
	case "text", "":
		return r.writeText(w, st)
	case "markdown", "md":
		return r.writeMarkdown(w)
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	return fmt.Errorf("unknown format %q (want %s)", format, strings.Join(Formats, ", "))
}

// Headline is the report in one line: "50 tenants: 46 match, 3 drift (2 drifts), 1 error".
func (r *Report) Headline() string {
	s := r.Summary
	parts := []string{fmt.Sprintf("%d match", s.Match)}
	if s.Drift > 0 {
		d := fmt.Sprintf("%d drift", s.Drift)
		if s.Drifts > 1 {
			d += fmt.Sprintf(" in %d ways", s.Drifts)
		}
		if s.Destructive > 0 {
			d += fmt.Sprintf(" (%d destructively)", s.Destructive)
		}
		parts = append(parts, d)
	}
	if s.Errors > 0 {
		parts = append(parts, plural(s.Errors, "could not be read", "could not be read"))
	}
	return fmt.Sprintf("%s: %s", plural(s.Tenants, "tenant", "tenants"), strings.Join(parts, ", "))
}

func (r *Report) scope() string {
	s := "against " + describe(r.Baseline)
	if r.Shard != nil {
		s += ", shard " + r.Shard.String()
	}
	if len(r.MissingShards) > 0 {
		s += ", without shards " + strings.Join(r.MissingShards, ", ")
	}
	return s
}

func (r *Report) writeText(w io.Writer, st output.Style) error {
	p := painter(st)
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s\n", p(color.Bold, "Fleet "+r.scope()+":"), r.Headline())
	for _, g := range r.Groups {
		b.WriteString("\n")
		switch g.Status {
		case Match:
			fmt.Fprintf(&b, "%s\n", p(color.FgGreen, plural(len(g.Tenants), "tenant matches", "tenants match")+" the baseline"))
		case Drift:
			head := fmt.Sprintf("%s (%s): %s", plural(len(g.Tenants), "tenant", "tenants"), names(g.Tenants, "", ""), output.SummaryLine(*g.Summary))
			fmt.Fprintf(&b, "%s\n", p(color.FgYellow, head))
			for _, l := range g.Lines {
				fmt.Fprintf(&b, "    %s\n", paintLine(p, l))
			}
		}
	}
	if failed := r.failed(); len(failed) > 0 {
		fmt.Fprintf(&b, "\n%s\n", p(color.FgRed, plural(len(failed), "tenant", "tenants")+" could not be read:"))
		for _, t := range failed {
			fmt.Fprintf(&b, "    %s: %s\n", output.Show(t.Name), output.Show(t.Error))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func (r *Report) failed() []Tenant {
	var out []Tenant
	for _, t := range r.Tenants {
		if t.Status == Failed {
			out = append(out, t)
		}
	}
	return out
}

func (r *Report) writeMarkdown(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "## Fleet drift %s\n\n**%s**\n\n", mdText(r.scope()), mdText(r.Headline()))
	if len(r.Groups) > 0 {
		b.WriteString("| tenants | | what differs |\n|---|---|---|\n")
		n := 0
		for _, g := range r.Groups {
			switch g.Status {
			case Match:
				fmt.Fprintf(&b, "| %d | ✅ | match the baseline |\n", len(g.Tenants))
			case Drift:
				mark := "⚠️"
				if g.Destructive {
					mark = "⚠️ destructive"
				}
				n++
				fmt.Fprintf(&b, "| %d: %s | %s | [drift %d](#drift-%d): %s |\n", len(g.Tenants), names(g.Tenants, "`", "`"), mark, n, n, mdText(output.SummaryLine(*g.Summary)))
			}
		}
		b.WriteString("\n")
	}
	n := 0
	for _, g := range r.Groups {
		if g.Status != Drift {
			continue
		}
		n++
		fmt.Fprintf(&b, "### Drift %d\n\n%s: %s\n\n```diff\n", n, plural(len(g.Tenants), "tenant", "tenants"), names(g.Tenants, "`", "`"))
		for _, l := range g.Lines {
			b.WriteString(strings.ReplaceAll(l, "```", "` ` `") + "\n")
		}
		b.WriteString("```\n\n")
	}
	if failed := r.failed(); len(failed) > 0 {
		b.WriteString("### Could not be read\n\n| tenant | error |\n|---|---|\n")
		for _, t := range failed {
			fmt.Fprintf(&b, "| `%s` | %s |\n", mdCode(t.Name), mdText(t.Error))
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// names lists tenant names, each between open and close, the first maxNames of them.
func names(list []string, open, close string) string {
	shown := list
	if len(shown) > maxNames {
		shown = shown[:maxNames]
	}
	out := make([]string, len(shown))
	for i, n := range shown {
		if open == "`" {
			n = mdCode(n)
		} else {
			n = output.Show(n)
		}
		out[i] = open + n + close
	}
	s := strings.Join(out, ", ")
	if more := len(list) - len(shown); more > 0 {
		s += fmt.Sprintf(", … and %d more", more)
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

type paintFunc func(color.Attribute, string) string

func painter(st output.Style) paintFunc {
	return func(attr color.Attribute, s string) string {
		c := color.New(attr)
		if st.Color {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
		return c.Sprint(s)
	}
}

// paintLine colours one line of a drift by its leading symbol, as the diff text report does.
func paintLine(p paintFunc, l string) string {
	body := strings.TrimLeft(l, " ")
	indent := l[:len(l)-len(body)]
	attr := color.Reset
	switch {
	case strings.HasPrefix(body, "@@"):
		attr = color.FgCyan
	case strings.HasPrefix(body, "+"):
		attr = color.FgGreen
	case strings.HasPrefix(body, "-"):
		attr = color.FgRed
	case strings.HasPrefix(body, "~"):
		attr = color.FgYellow
	default:
		return l
	}
	if head, rest, ok := strings.Cut(body, " "); ok && len(head) == 1 {
		return indent + p(attr, head) + " " + strings.Replace(rest, "[destructive]", p(color.FgRed, "[destructive]"), 1)
	}
	return indent + p(attr, body)
}

// mdText makes text safe in a Markdown table cell.
func mdText(s string) string {
	r := strings.NewReplacer("|", `\|`, "\n", " ", "\r", " ", "<", "&lt;", ">", "&gt;", "*", `\*`, "_", `\_`, "`", "\\`")
	return r.Replace(s)
}

// mdCode makes text safe inside a Markdown code span in a table.
func mdCode(s string) string {
	return strings.NewReplacer("`", "'", "|", `\|`, "\n", " ", "\r", " ").Replace(s)
}

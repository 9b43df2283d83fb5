package lint

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/fatih/color"
)

// Formats lists the formats Render writes.
var Formats = []string{"text", "json", "sarif", "github", "markdown"}

// RenderOptions say how to render a report.
type RenderOptions struct {
	// Color turns on ANSI colours in text (only ever on a terminal).
	Color bool
	// FailOn is the severity the run fails at, for the summary line.
	FailOn Severity
	// Version is dbinspect's version, for SARIF's tool description.
	Version string
	// File is the file findings are located in (a snapshot or DDL file), as the user named
	// it; "" when the target is a live database. SARIF and GitHub annotations point at it.
	File string
	// Locate returns the line of File that defines a finding's object (0 when unknown).
	Locate Locator
}

// Locator finds the line that defines a finding's object in a file.
type Locator func(Finding) int

// Render writes the report in a format of Formats.
func Render(w io.Writer, format string, r *Report, o RenderOptions) error {
	if o.FailOn == "" {
		o.FailOn = Error
	}
	if o.Locate == nil {
		o.Locate = func(Finding) int { return 0 }
	}
	switch format {
	case "text", "":
		return renderText(w, r, o)
	case "json":
		return renderJSON(w, r)
	case "sarif":
		return renderSARIF(w, r, o)
	case "github":
		return renderGitHub(w, r, o)
	case "markdown", "md":
		return renderMarkdown(w, r, o)
	}
	return fmt.Errorf("unknown format %q (want %s)", format, strings.Join(Formats, ", "))
}

// CheckFormat reports an unknown format before any work is done.
func CheckFormat(format string) error {
	switch format {
	case "", "text", "json", "sarif", "github", "markdown", "md":
		return nil
	}
	return fmt.Errorf("unknown format %q (want %s)", format, strings.Join(Formats, ", "))
}

func renderJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// groups splits the findings not accepted into runs that share a schema and table, in
// report order.
func groups(r *Report) [][]Finding {
	var out [][]Finding
	for _, f := range r.Findings {
		if f.Accepted != "" {
			continue
		}
		if n := len(out); n > 0 && out[n-1][0].Schema == f.Schema && out[n-1][0].Table == f.Table {
			out[n-1] = append(out[n-1], f)
			continue
		}
		out = append(out, []Finding{f})
	}
	return out
}

// heading names a group of findings: the table or view, or the schema for schema-level
// objects.
func heading(f Finding) string {
	if f.Table == "" {
		return "schema " + q(f.Schema)
	}
	return qualified(f.Schema, f.Table)
}

// firedRules lists, in report order, the rules that have findings not accepted, with their
// counts.
func firedRules(r *Report) ([]Info, map[string]int) {
	counts := map[string]int{}
	for _, f := range r.Findings {
		if f.Accepted == "" {
			counts[f.Rule]++
		}
	}
	var out []Info
	for _, info := range r.Rules {
		if counts[info.ID] > 0 {
			out = append(out, info)
		}
	}
	return out, counts
}

// summary is the closing line: counts by severity, what was accepted, whether the run fails.
func summary(r *Report, failOn Severity) string {
	parts := []string{
		plural(r.Count(Error), "error"), plural(r.Count(Warning), "warning"), plural(r.Count(Notice), "notice"),
	}
	s := strings.Join(parts, ", ") + fmt.Sprintf(" in %s", plural(r.Relations, "table and view", "tables and views"))
	if n := r.Accepted(); n > 0 {
		s += fmt.Sprintf(" (%d accepted in the config)", n)
	}
	if r.Fails(failOn) {
		s += fmt.Sprintf("; fails at --fail-on %s", failOn)
	}
	return s
}

func plural(n int, one string, many ...string) string {
	if n == 1 {
		return "1 " + one
	}
	if len(many) > 0 {
		return fmt.Sprintf("%d %s", n, many[0])
	}
	return fmt.Sprintf("%d %ss", n, one)
}

// renderText writes findings grouped by table, the rules that fired with why and how to fix,
// and a summary line.
func renderText(w io.Writer, r *Report, o RenderOptions) error {
	paint := func(attrs []color.Attribute, s string) string {
		c := color.New(attrs...)
		if o.Color {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
		return c.Sprint(s)
	}
	sevColor := map[Severity][]color.Attribute{
		Error: {color.FgRed, color.Bold}, Warning: {color.FgYellow}, Notice: {color.FgCyan},
	}
	width := 0
	for _, f := range r.Findings {
		width = max(width, len(f.Rule))
	}
	var b strings.Builder
	for _, g := range groups(r) {
		fmt.Fprintln(&b, paint([]color.Attribute{color.Bold}, heading(g[0])))
		for _, f := range g {
			sev := paint(sevColor[f.Severity], fmt.Sprintf("%-7s", f.Severity))
			fmt.Fprintf(&b, "  %s  %-*s  %s\n", sev, width, f.Rule, f.Message)
			if f.Fix != "" {
				fmt.Fprintf(&b, "  %-7s  %-*s  %s\n", "", width, "", paint([]color.Attribute{color.Faint}, "fix: "+f.Fix))
			}
		}
		b.WriteString("\n")
	}
	if fired, counts := firedRules(r); len(fired) > 0 {
		fmt.Fprintln(&b, paint([]color.Attribute{color.Bold}, "Rules that found something"))
		for _, info := range fired {
			fmt.Fprintf(&b, "  %s (%s, %d): %s.\n    Fix: %s.\n", info.ID, info.Severity, counts[info.ID], info.Why, info.Fix)
		}
		b.WriteString("\n")
	}
	fmt.Fprintln(&b, summary(r, o.FailOn))
	_, err := io.WriteString(w, b.String())
	return err
}

// renderMarkdown writes a report for a pull request comment or a job summary.
func renderMarkdown(w io.Writer, r *Report, o RenderOptions) error {
	var b strings.Builder
	fmt.Fprintf(&b, "## dbinspect lint\n\n%s\n", mdEscape(summary(r, o.FailOn)))
	for _, g := range groups(r) {
		fmt.Fprintf(&b, "\n### %s\n\n| severity | rule | message | fix |\n|---|---|---|---|\n", mdEscape(heading(g[0])))
		for _, f := range g {
			fix := ""
			if f.Fix != "" {
				fix = mdCode(f.Fix)
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", f.Severity, mdCode(f.Rule), mdEscape(f.Message), fix)
		}
	}
	if fired, counts := firedRules(r); len(fired) > 0 {
		b.WriteString("\n### Rules that found something\n\n| rule | findings | why | fix |\n|---|---|---|---|\n")
		for _, info := range fired {
			fmt.Fprintf(&b, "| %s (%s) | %d | %s | %s |\n", mdCode(info.ID), info.Severity, counts[info.ID], mdEscape(info.Why), mdEscape(info.Fix))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// mdEscape makes text safe in a Markdown table cell: no line breaks, no cell separators, no
// markup or HTML from names.
func mdEscape(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	r := strings.NewReplacer(`\`, `\\`, "|", `\|`, "<", "&lt;", ">", "&gt;", "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`)
	return r.Replace(s)
}

// mdCode writes s as inline code in a table cell: the fence is longer than any run of
// backticks inside, and pipes are escaped (GitHub splits cells on them even in code).
func mdCode(s string) string {
	s = strings.ReplaceAll(strings.Join(strings.Fields(s), " "), "|", `\|`)
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	pad := ""
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		pad = " "
	}
	return fence + pad + s + pad + fence
}

// renderGitHub writes one GitHub Actions workflow command per finding not accepted, so each
// shows as an annotation on the run (and on the file, when the target is one).
func renderGitHub(w io.Writer, r *Report, o RenderOptions) error {
	level := map[Severity]string{Error: "error", Warning: "warning", Notice: "notice"}
	var b strings.Builder
	for _, g := range groups(r) {
		for _, f := range g {
			var props []string
			if o.File != "" {
				props = append(props, "file="+ghProperty(o.File))
				if line := o.Locate(f); line > 0 {
					props = append(props, fmt.Sprintf("line=%d", line))
				}
			}
			props = append(props, "title="+ghProperty("dbinspect lint: "+f.Rule))
			msg := f.Object + ": " + f.Message
			if f.Fix != "" {
				msg += "\nfix: " + f.Fix
			}
			fmt.Fprintf(&b, "::%s %s::%s\n", level[f.Severity], strings.Join(props, ","), ghData(msg))
		}
	}
	fmt.Fprintln(&b, summary(r, o.FailOn))
	_, err := io.WriteString(w, b.String())
	return err
}

// ghData escapes a workflow command's message: %, CR and LF.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProperty escapes a workflow command's property value: also : and ,.
func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

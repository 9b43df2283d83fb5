package migrate

import (
	"fmt"
	"io"
	"strings"

	"github.com/dbinspect/dbinspect/ddl"
	"github.com/dbinspect/dbinspect/schema"
)

// SplitMarker is the line that follows every statement of a script written with
// WriteOptions.Split: a program that applies the plan through a driver splits the script at
// these lines and sends each piece on its own (SplitScript does exactly that).
const SplitMarker = "-- dbinspect:split"

// WriteOptions control how a plan is written.
type WriteOptions struct {
	// Header lines, written as comments at the top (e.g. which databases the plan is for).
	Header []string
	// Split writes for drivers: no client commands (DELIMITER), and SplitMarker after each
	// statement.
	Split bool
}

// Write writes the plan as a script: for the dialect's own client (psql -v ON_ERROR_STOP=1,
// the mariadb client, sqlite3 -bail), or with Split for a driver. An empty plan writes nothing.
func (p *Plan) Write(w io.Writer, o WriteOptions) error {
	if p.Empty() {
		return nil
	}
	var b strings.Builder
	for _, h := range o.Header {
		b.WriteString("-- " + ddl.Comment(h) + "\n")
	}
	b.WriteString("-- " + applyHint(p.Dialect, o.Split) + "\n")
	for _, n := range p.Refused {
		b.WriteString("-- NOT PLANNED: " + ddl.Comment(n) + "\n")
	}
	for _, n := range p.Notes {
		b.WriteString("-- NOTE: " + ddl.Comment(n) + "\n")
	}
	last := phase(-1)
	for _, s := range p.Steps {
		if s.phase != last {
			b.WriteString("\n")
			last = s.phase
		}
		if s.Destructive != "" {
			b.WriteString("-- destructive: " + ddl.Comment(s.Destructive) + "\n")
		}
		if s.Hazard != "" {
			b.WriteString("-- hazard: " + ddl.Comment(s.Hazard) + "\n")
		}
		switch {
		case o.Split:
			b.WriteString(s.SQL + ";\n" + SplitMarker + "\n")
		case s.Body && ddl.RulesOf(p.Dialect).DelimitedBodies:
			// The body holds semicolons: the client needs another statement delimiter.
			d := ddl.Delimiter(s.SQL)
			fmt.Fprintf(&b, "DELIMITER %s\n%s%s\nDELIMITER ;\n", d, s.SQL, d)
		default:
			b.WriteString(s.SQL + ";\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func applyHint(d schema.Dialect, split bool) string {
	if split {
		return "Statements are separated by \"" + SplitMarker + "\" lines: send each piece on its own, over one connection."
	}
	return mustPlanRules(d).applyHint
}

// SplitScript splits a script written with WriteOptions.Split into its statements, without
// the comment lines around them and without the terminating semicolon.
func SplitScript(script string) []string {
	var out []string
	for _, piece := range strings.Split(script, "\n"+SplitMarker+"\n") {
		var lines []string
		for _, line := range strings.Split(piece, "\n") {
			if len(lines) == 0 && (strings.HasPrefix(line, "--") || strings.TrimSpace(line) == "") {
				continue // comments and blank lines before the statement
			}
			lines = append(lines, line)
		}
		stmt := strings.TrimSuffix(strings.TrimRight(strings.Join(lines, "\n"), " \n"), ";")
		if stmt != "" {
			out = append(out, stmt)
		}
	}
	return out
}

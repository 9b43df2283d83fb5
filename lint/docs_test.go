package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/schema"
)

const (
	docsPath   = "../docs/lint.md"
	rulesBegin = "<!-- rules: generated from lint.All() by go test ./lint -update; do not edit by hand -->"
	rulesEnd   = "<!-- end of rules -->"
)

// TestDocsListEveryRule keeps docs/lint.md's catalogue of rules equal to the registry: every
// rule with its id, title, severity, engines, why, fix and parameters (-update rewrites it).
func TestDocsListEveryRule(t *testing.T) {
	data, err := os.ReadFile(filepath.FromSlash(docsPath))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	begin, end := strings.Index(doc, rulesBegin), strings.Index(doc, rulesEnd)
	if begin < 0 || end < begin {
		t.Fatalf("%s lacks the markers %q … %q", docsPath, rulesBegin, rulesEnd)
	}
	want := doc[:begin] + rulesBegin + "\n" + rulesCatalogue() + rulesEnd + doc[end+len(rulesEnd):]
	if want == doc {
		return
	}
	if *update {
		if err := os.WriteFile(filepath.FromSlash(docsPath), []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("%s's list of rules is out of date: run go test ./lint -run TestDocsListEveryRule -update", docsPath)
}

// rulesCatalogue writes the summary table and one section per rule.
func rulesCatalogue() string {
	var b strings.Builder
	b.WriteString("\n| rule | finds | severity | engines |\n|---|---|---|---|\n")
	for _, r := range All() {
		i := r.Info()
		sev := string(i.Severity)
		if i.OptIn {
			sev += " (opt-in)"
		}
		fmt.Fprintf(&b, "| [`%s`](#%s) | %s | %s | %s |\n", i.ID, i.ID, i.Title, sev, engines(i.Dialects))
	}
	for _, r := range All() {
		i := r.Info()
		fmt.Fprintf(&b, "\n### %s\n\n%s. Severity **%s**", i.ID, capitalize(i.Title), i.Severity)
		if i.OptIn {
			b.WriteString(", opt-in (turn it on in `lint.rules`)")
		}
		fmt.Fprintf(&b, "; %s.\n\n- **Why:** %s.\n- **Fix:** %s.\n", engines(i.Dialects), i.Why, i.Fix)
		if i.Params != "" {
			fmt.Fprintf(&b, "- **Parameters:** %s.\n", i.Params)
		}
		if i.SeeAlso != "" {
			fmt.Fprintf(&b, "- **Elsewhere:** %s.\n", i.SeeAlso)
		}
	}
	b.WriteString("\n")
	return b.String()
}

func engines(ds []schema.Dialect) string {
	if len(ds) == 0 {
		return "all engines"
	}
	names := map[schema.Dialect]string{schema.Postgres: "PostgreSQL", schema.MySQL: "MySQL/MariaDB", schema.SQLite: "SQLite"}
	var out []string
	for _, d := range ds {
		out = append(out, names[d])
	}
	return strings.Join(out, ", ")
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

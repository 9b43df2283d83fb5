package lint

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/schema"
)

// TestCorpus loads every schema of the shared corpus into its real server with the engine's
// own client, inspects it, lints it with every rule (opt-in ones with their defaults), checks
// that the SARIF of the run validates, and compares the count of findings per rule with
// testdata/corpus-summary.txt (-update rewrites it; read the diff before committing it).
func TestCorpus(t *testing.T) {
	var ids []string
	for _, r := range All() {
		ids = append(ids, r.Info().ID)
	}
	linter, err := New(Options{Only: ids})
	if err != nil {
		t.Fatal(err)
	}
	sch := sarifSchemaValidator(t)
	var mu sync.Mutex
	lines := map[string]string{}
	t.Run("engines", func(t *testing.T) {
		for _, d := range []schema.Dialect{schema.SQLite, schema.MySQL, schema.Postgres} {
			t.Run(string(d), func(t *testing.T) {
				t.Parallel()
				for _, name := range dbtest.CorpusNames(t, d) {
					t.Run(name, func(t *testing.T) {
						db := dbtest.Fresh(t, d)
						db.LoadFile(t, dbtest.Corpus(t, name, string(d)))
						m := inspectURL(t, db.URL)
						rep := linter.Run(m)
						var b bytes.Buffer
						if err := Render(&b, "sarif", rep, RenderOptions{Version: "test"}); err != nil {
							t.Fatal(err)
						}
						validateSARIF(t, sch, b.Bytes())
						mu.Lock()
						lines[string(d)+"/"+name] = corpusLine(string(d)+"/"+name, m, rep)
						mu.Unlock()
					})
				}
			})
		}
	})
	if t.Failed() {
		return
	}
	var out strings.Builder
	out.WriteString("# dbinspect lint on the shared corpus: every rule on (opt-in ones marked, with their\n" +
		"# defaults), each schema loaded into its server with the engine's own client and inspected.\n" +
		"# The first line of each schema counts what `dbinspect lint` reports by default.\n" +
		"# go test ./lint -run TestCorpus -update rewrites this file.\n")
	for _, key := range sortedKeys(lines) {
		out.WriteString("\n" + lines[key])
	}
	golden(t, filepath.Join("testdata", "corpus-summary.txt"), []byte(out.String()))
}

// corpusLine summarises one schema's report: totals of the default rules, then a count per
// rule that found something.
func corpusLine(key string, m *schema.Database, rep *Report) string {
	counts := map[string]int{}
	bySeverity := map[Severity]int{}
	optIn := map[string]bool{}
	for _, info := range rep.Rules {
		optIn[info.ID] = info.OptIn
	}
	for _, f := range rep.Findings {
		counts[f.Rule]++
		if !optIn[f.Rule] {
			bySeverity[f.Severity]++
		}
	}
	tables, views := 0, 0
	for _, s := range m.Schemas {
		tables += len(s.Tables)
		views += len(s.Views)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d tables, %d views: %s, %s, %s\n", key, tables, views,
		plural(bySeverity[Error], "error"), plural(bySeverity[Warning], "warning"), plural(bySeverity[Notice], "notice"))
	for _, info := range rep.Rules {
		if n := counts[info.ID]; n > 0 {
			mark := ""
			if info.OptIn {
				mark = " (opt-in)"
			}
			fmt.Fprintf(&b, "  %-30s %5d%s\n", info.ID, n, mark)
		}
	}
	return b.String()
}

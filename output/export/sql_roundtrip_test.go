package export

import (
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/schema"
)

// The acceptance test of issue 6 for the SQL format: inspect a corpus schema, export it,
// create a fresh database from the export with the engine's own client, inspect that, and
// compare the two with diff.Compare, the real differ. The acceptance is "no differences",
// with no ignore category. (Moved from the CLI's tests: the exporter is called as
// `dbinspect export --format sql` calls it.)

// noDifferences fails the test with every change diff.Compare finds between the original
// and its re-creation.
func noDifferences(t *testing.T, want, got *schema.Database) {
	t.Helper()
	res := diff.Compare(want, got, diff.Options{})
	for _, c := range res.Changes {
		name := strings.TrimPrefix(c.Table+"."+c.Name, ".")
		t.Errorf("round trip differs: %s %s %s.%s %v", c.Action, c.Object, c.Schema, name, c.Fields)
	}
	if len(res.NotComparable) > 0 {
		t.Errorf("round trip changed engine? not comparable: %v", res.NotComparable)
	}
}

// applyExport creates a fresh database from an SQL export with the dialect's client.
func applyExport(t *testing.T, d schema.Dialect, script string) string {
	t.Helper()
	db := dbtest.Fresh(t, d)
	db.LoadScript(t, script)
	return db.URL
}

// roundTripDialects are the dialects the round trip runs on.
var roundTripDialects = []schema.Dialect{schema.SQLite, schema.Postgres, schema.MySQL}

func TestExportSQLRoundTrip(t *testing.T) {
	ex, err := For("sql", Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range roundTripDialects {
		for _, name := range dbtest.CorpusNames(t, d) {
			t.Run(string(d)+"/"+name, func(t *testing.T) {
				source := loadCorpus(t, name, d)
				original := inspectTarget(t, source)
				var script strings.Builder // from a model of its own, as the command reads it
				if err := ex.Export(&script, inspectTarget(t, source)); err != nil {
					t.Fatalf("export: %v", err)
				}
				again := inspectTarget(t, applyExport(t, d, script.String()))
				noDifferences(t, original, again)
			})
		}
	}
}

package cli

import (
	"context"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/drivers"
	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/inspector"
	"github.com/dbinspect/dbinspect/schema"
)

// The acceptance test of issue 6: inspect a corpus schema, export it, create a fresh
// database from the export, inspect that, and compare the two with diff.Compare, the real
// differ. The acceptance is "no differences", with no ignore category.

// inspectTarget reads a target.
func inspectTarget(t *testing.T, target string) *schema.Database {
	t.Helper()
	tg, err := drivers.Resolve(target)
	if err != nil {
		t.Fatal(err)
	}
	db, err := inspector.Inspect(context.Background(), tg, inspector.Options{})
	if err != nil {
		t.Fatalf("inspect %s: %v", target, err)
	}
	return db
}

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

// loadCorpus creates the corpus schema in a fresh database and returns its target.
func loadCorpus(t *testing.T, name string, d schema.Dialect) string {
	t.Helper()
	db := dbtest.Fresh(t, d)
	db.LoadFile(t, dbtest.Corpus(t, name, string(d)))
	return db.URL
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
	for _, d := range roundTripDialects {
		for _, name := range dbtest.CorpusNames(t, d) {
			t.Run(string(d)+"/"+name, func(t *testing.T) {
				source := loadCorpus(t, name, d)
				original := inspectTarget(t, source)
				stdout, stderr, code := dbinspect(t, "export", "--format", "sql", "--db", source)
				if code != 0 {
					t.Fatalf("export exit %d: %s", code, stderr)
				}
				again := inspectTarget(t, applyExport(t, d, stdout))
				noDifferences(t, original, again)
			})
		}
	}
}

package cli

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/schema"
)

// TestMigratePostgresCorpusToEmpty: each PostgreSQL corpus schema migrated to an empty
// database (the way back of building it from empty) applies with psql and leaves nothing
// behind. MusicBrainz's extensions are used by objects of the schemas the plan drops (its
// text search configuration maps tokens to unaccent's dictionary).
func TestMigratePostgresCorpusToEmpty(t *testing.T) {
	for _, name := range dbtest.CorpusNames(t, schema.Postgres) {
		t.Run(name, func(t *testing.T) {
			from, empty := freshPostgres(t), freshPostgres(t)
			from.apply(t, dbtest.Corpus(t, name, string(schema.Postgres)))
			script := migrationSQL(t, from.url, empty.url, false)
			path := filepath.Join(t.TempDir(), "migrate.sql")
			if err := os.WriteFile(path, []byte(script), 0o600); err != nil {
				t.Fatal(err)
			}
			from.apply(t, path)
			if got, code := diffJSON(t, from.url, empty.url); code != 0 || len(got) > 0 {
				t.Errorf("after the migration diff still finds (exit %d): %v\n--- script:\n%s", code, got, script)
			}
			if again := migrationSQL(t, from.url, empty.url, false); again != "-- no differences\n" {
				t.Errorf("a second plan is not empty:\n%s", again)
			}
		})
	}
}

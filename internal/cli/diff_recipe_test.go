package cli

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/drivers/dbtest"
)

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestPreDeployRecipe runs the CI recipe of docs/diff.md end to end: record a snapshot, commit
// it (here: keep the file), then before a deploy diff the live database against it — exit 0 —
// and again after someone changed the live database — exit 1, with the drift named.
func TestPreDeployRecipe(t *testing.T) {
	engines := map[string]func(t *testing.T) (target string, alter func(string)){
		"sqlite": func(t *testing.T) (string, func(string)) {
			path := dbtest.SQLite(t, liteBase)
			return path, func(stmt string) {
				db, err := sql.Open("sqlite", path)
				if err != nil {
					t.Fatal(err)
				}
				defer db.Close()
				if _, err := db.Exec(stmt); err != nil {
					t.Fatal(err)
				}
			}
		},
		"postgres": func(t *testing.T) (string, func(string)) {
			db := dbtest.Postgres(t)
			db.Exec(t, pgBase)
			return db.URL, func(stmt string) { db.Exec(t, stmt) }
		},
		"mysql": func(t *testing.T) (string, func(string)) {
			db := dbtest.MySQL(t)
			db.Exec(t, myBase)
			return db.URL, func(stmt string) { db.Exec(t, stmt) }
		},
	}
	for name, setup := range engines {
		t.Run(name, func(t *testing.T) {
			live, alter := setup(t)
			dir := t.TempDir()
			t.Chdir(dir)
			os.WriteFile("dbinspect.yaml", []byte("environments:\n  prod: "+live+"\n"), 0o644)

			_, stderr, code := dbinspect(t, "inspect", "--db", "prod", "--format", "json", "-o", "schema.json")
			needInspector(t, stderr)
			if code != 0 {
				t.Fatalf("inspect: exit %d: %s", code, stderr)
			}
			if _, err := os.Stat(filepath.Join(dir, "schema.json")); err != nil {
				t.Fatal(err)
			}
			stdout, stderr, code := dbinspect(t, "diff", "prod", "schema.json")
			if code != 0 {
				t.Fatalf("no drift: exit %d, want 0\n%s%s", code, stdout, stderr)
			}

			alter("ALTER TABLE orders ADD COLUMN hotfix_note TEXT")
			stdout, stderr, code = dbinspect(t, "diff", "prod", "schema.json")
			if code != 1 || !strings.Contains(stdout, "hotfix_note") {
				t.Errorf("after a hotfix on prod: exit %d, want 1 naming the column\n%s%s", code, stdout, stderr)
			}
			// The snapshot lacks the column prod has, so reaching it drops a column: destructive.
			if _, _, code = dbinspect(t, "diff", "prod", "schema.json", "--fail-on", "destructive", "-q"); code != 1 {
				t.Errorf("--fail-on destructive: exit %d, want 1", code)
			}
		})
	}
}

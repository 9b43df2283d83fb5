package migrate_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/migrate"
	"github.com/dbinspect/dbinspect/migrate/migratetest"
)

// TestMigrateSQLiteForeignKeyViolationRollsBack: a rebuild that adds a foreign key the rows
// violate stops at the check before COMMIT (sqlite3 -bail) and leaves the database unchanged.
func TestMigrateSQLiteForeignKeyViolationRollsBack(t *testing.T) {
	from, to := dbtest.SQLiteFile(t), dbtest.SQLiteFile(t)
	migratetest.Exec(t, from.Admin, `CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER);
		INSERT INTO c VALUES (1, 99);`)
	migratetest.Exec(t, to.Admin, `CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id));`)
	script := migratetest.Script(t, from, to, diff.Options{}, migrate.Options{}, false)
	cmd := exec.Command("sqlite3", "-bail", strings.TrimPrefix(from.URL, "sqlite:"))
	cmd.Stdin = strings.NewReader(script)
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "CHECK constraint failed: n = 0") {
		t.Fatalf("the migration applied although row 1 violates the new foreign key (%v):\n%s\n%s", err, out, script)
	}
	if got := migratetest.Changes(t, from, to, diff.Options{}); len(got) != 1 {
		t.Errorf("after the failed migration the database changed: Compare finds %q", got)
	}
}

// TestMigrateSQLiteUnnamedUniqueStaysUnnamed: a rebuilt table's unnamed UNIQUE is written
// unnamed, not under the automatic index name the inspector reports for it
// (sqlite_autoindex_customers_1 is SQLite's name, and it names the old table).
func TestMigrateSQLiteUnnamedUniqueStaysUnnamed(t *testing.T) {
	from, to := dbtest.SQLiteFile(t), dbtest.SQLiteFile(t)
	migratetest.Exec(t, from.Admin, `CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, c TEXT DEFAULT 'US');`)
	migratetest.Exec(t, to.Admin, `CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, c TEXT DEFAULT 'GB');`)
	res, _ := migratetest.Plan(t, from, to, diff.Options{}, migrate.Options{})
	script := migratetest.Script(t, from, to, diff.Options{}, migrate.Options{}, false)
	if res.Empty() || strings.Contains(script, "sqlite_autoindex") || !strings.Contains(script, `  UNIQUE ("email")`) {
		t.Errorf("want the rebuilt table with an unnamed UNIQUE (\"email\"):\n%s", script)
	}
}

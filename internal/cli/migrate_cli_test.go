package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/schema"
)

// Command-line behaviour of diff --format sql on SQLite files (no server needed).

func TestMigrateCLIEqualSchemasSayNoDifferences(t *testing.T) {
	ddl := `CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT); CREATE INDEX t_a ON t (a);`
	a, b := dbtest.SQLite(t, ddl), dbtest.SQLite(t, ddl)
	stdout, stderr, code := dbinspect(t, "diff", "--format", "sql", a, b)
	needInspector(t, stderr)
	if stdout != "-- no differences\n" || stderr != "" || code != 0 {
		t.Errorf("equal schemas: exit %d, stdout %q, stderr %q; want \"-- no differences\" and 0", code, stdout, stderr)
	}
}

func TestMigrateCLISafe(t *testing.T) {
	from := dbtest.SQLite(t, `CREATE TABLE t (id INTEGER PRIMARY KEY, old TEXT); CREATE TABLE gone (id INTEGER);`)
	to := dbtest.SQLite(t, `CREATE TABLE t (id INTEGER PRIMARY KEY, old TEXT, fresh TEXT);`)
	stdout, stderr, code := dbinspect(t, "diff", "--format", "sql", from, to)
	needInspector(t, stderr)
	if code != 1 || !strings.Contains(stdout, "-- destructive: drops table main.gone and its rows\nDROP TABLE \"gone\";") {
		t.Fatalf("exit %d, want 1, and a marked DROP TABLE:\n%s%s", code, stdout, stderr)
	}
	stdout, stderr, code = dbinspect(t, "diff", "--format", "sql", "--safe", from, to)
	if code != 1 || strings.Contains(stdout, `DROP TABLE "gone"`) || !strings.Contains(stdout, `ADD COLUMN "fresh" TEXT`) {
		t.Errorf("--safe: exit %d, script:\n%s\nstderr: %s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "--safe left out 1 statement(s):\n  DROP TABLE \"gone\"\n    -- drops table main.gone and its rows") {
		t.Errorf("--safe stderr:\n%s", stderr)
	}
}

func TestMigrateCLIFlagsNeedSQLFormat(t *testing.T) {
	a := dbtest.SQLite(t, `CREATE TABLE t (id INTEGER);`)
	for _, flag := range []string{"--safe", "--split", "--concurrently"} {
		_, stderr, code := dbinspect(t, "diff", flag, a, a)
		if code != 2 || !strings.Contains(stderr, flag+" needs --format sql") {
			t.Errorf("%s without --format sql: exit %d, %s", flag, code, stderr)
		}
	}
}

func TestMigrateCLICrossEngineRefused(t *testing.T) {
	a := dbtest.SQLite(t, `CREATE TABLE t (id INTEGER);`)
	snap := filepath.Join(t.TempDir(), "pg.json")
	data, _ := json.Marshal(schema.Database{FormatVersion: schema.FormatVersion, Dialect: schema.Postgres,
		Schemas: []schema.Schema{{Name: "public", Tables: []schema.Table{}, Views: []schema.View{}}}})
	if err := os.WriteFile(snap, data, 0o600); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := dbinspect(t, "diff", "--format", "sql", a, snap)
	needInspector(t, stderr)
	if code != 2 || !strings.Contains(stderr, "same engine") {
		t.Errorf("exit %d, stderr %q; want 2 and a message", code, stderr)
	}
}

// TestMigrateSQLiteForeignKeyViolationRollsBack: a rebuild that adds a foreign key the rows
// violate stops at the check before COMMIT (sqlite3 -bail) and leaves the database unchanged.
func TestMigrateSQLiteForeignKeyViolationRollsBack(t *testing.T) {
	from, to := freshSQLite(t), freshSQLite(t)
	execScript(t, from.conn, `CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER);
		INSERT INTO c VALUES (1, 99);`)
	execScript(t, to.conn, `CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id));`)
	script := migrationSQL(t, from.url, to.url, false)
	cmd := exec.Command("sqlite3", "-bail", strings.TrimPrefix(from.url, "sqlite:"))
	cmd.Stdin = strings.NewReader(script)
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "CHECK constraint failed: n = 0") {
		t.Fatalf("the migration applied although row 1 violates the new foreign key (%v):\n%s\n%s", err, out, script)
	}
	if got, _ := diffJSON(t, from.url, to.url); len(got) != 1 {
		t.Errorf("after the failed migration the database changed: diff finds %q", got)
	}
}

// TestMigrateSQLiteUnnamedUniqueStaysUnnamed: a rebuilt table's unnamed UNIQUE is written
// unnamed, not under the automatic index name the inspector reports for it
// (sqlite_autoindex_customers_1 is SQLite's name, and it names the old table).
func TestMigrateSQLiteUnnamedUniqueStaysUnnamed(t *testing.T) {
	from := dbtest.SQLite(t, `CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, c TEXT DEFAULT 'US');`)
	to := dbtest.SQLite(t, `CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, c TEXT DEFAULT 'GB');`)
	stdout, stderr, code := dbinspect(t, "diff", "--format", "sql", from, to)
	needInspector(t, stderr)
	if code != 1 || strings.Contains(stdout, "sqlite_autoindex") || !strings.Contains(stdout, `  UNIQUE ("email")`) {
		t.Errorf("exit %d; want the rebuilt table with an unnamed UNIQUE (\"email\"):\n%s%s", code, stdout, stderr)
	}
}

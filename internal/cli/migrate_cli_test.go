package cli

import (
	"encoding/json"
	"os"
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

// TestMigrateCLISafeNeeds: a statement --safe leaves out because it needs a destructive one is
// listed with that statement and its reason (ADD PARTITION behind the MAXVALUE partition the
// left-out DROP PARTITION would have removed).
func TestMigrateCLISafeNeeds(t *testing.T) {
	from, to := dbtest.Fresh(t, schema.MySQL), dbtest.Fresh(t, schema.MySQL)
	from.Exec(t, "CREATE TABLE pt (id int PRIMARY KEY) PARTITION BY RANGE (id) (PARTITION p0 VALUES LESS THAN (10), PARTITION p1 VALUES LESS THAN MAXVALUE)")
	to.Exec(t, "CREATE TABLE pt (id int PRIMARY KEY) PARTITION BY RANGE (id) (PARTITION p0 VALUES LESS THAN (10), PARTITION p2 VALUES LESS THAN (100))")
	stdout, stderr, code := dbinspect(t, "diff", "--format", "sql", "--safe", from.URL, to.URL)
	if code != 1 || strings.Contains(stdout, "PARTITION `p") {
		t.Errorf("--safe: exit %d, script:\n%s\nstderr: %s", code, stdout, stderr)
	}
	want := "--safe left out 2 statement(s):\n  ALTER TABLE `pt` DROP PARTITION `p1`\n    -- drops partitions p1 of " + from.Name + ".pt and their rows\n" +
		"  ALTER TABLE `pt` ADD PARTITION (PARTITION `p2` VALUES LESS THAN (100))\n" +
		"    -- needs ALTER TABLE `pt` DROP PARTITION `p1` (drops partitions p1 of " + from.Name + ".pt and their rows), which --safe leaves out\n"
	if !strings.Contains(stderr, want) {
		t.Errorf("--safe stderr:\n%s\nwant:\n%s", stderr, want)
	}
}

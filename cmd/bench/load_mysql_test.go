package main

import (
	"bytes"
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/internal/cli"
)

// TestMySQLFastLoadInspectsAlike loads gen_schema.py's MySQL schema (and the altered copy's
// statements) once as written, with one mariadb client, and once as loadMySQL does it
// (indexes folded into CREATE TABLE, several clients side by side): the two inspections must
// be byte-identical but for the database's name, so the faster load benches the same schema.
func TestMySQLFastLoadInspectsAlike(t *testing.T) {
	dir := dbtest.BenchDir()
	if dir == "" {
		t.Skip("the shared bench folder (../shared/bench/gen_schema.py) is absent")
	}
	const tables = 40 // more than mysqlLoadStreams ranges of several tables each
	out, err := exec.Command("python3", filepath.Join(dir, "gen_schema.py"), "mysql", "40").Output()
	if err != nil {
		t.Fatalf("gen_schema.py: %v", err)
	}
	script, then := string(out), alterations("mysql", tables)
	if strings.Count(script, "CREATE TABLE") != tables {
		t.Fatalf("gen_schema.py wrote %d tables, want %d", strings.Count(script, "CREATE TABLE"), tables)
	}

	plain := dbtest.MySQL(t)
	plain.LoadScript(t, script+then)
	fast := plain.Name + "_fast" // dropped with plain
	srv, err := parseServer("mysql", dbtest.MySQLAdminURL())
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.loadMySQL(fast, script, then); err == nil {
		t.Fatal("loadMySQL into a database that does not exist succeeded")
	}
	if err := srv.load(fast, script, then, "dbinspect bench test"); err != nil {
		t.Fatal(err)
	}
	if !srv.loaded(fast, "dbinspect bench test") {
		t.Error("the fast load left no stamp on its database")
	}

	want := inspectJSON(t, plain.URL)
	got := inspectJSON(t, srv.urlOf(fast))
	if !bytes.Contains(want, []byte(`"t00039"`)) {
		t.Fatalf("the plain load's inspection lacks the last table:\n%.2000s", want)
	}
	if got := bytes.ReplaceAll(got, []byte(fast), []byte(plain.Name)); !bytes.Equal(got, want) {
		t.Errorf("the fast load inspects differently from the plain one:\nplain: %.3000s\nfast:  %.3000s", want, got)
	}
}

// TestMySQLLoadScripts checks how the script is dealt: every table once, its indexes inside
// it, other statements after the tables in their order, a stream per range.
func TestMySQLLoadScripts(t *testing.T) {
	script := "SET FOREIGN_KEY_CHECKS=0;\n" +
		"CREATE TABLE a (\n  id int PRIMARY KEY\n) COMMENT='a;b';\nCREATE UNIQUE INDEX ux_a ON a (id);\nCREATE INDEX ix_a ON a (id, id);\n" +
		"CREATE TABLE b (\n  id int\n);\nCREATE INDEX ix_other ON a (id);\n" +
		"CREATE VIEW v AS SELECT 1;\n"
	parallel, after := mysqlLoadScripts(script, 4)
	wantParallel := []string{
		"SET SESSION foreign_key_checks = 0;\nSET FOREIGN_KEY_CHECKS=0;\n" +
			"CREATE TABLE a (\n  id int PRIMARY KEY,\n  UNIQUE KEY ux_a (id),\n  KEY ix_a (id, id)\n) COMMENT='a;b';\n",
		"SET SESSION foreign_key_checks = 0;\nSET FOREIGN_KEY_CHECKS=0;\nCREATE TABLE b (\n  id int\n);\n",
	}
	if strings.Join(parallel, "|") != strings.Join(wantParallel, "|") {
		t.Errorf("parallel streams:\n%q\nwant\n%q", parallel, wantParallel)
	}
	wantAfter := "SET SESSION foreign_key_checks = 0;\nSET FOREIGN_KEY_CHECKS=0;\nCREATE INDEX ix_other ON a (id);\nCREATE VIEW v AS SELECT 1;\n"
	if after != wantAfter {
		t.Errorf("after:\n%q\nwant\n%q", after, wantAfter)
	}
}

func inspectJSON(t *testing.T, target string) []byte {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := cli.Run(context.Background(), []string{"dbinspect", "inspect", "--db", target, "--format", "json"}, &stdout, &stderr); code != 0 {
		t.Fatalf("inspect %s: exit %d: %s", target, code, stderr.String())
	}
	return stdout.Bytes()
}

package cli

import (
	"os"
	"strings"
	"testing"
)

// expectError runs dbinspect and wants exit 2 with one line on stderr holding every want.
func expectError(t *testing.T, args []string, wants ...string) {
	t.Helper()
	stdout, stderr, code := dbinspect(t, args...)
	if code != 2 {
		t.Errorf("dbinspect %v: exit %d, want 2 (stdout %q, stderr %q)", args, code, stdout, stderr)
	}
	if n := strings.Count(strings.TrimRight(stderr, "\n"), "\n"); n > 0 {
		t.Errorf("dbinspect %v: stderr has %d lines, want one: %q", args, n+1, stderr)
	}
	for _, w := range wants {
		if !strings.Contains(stderr, w) {
			t.Errorf("dbinspect %v: stderr %q does not say %q", args, stderr, w)
		}
	}
}

func TestMistypedEnvironment(t *testing.T) {
	copySample(t)
	t.Setenv("DBINSPECT_DB", "")
	expectError(t, []string{"tables", "--db", "prdo"}, `"prdo" is not a database URL or file`, "no environment is defined", "dbinspect.yaml (not found")
	os.WriteFile("dbinspect.yaml", []byte("environments:\n  dev: sample.db\n  prod: sample.db\n  staging: sample.db\n"), 0o644)
	expectError(t, []string{"tables", "--db", "prdo"}, `"prdo" is not an environment in dbinspect.yaml (did you mean "prod"?); the environments are dev, prod, staging`)
	expectError(t, []string{"diff", "dev", "stagign"}, `did you mean "staging"?`)
	os.WriteFile("bad.yaml", []byte("enviroments:\n  dev: sample.db\n"), 0o644)
	expectError(t, []string{"tables", "--config", "bad.yaml"}, `bad.yaml: unknown key "enviroments" at the top level (did you mean "environments"?)`)
}

func TestDescribeFindsTablesLikeAPerson(t *testing.T) {
	copySample(t)
	stdout, stderr, code := dbinspect(t, "describe", "Orders", "--db", "sample.db")
	if code != 0 || !strings.Contains(stdout, "table main.orders") {
		t.Errorf("describe Orders: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if !strings.Contains(stderr, `no table or view is named "Orders"; showing main.orders, the one whose name matches without regard to case`) {
		t.Errorf("describe Orders does not say it took orders: %q", stderr)
	}
	expectError(t, []string{"describe", "custmers", "--db", "sample.db"}, `no table or view named "custmers" (did you mean "customers"`)
	expectError(t, []string{"describe", "zzz", "--db", "sample.db"}, `no table or view named "zzz"`)
}

func TestFlagValuesAndMessages(t *testing.T) {
	copySample(t)
	for _, args := range [][]string{
		{"tables", "--db", "sample.db", "--format", "JSON"},
		{"describe", "orders", "--db", "sample.db", "-f", "Markdown"},
		{"diff", "sample.db", "sample.sql", "--fail-on", "Destructive", "--format", "Text"},
		{"diff", "sample.db", "sample.sql", "--format", "SQL"},
		{"export", "--db", "sample.db", "--format", "GORM", "--go-nulls", "SQL"},
	} {
		if _, stderr, code := dbinspect(t, args...); code != 0 {
			t.Errorf("dbinspect %v: exit %d: %s", args, code, stderr)
		}
	}
	expectError(t, []string{"tables", "--db", "sample.db", "--connect-timeout", "5"}, `--connect-timeout "5": use a unit, e.g. 5s`)
	expectError(t, []string{"diff", "a", "b", "--statement-timeout=1x"}, `--statement-timeout "1x": use a unit, e.g. 10s`)
	expectError(t, []string{"tables", "--db", "sample.db", "-o", "no/such/dir/out.txt"}, "cannot write no/such/dir/out.txt: no such file or directory")
	_, stderr, _ := dbinspect(t, "tables", "--db", "sample.db", "-o", "no/such/dir/out.txt")
	if strings.Contains(stderr, ".tmp") {
		t.Errorf("the error shows the temporary file: %q", stderr)
	}
}

func TestExitZeroAndEmptySQL(t *testing.T) {
	copySample(t)
	os.WriteFile("changed.sql", []byte("CREATE TABLE t (id integer PRIMARY KEY, name text);\n"), 0o644)
	if _, _, code := dbinspect(t, "diff", "sample.db", "changed.sql", "--quiet"); code != 1 {
		t.Errorf("diff with differences: exit %d, want 1", code)
	}
	if _, stderr, code := dbinspect(t, "diff", "sample.db", "changed.sql", "--exit-zero", "--format", "markdown", "-o", "drift.md"); code != 0 {
		t.Errorf("diff --exit-zero with differences: exit %d, want 0: %s", code, stderr)
	}
	if data, _ := os.ReadFile("drift.md"); !strings.Contains(string(data), "Schema diff") {
		t.Errorf("drift.md not written: %q", data)
	}
	expectError(t, []string{"diff", "sample.db", "missing.db", "--exit-zero"}, "missing.db")
	stdout, stderr, code := dbinspect(t, "diff", "sample.db", "sample.sql", "--format", "sql")
	if code != 0 || stdout != "-- no differences\n" {
		t.Errorf("empty --format sql: exit %d, stdout %q, stderr %q; want -- no differences", code, stdout, stderr)
	}
}

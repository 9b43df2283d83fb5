package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// dbinspect runs the whole program in-process and returns stdout, stderr and the exit code.
func dbinspect(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = Run(context.Background(), append([]string{"dbinspect"}, args...), &out, &errOut)
	return out.String(), errOut.String(), code
}

func TestReorderArgs(t *testing.T) {
	app := newApp(&execution{})
	cases := []struct{ in, want string }{
		{"describe users --format json", "describe --format json -- users"},
		{"describe --format json users", "describe --format json -- users"},
		{"describe users -f=json --db x.db", "describe -f=json --db x.db -- users"},
		{"describe users --verbose --db x.db", "describe --verbose --db x.db -- users"},
		{"describe -- --odd-name --format json", "describe -- --odd-name --format json"},
		{"tables --schema a --schema b", "tables --schema a --schema b"},
		{"--help", "--help"},
		{"nosuch a --b", "nosuch a --b"},
		{"scratch clean --dev-url x --dry-run", "scratch clean --dev-url x --dry-run"},
	}
	for _, c := range cases {
		got := strings.Join(reorderArgs(app, append([]string{"dbinspect"}, strings.Fields(c.in)...))[1:], " ")
		if got != c.want {
			t.Errorf("reorderArgs(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestBadInputExitsTwoWithOneLine(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	notes := filepath.Join(dir, "notes.txt")
	os.WriteFile(notes, []byte("hello"), 0o644)
	os.WriteFile(filepath.Join(dir, "bad.yaml"), []byte("environments: ["), 0o644)
	os.WriteFile(filepath.Join(dir, "bad.json"), []byte(`{"format_version": 1, "dialect": "oracle"}`), 0o644)
	t.Setenv("DBINSPECT_DB", "")
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"tables"}, "no database given"},
		{[]string{"tables", "--db", "missing.db"}, "missing.db is not a database URL"},
		{[]string{"tables", "--db", notes}, "neither an SQLite database"},
		{[]string{"tables", "--db", "oracle://scott:tiger@h/db"}, "not oracle"},
		{[]string{"tables", "--db", "bad.json"}, `unknown dialect "oracle"`},
		{[]string{"tables", "--config", "bad.yaml", "--db", "x.db"}, "invalid YAML"},
		{[]string{"tables", "--config", "nope.yaml"}, "cannot read nope.yaml"},
		{[]string{"tables", "--format", "xml", "--db", "x.db"}, `unknown format "xml"`},
		{[]string{"tables", "--nosuchflag"}, "flag provided but not defined"},
		{[]string{"describe"}, "describe takes one TABLE argument"},
		{[]string{"tables", "extra"}, "tables takes no arguments"},
		{[]string{"nosuchcommand"}, `unknown command "nosuchcommand"`},
		{[]string{"tables", "--db", "postgres://u:hunter2@127.0.0.1:1/db", "--connect-timeout", "2s"}, "cannot connect"},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			stdout, stderr, code := dbinspect(t, c.args...)
			if code != 2 {
				t.Errorf("exit code %d, want 2 (stdout %q, stderr %q)", code, stdout, stderr)
			}
			if !strings.Contains(stderr, c.want) {
				t.Errorf("stderr %q does not say %q", stderr, c.want)
			}
			if lines := strings.Count(strings.TrimRight(stderr, "\n"), "\n"); lines > 0 {
				t.Errorf("stderr has %d lines, want one: %q", lines+1, stderr)
			}
			for _, leak := range []string{"tiger", "hunter2", "goroutine", "panic"} {
				if strings.Contains(stderr+stdout, leak) {
					t.Errorf("output shows %q: %q", leak, stderr)
				}
			}
		})
	}
}

func TestEnvsHidesPasswords(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	os.WriteFile("dbinspect.yaml", []byte(`
default: prod
environments:
  prod: postgres://app:literal-pw@db/app
  staging: postgres://app:${STAGING_PW}@db/app
`), 0o644)
	stdout, stderr, code := dbinspect(t, "envs")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if strings.Contains(stdout, "literal-pw") {
		t.Errorf("envs shows a password:\n%s", stdout)
	}
	for _, want := range []string{"* prod", "postgres://app:xxxxx@db/app", "staging", "${STAGING_PW}"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("envs output lacks %q:\n%s", want, stdout)
		}
	}
}

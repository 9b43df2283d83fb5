package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dbinspect/dbinspect/internal/secret"
)

// stackTrace matches the header of a goroutine's stack, as a panic prints it.
var stackTrace = regexp.MustCompile(`goroutine \d+ \[`)

// yamlPassword finds a password given beside the URL in a config file.
var yamlPassword = regexp.MustCompile(`(password\s*:\s*)[^\s,}]+`)

// fuzzPassword is the password every seed gives, in every form a password can take.
const fuzzPassword = "Fz9SecretPw"

// cliSeeds are the bad inputs of issue 10, as command lines (one argument a line), config
// files and a file the command line may name (input.json, input.sql).
var cliSeeds = []struct{ args, config, file string }{
	// Secrets: metacharacters expanded into a URL, short passwords, password parameters,
	// unparsable URLs, libpq keyword strings, envs of an environment that does not parse.
	{"tables\n--db\nprod\n--connect-timeout\n1s", "environments:\n  prod: postgres://ux_weird:${DBI_FUZZ_PW}@127.0.0.1:1/x\n", ""},
	{"envs", "environments:\n  prod: postgres://ux_weird:p/a#s%s:" + fuzzPassword + "?o&r=d@db.example/x\n  q: 'host=db password=" + fuzzPassword + " dbname=app'\n", ""},
	{"envs", "environments:\n  a: {url: 'postgres://u@h/app_prod', password: " + fuzzPassword + "}\n  b: {url: 'mysql://u@h/d', password_env: DBI_FUZZ_PW}\n", ""},
	{"tables\n--db\npostgres://a:" + fuzzPassword + "@127.0.0.1:1/app_prod\n--connect-timeout\n1s", "", ""},
	{"tables\n--db\npostgres://127.0.0.1:1/db?password=" + fuzzPassword + "&sslmode=disable", "", ""},
	{"tables\n--db\npostgres://u:p/a#s%s:" + fuzzPassword + "?o&r=d@127.0.0.1:1/x", "", ""},
	{"tables\n--db\nhost=127.0.0.1 port=1 password=" + fuzzPassword + " dbname=x", "", ""},
	{"tables\n--db\nmysql://root:" + fuzzPassword + "@127.0.0.1:1/shop\n--verbose", "", ""},
	{"diff\nmysql://root:" + fuzzPassword + "@127.0.0.1:1/a\npostgres://u:" + fuzzPassword + "@127.0.0.1:1/b", "", ""},
	{"tables\n--db\nprod", "environments:\n  prod: {url: 'postgres://u:" + fuzzPassword + "@h/d', password_env: X}\n", ""},
	// Filters.
	{"diff\ninput.json\ninput.json\n--exclude\ntenant_b.*\n--format\nsql", "", `{"format_version": 1, "dialect": "postgres", "schemas": [{"name": "tenant_b", "tables": [{"name": "t", "columns": [{"name": "a", "type": "int"}]}]}]}`},
	{"diff\ninput.json\ninput.json\n--include\npublic.*", "tables:\n  exclude: ['tenant_b.*']\n", `{"format_version": 1, "dialect": "postgres", "schemas": []}`},
	{"diff\ninput.json\ninput.json\n--require-complete\n--format\nsql", "", `{"format_version": 1, "dialect": "postgres", "unread": [{"kind": "functions"}], "schemas": [{"name": "public", "tables": []}]}`},
	{"diff\ninput.json\ninput.json\n--format\nmarkdown", "", `{"format_version": 1, "dialect": "mysql", "unread": [{"kind": "nosuch", "schema": "x"}], "schemas": []}`},
	// Snapshots that crashed the exporters and the planner.
	{"export\n--db\ninput.json\n--format\nsql", "", `{"format_version": 1, "dialect": "sqlite", "schemas": [{"name": "main", "tables": [{"name": "t", "columns": [{"name": "a"}], "primary_key": {"columns": []}}]}]}`},
	{"export\n--db\ninput.json\n--format\nsqlalchemy", "", `{"format_version": 1, "dialect": "sqlite", "schemas": [{"name": "main", "tables": [{"name": "t", "columns": null}]}]}`},
	{"diff\ninput.json\ninput.json\n--format\nsql", "", `{"format_version": 0, "dialect": "postgres", "schemas": [{"name": "", "tables": [{"name": "t\u0000", "columns": [{"name": "a", "type": "int"}, {"name": "a", "type": "int"}]}]}]}`},
	{"export\n--db\ninput.json\n--format\ngorm", "", `{"format_version": 1, "dialect": "postgres", "schemas": [{"name": "public", "tables": [{"name": "t", "columns": [{"name": "\"\"\" int);CREATE TABLE x(a int);--", "type": "int"}]}]}]}`},
	{"export\n--db\ninput.json\n--format\nmermaid", "", `{"format_version": 1, "dialect": "sqlite", "schemas": [{"name": "main", "tables": [{"name": "a\\", "columns": [{"name": "b\\"}]}]}]}`},
	// DDL files.
	{"tables\n--db\ninput.sql", "", "ATTACH DATABASE 'prod.db' AS p; DROP TABLE p.Track;"},
	{"export\n--db\ninput.sql\n--format\nsql", "", "CREATE TABLE t (a TEXT DEFAULT (datetime('now')));"},
	// Smaller.
	{"tables\n--db\ninput.sql\n--statement-timeout\n500us", "", "CREATE TABLE t (a int);"},
	{"tables\n--db\npostgres://\n--connect-timeout\n1s", "", ""},
	{"export\n--db\ninput.sql\n--tables\n[", "", "CREATE TABLE t (a int);"},
	{"inspect\n--db\ninput.sql\n-o\n-", "", "CREATE TABLE t (a int);"},
	{"inspect\n--db\ninput.sql\n-o\nlocked.json", "", "CREATE TABLE t (a int);"},
	{"diff\nmissing1.db\nmissing2.db", "", ""},
	{"nosuch\n--db", "", ""},
	{"", "", ""},
}

// FuzzCLI runs the whole program on command lines, config files and input files: the exit
// code is 0, 1 or 2, nothing panics (not even into a recovered "internal error"), no stack
// trace is printed, and the password never shows unless the input itself holds it outside a
// password's place.
func FuzzCLI(f *testing.F) {
	for _, s := range cliSeeds {
		f.Add(s.args, s.config, s.file)
	}
	os.Setenv("DBI_FUZZ_PW", "p/a#s%s:"+fuzzPassword+"?o&r=d")
	os.Setenv("DBINSPECT_DB", "")
	f.Fuzz(func(t *testing.T, argLine, config, file string) {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "dbinspect.yaml"), []byte(config), 0o600)
		os.WriteFile(filepath.Join(dir, "input.json"), []byte(file), 0o600)
		os.WriteFile(filepath.Join(dir, "input.sql"), []byte(file), 0o600)
		os.WriteFile(filepath.Join(dir, "locked.json"), []byte("keep"), 0o444)
		t.Chdir(dir)
		t.Setenv("HOME", dir) // no ~/.pgpass or service file of the machine
		args := []string{"dbinspect"}
		if argLine != "" {
			args = append(args, strings.Split(argLine, "\n")...)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		var stdout, stderr bytes.Buffer
		code := Run(ctx, args, &stdout, &stderr)
		if code < 0 || code > 2 {
			t.Fatalf("exit code %d", code)
		}
		out := stdout.String() + stderr.String()
		if stackTrace.MatchString(out) || strings.Contains(stderr.String(), "dbinspect: internal error") {
			t.Fatalf("a panic:\n%s", stderr.String())
		}
		if strings.Contains(secret.Text(argLine)+secret.Text(yamlPassword.ReplaceAllString(config, "${1}x"))+file, fuzzPassword) {
			return // the input holds the text outside a password's place: it may show as data
		}
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if data, err := os.ReadFile(e.Name()); err == nil && e.Name() != "input.json" && e.Name() != "input.sql" && e.Name() != "dbinspect.yaml" {
				out += string(data)
			}
		}
		if strings.Contains(out, fuzzPassword) {
			t.Fatalf("the password shows:\n%s", out)
		}
	})
}

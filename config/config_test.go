package config

import (
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const sample = `
default: dev
environments:
  dev: sqlite:///dev.db
  staging: postgres://app:${DBI_TEST_STAGING_PW}@staging/app
  prod:
    url: postgres://app:literal-secret@prod/app
    schemas: [public, billing]
tables:
  exclude: ["*.schema_migrations"]
diff:
  ignore: [comments]
  schema_map: {tenant_a: tenant_b}
`

func TestParse(t *testing.T) {
	c, err := Parse([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	if c.Default != "dev" || len(c.Environments) != 3 {
		t.Fatalf("default %q, %d environments", c.Default, len(c.Environments))
	}
	if got := c.Environments["prod"].Schemas; len(got) != 2 || got[1] != "billing" {
		t.Errorf("prod schemas = %v", got)
	}
	if got := c.Environments["dev"].URL; got != "sqlite:///dev.db" {
		t.Errorf("dev url = %q (the string shorthand)", got)
	}
	if c.Tables.Exclude[0] != "*.schema_migrations" || c.Diff.Ignore[0] != "comments" || c.Diff.SchemaMap["tenant_a"] != "tenant_b" {
		t.Errorf("tables/diff settings not read: %+v %+v", c.Tables, c.Diff)
	}
	if got := c.Names(); strings.Join(got, ",") != "dev,prod,staging" {
		t.Errorf("Names = %v", got)
	}
}

func TestURLExpandsVariables(t *testing.T) {
	c, err := Parse([]byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.URL("staging"); err == nil || !strings.Contains(err.Error(), "${DBI_TEST_STAGING_PW}") {
		t.Errorf("unset variable: err = %v, want it named", err)
	}
	t.Setenv("DBI_TEST_STAGING_PW", "s3cr$t")
	u, ok, err := c.URL("staging")
	if err != nil || !ok || u != "postgres://app:s3cr$t@staging/app" {
		t.Errorf("URL = %q, %v, %v", u, ok, err)
	}
	if _, ok, _ := c.URL("nope"); ok {
		t.Error("unknown environment reported as found")
	}
}

func TestRedactedHidesPasswords(t *testing.T) {
	c, _ := Parse([]byte(sample))
	if got := c.Redacted("prod"); strings.Contains(got, "literal-secret") {
		t.Errorf("Redacted(prod) = %q shows the password", got)
	}
	if got := c.Redacted("staging"); got != "postgres://app:${DBI_TEST_STAGING_PW}@staging/app" {
		t.Errorf("Redacted(staging) = %q; a ${VAR} reference is no secret and stays", got)
	}
}

func TestParseRejects(t *testing.T) {
	cases := []struct{ doc, want string }{
		{"environments: {a: {}}", `environment "a" has no url`},
		{"default: x\nenvironments: {a: sqlite:a.db}", `default environment "x" is not among`},
		{"tables: {include: ['[']}", "bad table pattern"},
		{"environmnets: {}", `unknown key "environmnets"`},
		{"environments: [", "invalid YAML"},
		{"lint: {rules: {no-primary-key: {severity: fatal}}}", `severity "fatal" is not one of error, warning, notice`},
		{"lint: {rules: {no-primary-key: loud}}", `severity "loud"`},
		{"lint: {rules: {x: {exclude_tables: ['[']}}}", "bad lint exclude pattern"},
		{"lint: {exclude_tables: ['[']}", "bad lint exclude pattern"},
		{"lint: {rules: {x: {enabled: maybe}}}", "invalid YAML"},
		{"lint: {rules: {x: [1]}}", "invalid YAML"},
		{"lint: {accept: [{rule: no-primary-key, object: t}]}", "lint accept entry 1 needs rule, object and reason"},
		{"lint: {acept: []}", `unknown key "lint.acept" under lint (did you mean "accept"?)`},
	}
	for _, c := range cases {
		_, err := Parse([]byte(c.doc))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%q) = %v; want %q", c.doc, err, c.want)
		}
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	c, err := Load("")
	if err != nil || c.Path != "" || len(c.Environments) != 0 {
		t.Fatalf("no file: %+v, %v; want an empty config", c, err)
	}
	if _, err := Load("missing.yaml"); !errors.Is(err, ErrConfig) {
		t.Errorf("explicit missing file: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, FileName), []byte(sample), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err = Load("")
	if err != nil || c.Path != FileName || c.Default != "dev" {
		t.Errorf("found file: %+v, %v", c, err)
	}
}

func TestParseLint(t *testing.T) {
	c, err := Parse([]byte(`
lint:
  exclude_tables: ["*.schema_migrations"]
  rules:
    table-comment: true
    duplicate-index: off
    fk-without-index: warning
    column-count:
      severity: notice
      max: 40
      exclude_tables: [legacy_*]
      exclude_columns: ["*.created_by"]
  accept:
    - rule: no-primary-key
      object: public.events
      reason: append-only log, keyed by its partition
`))
	if err != nil {
		t.Fatal(err)
	}
	r := c.Lint.Rules
	if e := r["table-comment"].Enabled; e == nil || !*e {
		t.Errorf("table-comment: true -> %+v", r["table-comment"])
	}
	if e := r["duplicate-index"].Enabled; e == nil || *e {
		t.Errorf("duplicate-index: off -> %+v (YAML 1.1 reads off as false)", r["duplicate-index"])
	}
	if fk := r["fk-without-index"]; fk.Enabled == nil || !*fk.Enabled || fk.Severity != "warning" {
		t.Errorf("fk-without-index: warning -> %+v", fk)
	}
	cc := r["column-count"]
	if cc.Enabled != nil || cc.Severity != "notice" || string(cc.Params["max"]) != "40" ||
		cc.ExcludeTables[0] != "legacy_*" || cc.ExcludeColumns[0] != "*.created_by" || len(cc.Params) != 1 {
		t.Errorf("column-count -> %+v", cc)
	}
	if a := c.Lint.Accept; len(a) != 1 || a[0].Object != "public.events" || !strings.HasPrefix(a[0].Reason, "append-only") {
		t.Errorf("accept -> %+v", a)
	}
	if c.Lint.ExcludeTables[0] != "*.schema_migrations" {
		t.Errorf("exclude_tables -> %v", c.Lint.ExcludeTables)
	}
}

// FuzzParse: no config document may panic the parser.
func FuzzParse(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse(data)
		if err != nil {
			return
		}
		for _, name := range c.Names() {
			c.URL(name)
			c.Redacted(name)
		}
	})
}

func TestDocComments(t *testing.T) {
	c, err := Parse([]byte("doc:\n  comments:\n    users: People who log in\n    users.email: \"Where we write: unique\"\n    main.users.id: Surrogate key\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"users": "People who log in", "users.email": "Where we write: unique", "main.users.id": "Surrogate key"}
	if len(c.Doc.Comments) != len(want) {
		t.Fatalf("comments = %v, want %v", c.Doc.Comments, want)
	}
	for k, v := range want {
		if c.Doc.Comments[k] != v {
			t.Errorf("comments[%q] = %q, want %q", k, c.Doc.Comments[k], v)
		}
	}
	for _, bad := range []string{"a.b.c.d", "users.", ".email", "a..b"} {
		_, err := Parse([]byte("doc:\n  comments:\n    \"" + bad + "\": x\n"))
		if err == nil || !strings.Contains(err.Error(), bad) {
			t.Errorf("key %q: err = %v, want one naming the key", bad, err)
		}
	}
}

func TestUnknownKeysNameTheClosest(t *testing.T) {
	cases := []struct{ doc, want string }{
		{"enviroments:\n  dev: x.db\n", `unknown key "enviroments" at the top level (did you mean "environments"?)`},
		{"diff:\n  ignroe: [comments]\n", `unknown key "diff.ignroe" under diff (did you mean "ignore"?)`},
		{"environments:\n  prod:\n    ulr: postgres://h/db\n", `unknown key "environments.prod.ulr" under environments.prod (did you mean "url"?)`},
		{"tables:\n  zzz: []\n", `unknown key "tables.zzz" under tables (valid keys: exclude, include)`},
	}
	for _, c := range cases {
		_, err := Parse([]byte(c.doc))
		if err == nil || err.Error() != c.want {
			t.Errorf("Parse(%q) = %v, want %s", c.doc, err, c.want)
		}
	}
	if _, err := Parse([]byte(sample)); err != nil {
		t.Errorf("the sample has only valid keys: %v", err)
	}
}

func TestDevServer(t *testing.T) {
	c, err := Parse([]byte("dev: postgres://root:${DBI_TEST_DEV_PW}@localhost:5432/postgres\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, err := c.DevURL(); !ok || err == nil || !strings.Contains(err.Error(), "${DBI_TEST_DEV_PW}") {
		t.Errorf("unset variable in dev: ok = %v, err = %v, want the variable named", ok, err)
	}
	t.Setenv("DBI_TEST_DEV_PW", "pw")
	if u, ok, err := c.DevURL(); !ok || err != nil || u != "postgres://root:pw@localhost:5432/postgres" {
		t.Errorf("DevURL = %q, %v, %v", u, ok, err)
	}
	c, err = Parse([]byte("dev:\n  url: mysql://root@127.0.0.1:3306/\nenvironments:\n  dev: sqlite:///dev.db\n"))
	if err != nil {
		t.Fatal(err)
	}
	if u, _, _ := c.DevURL(); u != "mysql://root@127.0.0.1:3306/" {
		t.Errorf("dev as an object: DevURL = %q", u)
	}
	// An environment named dev is not the dev server: that is never inferred.
	c, _ = Parse([]byte("environments:\n  dev: postgres://root@localhost/app\n"))
	if _, ok, _ := c.DevURL(); ok {
		t.Error("an environment named dev was taken for the dev: server")
	}
	if _, err := Parse([]byte("dev: {}\n")); err == nil || !strings.Contains(err.Error(), "dev has no url") {
		t.Errorf("dev without url: err = %v", err)
	}
}

// hostile is a password as CI secret generators make them: every URL metacharacter.
const hostile = "p/a#s%s:w?o&r=d@x y"

func TestURLEscapesExpandedValuesForTheirPlace(t *testing.T) {
	t.Setenv("DBI_TEST_PW", hostile)
	t.Setenv("DBI_TEST_CREDS", "app:"+hostile)
	t.Setenv("DBI_TEST_DB", "my db?#")
	t.Setenv("DBI_TEST_OPT", "a&b=c d")
	t.Setenv("DBI_TEST_HOST", "[::1]:5433")
	c, err := Parse([]byte(`environments:
  pw: postgres://ux_weird:${DBI_TEST_PW}@db.example:5432/app
  creds: postgres://${DBI_TEST_CREDS}@db.example/app
  path: postgres://app@${DBI_TEST_HOST}/${DBI_TEST_DB}?application_name=${DBI_TEST_OPT}
  whole: ${DBI_TEST_DB}
`))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"pw", "creds"} {
		raw, _, err := c.URL(name)
		if err != nil {
			t.Fatal(err)
		}
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatalf("%s: expanded URL %q does not parse: %v", name, raw, err)
		}
		if p, _ := u.User.Password(); p != hostile || u.Host == "" || u.Path != "/app" {
			t.Errorf("%s: password %q host %q path %q; want the secret whole and the URL intact", name, p, u.Host, u.Path)
		}
	}
	raw, _, _ := c.URL("path")
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatalf("expanded URL %q does not parse: %v", raw, err)
	}
	if u.Host != "[::1]:5433" || u.Path != "/my db?#" || u.Query().Get("application_name") != "a&b=c d" {
		t.Errorf("host %q path %q query %v", u.Host, u.Path, u.Query())
	}
	if raw, _, _ := c.URL("whole"); raw != "my db?#" {
		t.Errorf("a template that is only a variable is used as it is: %q", raw)
	}
}

func TestPasswordBesideTheURL(t *testing.T) {
	c, err := Parse([]byte(`environments:
  byenv: {url: "postgres://app@db/app", password_env: DBI_TEST_PROD_PW}
  byref: {url: "mysql://app@db/app", password: "${DBI_TEST_PROD_PW}"}
  literal: {url: "mysql://app@db/app", password: "in-the-file"}
  none: postgres://app@db/app
`))
	if err != nil {
		t.Fatal(err)
	}
	if _, given, err := c.Password("byenv"); !given || err == nil || !strings.Contains(err.Error(), "$DBI_TEST_PROD_PW") {
		t.Errorf("unset password_env: given %v, err %v; want an error naming the variable", given, err)
	}
	t.Setenv("DBI_TEST_PROD_PW", hostile)
	for _, name := range []string{"byenv", "byref"} {
		if p, given, err := c.Password(name); p != hostile || !given || err != nil {
			t.Errorf("Password(%s) = %q, %v, %v", name, p, given, err)
		}
	}
	if p, given, _ := c.Password("literal"); p != "in-the-file" || !given {
		t.Errorf("Password(literal) = %q, %v", p, given)
	}
	if _, given, _ := c.Password("none"); given {
		t.Error("an environment without password fields gives none")
	}
	shown := map[string]string{
		"byenv":   "postgres://app@db/app (password from $DBI_TEST_PROD_PW)",
		"byref":   "mysql://app@db/app (password from ${DBI_TEST_PROD_PW})",
		"literal": "mysql://app@db/app (password given in the config)",
	}
	for name, want := range shown {
		if got := c.Redacted(name); got != want {
			t.Errorf("Redacted(%s) = %q, want %q", name, got, want)
		}
	}
}

// TestRedactedNeedsNoParse: what envs shows hides the password even when the URL does not
// parse, and masks only the password's place, never other text that happens to match it.
func TestRedactedNeedsNoParse(t *testing.T) {
	cases := map[string]string{
		"postgres://ux_weird:p/a#s%s:w?o&r=d@db.example:5432/app": "postgres://ux_weird:xxxxx@db.example:5432/app",
		"postgres://app:prod@db/app_prod":                         "postgres://app:xxxxx@db/app_prod",
		"postgres://a:a@db/app?sslmode=disable":                   "postgres://a:xxxxx@db/app?sslmode=disable",
		"postgres://db/app?sslmode=disable&password=foo":          "postgres://db/app?sslmode=disable&password=xxxxx",
		"postgres://db/app?sslpassword=foo":                       "postgres://db/app?sslpassword=xxxxx",
		"host=db password=s3cret dbname=app":                      "host=db password=xxxxx dbname=app",
		"host=db password='se cret' dbname=app":                   "host=db password=xxxxx dbname=app",
		"app:pa@ss@tcp(db:3306)/app":                              "app:xxxxx@tcp(db:3306)/app",
		"postgres://app:${DBI_PW}@db/app?password=x":              "postgres://app:${DBI_PW}@db/app?password=xxxxx",
	}
	for raw, want := range cases {
		c := &Config{Environments: map[string]Environment{"e": {URL: raw}}}
		if got := c.Redacted("e"); got != want {
			t.Errorf("Redacted(%q) = %q, want %q", raw, got, want)
		}
	}
}

func TestPasswordSettingsChecked(t *testing.T) {
	cases := []struct{ doc, want string }{
		{"environments: {a: {url: 'postgres://h/d', password: x, password_env: Y}}", "both password and password_env"},
		{"environments: {a: {url: 'postgres://h/d', password_env: '${Y}'}}", "is not a variable name"},
		{"environments: {a: {url: 'postgres://u:p@h/d', password_env: Y}}", "in its url and in password"},
		{"environments: {a: {url: 'postgres://h/d?password=p', password: x}}", "in its url and in password"},
	}
	for _, c := range cases {
		_, err := Parse([]byte(c.doc))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%q) = %v; want %q", c.doc, err, c.want)
		}
	}
}

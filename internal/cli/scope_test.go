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

// Issue 10, "Filters and drops": --exclude 'tenant_b.*' (or --include 'public.*', or the
// config's tables: filter) must not write DROP SCHEMA "tenant_b" CASCADE; a schema goes as a
// whole only when everything in it is included, and the summary counts what the cascade
// removes. Each plan is applied with psql: the excluded tables and their rows survive.
func TestFiltersNeverDropWhatTheyExclude(t *testing.T) {
	const tenant = `CREATE SCHEMA tenant_b;
CREATE TABLE tenant_b.t (a int); INSERT INTO tenant_b.t VALUES (1);
CREATE TABLE tenant_b.u (a int);
CREATE VIEW tenant_b.v AS SELECT a FROM tenant_b.u;
CREATE FUNCTION tenant_b.f() RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE TABLE public.x (a int);`
	for _, tc := range []struct {
		name    string
		args    []string
		config  string
		want    []string // in the SQL
		notWant []string
		survive bool // tenant_b.t and its row are there after the plan
	}{
		{name: "exclude the schema", args: []string{"--exclude", "tenant_b.*"}, notWant: []string{`DROP SCHEMA "`, "DROP TABLE"}, survive: true},
		{name: "include another schema", args: []string{"--include", "public.*"}, notWant: []string{`DROP SCHEMA "`, "DROP TABLE"}, survive: true},
		{name: "config table filter", config: "tables:\n  exclude: ['tenant_b.t']\n",
			want: []string{`DROP TABLE "tenant_b"."u"`, `DROP VIEW "tenant_b"."v"`, `DROP FUNCTION "tenant_b"."f"()`}, notWant: []string{`DROP SCHEMA "`}, survive: true},
		{name: "exclude one table", args: []string{"--exclude", "tenant_b.t"},
			want:    []string{`DROP TABLE "tenant_b"."u"`, "-- Note: schema tenant_b is not dropped", "-- destructive: drops view tenant_b.v, which TO does not have\nDROP VIEW"},
			notWant: []string{`DROP SCHEMA "`}, survive: true},
		{name: "no filter", want: []string{"-- destructive: drops schema tenant_b with its 2 tables, 1 view and 1 function", `DROP SCHEMA "tenant_b" CASCADE`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			from, to := dbtest.Fresh(t, schema.Postgres), dbtest.Fresh(t, schema.Postgres)
			from.Exec(t, tenant)
			to.Exec(t, "CREATE TABLE public.x (a int)")
			dir := t.TempDir()
			args := append([]string{"diff", from.URL, to.URL, "--format", "sql"}, tc.args...)
			if tc.config != "" {
				cfg := filepath.Join(dir, "dbinspect.yaml")
				if err := os.WriteFile(cfg, []byte(tc.config), 0o600); err != nil {
					t.Fatal(err)
				}
				args = append(args, "--config", cfg)
			}
			out, stderr, code := dbinspect(t, args...)
			if code > 1 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("the plan lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tc.notWant {
				if strings.Contains(out, w) {
					t.Errorf("the plan holds %q:\n%s", w, out)
				}
			}
			script := filepath.Join(dir, "plan.sql")
			if err := os.WriteFile(script, []byte(out), 0o600); err != nil {
				t.Fatal(err)
			}
			from.LoadFile(t, script)
			var n int
			err := from.Admin.QueryRow("SELECT count(*) FROM tenant_b.t").Scan(&n)
			if survived := err == nil && n == 1; survived != tc.survive {
				t.Errorf("tenant_b.t survived: %v (%v), want %v", survived, err, tc.survive)
			}
		})
	}
}

// The summary of a schema dropped as a whole counts its tables, in text and JSON.
func TestSummaryCountsTheCascade(t *testing.T) {
	from, to := dbtest.Fresh(t, schema.Postgres), dbtest.Fresh(t, schema.Postgres)
	from.Exec(t, "CREATE SCHEMA tenant_b; CREATE TABLE tenant_b.t (a int); CREATE TABLE tenant_b.u (a int); CREATE VIEW tenant_b.v AS SELECT 1 AS one")
	out, stderr, code := dbinspect(t, "diff", from.URL, to.URL)
	if code != 1 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, w := range []string{"- schema tenant_b with 2 tables and 1 view  [destructive]", "2 tables changed: 2 dropped; 2 other changes; 1 destructive change"} {
		if !strings.Contains(out, w) {
			t.Errorf("text diff lacks %q:\n%s", w, out)
		}
	}
	out, _, _ = dbinspect(t, "diff", from.URL, to.URL, "--format", "json")
	var doc struct {
		Notes   []string `json:"notes"`
		Summary struct {
			Tables struct{ Dropped int } `json:"tables"`
		} `json:"summary"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Summary.Tables.Dropped != 2 || doc.Notes == nil {
		t.Errorf("JSON summary %+v, notes %v", doc.Summary, doc.Notes)
	}
}

// When both sides of a diff fail on their own, both errors are reported, each labelled, in
// one line, whichever fails first.
func TestDiffReportsBothSidesErrors(t *testing.T) {
	pg := dbtest.Fresh(t, schema.Postgres)
	missing := strings.Replace(pg.URL, pg.Name, pg.Name+"_missing", 1)
	for _, args := range [][]string{
		{"postgres://u:Secret-1@127.0.0.1:1/a", "mysql://u:Secret-1@127.0.0.1:2/b"},
		{"postgres://u:Secret-1@127.0.0.1:1/a", missing},
		{missing, "postgres://u:Secret-1@127.0.0.1:1/a"},
	} {
		_, stderr, code := dbinspect(t, "diff", args[0], args[1], "--connect-timeout", "5s")
		if code != 2 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "FROM: ") || !strings.Contains(stderr, "; TO: ") ||
			strings.Contains(stderr, "Secret-1") || strings.Contains(stderr, "no answer") {
			t.Errorf("diff %s: exit %d: %s", args, code, stderr)
		}
	}
}

package cli

import (
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/drivers/dbtest"
)

// What diff --format sql adds to the planner on PostgreSQL: exit codes, flags, messages. The
// plans themselves are proven in migrate/ (postgres_*_live_test.go).

// TestDiffFailOnHazard: --fail-on hazard exits 1 on a plan with a -- hazard: line and 0 on a
// plan free of them (the hazards themselves: migrate TestPostgresHazards).
func TestDiffFailOnHazard(t *testing.T) {
	from, to := dbtest.Postgres(t), dbtest.Postgres(t)
	execScript(t, from.Admin, `CREATE TABLE ref (id int PRIMARY KEY);
CREATE TABLE t (id int PRIMARY KEY, a int, b text, r int);
CREATE INDEX t_old ON t (b);`)
	execScript(t, to.Admin, `CREATE TABLE ref (id int PRIMARY KEY);
CREATE TABLE t (id int PRIMARY KEY, a int NOT NULL, b text, r int REFERENCES ref (id), CONSTRAINT a_pos CHECK (a > 0));
CREATE INDEX t_a ON t (a);`)
	if _, stderr, code := dbinspect(t, "diff", "--format", "sql", "--fail-on", "hazard", from.URL, to.URL); code != 1 {
		t.Errorf("--fail-on hazard: exit %d (%s), want 1", code, stderr)
	}
	// No difference left that a hazard could come from: --fail-on hazard exits 0.
	execScript(t, to.Admin, `DROP INDEX t_a`)
	execScript(t, from.Admin, `DROP INDEX t_old`)
	execScript(t, from.Admin, `ALTER TABLE t ALTER COLUMN a SET NOT NULL, ADD CONSTRAINT t_r_fkey FOREIGN KEY (r) REFERENCES ref (id), ADD CONSTRAINT a_pos CHECK (a > 0), ADD COLUMN c text`)
	if stdout, stderr, code := dbinspect(t, "diff", "--format", "sql", "--fail-on", "hazard", from.URL, to.URL); code != 0 {
		t.Errorf("--fail-on hazard with a plan free of hazards: exit %d (%s)\n%s", code, stderr, stdout)
	}
}

// TestDiffRefusedPlanExits2: a plan that refuses a change is not written: exit 2 with the
// refusal on stderr (a partition key, a type with no cast and the --using flag that supplies
// it); --allow-notes writes the rest with the change as NOT PLANNED. (What is refused and
// what the rest holds: migrate TestMigratePostgresPartitionKeyRefused, TestMigratePostgresNoCastRefused.)
func TestDiffRefusedPlanExits2(t *testing.T) {
	for _, c := range []struct{ name, from, to, stderr, notPlanned string }{
		{"partition key",
			`CREATE TABLE ev (id int NOT NULL, at date NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);`,
			`CREATE TABLE ev (id int NOT NULL, at date NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (id);`,
			"partition key RANGE (at) → RANGE (id)", "-- NOT PLANNED: table public.ev: partition key"},
		{"no cast",
			`CREATE TABLE ev (id int, at bigint);`, `CREATE TABLE ev (id int, at timestamp);`,
			"column public.ev.at: type bigint → timestamp without time zone", "-- NOT PLANNED: column public.ev.at"},
	} {
		t.Run(c.name, func(t *testing.T) {
			from, to := dbtest.Postgres(t), dbtest.Postgres(t)
			execScript(t, from.Admin, c.from)
			execScript(t, to.Admin, c.to)
			_, stderr, code := dbinspect(t, "diff", "--format", "sql", from.URL, to.URL)
			needInspector(t, stderr)
			if code != 2 || !strings.Contains(stderr, c.stderr) {
				t.Errorf("exit %d, stderr %q; want 2 naming %q", code, stderr, c.stderr)
			}
			if c.name == "no cast" && !strings.Contains(stderr, "--using ev.at=") {
				t.Errorf("stderr %q does not name --using", stderr)
			}
			if script := migrationSQL(t, from.URL, to.URL, false, "--allow-notes"); !strings.Contains(script, c.notPlanned) {
				t.Errorf("--allow-notes: the script lacks %q:\n%s", c.notPlanned, script)
			}
		})
	}
}

// TestDiffRoleMapFlag: --role-map OLD=NEW pairs roles (policy roles too, without
// --privileges); a malformed one is a usage error (exit 2). (Compare with a role map: migrate
// TestMigratePostgresPrivileges.)
func TestDiffRoleMapFlag(t *testing.T) {
	roles := dbtest.PostgresRoles(t, `app "a"; b`, `audit=x/y`)
	app, audit := `"`+strings.ReplaceAll(roles[0], `"`, `""`)+`"`, `"`+strings.ReplaceAll(roles[1], `"`, `""`)+`"`
	from, to := dbtest.Postgres(t), dbtest.Postgres(t)
	execScript(t, from.Admin, `CREATE TABLE t (id int); GRANT SELECT ON t TO `+app+`; CREATE POLICY "p; r" ON t TO `+app+` USING (id > 0);`)
	execScript(t, to.Admin, `CREATE TABLE t (id int); GRANT SELECT ON t TO `+audit+`; CREATE POLICY "p; r" ON t TO `+audit+` USING (id > 0);`)
	if got, code := diffJSON(t, from.URL, to.URL, "--privileges", "--role-map", roles[0]+"="+roles[1]); code != 0 || len(got) > 0 {
		t.Errorf("with the role map: exit %d, %q", code, got)
	}
	if got, code := diffJSON(t, from.URL, to.URL, "--privileges"); code != 1 || len(got) == 0 {
		t.Errorf("without the role map: exit %d, %q", code, got)
	}
	_, stderr, code := dbinspect(t, "diff", from.URL, to.URL, "--role-map", "x")
	if code != 2 || !strings.Contains(stderr, "OLD=NEW") {
		t.Errorf("--role-map x: exit %d, %s", code, stderr)
	}
}

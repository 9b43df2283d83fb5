package cli

import (
	"net/url"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/schema"
)

// Issue 10, "Partial reads compared as complete": a side that could not read a kind of object
// (privileges) is unknown there, not empty. The same database read by an administrator and by
// a user with fewer privileges must diff as no change — not as DROP FUNCTION, DROP CONSTRAINT,
// DROP TRIGGER or DROP TABLE for everything the user could not see — with notes in every
// format, and --require-complete exits 2.

const partialPG = `CREATE TABLE users (id int PRIMARY KEY, email text UNIQUE CHECK (email <> ''));
CREATE TABLE orders (id int PRIMARY KEY, user_id int REFERENCES users (id));
COMMENT ON TABLE users IS 'people';
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE FUNCTION total(a int) RETURNS int LANGUAGE sql AS 'SELECT a';
CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch();
CREATE VIEW big AS SELECT id FROM orders WHERE id > 10;`

func TestPostgresRoleWithoutCatalogsIsNotDroppedFrom(t *testing.T) {
	role := dbtest.PostgresRoles(t, "reader")[0]
	db := dbtest.Fresh(t, schema.Postgres)
	db.Exec(t, partialPG)
	db.Exec(t, `ALTER ROLE "`+role+`" LOGIN`)
	for _, c := range []string{"pg_proc", "pg_constraint", "pg_trigger", "pg_description", "pg_policy", "pg_rewrite"} {
		db.Exec(t, "REVOKE SELECT ON pg_catalog."+c+" FROM PUBLIC")
	}
	u, _ := url.Parse(db.URL)
	u.User = url.User(role)
	limited := u.String()

	for _, args := range [][]string{{db.URL, limited}, {limited, db.URL}} {
		out, stderr, code := dbinspect(t, "diff", args[0], args[1], "--format", "sql")
		if code != 0 {
			t.Errorf("diff %s: exit %d\n%s%s", args, code, out, stderr)
		}
		for _, bad := range []string{"DROP ", "CREATE ", "ALTER ", "COMMENT ON"} {
			if strings.Contains(out, bad) {
				t.Errorf("diff %s plans %q:\n%s", args, bad, out)
			}
		}
		for _, want := range []string{"-- Note: ", "could not read functions", "could not read constraints", "could not read triggers"} {
			if !strings.Contains(out, want) {
				t.Errorf("the script lacks %q:\n%s", want, out)
			}
		}
		if !strings.Contains(stderr, "dbinspect: note: ") {
			t.Errorf("no note on stderr: %s", stderr)
		}
	}
	for format, want := range map[string]string{"text": "note: TO could not read functions", "json": `"TO could not read functions`, "markdown": "> **Note:** TO could not read functions"} {
		out, _, _ := dbinspect(t, "diff", db.URL, limited, "--format", format)
		if !strings.Contains(out, want) {
			t.Errorf("%s lacks %q:\n%s", format, want, out)
		}
	}
	_, stderr, code := dbinspect(t, "diff", db.URL, limited, "--require-complete")
	if code != 2 || !strings.Contains(stderr, "--require-complete: TO could not read") || !strings.Contains(stderr, "functions (all schemas)") {
		t.Errorf("--require-complete: exit %d: %s", code, stderr)
	}
}

func TestMariaDBUserWithFewPrivilegesIsNotDroppedFrom(t *testing.T) {
	db := dbtest.Fresh(t, schema.MySQL)
	db.Exec(t, "CREATE TABLE t1 (id int PRIMARY KEY)", "CREATE TABLE t2 (id int PRIMARY KEY, t1 int, FOREIGN KEY (t1) REFERENCES t1 (id))",
		"CREATE TABLE t3 (a int)", "CREATE VIEW v1 AS SELECT id FROM t1",
		"CREATE PROCEDURE p1() SELECT 1", "CREATE FUNCTION f1() RETURNS int RETURN 1",
		"CREATE TRIGGER tr1 BEFORE INSERT ON t3 FOR EACH ROW SET NEW.a = 1")
	suffix := db.Name[len(db.Name)-8:]
	users := map[string]string{
		// SELECT on one table: the other tables, the view, routines and triggers are unseen.
		"dbi_one_" + suffix: "GRANT SELECT ON `" + db.Name + "`.t1 TO '%s'@'%%'",
		// SELECT on the database, no routine or trigger privileges.
		"dbi_sel_" + suffix: "GRANT SELECT ON `" + db.Name + "`.* TO '%s'@'%%'",
	}
	for user, grant := range users {
		db.Exec(t, "CREATE USER '"+user+"'@'%' IDENTIFIED BY 'Pw-"+suffix+"'", strings.ReplaceAll(strings.ReplaceAll(grant, "%s", user), "%%", "%"))
		t.Cleanup(func() { _, _ = db.Admin.Exec("DROP USER IF EXISTS '" + user + "'@'%'") })
	}
	for user := range users {
		t.Run(user[:7], func(t *testing.T) {
			u, _ := url.Parse(db.URL)
			u.User = url.UserPassword(user, "Pw-"+suffix)
			limited := u.String()
			for _, args := range [][]string{{db.URL, limited}, {limited, db.URL}} {
				out, stderr, code := dbinspect(t, "diff", args[0], args[1], "--format", "sql")
				if code != 0 {
					t.Errorf("exit %d\n%s%s", code, out, stderr)
				}
				for _, bad := range []string{"DROP ", "CREATE ", "ALTER "} {
					if strings.Contains(out, bad) {
						t.Errorf("the plan holds %q:\n%s", bad, out)
					}
				}
				if !strings.Contains(out, "-- Note: ") || strings.Contains(out+stderr, "Pw-"+suffix) {
					t.Errorf("notes or password:\n%s%s", out, stderr)
				}
			}
			if _, stderr, code := dbinspect(t, "diff", db.URL, limited, "--require-complete"); code != 2 {
				t.Errorf("--require-complete: exit %d: %s", code, stderr)
			}
		})
	}
}

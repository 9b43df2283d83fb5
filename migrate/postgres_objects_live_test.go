package migrate_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/migrate"
	"github.com/dbinspect/dbinspect/migrate/migratetest"
	"github.com/dbinspect/dbinspect/schema"
)

// Issue 12's PostgreSQL objects on the real server: for each kind, two databases that differ
// only in it, migrated both ways with `diff --format sql` applied by psql -v ON_ERROR_STOP=1,
// then diffed again (empty) and planned again (empty). Names are hostile throughout.

func pgObjectCases(role string) []migratetest.Case {
	r := quoteIdentTest(role)
	base := `CREATE TABLE "Sales ""Q1""" (id int PRIMARY KEY, "owner; name" text NOT NULL DEFAULT current_user, amount numeric(10,2));`
	return []migratetest.Case{
		{
			Name: "row level security with its policies",
			From: base,
			To: base + `
			  ALTER TABLE "Sales ""Q1""" ENABLE ROW LEVEL SECURITY;
			  ALTER TABLE "Sales ""Q1""" FORCE ROW LEVEL SECURITY;
			  CREATE POLICY "own rows; drop" ON "Sales ""Q1""" FOR SELECT USING ("owner; name" = current_user);
			  CREATE POLICY "No ""Debts""" ON "Sales ""Q1""" AS RESTRICTIVE FOR UPDATE TO ` + r + `
			    USING (amount >= 0) WITH CHECK (amount >= 0 AND id > 0);
			  COMMENT ON POLICY "own rows; drop" ON "Sales ""Q1""" IS 'each seller''s rows';`,
		},
		{
			Name: "policy expressions, roles and command change",
			From: base + `
			  CREATE POLICY "p 1" ON "Sales ""Q1""" FOR SELECT USING (id > 0);
			  CREATE POLICY "p 2" ON "Sales ""Q1""" FOR ALL TO ` + r + ` USING (amount > 0);`,
			To: base + `
			  CREATE POLICY "p 1" ON "Sales ""Q1""" FOR SELECT TO ` + r + ` USING (id > 10 AND "owner; name" <> 'x');
			  CREATE POLICY "p 2" ON "Sales ""Q1""" FOR INSERT TO ` + r + ` WITH CHECK (amount > 0);`,
		},
		{
			Name: "a column a policy reads changes type",
			From: base + `CREATE POLICY "reads owner" ON "Sales ""Q1""" USING ("owner; name" = current_user);`,
			To: strings.Replace(base, `"owner; name" text`, `"owner; name" varchar(100)`, 1) +
				`CREATE POLICY "reads owner" ON "Sales ""Q1""" USING ("owner; name" = current_user);`,
			Rows:  `INSERT INTO "Sales ""Q1""" VALUES (1, 'ann', 2);`,
			Query: `SELECT id, "owner; name" FROM "Sales ""Q1"""`, Want: "1|ann",
		},
		{
			Name: "rules on a table and on a view",
			From: base + `CREATE TABLE "Archive" (id int, amount numeric(10,2));
			  CREATE VIEW "big sales" AS SELECT id, amount FROM "Sales ""Q1""" WHERE amount > 100;`,
			To: base + `CREATE TABLE "Archive" (id int, amount numeric(10,2));
			  CREATE VIEW "big sales" AS SELECT id, amount FROM "Sales ""Q1""" WHERE amount > 100;
			  CREATE RULE "route; old" AS ON INSERT TO "Sales ""Q1""" WHERE new.id < 0
			    DO INSTEAD INSERT INTO "Archive" VALUES (new.id, new.amount);
			  CREATE RULE "no delete" AS ON DELETE TO "Archive" DO INSTEAD NOTHING;
			  ALTER TABLE "Archive" DISABLE RULE "no delete";
			  COMMENT ON RULE "no delete" ON "Archive" IS 'kept, off';
			  CREATE RULE "ins big" AS ON INSERT TO "big sales" DO INSTEAD
			    INSERT INTO "Sales ""Q1""" (id, amount) VALUES (new.id, new.amount);`,
		},
		{
			Name: "storage parameters, column settings, view options, replica identity",
			From: base + `CREATE INDEX "ix amount" ON "Sales ""Q1""" (amount);
			  CREATE UNIQUE INDEX "ux id" ON "Sales ""Q1""" (id, amount);
			  CREATE VIEW "v; sales" AS SELECT id FROM "Sales ""Q1""";
			  CREATE MATERIALIZED VIEW "mv sales" AS SELECT id FROM "Sales ""Q1""";
			  CREATE TABLE "log" (id int NOT NULL, note text);
			  CREATE UNIQUE INDEX "log id" ON "log" (id);`,
			To: base + `CREATE INDEX "ix amount" ON "Sales ""Q1""" (amount) WITH (fillfactor = 80);
			  CREATE UNIQUE INDEX "ux id" ON "Sales ""Q1""" (id, amount) WITH (deduplicate_items = off);
			  ALTER TABLE "Sales ""Q1""" SET (fillfactor = 70, autovacuum_enabled = false, toast.autovacuum_enabled = false);
			  ALTER TABLE "Sales ""Q1""" ALTER COLUMN "owner; name" SET (n_distinct = -1);
			  ALTER TABLE "Sales ""Q1""" ALTER COLUMN "owner; name" SET STATISTICS 500;
			  ALTER TABLE "Sales ""Q1""" ALTER COLUMN "owner; name" SET STORAGE MAIN;
			  ALTER TABLE "Sales ""Q1""" REPLICA IDENTITY FULL;
			  CREATE VIEW "v; sales" WITH (security_barrier = true) AS SELECT id FROM "Sales ""Q1""";
			  CREATE MATERIALIZED VIEW "mv sales" WITH (fillfactor = 50) AS SELECT id FROM "Sales ""Q1""";
			  CREATE TABLE "log" (id int NOT NULL, note text);
			  CREATE UNIQUE INDEX "log id" ON "log" (id);
			  ALTER TABLE "log" REPLICA IDENTITY USING INDEX "log id";`,
		},
		{
			Name: "comments on constraints, triggers, indexes, domains and types",
			From: `CREATE DOMAIN "pos int" AS int CHECK (VALUE > 0);
			  CREATE TYPE "pair; t" AS (a int, b text);
			  CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
			  CREATE TABLE "T" (id int CONSTRAINT "T pk" PRIMARY KEY, n int CONSTRAINT "n positive" CHECK (n > 0),
			    r int CONSTRAINT "r ref" REFERENCES "T" (id), CONSTRAINT "u n" UNIQUE (n));
			  CREATE INDEX "ix n" ON "T" (n);
			  CREATE TRIGGER "trg; t" BEFORE UPDATE ON "T" FOR EACH ROW EXECUTE FUNCTION touch();`,
			To: `CREATE DOMAIN "pos int" AS int CHECK (VALUE > 0);
			  CREATE TYPE "pair; t" AS (a int, b text);
			  CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
			  CREATE TABLE "T" (id int CONSTRAINT "T pk" PRIMARY KEY, n int CONSTRAINT "n positive" CHECK (n > 0),
			    r int CONSTRAINT "r ref" REFERENCES "T" (id), CONSTRAINT "u n" UNIQUE (n));
			  CREATE INDEX "ix n" ON "T" (n);
			  CREATE TRIGGER "trg; t" BEFORE UPDATE ON "T" FOR EACH ROW EXECUTE FUNCTION touch();
			  COMMENT ON CONSTRAINT "T pk" ON "T" IS 'the key';
			  COMMENT ON CONSTRAINT "n positive" ON "T" IS 'no zero';
			  COMMENT ON CONSTRAINT "r ref" ON "T" IS 'parent row';
			  COMMENT ON CONSTRAINT "u n" ON "T" IS 'one each';
			  COMMENT ON INDEX "ix n" IS 'by n';
			  COMMENT ON TRIGGER "trg; t" ON "T" IS 'touches';
			  COMMENT ON DOMAIN "pos int" IS 'positive';
			  COMMENT ON TYPE "pair; t" IS 'two things';`,
		},
		{
			Name: "an exclusion constraint over an expression, with a comment",
			From: `CREATE TABLE "Room; 1" (id int, name text);`,
			To: `CREATE TABLE "Room; 1" (id int, name text, CONSTRAINT "one name; ci" EXCLUDE USING btree (lower(name) WITH =));
			  COMMENT ON CONSTRAINT "one name; ci" ON "Room; 1" IS 'case-insensitive';`,
		},
		{
			Name: "an explicit constraint name replacing a generated one is a rename",
			From: `CREATE TABLE "U" (id int PRIMARY KEY, email text UNIQUE);`,
			To:   `CREATE TABLE "U" (id int PRIMARY KEY, email text CONSTRAINT "ux; email" UNIQUE);`,
		},
	}
}

func quoteIdentTest(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// TestMigratePostgresObjects runs each case FROM → TO and TO → FROM.
func TestMigratePostgresObjects(t *testing.T) {
	roles := dbtest.PostgresRoles(t, `seller "x"; y`)
	for _, c := range pgObjectCases(roles[0]) {
		for _, back := range []bool{false, true} {
			c := c
			name := c.Name
			if back {
				c.From, c.To = c.To, c.From
				c.Rows, c.Query, c.Want = "", "", ""
				name += " (back)"
			}
			t.Run(name, func(t *testing.T) { migratetest.Run(t, schema.Postgres, c) })
		}
	}
}

// TestRebuiltViewKeepsGrants: a view the plan drops and creates again gets its owner and
// grants back, though privileges are not compared.
func TestRebuiltViewKeepsGrants(t *testing.T) {
	roles := dbtest.PostgresRoles(t, `reader "r"`)
	r := quoteIdentTest(roles[0])
	c := migratetest.Case{
		From: `CREATE TABLE t (id int, n int); CREATE VIEW "v; 1" AS SELECT id FROM t;
		  GRANT SELECT ON "v; 1" TO ` + r + `; GRANT INSERT (id) ON "v; 1" TO ` + r + `;`,
		To: `CREATE TABLE t (id int, n int); CREATE VIEW "v; 1" AS SELECT id FROM t WHERE n > 0;`,
		Query: fmt.Sprintf(`SELECT has_table_privilege(%s, '"v; 1"', 'SELECT'), has_column_privilege(%s, '"v; 1"', 'id', 'INSERT')`,
			quoteLiteralTest(roles[0]), quoteLiteralTest(roles[0])),
		Want: "true|true",
	}
	migratetest.Run(t, schema.Postgres, c)
}

func quoteLiteralTest(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// TestMigratePostgresPrivileges: with --privileges, owners, grants (column grants and grant
// options too) and default privileges are compared and planned both ways; without it they are
// no difference. --role-map pairs a FROM role with a TO role of another name.
func TestMigratePostgresPrivileges(t *testing.T) {
	roles := dbtest.PostgresRoles(t, `app "a"; b`, `audit=x/y`, `owner o`)
	app, audit, owner := quoteIdentTest(roles[0]), quoteIdentTest(roles[1]), quoteIdentTest(roles[2])
	base := `CREATE SCHEMA "S 1"; CREATE TABLE "S 1"."T; 1" (id int, secret text);
	  CREATE SEQUENCE "S 1"."seq x"; CREATE FUNCTION "S 1".f(a int) RETURNS int LANGUAGE sql AS 'SELECT a';
	  CREATE TYPE "S 1".mood AS ENUM ('a'); CREATE VIEW "S 1"."v 1" AS SELECT id FROM "S 1"."T; 1";`
	privileged := base + `
	  GRANT USAGE ON SCHEMA "S 1" TO ` + app + `;
	  GRANT SELECT, INSERT ON "S 1"."T; 1" TO ` + app + ` WITH GRANT OPTION;
	  GRANT SELECT (id), UPDATE (id, secret) ON "S 1"."T; 1" TO ` + audit + `;
	  GRANT USAGE ON SEQUENCE "S 1"."seq x" TO ` + app + `;
	  REVOKE ALL ON FUNCTION "S 1".f(int) FROM PUBLIC; GRANT EXECUTE ON FUNCTION "S 1".f(int) TO ` + app + `;
	  GRANT SELECT ON "S 1"."v 1" TO PUBLIC;
	  ALTER TYPE "S 1".mood OWNER TO ` + owner + `;
	  ALTER DEFAULT PRIVILEGES FOR ROLE ` + owner + ` IN SCHEMA "S 1" GRANT SELECT ON TABLES TO ` + app + `;`
	for _, c := range []migratetest.Case{
		{Name: "granted", From: base, To: privileged, Diff: diff.Options{Privileges: true}},
		{Name: "revoked", From: privileged, To: base, Diff: diff.Options{Privileges: true}},
	} {
		t.Run(c.Name, func(t *testing.T) { migratetest.Run(t, schema.Postgres, c) })
	}
	t.Run("not compared without --privileges", func(t *testing.T) {
		from, to := dbtest.Fresh(t, schema.Postgres), dbtest.Fresh(t, schema.Postgres)
		migratetest.Exec(t, from.Admin, base)
		migratetest.Exec(t, to.Admin, privileged)
		if got := migratetest.Changes(t, from, to, diff.Options{}); len(got) > 0 {
			t.Errorf("Compare without Privileges: %q", got)
		}
	})
	t.Run("role map", func(t *testing.T) {
		from, to := dbtest.Fresh(t, schema.Postgres), dbtest.Fresh(t, schema.Postgres)
		migratetest.Exec(t, from.Admin, base+`GRANT SELECT ON "S 1"."T; 1" TO `+app+`;`)
		migratetest.Exec(t, to.Admin, base+`GRANT SELECT ON "S 1"."T; 1" TO `+audit+`;`)
		roleMap := map[string]string{roles[0]: roles[1]}
		if got := migratetest.Changes(t, from, to, diff.Options{Privileges: true, RoleMap: roleMap}); len(got) > 0 {
			t.Errorf("with the role map: %q", got)
		}
		if got := migratetest.Changes(t, from, to, diff.Options{Privileges: true}); len(got) == 0 {
			t.Errorf("without the role map: no change")
		}
		// Policy roles follow the role map too, with or without --privileges.
		migratetest.Exec(t, from.Admin, `CREATE POLICY "p; r" ON "S 1"."T; 1" TO `+app+` USING (id > 0);`)
		migratetest.Exec(t, to.Admin, `CREATE POLICY "p; r" ON "S 1"."T; 1" TO `+audit+` USING (id > 0);`)
		if got := migratetest.Changes(t, from, to, diff.Options{RoleMap: roleMap}); len(got) > 0 {
			t.Errorf("policy roles with the role map: %q", got)
		}
	})
}

// TestUniqueConstraintAndIndexDiffer: a UNIQUE constraint and a unique index on the same
// columns are different objects; an index becoming a constraint is ADD CONSTRAINT … USING
// INDEX; --ignore unique-kind makes them equal.
func TestUniqueConstraintAndIndexDiffer(t *testing.T) {
	index := `CREATE TABLE "U 1" (id int, email text); CREATE UNIQUE INDEX "ux; email" ON "U 1" (email);`
	constraint := `CREATE TABLE "U 1" (id int, email text CONSTRAINT "ux; email" UNIQUE);`
	for _, c := range []migratetest.Case{
		{Name: "index to constraint", From: index, To: constraint, Rows: `INSERT INTO "U 1" VALUES (1, 'a');`,
			Query: `SELECT count(*) FROM pg_constraint WHERE conname = 'ux; email'`, Want: "1"},
		{Name: "constraint to index", From: constraint, To: index},
	} {
		t.Run(c.Name, func(t *testing.T) { migratetest.Run(t, schema.Postgres, c) })
	}
	t.Run("ignored", func(t *testing.T) {
		from, to := dbtest.Fresh(t, schema.Postgres), dbtest.Fresh(t, schema.Postgres)
		migratetest.Exec(t, from.Admin, index)
		migratetest.Exec(t, to.Admin, constraint)
		if got := migratetest.Changes(t, from, to, diff.Options{Ignore: []diff.Category{diff.ParseCategory("unique-kind")}}); len(got) > 0 {
			t.Errorf("ignoring unique-kind: %q", got)
		}
		if script := migratetest.Script(t, from, to, diff.Options{}, migrate.Options{}, false); !strings.Contains(script, `UNIQUE USING INDEX "ux; email"`) {
			t.Errorf("not planned with USING INDEX:\n%s", script)
		}
	})
}

// TestReplacedFunctionKeepsGrants: a function dropped and created again (its result type
// changes) gets its comment and grants back, PUBLIC's revoked EXECUTE included.
func TestReplacedFunctionKeepsGrants(t *testing.T) {
	roles := dbtest.PostgresRoles(t, `exec "e"`)
	r := quoteIdentTest(roles[0])
	c := migratetest.Case{
		From: `CREATE FUNCTION "f; 1"(a int) RETURNS int LANGUAGE sql AS 'SELECT a';
		  COMMENT ON FUNCTION "f; 1"(int) IS 'one';
		  REVOKE ALL ON FUNCTION "f; 1"(int) FROM PUBLIC; GRANT EXECUTE ON FUNCTION "f; 1"(int) TO ` + r + `;`,
		To: `CREATE FUNCTION "f; 1"(a int) RETURNS bigint LANGUAGE sql AS 'SELECT a::bigint';
		  COMMENT ON FUNCTION "f; 1"(int) IS 'one';`,
		Query: fmt.Sprintf(`SELECT has_function_privilege(%s, '"f; 1"(int)', 'EXECUTE'), has_function_privilege('public', '"f; 1"(int)', 'EXECUTE'),
		  obj_description('"f; 1"(int)'::regprocedure)`, quoteLiteralTest(roles[0])),
		Want: "true|false|one",
	}
	migratetest.Run(t, schema.Postgres, c)
}

// TestMigrateExtensionVersion: an extension's version is compared and planned as ALTER
// EXTENSION … UPDATE TO; the objects it owns are never planned.
func TestMigrateExtensionVersion(t *testing.T) {
	c := migratetest.Case{
		From: `CREATE SCHEMA "ext; s"; CREATE EXTENSION citext VERSION '1.5' SCHEMA "ext; s";
		  CREATE TABLE t (id int, email "ext; s".citext);`,
		To: `CREATE SCHEMA "ext; s"; CREATE EXTENSION citext VERSION '1.6' SCHEMA "ext; s";
		  CREATE TABLE t (id int, email "ext; s".citext);`,
		Query: `SELECT extversion FROM pg_extension WHERE extname = 'citext'`, Want: "1.6",
	}
	migratetest.Run(t, schema.Postgres, c)
}

// TestRebuiltEnumKeepsGrants: an enum rebuilt (a value removed) keeps its comment, owner and
// grants.
func TestRebuiltEnumKeepsGrants(t *testing.T) {
	roles := dbtest.PostgresRoles(t, `user "u"`)
	r := quoteIdentTest(roles[0])
	c := migratetest.Case{
		From: `CREATE TYPE "state; e" AS ENUM ('new', 'old', 'gone'); COMMENT ON TYPE "state; e" IS 'states';
		  REVOKE ALL ON TYPE "state; e" FROM PUBLIC; GRANT USAGE ON TYPE "state; e" TO ` + r + `;
		  CREATE TABLE t (id int, s "state; e");`,
		To: `CREATE TYPE "state; e" AS ENUM ('old', 'new'); COMMENT ON TYPE "state; e" IS 'states';
		  CREATE TABLE t (id int, s "state; e");`,
		Rows: `INSERT INTO t VALUES (1, 'new');`,
		Query: fmt.Sprintf(`SELECT has_type_privilege(%s, '"state; e"', 'USAGE'), has_type_privilege('public', '"state; e"', 'USAGE'),
		  obj_description('"state; e"'::regtype), (SELECT s FROM t)`, quoteLiteralTest(roles[0])),
		Want: "true|false|states|new",
	}
	migratetest.Run(t, schema.Postgres, c)
}

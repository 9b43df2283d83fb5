package migrate_test

import (
	"testing"

	"github.com/dbinspect/dbinspect/migrate/migratetest"
	"github.com/dbinspect/dbinspect/schema"
)

// Issue 13: drops in order and never twice, and creates in the order the catalog's
// dependencies need (SQL-standard function bodies, domains calling functions, defaults,
// generated columns and views over functions).

const routinesSchema = `CREATE FUNCTION a_base(x int) RETURNS int LANGUAGE sql IMMUTABLE RETURN x + 1;
CREATE FUNCTION z_mid(x int) RETURNS int LANGUAGE sql IMMUTABLE BEGIN ATOMIC SELECT a_base(x) * 2; END;
CREATE FUNCTION b_top(x int) RETURNS int LANGUAGE sql IMMUTABLE RETURN z_mid(x) + 3;
CREATE FUNCTION is_pos(x int) RETURNS bool LANGUAGE sql IMMUTABLE RETURN x > 0;
CREATE DOMAIN posint AS int CHECK (is_pos(VALUE));
CREATE TABLE t (id posint DEFAULT b_top(1), g int GENERATED ALWAYS AS (z_mid(5)) STORED);
CREATE VIEW v AS SELECT b_top(id) AS b FROM t;
CREATE TABLE r (id int);
CREATE FUNCTION first_r() RETURNS SETOF r LANGUAGE sql RETURN (SELECT r FROM r LIMIT 1);
CREATE FUNCTION count_r() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT count(*) FROM r; END;
`

var postgresOrderMigrations = []migratetest.Case{
	{
		Name:  "routines, domains, defaults, generated columns and views created in dependency order",
		From:  `CREATE TABLE keep (id int); `,
		Rows:  `INSERT INTO keep VALUES (1);`,
		To:    `CREATE TABLE keep (id int); ` + routinesSchema,
		Query: `SELECT id, b_top(id) FROM keep`,
		Want:  "1|7",
	},
	{
		Name:  "routines, domains and the tables using them dropped in dependency order",
		From:  `CREATE TABLE keep (id int); ` + routinesSchema,
		Rows:  `INSERT INTO keep VALUES (1); INSERT INTO t (id) VALUES (2);`,
		To:    `CREATE TABLE keep (id int);`,
		Query: `SELECT id FROM keep`,
		Want:  "1",
	},
	{
		// namesDroppedTable: each routine below depends on a dropped table (its signature's
		// row type or its SQL-standard body, hostile names quoted), so DROP TABLE fails unless
		// the routine is dropped first; a routine naming one only in a string literal, one with an
		// argument named like one and routines calling others are dropped too, in their order.
		Name: "routines depending on dropped tables with hostile names dropped before the tables",
		From: `CREATE SCHEMA "Odd ""S"".x";
CREATE TABLE keep (id int);
CREATE TABLE "Odd ""S"".x"."My T.1" (id int);
CREATE TABLE "Odd ""S"".x"."R" (id int);
CREATE TABLE r (id int);
CREATE FUNCTION "Odd ""S"".x"."f (1)"(v "Odd ""S"".x"."My T.1") RETURNS int LANGUAGE sql RETURN 1;
CREATE FUNCTION "Odd ""S"".x".rows() RETURNS SETOF "Odd ""S"".x"."R" LANGUAGE sql AS $$SELECT * FROM "Odd ""S"".x"."R"$$;
CREATE FUNCTION count_t() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT count(*) FROM "Odd ""S"".x"."My T.1"; END;
CREATE FUNCTION "r"(x int) RETURNS int LANGUAGE sql RETURN (SELECT count(*)::int + x FROM public.r);
CREATE FUNCTION arg(r int) RETURNS int LANGUAGE sql RETURN r + 1;
CREATE FUNCTION lit() RETURNS text LANGUAGE sql RETURN 'public.r, "Odd ""S"".x"."R"';
CREATE FUNCTION base() RETURNS int LANGUAGE sql RETURN 1;
CREATE FUNCTION top() RETURNS int LANGUAGE sql RETURN base() + count_t()::int;`,
		Rows:  `INSERT INTO keep VALUES (1); INSERT INTO "Odd ""S"".x"."My T.1" VALUES (2); INSERT INTO r VALUES (3);`,
		To:    `CREATE SCHEMA "Odd ""S"".x"; CREATE TABLE keep (id int);`,
		Query: `SELECT id FROM keep`,
		Want:  "1",
	},
	{
		Name: "a schema dropped CASCADE, dependent extensions, a sequence whose owner is dropped",
		From: `CREATE SCHEMA s;
CREATE TYPE s.mood AS ENUM ('a', 'b');
CREATE TABLE s.t (id int PRIMARY KEY, m s.mood);
CREATE FUNCTION s.f() RETURNS int LANGUAGE sql AS 'select 1';
CREATE VIEW s.v AS SELECT id FROM s.t;
CREATE TABLE u (id int PRIMARY KEY, t_id int REFERENCES s.t (id));
CREATE VIEW pv AS SELECT * FROM s.t;
CREATE EXTENSION cube; CREATE EXTENSION earthdistance;
CREATE TABLE gone (id serial PRIMARY KEY, n int);
CREATE SEQUENCE keepseq OWNED BY gone.n;
CREATE TABLE keep (id int);`,
		Rows:  `INSERT INTO keep VALUES (1); INSERT INTO u VALUES (5, NULL); SELECT setval('keepseq', 42);`,
		To:    `CREATE TABLE u (id int PRIMARY KEY, t_id int); CREATE SEQUENCE keepseq; CREATE TABLE keep (id int);`,
		Query: `SELECT (SELECT id FROM keep), (SELECT id FROM u), last_value FROM keepseq`,
		Want:  "1|5|42",
	},
}

func TestMigratePostgresOrder(t *testing.T) {
	for _, c := range postgresOrderMigrations {
		t.Run(c.Name, func(t *testing.T) {
			migratetest.Run(t, schema.Postgres, c)
		})
	}
}

package cli

import "testing"

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

var postgresOrderMigrations = []migrationCase{
	{
		name:  "routines, domains, defaults, generated columns and views created in dependency order",
		from:  `CREATE TABLE keep (id int); `,
		rows:  `INSERT INTO keep VALUES (1);`,
		to:    `CREATE TABLE keep (id int); ` + routinesSchema,
		query: `SELECT id, b_top(id) FROM keep`,
		want:  "1|7",
	},
	{
		name:  "routines, domains and the tables using them dropped in dependency order",
		from:  `CREATE TABLE keep (id int); ` + routinesSchema,
		rows:  `INSERT INTO keep VALUES (1); INSERT INTO t (id) VALUES (2);`,
		to:    `CREATE TABLE keep (id int);`,
		query: `SELECT id FROM keep`,
		want:  "1",
	},
	{
		name: "a schema dropped CASCADE, dependent extensions, a sequence whose owner is dropped",
		from: `CREATE SCHEMA s;
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
		rows:  `INSERT INTO keep VALUES (1); INSERT INTO u VALUES (5, NULL); SELECT setval('keepseq', 42);`,
		to:    `CREATE TABLE u (id int PRIMARY KEY, t_id int); CREATE SEQUENCE keepseq; CREATE TABLE keep (id int);`,
		query: `SELECT (SELECT id FROM keep), (SELECT id FROM u), last_value FROM keepseq`,
		want:  "1|5|42",
	},
}

func TestMigratePostgresOrder(t *testing.T) {
	for _, c := range postgresOrderMigrations {
		t.Run(c.name, func(t *testing.T) {
			runMigrationCase(t, freshPostgres, c)
		})
	}
}

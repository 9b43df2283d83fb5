package migrate_test

import (
	"testing"

	"github.com/dbinspect/dbinspect/migrate"
	"github.com/dbinspect/dbinspect/migrate/migratetest"
	"github.com/dbinspect/dbinspect/schema"
)

// TestMigratePostgresSafeDependents: what --safe leaves out takes with it what relies on it,
// so the plan applies with psql -v ON_ERROR_STOP=1: an expression index and a view on the
// new type of a column whose type change (USING) is destructive, the index and comment of a
// NOT NULL column added without a default. After it ran the diff finds exactly what was left
// out (Case.Left), the other table's column is added, the rows are kept, and the --safe plan
// built again runs nothing. Before safeSkips' table rule each case failed on the server.
func TestMigratePostgresSafeDependents(t *testing.T) {
	const other, otherTo = "CREATE TABLE other (id int PRIMARY KEY);\n", "CREATE TABLE other (id int PRIMARY KEY, m int);\n"
	const rows = "INSERT INTO other VALUES (1);\n"
	using := migrate.Options{Safe: true, Using: map[string]string{"t.n": `"n"::integer`}}
	for _, c := range []migratetest.Case{
		{Name: "expression index on the new type", From: other + "CREATE TABLE t (id int PRIMARY KEY, n text);",
			To:   otherTo + "CREATE TABLE t (id int PRIMARY KEY, n integer); CREATE INDEX t_n1 ON t ((n + 1));",
			Rows: rows + "INSERT INTO t VALUES (1, '5');", Query: "SELECT id, n FROM t", Want: "1|5", Plan: using,
			Left: []string{"add index t.t_n1", "modify column t.n !"}},
		{Name: "view on the new type", From: other + "CREATE TABLE t (id int PRIMARY KEY, n text);",
			To:   otherTo + "CREATE TABLE t (id int PRIMARY KEY, n integer); CREATE VIEW v AS SELECT n + 1 AS m FROM t;",
			Rows: rows + "INSERT INTO t VALUES (1, '5');", Query: "SELECT id, n FROM t", Want: "1|5", Plan: using,
			Left: []string{"add view v", "modify column t.n !"}},
		{Name: "index and comment of a NOT NULL column without default", From: other + "CREATE TABLE t (id int PRIMARY KEY);",
			To:   otherTo + "CREATE TABLE t (id int PRIMARY KEY, c text NOT NULL); COMMENT ON COLUMN t.c IS 'see'; CREATE INDEX t_c ON t (c);",
			Rows: rows + "INSERT INTO t VALUES (1);", Query: "SELECT id FROM t", Want: "1", Plan: migrate.Options{Safe: true},
			Left: []string{"add column t.c !", "add index t.t_c"}},
	} {
		t.Run(c.Name, func(t *testing.T) { migratetest.Run(t, schema.Postgres, c) })
	}
}

// TestMigrateSQLiteSafeDependents: a table rebuild --safe leaves out (it drops a column) takes
// with it the new view reading a column the rebuild adds, which sqlite3 would create broken
// (and which would then fail every later RENAME). Applied with sqlite3 -bail; the diff finds
// exactly what was left out, the rows are kept, the --safe plan built again runs nothing.
func TestMigrateSQLiteSafeDependents(t *testing.T) {
	migratetest.Run(t, schema.SQLite, migratetest.Case{
		From: "CREATE TABLE other (id INTEGER PRIMARY KEY);\nCREATE TABLE t (id INTEGER PRIMARY KEY, old TEXT, a TEXT);",
		To: "CREATE TABLE other (id INTEGER PRIMARY KEY, m INTEGER);\n" +
			"CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT NOT NULL DEFAULT 'x' CHECK (b <> ''));\nCREATE VIEW v AS SELECT b FROM t;",
		Rows:  "INSERT INTO other VALUES (1); INSERT INTO t VALUES (1, 'o', 'a');",
		Query: "SELECT id, old, a FROM t", Want: "1|o|a", Plan: migrate.Options{Safe: true},
		Left: []string{"add check t. !", "add column t.b", "add view v", "drop column t.old !"},
	})
}

package inspector

import (
	"context"
	"database/sql"
	"testing"

	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/schema"
)

// indexDefFixture has an index of every shape indexDefColumn sorts, on names quote_ident must
// quote (reserved, type/function and column-name keywords, capitals, quotes, spaces, a
// leading digit, non-ASCII) and names it must not (unreserved keywords).
const indexDefFixture = `
CREATE SCHEMA "Hostile ""Schema""";
CREATE SCHEMA plain;
CREATE COLLATION "Hostile ""Schema"""."Coll Ü" (provider = libc, locale = 'C');
CREATE DOMAIN plain.code AS text;
CREATE TYPE plain.mood AS ENUM ('a', 'b');
CREATE TABLE "Hostile ""Schema"""."select" (
  "user" int, name text, action varchar(20), "Mixed Case" text, "q""uote" char(3), "1st" date,
  "int" bigint, "left" numeric, "between" uuid, ü timestamptz, "sp ace" boolean, c plain.code,
  m plain.mood, tags text[], net cidr, body text, n name, total numeric);
SET search_path = "Hostile ""Schema""";
CREATE UNIQUE INDEX "Unique ""Ix""" ON "select" ("user", name);
CREATE INDEX "order" ON "select" ("int" DESC, "left" NULLS FIRST, "between" DESC NULLS LAST, ü ASC NULLS LAST);
CREATE INDEX action ON "select" (action);
CREATE INDEX "with include" ON "select" ("Mixed Case") INCLUDE ("q""uote", "1st", "sp ace");
CREATE UNIQUE INDEX nnd ON "select" ("user") NULLS NOT DISTINCT;
CREATE INDEX coll_c ON "select" (name COLLATE "C", action COLLATE "POSIX" DESC);
CREATE INDEX coll_own ON "select" ("Mixed Case" COLLATE "Hostile ""Schema"""."Coll Ü");
CREATE INDEX hashed ON "select" USING hash (body);
CREATE INDEX explicit_default ON "select" (name text_ops, "int" int8_ops);
CREATE INDEX varchar_text_ops ON "select" (action text_ops);
CREATE INDEX pattern ON "select" (name text_pattern_ops, action varchar_pattern_ops);
CREATE INDEX domain_col ON "select" (c);
CREATE INDEX enum_col ON "select" (m);
CREATE INDEX array_col ON "select" (tags);
CREATE INDEX gin_col ON "select" USING gin (tags);
CREATE INDEX cidr_col ON "select" (net);
CREATE INDEX name_col ON "select" (n);
CREATE INDEX "expr" ON "select" (lower(name), "user");
CREATE INDEX partial ON "select" ("user") WHERE total > 0;
CREATE INDEX fill ON "select" ("user") WITH (fillfactor = 70);
CREATE TABLE plain.parted (id int, at date, name text) PARTITION BY RANGE (at);
CREATE TABLE plain.parted_2024 PARTITION OF plain.parted FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE INDEX parted_name ON plain.parted (name);
CREATE INDEX part_own ON plain.parted_2024 (id DESC);
CREATE MATERIALIZED VIEW plain.mv AS SELECT 1 AS id, 'x'::text AS "Label";
CREATE UNIQUE INDEX mv_id ON plain.mv (id, "Label");
`

// goWritten are the fixture's indexes whose definitions Go writes (the rest come from
// pg_get_indexdef); the test checks the split, so the comparison covers Go's text.
var goWritten = map[string]bool{
	`Unique "Ix"`: true, "order": true, "action": true, "with include": true, "nnd": true, "coll_c": true,
	"coll_own": true, "hashed": true, "explicit_default": true, "varchar_text_ops": true,
	"name_col": true, "part_own": true, "mv_id": true, "parted_2024_name_idx": true,
}

// TestPostgresIndexDefinitions: every index definition the inspector reports is
// pg_get_indexdef's text, byte for byte, whether Go wrote it or the server, also with
// quote_all_identifiers on.
func TestPostgresIndexDefinitions(t *testing.T) {
	db := dbtest.Postgres(t)
	db.Exec(t, indexDefFixture)
	for _, quoteAll := range []bool{false, true} {
		if quoteAll {
			db.Exec(t, `ALTER DATABASE "`+db.Name+`" SET quote_all_identifiers = on`)
		}
		m := inspectURL(t, db.URL, Options{})
		if n := assertIndexDefinitions(t, db, m, quoteAll); n != 24 {
			t.Errorf("quote_all_identifiers %v: compared %d indexes, want 24", quoteAll, n)
		}
	}
	plain := plainIndexes(t, db)
	for name := range goWritten {
		if !plain[name] {
			t.Errorf("index %s: definition from the server, want Go's", name)
		}
	}
	for name := range plain {
		if !goWritten[name] {
			t.Errorf("index %s: definition written by Go, want the server's", name)
		}
	}
}

// assertIndexDefinitions compares the definition of every index of the model with
// pg_get_indexdef's, read with the inspection's search_path, and returns how many it compared.
func assertIndexDefinitions(t *testing.T, db *dbtest.DB, m *schema.Database, quoteAll bool) int {
	t.Helper()
	want := map[[3]string]string{}
	err := inTxQuery(t, db.Admin, quoteAll, `SELECT n.nspname, c.relname, ic.relname, pg_get_indexdef(i.indexrelid)
FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class c ON c.oid = i.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace`, func(rows *sql.Rows) error {
		var k [3]string
		var def string
		if err := rows.Scan(&k[0], &k[1], &k[2], &def); err != nil {
			return err
		}
		want[k] = def
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	check := func(s, rel string, indexes []schema.Index) {
		for _, x := range indexes {
			n++
			if w := want[[3]string{s, rel, x.Name}]; x.Definition != w {
				t.Errorf("index %s.%s.%s:\n got %s\nwant %s", s, rel, x.Name, x.Definition, w)
			}
		}
	}
	for _, s := range m.Schemas {
		for _, tb := range s.Tables {
			check(s.Name, tb.Name, tb.Indexes)
		}
		for _, v := range s.Views {
			check(s.Name, v.Name, v.Indexes)
		}
	}
	return n
}

// plainIndexes names the indexes for which the inspector's index query leaves the definition
// to Go.
func plainIndexes(t *testing.T, db *dbtest.DB) map[string]bool {
	t.Helper()
	srv := pgServer{version: serverVersion(t, db)}
	plain := map[string]bool{}
	err := inTxQuery(t, db.Admin, false, `SELECT ic.relname, `+srv.indexDefColumn()+` IS NULL
FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
JOIN pg_namespace n ON n.oid = ic.relnamespace WHERE n.nspname IN ('plain', 'Hostile "Schema"')`, func(rows *sql.Rows) error {
		var name string
		var isPlain bool
		if err := rows.Scan(&name, &isPlain); err != nil {
			return err
		}
		if isPlain {
			plain[name] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return plain
}

func serverVersion(t *testing.T, db *dbtest.DB) int {
	t.Helper()
	var v int
	if err := db.Admin.QueryRow(`SELECT current_setting('server_version_num')::int`).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// inTxQuery runs a query with search_path pg_catalog, as the inspector does, and
// quote_all_identifiers on if asked.
func inTxQuery(t *testing.T, db *sql.DB, quoteAll bool, query string, scan func(*sql.Rows) error) error {
	t.Helper()
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // read only
	if _, err := tx.ExecContext(ctx, `SET LOCAL search_path = pg_catalog`); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `SELECT set_config('quote_all_identifiers', $1, true)`, map[bool]string{true: "on", false: "off"}[quoteAll]); err != nil {
		return err
	}
	return eachRow(ctx, tx, query, scan)
}

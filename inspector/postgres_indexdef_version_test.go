package inspector

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/schema"
)

// The index query's branches by server version (indexesQuery, indexDefColumn): before 11
// the key columns are indnatts (no INCLUDE: every column is a key), before 13 no operator
// class takes options, before 15 no index is NULLS NOT DISTINCT. Only PostgreSQL 15 runs
// here, so each branch is proven from the catalog row an older server holds, through the same
// code that writes the definition from a PostgreSQL 15 row: the text is what pg_get_indexdef
// prints on 15 where the feature exists (TestPostgresIndexDefinitionRowsOn15 makes each such
// index and compares the row and the text), the documented syntax of the older release where
// it does not.

// indexDefRow is what the index query returns for an index, with the index's table.
type indexDefRow struct {
	name, method string
	unique       bool
	// nKeys is indnkeyatts (indnatts before 11); keys, collations and options are indkey,
	// indcollation and indoption as text.
	nKeys                     int
	keys, collations, options string
	nullsNotDistinct          bool
}

// indexDefTable is the table of every case: public."Tab" (id int, "user" text, b text,
// "Mixed" text COLLATE "C", d int). Collation 950 is "C" (pg_catalog), 12345
// "Odd ""S"""."Coll Ü".
const indexDefTable = `CREATE SCHEMA "Odd ""S""";
CREATE COLLATION "Odd ""S"""."Coll Ü" (provider = libc, locale = 'C');
CREATE TABLE public."Tab" (id int, "user" text, b text, "Mixed" text COLLATE "C", d int);`

var indexDefCases = []struct {
	name string
	// since is the first version whose catalog can hold the row; before it, older is the row
	// the same index has (its definition: olderWant, the syntax of that release).
	since int
	row   indexDefRow
	// create makes the index on PostgreSQL 15; want is pg_get_indexdef's text there.
	create, want string
}{
	{name: "unique, two keys", since: 90600,
		row:    indexDefRow{name: "u2", method: "btree", unique: true, nKeys: 2, keys: "1 2", collations: "0 100", options: "0 0"},
		create: `CREATE UNIQUE INDEX u2 ON public."Tab" (id, "user")`,
		want:   `CREATE UNIQUE INDEX u2 ON public."Tab" USING btree (id, "user")`},
	{name: "every direction and nulls order", since: 90600,
		row:    indexDefRow{name: "Order By", method: "btree", nKeys: 4, keys: "1 2 3 5", collations: "0 100 100 0", options: "3 1 2 0"},
		create: `CREATE INDEX "Order By" ON public."Tab" (id DESC NULLS FIRST, "user" DESC NULLS LAST, b NULLS FIRST, d ASC NULLS LAST)`,
		want:   `CREATE INDEX "Order By" ON public."Tab" USING btree (id DESC, "user" DESC NULLS LAST, b NULLS FIRST, d)`},
	{name: "hash", since: 90600,
		row:    indexDefRow{name: "h", method: "hash", nKeys: 1, keys: "3", collations: "100", options: "0"},
		create: `CREATE INDEX h ON public."Tab" USING hash (b)`,
		want:   `CREATE INDEX h ON public."Tab" USING hash (b)`},
	{name: "collations: pg_catalog's bare, others qualified, a column's own left out", since: 90600,
		row:    indexDefRow{name: "coll", method: "btree", nKeys: 3, keys: "2 3 4", collations: "950 12345 950", options: "0 3 0"},
		create: `CREATE INDEX coll ON public."Tab" ("user" COLLATE "C", b COLLATE "Odd ""S"""."Coll Ü" DESC, "Mixed" COLLATE "C")`,
		want:   `CREATE INDEX coll ON public."Tab" USING btree ("user" COLLATE "C", b COLLATE "Odd ""S"""."Coll Ü" DESC, "Mixed")`},
	{name: "INCLUDE (11): key columns are indnkeyatts", since: 110000,
		row:    indexDefRow{name: "inc", method: "btree", unique: true, nKeys: 1, keys: "1 4 2", collations: "0", options: "3"},
		create: `CREATE UNIQUE INDEX inc ON public."Tab" (id DESC) INCLUDE ("Mixed", "user")`,
		want:   `CREATE UNIQUE INDEX inc ON public."Tab" USING btree (id DESC) INCLUDE ("Mixed", "user")`},
	{name: "before 11: indnatts, every column a key", since: 90600,
		row:    indexDefRow{name: "all_keys", method: "btree", nKeys: 3, keys: "1 4 2", collations: "0 950 100", options: "3 0 0"},
		create: `CREATE INDEX all_keys ON public."Tab" (id DESC, "Mixed", "user")`,
		want:   `CREATE INDEX all_keys ON public."Tab" USING btree (id DESC, "Mixed", "user")`},
	{name: "NULLS NOT DISTINCT (15)", since: 150000,
		row:    indexDefRow{name: "nnd", method: "btree", unique: true, nKeys: 1, keys: "5 3", collations: "0", options: "0", nullsNotDistinct: true},
		create: `CREATE UNIQUE INDEX nnd ON public."Tab" (d) INCLUDE (b) NULLS NOT DISTINCT`,
		want:   `CREATE UNIQUE INDEX nnd ON public."Tab" USING btree (d) INCLUDE (b) NULLS NOT DISTINCT`},
	{name: "before 15: nulls distinct (the query reads false)", since: 110000,
		row:    indexDefRow{name: "nd", method: "btree", unique: true, nKeys: 1, keys: "5 3", collations: "0", options: "0"},
		create: `CREATE UNIQUE INDEX nd ON public."Tab" (d) INCLUDE (b)`,
		want:   `CREATE UNIQUE INDEX nd ON public."Tab" USING btree (d) INCLUDE (b)`},
}

// indexDefReader is a reader holding what the lookups and columns queries read of
// indexDefTable: its columns (3 and 4 of text, "Mixed" under "C"), the collations, the
// keywords quote_ident quotes that the cases use.
func indexDefReader(quoteAll bool) (*pgReader, *pgRel) {
	const nsp, rel = 2200, 16384
	table := &schema.Table{Name: "Tab"}
	quoted := "public" // quote_ident(nspname), read with the schemas
	if quoteAll {
		quoted = `"public"`
	}
	r := &pgReader{
		schemas:           map[uint32]*pgSchema{nsp: {quoted: quoted}},
		rels:              map[uint32]*pgRel{rel: {nsp: nsp, table: table}},
		attrs:             map[attKey]pgAttr{{rel, 1}: {name: "id"}, {rel, 2}: {name: "user", collation: 100}, {rel, 3}: {name: "b", collation: 100}, {rel, 4}: {name: "Mixed", collation: 950}, {rel, 5}: {name: "d"}},
		opclasses:         map[uint32]string{},
		collations:        map[uint32]string{100: "default", 950: "C", 12345: `"Odd ""S"""."Coll Ü"`},
		catalogCollations: map[uint32]bool{100: true, 950: true},
		keywords:          map[string]bool{"user": true, "select": true, "order": true},
		quoteAll:          quoteAll,
	}
	return r, r.rels[rel]
}

// definitionOf writes the definition of an index row as scanIndexes does for a plain index.
func definitionOf(t *testing.T, r *pgReader, rel *pgRel, row indexDefRow) string {
	t.Helper()
	x := schema.Index{Name: row.name, Method: row.method, Unique: row.unique, NullsNotDistinct: row.nullsNotDistinct}
	v := indexVectors{keys: row.keys, classes: strings.TrimSpace(strings.Repeat("1978 ", row.nKeys)), collations: row.collations, options: row.options, nKeys: row.nKeys}
	if err := r.setIndexParts(&x, 16384, v, nil); err != nil {
		t.Fatalf("%s: %v", row.name, err)
	}
	return r.indexDefinition(&x, rel, v)
}

func TestPostgresIndexDefinitionByVersion(t *testing.T) {
	for _, version := range []int{100000, 110000, 120000, 130000, 140000, 150000} {
		srv := pgServer{version: version}
		q := srv.indexesQuery("'{2200}'")
		nKeys, nnd := "i.indnkeyatts", "i.indnullsnotdistinct"
		if version < 110000 {
			nKeys = "i.indnatts"
		}
		if !strings.Contains(q, "pg_get_indexdef(i.indexrelid)), "+nKeys+",") && !strings.Contains(q, " END, "+nKeys+",") {
			t.Errorf("PostgreSQL %d: the index query does not read the key columns from %s", version, nKeys)
		}
		if got := strings.Contains(q, nnd); got != (version >= 150000) {
			t.Errorf("PostgreSQL %d: the index query reads %s: %v", version, nnd, got)
		}
		if got := strings.Contains(srv.indexDefColumn(), "pg_amproc"); got != (version >= 130000) {
			t.Errorf("PostgreSQL %d: indexDefColumn checks operator class options: %v, want %v", version, got, version >= 130000)
		}
		for _, c := range indexDefCases {
			if version < c.since {
				continue
			}
			for _, quoteAll := range []bool{false, true} {
				r, rel := indexDefReader(quoteAll)
				want := c.want
				if quoteAll {
					want = quoteAllIdents(want)
				}
				if got := definitionOf(t, r, rel, c.row); got != want {
					t.Errorf("PostgreSQL %d, %s (quote_all_identifiers %v):\n got %s\nwant %s", version, c.name, quoteAll, got, want)
				}
			}
		}
	}
}

// quoteAllIdents is a case's text as pg_get_indexdef prints it under quote_all_identifiers:
// the index, schema, table, method and column names quoted (the cases' bare names are
// lower-case words, none of them SQL keywords but the ones quoted already).
func quoteAllIdents(def string) string {
	var b strings.Builder
	for i := 0; i < len(def); {
		switch c := def[i]; {
		case c == '"':
			end := i + 1
			for end < len(def) && (def[end] != '"' || end+1 < len(def) && def[end+1] == '"') {
				if def[end] == '"' {
					end++
				}
				end++
			}
			b.WriteString(def[i : end+1])
			i = end + 1
		case c >= 'a' && c <= 'z' || c == '_':
			end := i
			for end < len(def) && (def[end] >= 'a' && def[end] <= 'z' || def[end] == '_' || def[end] >= '0' && def[end] <= '9') {
				end++
			}
			fmt.Fprintf(&b, "%q", def[i:end])
			i = end
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}

// TestPostgresIndexDefinitionRowsOn15 makes each case's index on the server: its catalog row
// is the case's row (so the rows of the older releases differ from real ones only where the
// case says), and pg_get_indexdef prints the case's text, also with quote_all_identifiers.
func TestPostgresIndexDefinitionRowsOn15(t *testing.T) {
	db := dbtest.Postgres(t)
	db.Exec(t, indexDefTable)
	if v := serverVersion(t, db); v < 150000 {
		t.Skipf("PostgreSQL %d: the cases' features need 15", v)
	}
	for _, c := range indexDefCases {
		db.Exec(t, c.create)
	}
	for _, quoteAll := range []bool{false, true} {
		seen := 0
		err := inTxQuery(t, db.Admin, quoteAll, `SELECT ic.relname, i.indnkeyatts, i.indkey::text,
  (SELECT string_agg(CASE WHEN co.oid IS NULL THEN '0' WHEN co.collname = 'C' THEN '950' WHEN co.collname = 'default' THEN '100' ELSE '12345' END, ' ' ORDER BY k.n)
    FROM unnest(i.indcollation::oid[]) WITH ORDINALITY k(oc, n) LEFT JOIN pg_collation co ON co.oid = k.oc),
  i.indoption::text, i.indnullsnotdistinct, pg_get_indexdef(i.indexrelid)
FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid WHERE i.indrelid = 'public."Tab"'::regclass`, func(rows *sql.Rows) error {
			var name, keys, collations, options, def string
			var nKeys int
			var nnd bool
			if err := rows.Scan(&name, &nKeys, &keys, &collations, &options, &nnd, &def); err != nil {
				return err
			}
			for _, c := range indexDefCases {
				if c.row.name != name {
					continue
				}
				seen++
				want := c.want
				if quoteAll {
					want = quoteAllIdents(want)
				}
				if def != want {
					t.Errorf("%s (quote_all_identifiers %v): pg_get_indexdef prints\n%s\nthe case says\n%s", c.name, quoteAll, def, want)
				}
				got := indexDefRow{name: name, method: c.row.method, unique: c.row.unique, nKeys: nKeys, keys: keys, collations: collations, options: options, nullsNotDistinct: nnd}
				if got != c.row {
					t.Errorf("%s: the catalog holds %+v, the case %+v", c.name, got, c.row)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if seen != len(indexDefCases) {
			t.Errorf("compared %d indexes, want %d", seen, len(indexDefCases))
		}
	}
	// The index query of each older release runs here too (its catalog columns all exist on
	// 15): every case is plain, and the key count and NULLS NOT DISTINCT come from the
	// release's columns.
	for _, version := range []int{100000, 110000, 130000, 150000} {
		srv := pgServer{version: version}
		seen := 0
		err := inTxQuery(t, db.Admin, false, `SELECT relname, def IS NULL, nkeys, nnd FROM (`+srv.indexesQuery(`ARRAY(SELECT oid FROM pg_namespace WHERE nspname = 'public')`)+`)
  AS q(relid, relname, uniq, am, pred, def, nkeys, keys, classes, colls, opts, exprs, con, nnd, ts, size, descr, relopts, replident, attached)`, func(rows *sql.Rows) error {
			var name string
			var plain, nnd bool
			var nKeys int
			if err := rows.Scan(&name, &plain, &nKeys, &nnd); err != nil {
				return err
			}
			for _, c := range indexDefCases {
				if c.row.name != name {
					continue
				}
				seen++
				wantKeys := c.row.nKeys
				if version < 110000 {
					wantKeys = len(strings.Fields(c.row.keys))
				}
				if !plain || nKeys != wantKeys || nnd != (c.row.nullsNotDistinct && version >= 150000) {
					t.Errorf("PostgreSQL %d query, %s: plain %v, %d keys, nulls not distinct %v; want plain, %d keys", version, c.name, plain, nKeys, nnd, wantKeys)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatalf("PostgreSQL %d query: %v", version, err)
		}
		if seen != len(indexDefCases) {
			t.Errorf("PostgreSQL %d query: %d indexes, want %d", version, seen, len(indexDefCases))
		}
	}
}

package inspector

import (
	"testing"

	"github.com/dbinspect/dbinspect/ddl"
	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/schema"
)

// aggregateSupport are the functions the test aggregates use, in a schema whose name needs
// quoting.
const aggregateSupport = `
CREATE SCHEMA "Agg S";
CREATE FUNCTION "Agg S".cat(text, text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT coalesce($1 || ',', '') || $2 $$;
CREATE FUNCTION "Agg S".uncat(text, text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT $1 $$;
CREATE FUNCTION "Agg S".fin(text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT '[' || $1 || ']' $$;
CREATE FUNCTION "Agg S".cnt(bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT $1 + 1 $$;
CREATE FUNCTION "Agg S".step(bigint, text) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT $1 + 1 $$;
CREATE FUNCTION "Agg S".os_fin(bigint, text, text) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$ SELECT $1 $$;
`

// aggregateCases are aggregates covering the options of CREATE AGGREGATE, with the
// definition the inspector must build for each.
var aggregateCases = []struct{ create, want string }{
	{`CREATE AGGREGATE "Agg S".joined(text) (SFUNC = "Agg S".cat, STYPE = text, FINALFUNC = "Agg S".fin, INITCOND = 'it''s',
		MSFUNC = "Agg S".cat, MINVFUNC = "Agg S".uncat, MSTYPE = text, PARALLEL = SAFE)`,
		`CREATE AGGREGATE "Agg S".joined(text) (SFUNC = "Agg S".cat, STYPE = text, FINALFUNC = "Agg S".fin, INITCOND = 'it''s', MSFUNC = "Agg S".cat, MINVFUNC = "Agg S".uncat, MSTYPE = text, PARALLEL = SAFE)`},
	{`CREATE AGGREGATE "Agg S".n_rows(*) (SFUNC = "Agg S".cnt, STYPE = bigint, INITCOND = '0')`,
		`CREATE AGGREGATE "Agg S".n_rows(*) (SFUNC = "Agg S".cnt, STYPE = bigint, INITCOND = '0')`},
	{`CREATE AGGREGATE "Agg S".biggest(integer) (SFUNC = int4larger, STYPE = integer, COMBINEFUNC = int4larger, SORTOP = >)`,
		`CREATE AGGREGATE "Agg S".biggest(integer) (SFUNC = int4larger, STYPE = integer, COMBINEFUNC = int4larger, SORTOP = OPERATOR(pg_catalog.>))`},
	{`CREATE AGGREGATE "Agg S".ranked(text ORDER BY text) (SFUNC = "Agg S".step, STYPE = bigint, FINALFUNC = "Agg S".os_fin,
		FINALFUNC_EXTRA, INITCOND = '0', HYPOTHETICAL)`,
		`CREATE AGGREGATE "Agg S".ranked(text ORDER BY text) (SFUNC = "Agg S".step, STYPE = bigint, FINALFUNC = "Agg S".os_fin, FINALFUNC_EXTRA, INITCOND = '0', HYPOTHETICAL)`},
}

func aggregates(m *schema.Database) map[string]string {
	out := map[string]string{}
	for _, f := range m.Schema("Agg S").Functions {
		if f.Kind == "aggregate" {
			out[f.Name] = f.Definition
		}
	}
	return out
}

// TestPostgresAggregateDefinitions: pg_get_functiondef refuses aggregates, so the inspector
// builds CREATE AGGREGATE from pg_aggregate. The text must be what we expect, and running it
// in a fresh database must create an aggregate that reads back with the same text.
func TestPostgresAggregateDefinitions(t *testing.T) {
	src := dbtest.Postgres(t)
	src.Exec(t, aggregateSupport)
	for _, c := range aggregateCases {
		src.Exec(t, c.create)
	}
	got := aggregates(inspectURL(t, src.URL, Options{}))
	if len(got) != len(aggregateCases) {
		t.Fatalf("aggregates read: %v", got)
	}
	dst := dbtest.Postgres(t)
	dst.Exec(t, aggregateSupport)
	for _, c := range aggregateCases {
		found := false
		for _, def := range got {
			if def == c.want {
				found = true
				dst.Exec(t, def)
			}
		}
		if !found {
			t.Errorf("no aggregate reads back as\n  %s\ngot %q", c.want, got)
		}
	}
	assertSame(t, aggregates(inspectURL(t, dst.URL, Options{})), got)
}

// TestPostgresCollationsAndTextSearch: CREATE COLLATION and CREATE TEXT SEARCH CONFIGURATION
// of the inspected schemas are read into the model (the built-in and imported ones of
// pg_catalog are not), and the statements package ddl writes from them recreate them.
func TestPostgresCollationsAndTextSearch(t *testing.T) {
	src := dbtest.Postgres(t)
	src.Exec(t, `CREATE SCHEMA "Co S"`,
		`CREATE COLLATION "Co S"."natural" (provider = icu, locale = '@colCaseFirst=lower;colNumeric=yes')`,
		`CREATE COLLATION "Co S".ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false)`,
		`CREATE COLLATION "Co S"."c it's" (provider = libc, lc_collate = 'C', lc_ctype = 'POSIX')`,
		`COMMENT ON COLLATION "Co S".ci IS 'case-insensitive'`,
		`CREATE TEXT SEARCH CONFIGURATION "Co S".mixed (COPY = pg_catalog.english)`,
		`ALTER TEXT SEARCH CONFIGURATION "Co S".mixed ALTER MAPPING FOR word, asciiword WITH simple, english_stem`,
		`ALTER TEXT SEARCH CONFIGURATION "Co S".mixed DROP MAPPING FOR email`,
		`CREATE TABLE "Co S".t (name text COLLATE "Co S"."natural", tag text COLLATE "Co S".ci)`,
		`CREATE INDEX t_fts ON "Co S".t USING gin (to_tsvector('"Co S".mixed', name))`)
	m := inspectURL(t, src.URL, Options{})
	sc := m.Schema("Co S")
	assertSame(t, sc.Collations, []schema.Collation{
		{Name: "c it's", Provider: "libc", LcCollate: "C", LcCtype: "POSIX", Deterministic: true},
		{Name: "ci", Provider: "icu", Locale: "und-u-ks-level2", Comment: schema.Ptr("case-insensitive")},
		{Name: "natural", Provider: "icu", Locale: "@colCaseFirst=lower;colNumeric=yes", Deterministic: true}})
	if pub := m.Schema("public"); pub != nil && len(pub.Collations)+len(pub.TextSearchConfigs) > 0 {
		t.Errorf("public lists built-in objects: %+v %+v", pub.Collations, pub.TextSearchConfigs)
	}
	assertSame(t, sc.Table("t").Columns[0].Collation, `"Co S"."natural"`)
	if len(sc.TextSearchConfigs) != 1 {
		t.Fatalf("text search configurations: %+v", sc.TextSearchConfigs)
	}
	ts := sc.TextSearchConfigs[0]
	if ts.Name != "mixed" || ts.Parser != `pg_catalog."default"` {
		t.Errorf("text search configuration: %+v", ts)
	}
	maps := map[string][]string{}
	for _, mp := range ts.Mappings {
		maps[mp.Token] = mp.Dictionaries
	}
	assertSame(t, maps["asciiword"], []string{"simple", "english_stem"})
	assertSame(t, maps["numword"], []string{"simple"})
	if _, ok := maps["email"]; ok {
		t.Errorf("dropped mapping still listed: %+v", ts.Mappings)
	}

	dst := dbtest.Postgres(t)
	for _, st := range ddl.Create(m) {
		if st.Kind != ddl.KindNote {
			dst.Exec(t, st.SQL)
		}
	}
	again := inspectURL(t, dst.URL, Options{}).Schema("Co S")
	assertSame(t, again.Collations, sc.Collations)
	assertSame(t, again.TextSearchConfigs, sc.TextSearchConfigs)
}

package migrate

import (
	"testing"

	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/schema"
)

// droppedTablesPlanner is a PostgreSQL planner whose plan drops public.r, public."My T",
// public."T", public.x, public.integer, public."a""b", public.é, other.r and "Odd.S".t, and keeps
// public.keep (every schema stays: the tables of a dropped schema go with DROP SCHEMA).
func droppedTablesPlanner(t *testing.T) *planner {
	t.Helper()
	tbl := func(name string) schema.Table {
		return schema.Table{Name: name, Columns: []schema.Column{{Name: "id", Type: "integer"}}}
	}
	from := &schema.Database{Dialect: schema.Postgres, Schemas: []schema.Schema{
		{Name: "Odd.S", Tables: []schema.Table{tbl("t")}},
		{Name: "other", Tables: []schema.Table{tbl("r")}},
		{Name: "public", Tables: []schema.Table{tbl("r"), tbl("My T"), tbl("T"), tbl("x"), tbl("integer"), tbl(`a"b`), tbl("é"), tbl("keep")}},
	}}
	to := &schema.Database{Dialect: schema.Postgres, Schemas: []schema.Schema{
		{Name: "Odd.S"}, {Name: "other"}, {Name: "public", Tables: []schema.Table{tbl("keep")}},
	}}
	from.Normalize()
	to.Normalize()
	r, err := planRulesOf(schema.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	p := newPlanner(r, from, to, diff.Compare(from, to, diff.Options{}), Options{})
	p.collectTables()
	dropped := 0
	for _, w := range p.order {
		if w.dropped() {
			dropped++
		}
	}
	if dropped != 9 {
		t.Fatalf("%d tables dropped, want 9", dropped)
	}
	return p
}

// TestNamesDroppedTable pins down what counts as a routine of FROM naming a table the plan
// drops (its DROP then runs before the tables'): the unquoted text of its definition names
// schema.table as a whole name (not inside a longer one; anywhere, string literals and
// comments included: a false alarm only moves the DROP earlier), or a word of its result
// type or arguments is the name of a dropped table of its own schema. Names are
// case-sensitive, as the catalog prints them.
func TestNamesDroppedTable(t *testing.T) {
	p := droppedTablesPlanner(t)
	for _, c := range []struct {
		name            string
		schema, returns string
		args, body      string
		want            bool
	}{
		{name: "qualified in the body", schema: "public", body: "BEGIN ATOMIC\n SELECT count(*) FROM public.r;\nEND", want: true},
		{name: "at the very end", schema: "public", body: "RETURN (SELECT 1 FROM public.r", want: true},
		{name: "at the very start", schema: "public", body: "public.r", want: true},
		{name: "followed by a parenthesis", schema: "public", body: "SELECT public.r(1)", want: true},
		{name: "a longer name", schema: "public", body: "SELECT * FROM public.rr", want: false},
		{name: "inside a longer name", schema: "public", body: "SELECT * FROM xpublic.r", want: false},
		{name: "a qualifier before it", schema: "public", body: "SELECT * FROM db.public.r", want: false},
		{name: "a column of it", schema: "public", body: "SELECT public.r.id", want: true},
		{name: "a kept table", schema: "public", body: "SELECT * FROM public.keep", want: false},
		{name: "quoted with a space", schema: "public", body: `SELECT * FROM public."My T"`, want: true},
		{name: "quoted, upper case", schema: "public", body: `SELECT * FROM public."T"`, want: true},
		{name: "case matters", schema: "public", body: "SELECT * FROM PUBLIC.R, public.t", want: false},
		{name: "in a string literal", schema: "public", body: "RETURN 'public.r'", want: true},
		{name: "in a comment", schema: "public", body: "RETURN 1 -- public.r", want: true},
		{name: "another schema's table in the body", schema: "public", body: "SELECT * FROM other.r", want: true},
		{name: "a schema with a dot", schema: "public", body: `SELECT * FROM "Odd.S".t`, want: true},
		{name: "a schema with a dot, unqualified", schema: "Odd.S", body: "SELECT * FROM t", want: false},
		{name: "a quote in the name", schema: "public", body: `SELECT * FROM public."a""b"`, want: true},
		{name: "a non-ASCII name", schema: "public", body: "SELECT * FROM public.é", want: true},
		{name: "a non-ASCII name continued", schema: "public", body: "SELECT * FROM public.éa", want: false},
		{name: "row type result", schema: "public", returns: "SETOF r", want: true},
		{name: "row type result of another schema's routine", schema: "other", returns: "SETOF r", want: true},
		{name: "row type result, schema without such table", schema: "Odd.S", returns: "SETOF r", want: false},
		{name: "row type argument", schema: "public", returns: "integer", args: "v r", want: true},
		{name: "qualified row type: its words", schema: "other", returns: "SETOF public.keep", want: false},
		{name: "qualified row type of a schema without it", schema: "Odd.S", returns: "SETOF public.r", want: false},
		{name: "quoted row type: its words", schema: "public", returns: `SETOF "T"`, want: true},
		{name: "a table named like an argument", schema: "public", returns: "void", args: "x bigint", want: true},
		{name: "a table named like a type", schema: "public", returns: "integer", want: true},
		{name: "argument words of another schema", schema: "other", returns: "void", args: "x bigint", want: false},
		{name: "row type case matters", schema: "public", returns: "SETOF R", want: false},
		{name: "nothing", schema: "public", returns: "bigint", args: "a bigint, b text", body: "RETURN a + length(b)", want: false},
	} {
		fn := &schema.Function{Name: "f", Kind: "function", Returns: c.returns, Arguments: c.args, Language: "sql", Definition: c.body}
		if got := p.namesDroppedTable(c.schema, fn); got != c.want {
			t.Errorf("%s: routine of %s returning %q (%s) with %q: %v, want %v", c.name, c.schema, c.returns, c.args, c.body, got, c.want)
		}
	}
}

package migrate

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/internal/scalemodel"
	"github.com/dbinspect/dbinspect/schema"
)

func TestQualifiedNames(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"BEGIN ATOMIC\n SELECT count(*) AS count\n   FROM public.r;\nEND", "public.r"},
		{`RETURN (SELECT x.a FROM "My Schema"."T ""q"" 1" x)`, `x.a My Schema.T "q" 1`},
		{"RETURN s.t.col + s.f(1) + (r).a.b", "s.t s.f a.b"},
		{`RETURN 'public.r' || E'it\'s public.x' || $1 || 1.5 || a`, ""},
		{`RETURN "unterminated.x`, ""},
	} {
		var got []string
		qualifiedNames(c.text, func(s, n string) bool { got = append(got, s+"."+n); return true })
		if strings.Join(got, " ") != c.want {
			t.Errorf("%q: %q, want %q", c.text, strings.Join(got, " "), c.want)
		}
	}
}

// A plan that creates 20,000 tables and routines with SQL-standard bodies reading them puts
// each routine after the tables, scanning each body once: counted, not timed (a text search
// of every body per table was routines × tables).
func TestBodyReadsTableScansEachBodyOnce(t *testing.T) {
	const n, routines = 20000, 300
	to := scalemodel.Build(schema.Postgres, n)
	sc := &to.Schemas[0]
	for i := range routines {
		name := fmt.Sprintf("count_%d", i)
		sc.Functions = append(sc.Functions, schema.Function{Name: name, Kind: "function", Returns: "bigint", Language: "sql",
			Definition: fmt.Sprintf("CREATE OR REPLACE FUNCTION public.%s()\n RETURNS bigint\n LANGUAGE sql\nBEGIN ATOMIC\n SELECT count(*) AS count\n   FROM public.t%05d;\nEND\n", name, i*(n/routines))})
	}
	to.Normalize()
	from := &schema.Database{Dialect: schema.Postgres, Schemas: []schema.Schema{{Name: "public"}}}
	planWork.bodyScans.Store(0)
	plan, err := Build(from, to, diff.Compare(from, to, diff.Options{}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := planWork.bodyScans.Load(); got != routines {
		t.Errorf("%d scans of routine bodies for %d routines, want one each", got, routines)
	}
	lastTable := -1
	for i, s := range plan.Steps {
		if strings.HasPrefix(s.SQL, "CREATE TABLE") {
			lastTable = i
		}
	}
	first := slices.IndexFunc(plan.Steps, func(s Step) bool { return strings.Contains(s.SQL, "FUNCTION public.count_") })
	if first < 0 || first < lastTable {
		t.Errorf("the first routine is step %d, the last CREATE TABLE step %d: want the routines after the tables", first, lastTable)
	}
}

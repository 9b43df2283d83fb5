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

// routineChain is n routines public.g_0000 … each calling the one before it (g_0000 calls
// first), with SQL-standard bodies: PostgreSQL creates them first to last and drops them
// last to first, the reverse of the planner's (name) order when dropping.
func routineChain(n int, first string) []schema.Function {
	var out []schema.Function
	for i := range n {
		call := first
		if i > 0 {
			call = fmt.Sprintf("public.g_%04d()", i-1)
		}
		out = append(out, schema.Function{Name: fmt.Sprintf("g_%04d", i), Kind: "function", Returns: "integer", Language: "sql",
			Definition: fmt.Sprintf("CREATE OR REPLACE FUNCTION public.g_%04d()\n RETURNS integer\n LANGUAGE sql\nRETURN (%s + 1)\n", i, call)})
	}
	return out
}

// A plan that drops 3,000 tables, 3,000 routines reading one each (signature or body) and a
// chain of 3,000 routines calling each other and one of those, and one that creates the chain, order them with
// one scan of each routine's text: counted, not timed (a text search per dropped table for
// each routine was routines × tables, the ordering of routines routines × routines).
func TestRoutineOrderScansEachTextOnce(t *testing.T) {
	const n = 3000
	from := scalemodel.Build(schema.Postgres, n)
	sc := &from.Schemas[0]
	for i := range n {
		name := fmt.Sprintf("f_%04d", i)
		returns := fmt.Sprintf("SETOF t%05d", i) // its signature names the table
		if i%2 == 1 {
			returns = "bigint" // its body only
		}
		sc.Functions = append(sc.Functions, schema.Function{Name: name, Kind: "function", Returns: returns, Language: "sql",
			Definition: fmt.Sprintf("CREATE OR REPLACE FUNCTION public.%s()\n RETURNS %s\n LANGUAGE sql\nBEGIN ATOMIC\n SELECT count(*) FROM public.t%05d;\nEND\n", name, strings.Replace(returns, "SETOF ", "SETOF public.", 1), i)})
	}
	sc.Functions = append(sc.Functions, routineChain(n, "public.f_0001()")...) // the whole chain goes before the tables
	from.Normalize()
	empty := &schema.Database{Dialect: schema.Postgres, Schemas: []schema.Schema{{Name: "public", Enums: sc.Enums}}}

	t.Run("drop", func(t *testing.T) {
		planWork.nameScans.Store(0)
		planWork.nameLookups.Store(0)
		plan, err := Build(from, empty, diff.Compare(from, empty, diff.Options{}), Options{})
		if err != nil {
			t.Fatal(err)
		}
		// namesDroppedTable scans the text of each dropped routine whose signature names no
		// dropped table once (the chain, half of the f_), dropCallersEarly the chain's once
		// more, and the ordering of the drops before the tables (all of them) each once more.
		if got, want := planWork.nameScans.Load(), int64(n/2+n+n+2*n); got != want {
			t.Errorf("%d scans of routine texts for %d dropped routines, want %d", got, 2*n, want)
		}
		textBytes := 0
		for _, f := range sc.Functions {
			textBytes += len(f.Definition)
		}
		if got := planWork.nameLookups.Load(); got > int64(3*textBytes) {
			t.Errorf("%d lookups of names for %d bytes of routine text, want at most one per byte and scan", got, textBytes)
		}
		steps := sqls(plan)
		firstTable := indexOf(t, steps, "DROP TABLE")
		for i := range n {
			if at := indexOf(t, steps, fmt.Sprintf(`DROP FUNCTION "public"."f_%04d"()`, i)); at > firstTable {
				t.Fatalf("f_%04d, which reads t%05d, is dropped at step %d, after the first DROP TABLE (step %d)", i, i, at, firstTable)
			}
		}
		for i := 1; i < n; i++ {
			if caller, callee := indexOf(t, steps, fmt.Sprintf(`DROP FUNCTION "public"."g_%04d"()`, i)), indexOf(t, steps, fmt.Sprintf(`DROP FUNCTION "public"."g_%04d"()`, i-1)); caller > callee || callee > firstTable {
				t.Fatalf("g_%04d is dropped at step %d, g_%04d that it calls at step %d: want it first, and both before the first DROP TABLE (step %d)", i, caller, i-1, callee, firstTable)
			}
		}
	})

	t.Run("create", func(t *testing.T) {
		to := &schema.Database{Dialect: schema.Postgres, Schemas: []schema.Schema{{Name: "public", Functions: routineChain(n, "1")}}}
		to.Normalize()
		start := &schema.Database{Dialect: schema.Postgres, Schemas: []schema.Schema{{Name: "public"}}}
		planWork.nameScans.Store(0)
		plan, err := Build(start, to, diff.Compare(start, to, diff.Options{}), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := planWork.nameScans.Load(); got != n {
			t.Errorf("%d scans of routine texts for %d created routines, want one each", got, n)
		}
		steps := sqls(plan)
		for i := 1; i < n; i++ {
			if caller, callee := indexOf(t, steps, fmt.Sprintf("CREATE OR REPLACE FUNCTION public.g_%04d()", i)), indexOf(t, steps, fmt.Sprintf("CREATE OR REPLACE FUNCTION public.g_%04d()", i-1)); caller < callee {
				t.Fatalf("g_%04d is created at step %d, before g_%04d that it calls (step %d)", i, caller, i-1, callee)
			}
		}
	})
}

// A --concurrently plan that gives 3,000 tables a unique index each, one of them referenced by
// a foreign key the plan adds, builds the set of what foreign keys reference once (a scan of
// every table's keys per index was indexes × tables) and keeps that one in the transaction.
func TestConcurrentIndexesCheckForeignKeysOnce(t *testing.T) {
	const n = 3000
	from, to := scalemodel.Build(schema.Postgres, n), scalemodel.Build(schema.Postgres, n)
	sc := &to.Schemas[0]
	for i := range sc.Tables {
		tb := &sc.Tables[i]
		tb.Indexes = append(tb.Indexes, schema.Index{Name: tb.Name + "_c3_key", Unique: true, Parts: []schema.IndexPart{{Column: "c3"}}})
	}
	sc.Tables[n-1].ForeignKeys = append(sc.Tables[n-1].ForeignKeys, schema.ForeignKey{Name: "fk_c3", Columns: []string{"c3"},
		RefSchema: "public", RefTable: "t00001", RefColumns: []string{"c3"}, OnDelete: "NO ACTION", OnUpdate: "NO ACTION"})
	to.Normalize()
	planWork.fkTargetSets.Store(0)
	plan, err := Build(from, to, diff.Compare(from, to, diff.Options{}), Options{Concurrently: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := planWork.fkTargetSets.Load(); got != 1 {
		t.Errorf("%d sets of foreign key targets built, want 1", got)
	}
	concurrent, plain := 0, []string{}
	for _, s := range plan.Steps {
		switch {
		case strings.HasPrefix(s.SQL, "CREATE UNIQUE INDEX CONCURRENTLY"):
			concurrent++
		case strings.HasPrefix(s.SQL, "CREATE UNIQUE INDEX"):
			plain = append(plain, s.SQL)
		}
	}
	if concurrent != n-1 || len(plain) != 1 || !strings.Contains(plain[0], `"t00001_c3_key"`) {
		t.Errorf("%d indexes built concurrently, in the transaction %q: want %d and t00001's", concurrent, plain, n-1)
	}
}

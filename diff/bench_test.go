package diff

import (
	"fmt"
	"testing"

	"github.com/dbinspect/dbinspect/schema"
)

// generated builds a model shaped like /work/shared/bench/gen_schema.py's PostgreSQL output:
// n tables of an identity key and 10 typed columns (defaults, NOT NULL mix), a parent FK,
// a check, a unique and a composite index, and a comment.
func generated(n int) *schema.Database {
	types := []string{"integer", "bigint", "character varying(120)", "text", "numeric(12,2)", "boolean",
		"timestamp with time zone", "date", "jsonb", "uuid"}
	sc := schema.Schema{Name: "public", Tables: make([]schema.Table, 0, n)}
	for i := range n {
		name := fmt.Sprintf("t%05d", i)
		t := schema.Table{Name: name, Comment: schema.Ptr(fmt.Sprintf("table %d", i))}
		t.Columns = append(t.Columns, schema.Column{Name: "id", Type: "bigint",
			Identity: &schema.Identity{Generation: "BY DEFAULT", SequenceOptions: schema.SequenceOptions{Start: 1, Increment: 1, Min: 1, Max: 1<<63 - 1, Cache: 1}}})
		for j, ty := range types {
			c := schema.Column{Name: fmt.Sprintf("c%d", j), Type: ty, Nullable: j%3 != 0}
			switch j {
			case 0:
				c.Default = schema.Ptr("0")
			case 2:
				c.Default = schema.Ptr("'x'::character varying")
			}
			t.Columns = append(t.Columns, c)
		}
		pk := name + "_pkey"
		t.PrimaryKey = &schema.PrimaryKey{Name: &pk, Columns: []string{"id"}}
		t.Indexes = []schema.Index{
			{Name: pk, Unique: true, Parts: []schema.IndexPart{{Column: "id"}}, Method: "btree", Constraint: pk},
			{Name: "ux_" + name + "_c2", Unique: true, Parts: []schema.IndexPart{{Column: "c2"}}, Method: "btree"},
			{Name: "ix_" + name + "_c1_c6", Parts: []schema.IndexPart{{Column: "c1"}, {Column: "c6"}}, Method: "btree"},
		}
		if i > 0 {
			t.Columns = append(t.Columns, schema.Column{Name: "parent_id", Type: "bigint", Nullable: true})
			t.ForeignKeys = []schema.ForeignKey{{Name: "fk_" + name + "_parent", Columns: []string{"parent_id"}, RefSchema: "public",
				RefTable: fmt.Sprintf("t%05d", i*7/11), RefColumns: []string{"id"}, OnDelete: "CASCADE", OnUpdate: "NO ACTION"}}
		}
		t.Checks = []schema.Check{{Name: "ck_" + name + "_c0", Expression: "CHECK ((c0 >= 0))"}}
		sc.Tables = append(sc.Tables, t)
	}
	db := &schema.Database{Dialect: schema.Postgres, Schemas: []schema.Schema{sc}}
	db.Normalize()
	return db
}

// BenchmarkCompare5000Tables diffs two 5,000-table models that differ in a handful of places.
// The issue requires under a second.
func BenchmarkCompare5000Tables(b *testing.B) {
	from, to := generated(5000), generated(5000)
	to.Schemas[0].Tables[10].Columns[3].Type = "character varying(200)"
	to.Schemas[0].Tables[20].Checks[0].Expression = "c0 > 0"
	to.Schemas[0].Tables = to.Schemas[0].Tables[:4999]
	b.ResetTimer()
	for b.Loop() {
		r := Compare(from, to, Options{})
		if len(r.Changes) != 3 {
			b.Fatalf("changes = %v", summary(r))
		}
	}
}

// TestCompare5000IdenticalTables: two identical large models diff as empty. (The speed of
// the comparison is BenchmarkCompare5000Tables' business, not a timed test's.)
func TestCompare5000IdenticalTables(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	r := Compare(generated(5000), generated(5000), Options{})
	if !r.Empty() {
		t.Fatalf("identical models differ: %v", summary(r)[:3])
	}
}

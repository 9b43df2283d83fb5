// Package scalemodel builds big models in memory for the tests that keep writing and
// comparing a model linear in its size (ddl, output/export): no server, no files.
package scalemodel

import (
	"fmt"

	"github.com/dbinspect/dbinspect/schema"
)

// Build is ../shared/bench/gen_schema.py's schema built in Go: n tables of 12 columns
// (one of an enum type on PostgreSQL), a primary key, a foreign key to an earlier table, a
// unique and a composite index, a check and a comment each.
func Build(d schema.Dialect, n int) *schema.Database {
	sc := schema.Schema{Name: map[schema.Dialect]string{schema.Postgres: "public", schema.SQLite: "main"}[d]}
	if sc.Name == "" {
		sc.Name = "app"
	}
	status := "text"
	if d == schema.Postgres {
		sc.Enums = []schema.Enum{{Name: "status", Values: []string{"new", "done"}}}
		status = "status"
	}
	for i := range n {
		name := fmt.Sprintf("t%05d", i)
		t := schema.Table{Name: name, Comment: schema.Ptr(fmt.Sprintf("table %d", i)),
			PrimaryKey: &schema.PrimaryKey{Columns: []string{"id"}}}
		t.Columns = append(t.Columns, schema.Column{Name: "id", Type: "bigint"}, schema.Column{Name: "state", Type: status, Nullable: true})
		for j, ty := range []string{"integer", "bigint", "varchar(120)", "text", "numeric(12,2)", "boolean", "date", "date", "text", "text"} {
			t.Columns = append(t.Columns, schema.Column{Name: fmt.Sprintf("c%d", j), Type: ty, Nullable: j%3 != 0})
		}
		if i > 0 {
			t.Columns = append(t.Columns, schema.Column{Name: "parent_id", Type: "bigint", Nullable: true})
			t.ForeignKeys = []schema.ForeignKey{{Name: "fk_" + name + "_parent", Columns: []string{"parent_id"}, RefSchema: sc.Name,
				RefTable: fmt.Sprintf("t%05d", i*7/11), RefColumns: []string{"id"}, OnDelete: "CASCADE", OnUpdate: "NO ACTION"}}
		}
		t.Checks = []schema.Check{{Name: "ck_" + name + "_c0", Expression: "c0 >= 0"}}
		t.Indexes = []schema.Index{
			{Name: "ix_" + name + "_c1_c6", Parts: []schema.IndexPart{{Column: "c1"}, {Column: "c6"}}},
			{Name: "ux_" + name + "_c2", Unique: true, Parts: []schema.IndexPart{{Column: "c2"}}},
		}
		sc.Tables = append(sc.Tables, t)
	}
	db := &schema.Database{Dialect: d, Schemas: []schema.Schema{sc}}
	db.Normalize()
	return db
}

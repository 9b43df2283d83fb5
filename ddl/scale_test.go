package ddl

import (
	"testing"

	"github.com/dbinspect/dbinspect/internal/scalemodel"
	"github.com/dbinspect/dbinspect/schema"
)

// Writing a model costs in proportion to its size: every name Create and a Catalog look up
// per table or column (types, referenced and parent tables, shadow tables) is a map access
// in one index, never a scan of the model. Counted, not timed: a scan per object made a
// 20,000-table export take minutes.
func TestWritingAModelIsLinear(t *testing.T) {
	for _, d := range []schema.Dialect{schema.Postgres, schema.MySQL, schema.SQLite} {
		db := scalemodel.Build(d, 20000)
		work.indexes.Store(0)
		work.scans.Store(0)
		stmts := Create(db)
		if got := work.indexes.Load(); got != 1 {
			t.Errorf("%s: Create built %d indexes of the model, want 1", d, got)
		}
		c := NewCatalog(db)
		sc := &db.Schemas[0]
		for i := range sc.Tables {
			c.CreateTable(sc.Name, &sc.Tables[i])
			c.ColumnType(sc.Name, sc.Tables[i].Columns[1].Type)
			c.IsShadowTable(sc.Name, sc.Tables[i].Name)
		}
		if got := work.indexes.Load(); got != 2 {
			t.Errorf("%s: a Catalog used for every table built %d indexes, want 1", d, got-1)
		}
		if got := work.scans.Load(); got != 0 {
			t.Errorf("%s: %d lookups scanned the model", d, got)
		}
		if len(stmts) < 20000 {
			t.Errorf("%s: %d statements for 20,000 tables", d, len(stmts))
		}
	}
}

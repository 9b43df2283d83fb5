package diff

import (
	"fmt"
	"reflect"
	"runtime"
	"testing"

	"github.com/dbinspect/dbinspect/internal/scalemodel"
	"github.com/dbinspect/dbinspect/schema"
)

// TestParallelTablesCompareAlike: a schema's tables compared on every core give the Result
// one core gives, change for change and note for note. Not parallel itself: it sets
// parallelTables, which the other tests read.
func TestParallelTablesCompareAlike(t *testing.T) {
	for _, d := range schema.Dialects {
		t.Run(string(d), func(t *testing.T) {
			from, to := scalemodel.Build(d, 1500), alteredCopy(d, 1500)
			saved, procs := parallelTables, runtime.GOMAXPROCS(4) // four forks, whatever the machine
			defer func() { parallelTables = saved; runtime.GOMAXPROCS(procs) }()
			parallelTables = 1 << 30
			one := Compare(from, to, Options{})
			parallelTables = 16
			many := Compare(from, to, Options{})
			if len(one.Changes) < 500 {
				t.Fatalf("only %d changes: the altered copy should differ in hundreds of tables", len(one.Changes))
			}
			if !reflect.DeepEqual(one, many) {
				for i := range min(len(one.Changes), len(many.Changes)) {
					if !reflect.DeepEqual(one.Changes[i], many.Changes[i]) {
						t.Fatalf("change %d: one core %+v, every core %+v", i, one.Changes[i], many.Changes[i])
					}
				}
				t.Fatalf("results differ: %d vs %d changes, notes %q vs %q", len(one.Changes), len(many.Changes), one.Notes, many.Notes)
			}
		})
	}
}

// alteredCopy is scalemodel's schema with every third table changed in a column type, an
// index, a check and its comment, a table gone and one new.
func alteredCopy(d schema.Dialect, n int) *schema.Database {
	db := scalemodel.Build(d, n)
	sc := &db.Schemas[0]
	for i := range sc.Tables {
		if i%3 != 0 {
			continue
		}
		t := &sc.Tables[i]
		t.Columns[2].Type = "bigint"
		t.Columns = append(t.Columns, schema.Column{Name: "added", Type: "text", Nullable: true})
		t.Indexes = t.Indexes[1:]
		t.Checks[0].Expression = "c0 > 0"
		t.Comment = schema.Ptr(fmt.Sprintf("altered %d", i))
	}
	sc.Tables = sc.Tables[:len(sc.Tables)-1]
	sc.Tables = append(sc.Tables, schema.Table{Name: "zz_new", Columns: []schema.Column{{Name: "id", Type: "integer"}}})
	return db
}

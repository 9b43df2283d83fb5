package migrate

import (
	"fmt"
	"testing"

	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/internal/scalemodel"
	"github.com/dbinspect/dbinspect/schema"
)

// BenchmarkBuildSafe5000 plans gen_schema.py's 5,000 tables where every table gains an index
// and its last nullable column becomes NOT NULL (destructive: --safe leaves it out and, with
// it, the index), and 300 new views read one table each (left out with it): the cost of
// safeSkips' rounds beside the same plan without --safe.
func BenchmarkBuildSafe5000(b *testing.B) {
	from, to := scalemodel.Build(schema.Postgres, 5000), scalemodel.Build(schema.Postgres, 5000)
	views := 0
	for si := range to.Schemas {
		sc := &to.Schemas[si]
		views += len(sc.Views)
		for ti := range sc.Tables {
			t := &sc.Tables[ti]
			for ci := len(t.Columns) - 1; ci >= 0; ci-- {
				if c := &t.Columns[ci]; c.Nullable {
					c.Nullable = false
					t.Indexes = append(t.Indexes, schema.Index{Name: t.Name + "_safe_x", Parts: []schema.IndexPart{{Column: c.Name}}})
					break
				}
			}
		}
	}
	for i := range 300 {
		to.Schemas[0].Views = append(to.Schemas[0].Views, schema.View{Name: fmt.Sprintf("v%d", i),
			Definition: fmt.Sprintf(" SELECT c0 FROM public.t%05d;", i*16)})
	}
	to.Normalize()
	res := diff.Compare(from, to, diff.Options{})
	b.Logf("%d changes, %d views", len(res.Changes), views)
	for _, safe := range []bool{false, true} {
		name := map[bool]string{false: "full", true: "safe"}[safe]
		b.Run(name, func(b *testing.B) {
			for range b.N {
				plan, err := Build(from, to, res, Options{Safe: safe})
				if err != nil {
					b.Fatal(err)
				}
				if safe && len(plan.Skipped) < 10000 {
					b.Fatal("nothing left out")
				}
			}
		})
	}
}

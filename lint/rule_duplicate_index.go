package lint

import (
	"fmt"
	"slices"

	"github.com/dbinspect/dbinspect/schema"
)

// duplicateIndex finds indexes that repeat another index of the same table exactly.
type duplicateIndex struct{}

func (duplicateIndex) Info() Info {
	return Info{
		ID:       "duplicate-index",
		Title:    "index that duplicates another",
		Severity: Warning,
		Why:      "every write maintains both copies, which take twice the space and cache, for no lookup the other cannot serve",
		Fix:      "drop the copy that backs no constraint",
		SeeAlso:  "SchemaCrawler LinterRedundantIndexes; pg-index-health duplicated_indexes",
	}
}

func (duplicateIndex) Check(c *Check) {
	c.Tables(func(s *schema.Schema, t *schema.Table) {
		reported := map[string]bool{}
		for i, a := range t.Indexes {
			for _, b := range t.Indexes[i+1:] {
				if !sameIndex(a, b) {
					continue
				}
				keep, drop := a, b
				if keep.Constraint == "" && drop.Constraint != "" {
					keep, drop = drop, keep
				}
				if drop.Constraint != "" || reported[drop.Name] {
					continue // two constraints over the same columns: each is needed by its name
				}
				reported[drop.Name] = true
				f := memberFinding(s, t.Name, KindIndex, drop.Name, drop.Columns,
					fmt.Sprintf("index %s duplicates %s (%s)", q(drop.Name), q(keep.Name), list(keep.Columns)))
				f.Fix = dropIndexSQL(c.Dialect(), s.Name, t.Name, drop.Name)
				c.Report(f)
			}
		}
	})
}

// sameIndex reports whether two indexes are the same index under two names: same key parts
// (column or expression, direction, nulls order, collation, operator class, prefix length),
// method, uniqueness, predicate and INCLUDE columns.
func sameIndex(a, b schema.Index) bool {
	return a.Unique == b.Unique && a.Method == b.Method && a.Where == b.Where &&
		a.NullsNotDistinct == b.NullsNotDistinct && slices.Equal(a.Parts, b.Parts) &&
		sameSet(a.Include, b.Include)
}

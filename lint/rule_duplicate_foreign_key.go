package lint

import (
	"fmt"
	"slices"

	"github.com/dbinspect/dbinspect/schema"
)

// duplicateForeignKey finds foreign keys that repeat another one of the same table: same
// columns, same target.
type duplicateForeignKey struct{}

func (duplicateForeignKey) Info() Info {
	return Info{
		ID:       "duplicate-foreign-key",
		Title:    "foreign key that repeats another",
		Severity: Warning,
		Why:      "every insert, update and delete checks the same reference twice, and ORMs that read the schema see two relationships where there is one",
		Fix:      "drop one of the two constraints",
		SeeAlso:  "tbls duplicateRelations; pg-index-health duplicated_foreign_keys",
	}
}

func (duplicateForeignKey) Check(c *Check) {
	c.Tables(func(s *schema.Schema, t *schema.Table) {
		for i, a := range t.ForeignKeys {
			for _, b := range t.ForeignKeys[:i] {
				if b.RefSchema == a.RefSchema && b.RefTable == a.RefTable && sameReference(a, b) {
					c.Report(memberFinding(s, t.Name, KindForeignKey, fkLabel(a), a.Columns,
						fmt.Sprintf("foreign key %s repeats %s: (%s) → %s", q(fkLabel(a)), q(fkLabel(b)), list(a.Columns), refName(s, a))))
					break
				}
			}
		}
	})
}

// sameReference reports whether two foreign keys pair the same columns with the same
// referenced columns, whatever the order they list the pairs in.
func sameReference(a, b schema.ForeignKey) bool {
	if len(a.Columns) != len(b.Columns) || len(a.RefColumns) != len(b.RefColumns) {
		return false
	}
	pairs := func(fk schema.ForeignKey) []string {
		out := make([]string, len(fk.Columns))
		for i, col := range fk.Columns {
			ref := ""
			if i < len(fk.RefColumns) {
				ref = fk.RefColumns[i]
			}
			out[i] = col + "\x00" + ref
		}
		slices.Sort(out)
		return out
	}
	return slices.Equal(pairs(a), pairs(b))
}

package lint

import (
	"fmt"

	"github.com/dbinspect/dbinspect/schema"
)

// fkTypeMismatch finds foreign key columns whose type differs from the referenced column's.
type fkTypeMismatch struct{}

func (fkTypeMismatch) Info() Info {
	return Info{
		ID:       "fk-type-mismatch",
		Title:    "foreign key column of another type than the column it references",
		Severity: Warning,
		Why:      "values are converted on every join and check: a narrower column overflows before its target does, a wider one invites values the target cannot hold, and indexes may go unused",
		Fix:      "give the referencing column exactly the referenced column's type",
		SeeAlso:  "SchemaCrawler LinterForeignKeyMismatch; pg-index-health foreign_key_with_unmatched_column_type",
	}
}

func (fkTypeMismatch) Check(c *Check) {
	d := c.Dialect()
	c.Tables(func(s *schema.Schema, t *schema.Table) {
		for _, fk := range t.ForeignKeys {
			target := findTable(c.DB(), fk.RefSchema, fk.RefTable)
			if target == nil || len(fk.RefColumns) != len(fk.Columns) {
				continue // a missing target is fk-missing-target's finding
			}
			for i, name := range fk.Columns {
				col, ref := findColumn(d, t, name), findColumn(d, target, fk.RefColumns[i])
				if col == nil || ref == nil || sameType(d, col.Type, ref.Type) {
					continue
				}
				f := columnFinding(s, t.Name, col.Name, fmt.Sprintf("%s is %s but references %s.%s, which is %s",
					q(col.Name), showType(col.Type), refName(s, fk), q(ref.Name), showType(ref.Type)))
				c.Report(f)
			}
		}
	})
}

// showType spells a type for a message; SQLite columns may have none.
func showType(typ string) string {
	if typ == "" {
		return "untyped"
	}
	return q(typ)
}

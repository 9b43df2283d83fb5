package lint

import (
	"fmt"

	"github.com/dbinspect/dbinspect/schema"
)

// fkMissingTarget finds foreign keys to a table or columns that do not exist, which SQLite
// accepts (and MySQL does with foreign_key_checks off).
type fkMissingTarget struct{}

func (fkMissingTarget) Info() Info {
	return Info{
		ID:       "fk-missing-target",
		Title:    "foreign key to a table or column that does not exist",
		Severity: Error,
		Why:      "with foreign key enforcement on, every insert or update of the referencing table fails (SQLite: \"no such table\"); with it off the key checks nothing",
		Fix:      "point the foreign key at the table and columns as they are now named, or drop it",
		Dialects: []schema.Dialect{schema.SQLite, schema.MySQL},
	}
}

func (fkMissingTarget) Check(c *Check) {
	d := c.Dialect()
	c.Tables(func(s *schema.Schema, t *schema.Table) {
		for _, fk := range t.ForeignKeys {
			if c.DB().Schema(fk.RefSchema) == nil {
				continue // a schema that was not inspected, not a missing one
			}
			target := findTable(c.DB(), fk.RefSchema, fk.RefTable)
			var missing []string
			if target != nil {
				for _, col := range fk.RefColumns {
					if findColumn(d, target, col) == nil {
						missing = append(missing, col)
					}
				}
			}
			f := memberFinding(s, t.Name, KindForeignKey, fkLabel(fk), fk.Columns, "")
			switch {
			case target == nil && dialectOf(d).viewTargets && isView(c.DB(), fk.RefSchema, fk.RefTable):
				f.Message = fmt.Sprintf("foreign key %s references %s, a view", q(fkLabel(fk)), refName(s, fk))
			case target == nil:
				f.Message = fmt.Sprintf("foreign key %s references %s, which does not exist", q(fkLabel(fk)), refName(s, fk))
			case len(missing) > 0:
				f.Message = fmt.Sprintf("foreign key %s references %s (%s), which has no column %s", q(fkLabel(fk)),
					refName(s, fk), list(fk.RefColumns), list(missing))
			default:
				continue
			}
			c.Report(f)
		}
	})
}

func isView(db *schema.Database, schemaName, name string) bool {
	s := db.Schema(schemaName)
	return s != nil && s.View(name) != nil
}

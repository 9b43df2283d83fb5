package lint

import (
	"fmt"

	"github.com/dbinspect/dbinspect/schema"
)

// fkTargetNotUnique finds foreign keys whose referenced columns are not a primary key or
// unique key of their table, which SQLite and MySQL (InnoDB) accept.
type fkTargetNotUnique struct{}

func (fkTargetNotUnique) Info() Info {
	return Info{
		ID:       "fk-target-not-unique",
		Title:    "foreign key to columns that are not a key",
		Severity: Error,
		Why:      "a foreign key must point at one row: SQLite fails every write to the referencing table with \"foreign key mismatch\", and InnoDB lets a child row match several parents (MySQL 8.4 refuses such keys)",
		Fix:      "reference the primary key, or add a unique constraint on the referenced columns",
		Dialects: []schema.Dialect{schema.SQLite, schema.MySQL},
	}
}

func (fkTargetNotUnique) Check(c *Check) {
	d := c.Dialect()
	c.Tables(func(s *schema.Schema, t *schema.Table) {
		for _, fk := range t.ForeignKeys {
			target := findTable(c.DB(), fk.RefSchema, fk.RefTable)
			if target == nil || len(fk.RefColumns) == 0 {
				continue // missing targets are fk-missing-target's; no columns means the primary key (SQLite)
			}
			if uniqueOn(d, target, fk.RefColumns) {
				continue
			}
			c.Report(memberFinding(s, t.Name, KindForeignKey, fkLabel(fk), fk.Columns,
				fmt.Sprintf("foreign key %s references %s (%s), which is not its primary key or a unique key",
					q(fkLabel(fk)), refName(s, fk), list(fk.RefColumns))))
		}
	})
}

// uniqueOn reports whether t's primary key, a unique constraint or a full unique index has
// exactly cols (in any order). SQLite and MySQL compare column names without case.
func uniqueOn(d schema.Dialect, t *schema.Table, cols []string) bool {
	same := func(key []string) bool {
		if len(key) != len(cols) {
			return false
		}
		for _, c := range cols {
			if findIn(d, key, c) < 0 {
				return false
			}
		}
		return true
	}
	if t.PrimaryKey != nil && same(t.PrimaryKey.Columns) {
		return true
	}
	for _, u := range t.Uniques {
		if same(u.Columns) {
			return true
		}
	}
	for _, x := range t.Indexes {
		if x.Unique && x.Where == "" && len(leadingColumns(x)) == len(x.Parts) && same(x.Columns) {
			return true
		}
	}
	return false
}

// findIn returns where name is in names (without case on SQLite and MySQL), or -1.
func findIn(d schema.Dialect, names []string, name string) int {
	for i, n := range names {
		if n == name || (dialectOf(d).foldsNames && equalFold(n, name)) {
			return i
		}
	}
	return -1
}

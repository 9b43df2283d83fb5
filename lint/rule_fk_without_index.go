package lint

import (
	"fmt"

	"github.com/dbinspect/dbinspect/schema"
)

// fkWithoutIndex finds foreign keys whose columns no index starts with.
type fkWithoutIndex struct{}

func (fkWithoutIndex) Info() Info {
	return Info{
		ID:       "fk-without-index",
		Title:    "foreign key without a supporting index",
		Severity: Warning,
		Why:      "deleting or updating a referenced row scans the whole referencing table (under a lock), and joins along the key cannot use an index",
		Fix:      "create an index whose leading columns are the foreign key's columns (CONCURRENTLY on a busy PostgreSQL table)",
		SeeAlso:  "SchemaCrawler LinterForeignKeyWithNoIndexes; tbls requireForeignKeyIndex; pg-index-health foreign_key_without_index",
	}
}

func (fkWithoutIndex) Check(c *Check) {
	c.Tables(func(s *schema.Schema, t *schema.Table) {
		for _, fk := range t.ForeignKeys {
			if indexedBy(t, fk.Columns) {
				continue
			}
			f := memberFinding(s, t.Name, KindForeignKey, fkLabel(fk), fk.Columns,
				fmt.Sprintf("foreign key %s (%s) → %s has no index that starts with its columns",
					q(fkLabel(fk)), list(fk.Columns), refName(s, fk)))
			f.Fix = createIndexSQL(c.Dialect(), s.Name, t.Name, fk.Columns)
			c.Report(f)
		}
	})
}

// indexedBy reports whether some index (or the primary key) of t has cols, in any order, as
// its leading columns, and can serve lookups on them: not partial, ordered (or a hash index
// on the one column).
func indexedBy(t *schema.Table, cols []string) bool {
	n := len(cols)
	if t.PrimaryKey != nil && len(t.PrimaryKey.Columns) >= n && sameSet(t.PrimaryKey.Columns[:n], cols) {
		return true
	}
	for _, x := range t.Indexes {
		lead := leadingColumns(x)
		if x.Where != "" || x.Invisible || len(lead) < n || !sameSet(lead[:n], cols) {
			continue
		}
		if orderedMethod(x) || x.Method == "hash" && n == 1 {
			return true
		}
	}
	return false
}

package lint

import (
	"fmt"

	"github.com/dbinspect/dbinspect/ddl"
	"github.com/dbinspect/dbinspect/schema"
)

// noPrimaryKey finds tables without a primary key.
type noPrimaryKey struct{}

func (noPrimaryKey) Info() Info {
	return Info{
		ID:       "no-primary-key",
		Title:    "table without a primary key",
		Severity: Error,
		Why:      "rows cannot be told apart: ORMs cannot map, update or delete a single row, and logical replication cannot send updates or deletes",
		Fix:      "add a primary key (promote a unique key on NOT NULL columns where there is one)",
		SeeAlso:  "SchemaCrawler LinterTableWithNoPrimaryKey; Atlas schema lint",
	}
}

func (noPrimaryKey) Check(c *Check) {
	c.Tables(func(s *schema.Schema, t *schema.Table) {
		if t.PrimaryKey != nil || isVirtual(t) {
			return
		}
		f := tableFinding(s, t.Name, "table has no primary key")
		if cols := notNullUnique(t); cols != nil {
			f.Message += fmt.Sprintf("; unique key (%s) is NOT NULL and could be it", list(cols))
			f.Fix = fmt.Sprintf("ALTER TABLE %s ADD PRIMARY KEY (%s);", ddl.Qualify(c.Dialect(), s.Name, t.Name), ddl.QuoteList(c.Dialect(), cols))
		}
		c.Report(f)
	})
}

// notNullUnique returns the columns of the first unique key (constraint or plain unique
// index) whose columns are all NOT NULL, or nil.
func notNullUnique(t *schema.Table) []string {
	allNotNull := func(cols []string) bool {
		for _, name := range cols {
			if col := t.Column(name); col == nil || col.Nullable {
				return false
			}
		}
		return len(cols) > 0
	}
	for _, u := range t.Uniques {
		if allNotNull(u.Columns) {
			return u.Columns
		}
	}
	for _, x := range t.Indexes {
		if x.Unique && x.Where == "" && len(leadingColumns(x)) == len(x.Parts) && allNotNull(x.Columns) {
			return x.Columns
		}
	}
	return nil
}

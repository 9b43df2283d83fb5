package lint

import (
	"fmt"

	"github.com/dbinspect/dbinspect/schema"
)

// varcharWithoutLength finds varchar columns declared without a length, which PostgreSQL
// and SQLite accept.
type varcharWithoutLength struct{}

func (varcharWithoutLength) Info() Info {
	return Info{
		ID:       "varchar-without-length",
		Title:    "varchar without a length",
		Severity: Warning,
		Why:      "an unbounded varchar is text under another name: the limit the model meant is lost, and the same DDL fails on MySQL, which requires a length (SQLAlchemy's String() with no length makes these)",
		Fix:      "give it the length the application means (varchar(255)), or declare it text",
		Dialects: []schema.Dialect{schema.Postgres, schema.SQLite},
		SeeAlso:  "schemalint prefer-text-to-varchar (the opposite convention is the opt-in varchar-vs-text)",
	}
}

func (varcharWithoutLength) Check(c *Check) {
	c.Tables(func(s *schema.Schema, t *schema.Table) {
		for _, col := range t.Columns {
			if ok, hasLength := isVarchar(c.Dialect(), col.Type); ok && !hasLength {
				c.Report(columnFinding(s, t.Name, col.Name, fmt.Sprintf("%s is %s with no length", q(col.Name), q(col.Type))))
			}
		}
	})
}

package lint

import (
	"fmt"

	"github.com/dbinspect/dbinspect/schema"
)

// columnCount finds tables with more columns than a limit.
type columnCount struct {
	Max int `json:"max"`
}

func (*columnCount) Info() Info {
	return Info{
		ID:       "column-count",
		Title:    "table with too many columns",
		Severity: Notice,
		OptIn:    true,
		Why:      "a very wide table usually holds several things at once: rows get large, most queries read columns they do not need, and every ORM load carries them all",
		Fix:      "split the table by what the columns describe (a 1:1 table for rarely used details, a child table for repeated groups)",
		Params:   "max: 50",
		SeeAlso:  "tbls columnCount",
	}
}

func (r *columnCount) Params() any { return r }

func (r *columnCount) Validate() error {
	if r.Max < 1 {
		return fmt.Errorf("max must be at least 1 (got %d)", r.Max)
	}
	return nil
}

func (r *columnCount) Check(c *Check) {
	c.Tables(func(s *schema.Schema, t *schema.Table) {
		if len(t.Columns) > r.Max {
			c.Report(tableFinding(s, t.Name, fmt.Sprintf("table has %d columns, more than %d", len(t.Columns), r.Max)))
		}
	})
}

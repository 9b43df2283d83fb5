package lint

import (
	"fmt"

	"github.com/dbinspect/dbinspect/schema"
)

// varcharVsText enforces one convention for character columns: text everywhere, or varchar(n)
// everywhere.
type varcharVsText struct {
	// Prefer is "text" or "varchar"; "" takes the dialect's usual convention.
	Prefer string `json:"prefer"`
}

func (*varcharVsText) Info() Info {
	return Info{
		ID:       "varchar-vs-text",
		Title:    "string column against the varchar/text convention",
		Severity: Notice,
		OptIn:    true,
		Why:      "one convention for string columns keeps models and migrations uniform: on PostgreSQL text and varchar(n) perform the same and a length check belongs in a CHECK; on MySQL TEXT columns cannot have defaults (before 8.0.13) or be indexed without a prefix",
		Fix:      "convert the column to the preferred type (with a CHECK (length(col) <= n) where the limit is a rule)",
		Params:   "prefer: text on PostgreSQL and SQLite, varchar on MySQL",
		SeeAlso:  "PostgreSQL wiki \"Don't Do This\"; schemalint prefer-text-to-varchar",
	}
}

func (r *varcharVsText) Params() any { return r }

func (r *varcharVsText) Validate() error {
	switch r.Prefer {
	case "", "text", "varchar":
		return nil
	}
	return fmt.Errorf("prefer must be text or varchar, not %q", r.Prefer)
}

func (r *varcharVsText) Check(c *Check) {
	prefer := r.Prefer
	if prefer == "" {
		prefer = dialectOf(c.Dialect()).preferredText
	}
	c.Tables(func(s *schema.Schema, t *schema.Table) {
		for _, col := range t.Columns {
			varchar, _ := isVarchar(c.Dialect(), col.Type)
			switch {
			case prefer == "text" && varchar:
				c.Report(columnFinding(s, t.Name, col.Name, fmt.Sprintf("%s is %s; the convention is text", q(col.Name), q(col.Type))))
			case prefer == "varchar" && isText(c.Dialect(), col.Type):
				c.Report(columnFinding(s, t.Name, col.Name, fmt.Sprintf("%s is %s; the convention is varchar(n)", q(col.Name), q(col.Type))))
			}
		}
	})
}

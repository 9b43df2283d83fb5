package lint

import (
	"fmt"
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

// timestampWithoutTimeZone finds PostgreSQL timestamp columns that store no time zone.
type timestampWithoutTimeZone struct{}

func (timestampWithoutTimeZone) Info() Info {
	return Info{
		ID:       "timestamp-without-time-zone",
		Title:    "timestamp without time zone",
		Severity: Warning,
		Why:      "a timestamp without time zone is a wall-clock reading, not an instant: values written from sessions or servers in different zones cannot be compared, and DST makes some ambiguous",
		Fix:      "use timestamptz (timestamp with time zone), which stores an instant; ALTER COLUMN … TYPE timestamptz USING col AT TIME ZONE 'UTC' when the values are UTC",
		Dialects: []schema.Dialect{schema.Postgres},
		SeeAlso:  "PostgreSQL wiki \"Don't Do This\"; schemalint prefer-timestamptz",
	}
}

func (timestampWithoutTimeZone) Check(c *Check) {
	c.Tables(func(s *schema.Schema, t *schema.Table) {
		for _, col := range t.Columns {
			if isTimestampWithoutZone(col.Type) {
				c.Report(columnFinding(s, t.Name, col.Name, fmt.Sprintf("%s is %s", q(col.Name), q(col.Type))))
			}
		}
	})
}

// isTimestampWithoutZone matches format_type's "timestamp without time zone",
// "timestamp(3) without time zone" and their arrays.
func isTimestampWithoutZone(typ string) bool {
	return strings.HasPrefix(typ, "timestamp") && strings.HasSuffix(strings.TrimRight(typ, "[]"), "without time zone")
}

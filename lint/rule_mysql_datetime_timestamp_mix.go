package lint

import (
	"fmt"

	"github.com/dbinspect/dbinspect/schema"
)

// mysqlDatetimeTimestampMix finds MySQL schemas that store points in time both as DATETIME
// and as TIMESTAMP.
type mysqlDatetimeTimestampMix struct{}

func (mysqlDatetimeTimestampMix) Info() Info {
	return Info{
		ID:       "mysql-datetime-timestamp-mix",
		Title:    "DATETIME and TIMESTAMP mixed in one schema",
		Severity: Warning,
		Why:      "TIMESTAMP is converted from and to the session time zone (and ends in 2038) while DATETIME is stored as written, so the same instant reads differently from the two kinds of column",
		Fix:      "pick one type for points in time across the schema (DATETIME holding UTC is the usual choice) and convert the others",
		Dialects: []schema.Dialect{schema.MySQL},
	}
}

func (mysqlDatetimeTimestampMix) Check(c *Check) {
	for i := range c.DB().Schemas {
		s := &c.DB().Schemas[i]
		var datetimes, timestamps []columnAt
		for j := range s.Tables {
			t := &s.Tables[j]
			for _, col := range t.Columns {
				switch baseName(schema.MySQL, col.Type) {
				case "datetime":
					datetimes = append(datetimes, columnAt{t.Name, col.Name, col.Type})
				case "timestamp":
					timestamps = append(timestamps, columnAt{t.Name, col.Name, col.Type})
				}
			}
		}
		if len(datetimes) == 0 || len(timestamps) == 0 {
			continue
		}
		// The minority is what stands out; on a tie TIMESTAMP, which also ends in 2038.
		odd, other, otherType := timestamps, len(datetimes), "datetime"
		if len(datetimes) < len(timestamps) {
			odd, other, otherType = datetimes, len(timestamps), "timestamp"
		}
		for _, col := range odd {
			c.Report(columnFinding(s, col.table, col.column,
				fmt.Sprintf("%s is %s while %d other column(s) of the schema are %s", q(col.column), q(col.typ), other, otherType)))
		}
	}
}

// columnAt is a column found while walking a schema.
type columnAt struct{ table, column, typ string }

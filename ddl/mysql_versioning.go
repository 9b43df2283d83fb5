package ddl

import "github.com/dbinspect/dbinspect/schema"

// MySQLSystemPeriod writes PERIOD FOR SYSTEM_TIME over a MariaDB table's explicit ROW START
// and ROW END columns, or "" when it has none.
func MySQLSystemPeriod(t *schema.Table) string {
	start, end := schema.MySQLRowPeriod(t)
	if start == "" || end == "" {
		return ""
	}
	return "PERIOD FOR SYSTEM_TIME (" + QuoteIdent(schema.MySQL, start) + ", " + QuoteIdent(schema.MySQL, end) + ")"
}

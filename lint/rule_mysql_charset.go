package lint

import (
	"fmt"

	"github.com/dbinspect/dbinspect/ddl"
	"github.com/dbinspect/dbinspect/schema"
)

// mysqlCharset finds MySQL tables and columns whose character set is not utf8mb4.
type mysqlCharset struct {
	// Tables lists the character sets a table's default may be.
	Tables []string `json:"tables"`
	// Columns lists the character sets a column may have (a column is only listed in the
	// model when its set differs from its table's).
	Columns []string `json:"columns"`
}

func (*mysqlCharset) Info() Info {
	return Info{
		ID:       "mysql-charset",
		Title:    "MySQL table or column not in utf8mb4",
		Severity: Warning,
		Why:      "utf8 (utf8mb3) stores at most three bytes a character and latin1 one, so emoji and many CJK characters are refused or mangled, and joins between columns of different character sets cannot use indexes",
		Fix:      "ALTER TABLE … CONVERT TO CHARACTER SET utf8mb4 (check index prefix lengths first: utf8mb4 keys are up to 4 bytes a character)",
		Dialects: []schema.Dialect{schema.MySQL},
		Params:   "tables: [utf8mb4]; columns: [utf8mb4, ascii, binary] (ascii and binary suit codes, hashes and UUIDs)",
	}
}

func (r *mysqlCharset) Params() any { return r }

func (r *mysqlCharset) Validate() error { return nil }

func (r *mysqlCharset) Check(c *Check) {
	tables, columns := r.Tables, r.Columns
	c.Tables(func(s *schema.Schema, t *schema.Table) {
		if t.MySQL == nil {
			return
		}
		if cs := t.MySQL.Charset; cs != "" && !containsFold(tables, cs) {
			f := tableFinding(s, t.Name, fmt.Sprintf("table's character set is %s, not utf8mb4", q(cs)))
			f.Fix = "ALTER TABLE " + ddl.QuoteIdent(schema.MySQL, t.Name) + " CONVERT TO CHARACTER SET utf8mb4;"
			c.Report(f)
		}
		for _, col := range t.Columns {
			if col.MySQL != nil && col.MySQL.Charset != "" && !containsFold(columns, col.MySQL.Charset) {
				c.Report(columnFinding(s, t.Name, col.Name, fmt.Sprintf("%s has character set %s, not utf8mb4", q(col.Name), q(col.MySQL.Charset))))
			}
		}
	})
}

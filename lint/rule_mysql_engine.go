package lint

import (
	"fmt"
	"strings"

	"github.com/dbinspect/dbinspect/ddl"
	"github.com/dbinspect/dbinspect/schema"
)

// mysqlEngine finds MySQL tables stored by an engine other than InnoDB.
type mysqlEngine struct {
	// Allow lists the engines that pass.
	Allow []string `json:"allow"`
}

func (*mysqlEngine) Info() Info {
	return Info{
		ID:       "mysql-engine",
		Title:    "MySQL table not stored by InnoDB",
		Severity: Error,
		Why:      "MyISAM, Aria and MEMORY tables have no transactions, ignore foreign keys, lock whole tables on write and can lose rows in a crash: an ORM's unit of work is not atomic there",
		Fix:      "ALTER TABLE … ENGINE=InnoDB",
		Dialects: []schema.Dialect{schema.MySQL},
		Params:   "allow: [InnoDB]",
	}
}

func (r *mysqlEngine) Params() any { return r }

func (r *mysqlEngine) Validate() error { return nil }

func (r *mysqlEngine) Check(c *Check) {
	allow := r.Allow
	c.Tables(func(s *schema.Schema, t *schema.Table) {
		if t.MySQL == nil || t.MySQL.Engine == "" || containsFold(allow, t.MySQL.Engine) {
			return
		}
		f := tableFinding(s, t.Name, fmt.Sprintf("table uses the %s engine, not %s", q(t.MySQL.Engine), strings.Join(allow, " or ")))
		f.Fix = "ALTER TABLE " + ddl.QuoteIdent(schema.MySQL, t.Name) + " ENGINE=InnoDB;"
		c.Report(f)
	})
}

package lint

import (
	"fmt"
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

// mixedCaseIdentifier finds names with capital letters where the engine folds or compares
// case: PostgreSQL (every unquoted name is folded to lower case) and MySQL table, view and
// database names (case-sensitive on Linux, folded elsewhere with lower_case_table_names).
type mixedCaseIdentifier struct{}

func (mixedCaseIdentifier) Info() Info {
	return Info{
		ID:       "mixed-case-identifier",
		Title:    "name with capital letters that needs quoting",
		Severity: Warning,
		Why:      "PostgreSQL folds unquoted names to lower case, so \"UserId\" must be quoted in every query (SELECT UserId fails); MySQL table names follow the file system's case rules, so a dump from Windows or macOS breaks on Linux",
		Fix:      "rename to lower case snake_case (and map the ORM's attribute to it), or quote the name everywhere",
		Dialects: []schema.Dialect{schema.Postgres, schema.MySQL},
	}
}

func (mixedCaseIdentifier) Check(c *Check) {
	kinds := dialectOf(c.Dialect()).caseKinds
	eachName(c, kinds, func(n nameAt) {
		if strings.ToLower(n.name) != n.name {
			c.Report(n.finding(fmt.Sprintf("%s %s has capital letters and must be quoted to keep them", n.kind.what(), q(n.name))))
		}
	})
}

package lint

import (
	"fmt"
	"strings"

	"github.com/dbinspect/dbinspect/ddl"
	"github.com/dbinspect/dbinspect/schema"
)

// rlsWithoutPolicy finds PostgreSQL tables with row-level security enabled and no policy.
type rlsWithoutPolicy struct{}

func (rlsWithoutPolicy) Info() Info {
	return Info{
		ID:       "rls-without-policy",
		Title:    "row-level security enabled without a policy",
		Severity: Error,
		Why:      "with row-level security on and no policy, every role but the table's owner (and, with FORCE, the owner too) reads no rows and can write none: a migration that enables RLS before its policies locks the application out",
		Fix:      "CREATE POLICY … ON the table for the roles that use it, or DISABLE ROW LEVEL SECURITY if it was not meant to be on",
		Dialects: []schema.Dialect{schema.Postgres},
	}
}

func (rlsWithoutPolicy) Check(c *Check) {
	if policiesUnread(c.DB()) {
		return
	}
	for i := range c.DB().Schemas {
		s := &c.DB().Schemas[i]
		for _, t := range s.Tables {
			pg := t.Postgres
			if pg == nil || !pg.RowSecurity || len(pg.Policies) > 0 {
				continue
			}
			who := "every role but its owner"
			if pg.ForceRowSecurity {
				who = "every role, its owner too,"
			}
			f := tableFinding(s, t.Name, fmt.Sprintf("row-level security is enabled on %s but it has no policy: %s sees no rows", q(t.Name), who))
			f.Fix = "CREATE POLICY … ON " + ddl.Qualify(schema.Postgres, s.Name, t.Name) + " …;"
			c.Report(f)
		}
	}
}

// policyWithoutRLS finds PostgreSQL tables with policies that do nothing: row-level security
// is off.
type policyWithoutRLS struct{}

func (policyWithoutRLS) Info() Info {
	return Info{
		ID:       "policy-without-rls",
		Title:    "policies on a table without row-level security",
		Severity: Warning,
		Why:      "policies apply only once row-level security is enabled on the table; until then every role with privileges on it sees every row, which the policies were written to prevent",
		Fix:      "ALTER TABLE … ENABLE ROW LEVEL SECURITY, or drop the policies if they are not meant to apply",
		Dialects: []schema.Dialect{schema.Postgres},
	}
}

func (policyWithoutRLS) Check(c *Check) {
	if policiesUnread(c.DB()) {
		return
	}
	for i := range c.DB().Schemas {
		s := &c.DB().Schemas[i]
		for _, t := range s.Tables {
			pg := t.Postgres
			if pg == nil || pg.RowSecurity || len(pg.Policies) == 0 {
				continue
			}
			f := tableFinding(s, t.Name, fmt.Sprintf("%s has %s but row-level security is not enabled: no policy applies",
				q(t.Name), plural(len(pg.Policies), "policy", "policies")))
			f.Fix = "ALTER TABLE " + ddl.Qualify(schema.Postgres, s.Name, t.Name) + " ENABLE ROW LEVEL SECURITY;"
			c.Report(f)
		}
	}
}

// policiesUnread reports an inspection that could not read pg_policy: the model's tables then
// have no policies whatever the database holds, and nothing can be said about them.
func policiesUnread(db *schema.Database) bool {
	for _, n := range db.Notes {
		if strings.HasPrefix(n, "row-level security policies not read") {
			return true
		}
	}
	return false
}

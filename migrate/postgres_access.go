package migrate

import (
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

// Owners and grants. Whenever the plan drops and creates an object (a view rebuilt, a routine
// replaced), the new object belongs to whoever runs the migration and holds only the server's
// default privileges; restoreAccess writes back the owner and grants the object had, so a
// migration never silently loses them, whether or not privileges are compared.

// grantSQL writes one grant: GRANT SELECT, UPDATE ON TABLE t TO r, or with columns
// GRANT SELECT (a, b), UPDATE (a, b) ON TABLE t TO r.
func (p *planner) grantSQL(kind, name string, g schema.Grant) string {
	privs := make([]string, len(g.Privileges))
	for i, pr := range g.Privileges {
		privs[i] = string(pr)
		if len(g.Columns) > 0 {
			privs[i] += " (" + quoteAll(p, g.Columns) + ")"
		}
	}
	sql := "GRANT " + strings.Join(privs, ", ") + " ON " + kind + " " + name + " TO " + p.role(g.Grantee)
	if g.GrantOption {
		sql += " WITH GRANT OPTION"
	}
	return sql
}

func quoteAll(p *planner, names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = p.q(n)
	}
	return strings.Join(out, ", ")
}

// restoreAccess writes an object's owner and grants after it was created again in phase ph.
// kind is how GRANT names the object (TABLE for views too, FUNCTION, SEQUENCE, TYPE, SCHEMA),
// alter how ALTER … OWNER TO does (VIEW, MATERIALIZED VIEW, FUNCTION, …). A routine created
// again is executable by PUBLIC by default: that is revoked first, and granted back when the
// object's grants say so.
func (p *planner) restoreAccess(ph phase, g int, label, kind, alter, name string, a schema.Access) {
	if a.Owner != "" {
		p.addGroup(ph, g, label, "ALTER "+alter+" "+name+" OWNER TO "+p.q(a.Owner))
	}
	if kind == "FUNCTION" || kind == "PROCEDURE" || kind == "TYPE" || kind == "DOMAIN" {
		p.addGroup(ph, g, label, "REVOKE ALL ON "+kind+" "+name+" FROM PUBLIC")
	}
	for _, gr := range a.Grants {
		p.addGroup(ph, g, label, p.grantSQL(kind, name, gr))
	}
}

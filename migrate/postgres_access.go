package migrate

import (
	"slices"
	"strings"

	"github.com/dbinspect/dbinspect/diff"
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
	if a.Owner == "" && len(a.Grants) == 0 {
		return // not read (a snapshot older than owners and grants): nothing to restore
	}
	if a.Owner != "" {
		p.addGroup(ph, g, label, "ALTER "+alter+" "+name+" OWNER TO "+p.q(a.Owner))
	}
	if kind == "ROUTINE" || kind == "FUNCTION" || kind == "PROCEDURE" || kind == "TYPE" || kind == "DOMAIN" {
		p.addGroup(ph, g, label, "REVOKE ALL ON "+kind+" "+name+" FROM PUBLIC")
	}
	for _, gr := range a.Grants {
		p.addGroup(ph, g, label, p.grantSQL(kind, name, gr))
	}
}

// accessFields are the fields planned by planAccess, whatever the object kind.
var accessFields = []diff.Field{diff.FieldOwner, diff.FieldGrants, diff.FieldDefaultPrivileges}

// onlyAccess reports a modify that changes nothing but owners and grants (and comments).
func onlyAccess(c *diff.Change, also ...diff.Field) bool {
	return onlyFields(c, append(slices.Clone(accessFields), also...)...)
}

// accessTarget is how GRANT and ALTER … OWNER TO name an object of a change; ok false for a
// kind without them.
func (p *planner) accessTarget(obj diff.Object, schemaName, table string, side any) (grantKind, alterKind, name string, ok bool) {
	switch o := side.(type) {
	case *schema.Schema:
		return "SCHEMA", "SCHEMA", p.q(o.Name), true
	case *schema.Table:
		return "TABLE", "TABLE", p.qq(schemaName, o.Name), true
	case *schema.View:
		return "TABLE", viewKind(o), p.qq(schemaName, o.Name), true
	case *schema.Sequence:
		return "SEQUENCE", "SEQUENCE", p.qq(schemaName, o.Name), true
	case *schema.Function:
		return "ROUTINE", "ROUTINE", p.qq(schemaName, o.Name) + "(" + argumentTypes(o.Arguments) + ")", true
	case *schema.Domain:
		return "DOMAIN", "DOMAIN", p.qq(schemaName, o.Name), true
	case *schema.Enum:
		return "TYPE", "TYPE", p.qq(schemaName, o.Name), true
	case *schema.CompositeType:
		return "TYPE", "TYPE", p.qq(schemaName, o.Name), true
	}
	return "", "", "", false
}

// fromRole writes a TO role by the FROM name the role map pairs it with: the plan runs on
// FROM's server, whose roles have FROM's names.
func (p *planner) fromRole(name string) string {
	for from, to := range p.res.RoleMap {
		if to == name {
			return from
		}
	}
	return name
}

func (p *planner) fromGrants(gs []schema.Grant) []schema.Grant {
	out := slices.Clone(gs)
	for i := range out {
		out[i].Grantee = p.fromRole(out[i].Grantee)
	}
	return out
}

// planAccess plans owner, grant and default privilege changes (compared only with
// --privileges), and with --privileges gives the objects the plan adds TO's owner and grants.
func (p *planner) planAccess() {
	if !p.res.Privileges {
		return
	}
	for i := range p.res.Changes {
		c := &p.res.Changes[i]
		from, to := c.Sides()
		grantKind, alterKind, name, ok := p.accessTarget(c.Object, c.Schema, c.Table, to)
		if !ok {
			continue
		}
		label := changeLabel(c)
		switch c.Action {
		case diff.Add:
			if a := schema.AccessOf(to); a != nil {
				p.restoreAccess(phComments, p.newGroup(), label, grantKind, alterKind, name, p.mappedAccess(*a))
			}
		case diff.Modify, diff.Rename:
			if c.Action == diff.Rename {
				continue
			}
			fa, ta := schema.AccessOf(from), schema.AccessOf(to)
			if hasField(c, diff.FieldOwner) && ta.Owner != "" { // "" is an owner TO did not read
				p.add(phComments, label, "ALTER "+alterKind+" "+name+" OWNER TO "+p.q(p.fromRole(ta.Owner)))
			}
			if hasField(c, diff.FieldGrants) {
				p.regrant(label, grantKind, name, fa.Grants, p.fromGrants(ta.Grants))
			}
			if hasField(c, diff.FieldDefaultPrivileges) {
				fs, ts := from.(*schema.Schema), to.(*schema.Schema)
				p.defaultPrivileges(label, fs.Name, pgDefaults(fs), pgDefaults(ts))
			}
		}
	}
}

func (p *planner) mappedAccess(a schema.Access) schema.Access {
	return schema.Access{Owner: p.fromRole(a.Owner), Grants: p.fromGrants(a.Grants)}
}

// regrant makes a grantee's privileges TO's: for each grantee whose grants differ, REVOKE ALL
// (on the columns too) and GRANT what TO has.
func (p *planner) regrant(label, kind, name string, from, to []schema.Grant) {
	byGrantee := func(gs []schema.Grant) (map[string][]schema.Grant, []string) {
		m := map[string][]schema.Grant{}
		var order []string
		for _, g := range gs {
			if _, ok := m[g.Grantee]; !ok {
				order = append(order, g.Grantee)
			}
			m[g.Grantee] = append(m[g.Grantee], g)
		}
		return m, order
	}
	fm, forder := byGrantee(from)
	tm, torder := byGrantee(to)
	seen := map[string]bool{}
	for _, grantee := range append(forder, torder...) {
		if seen[grantee] {
			continue
		}
		seen[grantee] = true
		if diff.GrantsText(fm[grantee]) == diff.GrantsText(tm[grantee]) {
			continue
		}
		g := p.newGroup()
		p.addGroup(phComments, g, label, "REVOKE ALL ON "+kind+" "+name+" FROM "+p.role(grantee))
		for _, old := range fm[grantee] {
			if len(old.Columns) > 0 {
				p.addGroup(phComments, g, label, "REVOKE ALL ("+quoteAll(p, old.Columns)+") ON "+kind+" "+name+" FROM "+p.role(grantee))
			}
		}
		for _, gr := range tm[grantee] {
			p.addGroup(phComments, g, label, p.grantSQL(kind, name, gr))
		}
	}
}

func pgDefaults(s *schema.Schema) []schema.DefaultPrivilege {
	if s == nil || s.Postgres == nil {
		return nil
	}
	return s.Postgres.DefaultPrivileges
}

// defaultPrivileges makes a schema's ALTER DEFAULT PRIVILEGES entries TO's.
func (p *planner) defaultPrivileges(label, schemaName string, from, to []schema.DefaultPrivilege) {
	type key struct {
		role   string
		object schema.DefaultPrivilegeObject
	}
	fm, tm := map[key][]schema.Grant{}, map[key][]schema.Grant{}
	var keys []key
	for _, d := range from {
		k := key{d.Role, d.Object}
		fm[k] = d.Grants
		keys = append(keys, k)
	}
	for _, d := range to {
		k := key{p.fromRole(d.Role), d.Object}
		tm[k] = p.fromGrants(d.Grants)
		if _, ok := fm[k]; !ok {
			keys = append(keys, k)
		}
	}
	for _, k := range keys {
		if diff.GrantsText(fm[k]) == diff.GrantsText(tm[k]) {
			continue
		}
		head := "ALTER DEFAULT PRIVILEGES FOR ROLE " + p.q(k.role) + " IN SCHEMA " + p.q(schemaName) + " "
		g := p.newGroup()
		seen := map[string]bool{}
		for _, gr := range append(slices.Clone(fm[k]), tm[k]...) {
			if !seen[gr.Grantee] {
				seen[gr.Grantee] = true
				p.addGroup(phComments, g, label, head+"REVOKE ALL ON "+string(k.object)+" FROM "+p.role(gr.Grantee))
			}
		}
		for _, gr := range tm[k] {
			sql := strings.Replace(p.grantSQL(string(k.object), "", gr), " ON "+string(k.object)+"  TO ", " ON "+string(k.object)+" TO ", 1)
			p.addGroup(phComments, g, label, head+sql)
		}
	}
}

package diff

import (
	"slices"
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

// Owners and grants (PostgreSQL) are read always and compared only when asked
// (Options.Privileges): environments often have different roles. With Options.RoleMap a
// FROM role and a TO role of another name count as one; what is shown keeps each side's names.

// Privilege fields.
const (
	FieldOwner             Field = "owner"
	FieldGrants            Field = "grants"
	FieldDefaultPrivileges Field = "default privileges"
)

// accessChanges compares the owner and grants of two objects, when privileges are compared.
func (d *differ) accessChanges(from, to any) []FieldChange {
	if !d.opts.Privileges || d.cross {
		return nil
	}
	f, t := schema.AccessOf(from), schema.AccessOf(to)
	if f == nil || t == nil {
		return nil
	}
	var out []FieldChange
	if d.role(f.Owner, false) != d.role(t.Owner, true) {
		out = append(out, FieldChange{Field: FieldOwner, From: f.Owner, To: t.Owner})
	}
	if fg, tg := d.grantsText(f.Grants, false), d.grantsText(t.Grants, true); fg != tg {
		out = append(out, FieldChange{Field: FieldGrants, From: GrantsText(f.Grants), To: GrantsText(t.Grants)})
	}
	return out
}

// schemaDefaultPrivileges compares a schema's ALTER DEFAULT PRIVILEGES … IN SCHEMA entries.
func (d *differ) schemaDefaultPrivileges(f, t *schema.Schema) []FieldChange {
	if !d.opts.Privileges || d.cross {
		return nil
	}
	fd, td := defaultPrivileges(f), defaultPrivileges(t)
	if d.defaultsText(fd, false) == d.defaultsText(td, true) {
		return nil
	}
	return []FieldChange{{Field: FieldDefaultPrivileges, From: DefaultPrivilegesText(fd), To: DefaultPrivilegesText(td)}}
}

func defaultPrivileges(s *schema.Schema) []schema.DefaultPrivilege {
	if s.Postgres == nil {
		return nil
	}
	return s.Postgres.DefaultPrivileges
}

// role is a role name as compared: a TO role mapped back to the FROM role Options.RoleMap
// pairs it with.
func (d *differ) role(name string, toSide bool) string {
	if !toSide || name == "" {
		return name
	}
	for from, to := range d.opts.RoleMap {
		if to == name {
			return from
		}
	}
	return name
}

// grantsText is the canonical text of a list of grants: by grantee (mapped), columns, grant
// option; privileges in the model's order.
func (d *differ) grantsText(gs []schema.Grant, toSide bool) string {
	lines := make([]string, len(gs))
	for i, g := range gs {
		g.Grantee = d.role(g.Grantee, toSide)
		lines[i] = grantText(g)
	}
	slices.Sort(lines)
	return strings.Join(lines, "; ")
}

func (d *differ) defaultsText(ds []schema.DefaultPrivilege, toSide bool) string {
	lines := make([]string, len(ds))
	for i, dp := range ds {
		lines[i] = d.role(dp.Role, toSide) + " " + string(dp.Object) + ": " + d.grantsText(dp.Grants, toSide)
	}
	slices.Sort(lines)
	return strings.Join(lines, " | ")
}

// GrantsText writes grants as people read them: "app: SELECT, INSERT; audit: SELECT (id)".
func GrantsText(gs []schema.Grant) string {
	lines := make([]string, len(gs))
	for i, g := range gs {
		lines[i] = grantText(g)
	}
	return strings.Join(lines, "; ")
}

func grantText(g schema.Grant) string {
	privs := make([]string, len(g.Privileges))
	for i, p := range g.Privileges {
		privs[i] = string(p)
	}
	s := g.Grantee + ": " + strings.Join(privs, ", ")
	if len(g.Columns) > 0 {
		s += " (" + strings.Join(g.Columns, ", ") + ")"
	}
	if g.GrantOption {
		s += " WITH GRANT OPTION"
	}
	return s
}

// DefaultPrivilegesText writes default privileges as people read them.
func DefaultPrivilegesText(ds []schema.DefaultPrivilege) string {
	lines := make([]string, len(ds))
	for i, dp := range ds {
		lines[i] = "for " + dp.Role + " on " + string(dp.Object) + ": " + GrantsText(dp.Grants)
	}
	return strings.Join(lines, " | ")
}

package inspector

// Row-level security policies, rewrite rules and default privileges: three small catalogs
// read by one statement (a UNION ALL, one branch per catalog the role may read), so they add
// one statement to an inspection whatever their number.

import (
	"database/sql"
	"fmt"
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

// policiesQuery reads policies ("p" rows), rules other than views' _RETURN rules ("r") and
// ALTER DEFAULT PRIVILEGES entries of the inspected schemas and of every schema ("d").
//
// Columns: kind, relation OID (policies, rules), schema OID (default privileges; 0 for every
// schema), name (the role, for default privileges), then per kind — policy: command,
// USING, WITH CHECK, permissive, roles as JSON; rule: event, pg_get_ruledef, enabled, DO
// INSTEAD; default privileges: object kind, ACL as JSON — and the comment.
func (s *pgServer) policiesQuery(nsps string) string {
	parts := []string{"SELECT NULL::text, NULL::oid, NULL::oid, NULL::text, NULL::text, NULL::text, NULL::text, NULL::bool, NULL::text, NULL::text WHERE false"}
	if s.can("pg_policy") {
		parts = append(parts, `SELECT 'p', p.polrelid, NULL, p.polname, p.polcmd::text, pg_get_expr(p.polqual, p.polrelid),
  pg_get_expr(p.polwithcheck, p.polrelid), p.polpermissive,
  (SELECT json_agg(CASE WHEN r.oid = 0 THEN '`+schema.PublicRole+`' ELSE pg_get_userbyid(r.oid) END) FROM unnest(p.polroles) r(oid))::text,
  `+s.descCol("d")+`
FROM pg_policy p
JOIN pg_class c ON c.oid = p.polrelid
`+s.descJoin("d", "p.oid", "pg_policy", "0")+`
WHERE c.relnamespace = ANY(`+nsps+`)`)
	}
	if s.can("pg_rewrite") {
		parts = append(parts, `SELECT 'r', ru.ev_class, NULL, ru.rulename, ru.ev_type::text, pg_get_ruledef(ru.oid),
  ru.ev_enabled::text, ru.is_instead, NULL, `+s.descCol("d")+`
FROM pg_rewrite ru
JOIN pg_class c ON c.oid = ru.ev_class
`+s.descJoin("d", "ru.oid", "pg_rewrite", "0")+`
WHERE c.relnamespace = ANY(`+nsps+`) AND ru.rulename <> '_RETURN'`)
	}
	if s.can("pg_default_acl") {
		parts = append(parts, `SELECT 'd', NULL, da.defaclnamespace, pg_get_userbyid(da.defaclrole), da.defaclobjtype::text,
  array_to_json(da.defaclacl::text[])::text, NULL, NULL, NULL, NULL
FROM pg_default_acl da
WHERE da.defaclnamespace = 0 OR da.defaclnamespace = ANY(`+nsps+`)`)
	}
	return strings.Join(parts, "\nUNION ALL\n")
}

// noteUnreadPolicies says which of policiesQuery's catalogs the role may not read.
func (r *pgReader) noteUnreadPolicies() {
	for _, c := range []struct{ catalog, what string }{
		{"pg_policy", "row-level security policies"}, {"pg_rewrite", "rules and view definitions"}, {"pg_default_acl", "default privileges"},
	} {
		if !r.srv.can(c.catalog) {
			r.note(fmt.Sprintf("%s not read: no SELECT privilege on pg_catalog.%s", c.what, c.catalog))
			if c.catalog != "pg_default_acl" {
				r.db.MarkUnread(schema.UnreadPolicies, "") // none read is not none there: never planned for a drop
			}
		}
	}
}

// policyCommands spells out pg_policy.polcmd.
var policyCommands = map[string]schema.PolicyCommand{"*": schema.PolicyAll, "r": schema.PolicySelect,
	"a": schema.PolicyInsert, "w": schema.PolicyUpdate, "d": schema.PolicyDelete}

// ruleEvents spells out pg_rewrite.ev_type.
var ruleEvents = map[string]string{"1": "SELECT", "2": "UPDATE", "3": "INSERT", "4": "DELETE"}

// defaultObjects spells out pg_default_acl.defaclobjtype, with the acldefault kind of each.
var defaultObjects = map[string]struct {
	object schema.DefaultPrivilegeObject
	kind   aclKind
}{"r": {schema.DefaultOnTables, 'r'}, "S": {schema.DefaultOnSequences, 's'}, "f": {schema.DefaultOnFunctions, 'f'},
	"T": {schema.DefaultOnTypes, 'T'}, "n": {schema.DefaultOnSchemas, 'n'}}

func (r *pgReader) scanPolicies(rows *sql.Rows) error {
	var (
		kind, name, a        string
		rel, nsp             sql.Null[uint32]
		b, c, roles, comment *string
		flag                 sql.NullBool
	)
	if err := scanPG(rows, &kind, &rel, &nsp, &name, &a, &b, &c, &flag, &roles, &comment); err != nil {
		return err
	}
	switch kind {
	case "p":
		return r.policy(rel.V, name, a, b, c, flag.Bool, roles, comment)
	case "r":
		r.rule(rel.V, name, a, b, c, flag.Bool, comment)
	case "d":
		r.defaultPrivilege(nsp.V, name, a, b)
	}
	return nil
}

func (r *pgReader) policy(rel uint32, name, cmd string, using, check *string, permissive bool, roles, comment *string) error {
	t := r.table(rel)
	if t == nil {
		return nil
	}
	p := schema.Policy{Name: name, Restrictive: !permissive, Command: policyCommands[cmd], Using: deref(using),
		WithCheck: deref(check), Comment: comment}
	var err error
	if p.Roles, err = jsonNames(roles); err != nil {
		r.skipped("policy", r.relName(rel)+"."+name, err)
		return nil
	}
	pg := postgresTable(t)
	pg.Policies = append(pg.Policies, p)
	return nil
}

func (r *pgReader) rule(rel uint32, name, event string, def, enabled *string, instead bool, comment *string) {
	ru := schema.Rule{Name: name, Event: ruleEvents[event], Instead: instead, Definition: deref(def),
		Disabled: deref(enabled) == "D", Comment: comment}
	switch rl := r.rels[rel]; {
	case rl == nil:
	case rl.table != nil:
		pg := postgresTable(rl.table)
		pg.Rules = append(pg.Rules, ru)
	default:
		pg := postgresView(rl.view)
		pg.Rules = append(pg.Rules, ru)
	}
}

func (r *pgReader) defaultPrivilege(nsp uint32, role, objtype string, acl *string) {
	o, ok := defaultObjects[objtype]
	if !ok {
		return
	}
	items, err := parseACL(acl)
	if err != nil {
		r.skipped("default privileges", "of role "+role, err)
		return
	}
	d := schema.DefaultPrivilege{Role: role, Object: o.object, Grants: []schema.Grant{}}
	for _, it := range items {
		// In every schema the entry replaces the built-in default, the role's own part too.
		if nsp == 0 && it.grantee == role && r.ownerDefault(o.kind, it) {
			continue
		}
		d.Grants = append(d.Grants, itemGrants(it, nil)...)
	}
	if nsp == 0 {
		if r.db.Postgres == nil {
			r.db.Postgres = &schema.PostgresDatabase{}
		}
		r.db.Postgres.DefaultPrivileges = append(r.db.Postgres.DefaultPrivileges, d)
		return
	}
	if s := r.schemas[nsp]; s != nil {
		if s.model.Postgres == nil {
			s.model.Postgres = &schema.PostgresSchema{}
		}
		s.model.Postgres.DefaultPrivileges = append(s.model.Postgres.DefaultPrivileges, d)
	}
}

// table returns the table being built for a relation OID, or nil.
func (r *pgReader) table(rel uint32) *schema.Table {
	if rl := r.rels[rel]; rl != nil {
		return rl.table
	}
	return nil
}

// relName names a relation for notes: schema.name.
func (r *pgReader) relName(rel uint32) string {
	rl := r.rels[rel]
	if rl == nil {
		return fmt.Sprintf("relation %d", rel)
	}
	name := ""
	if rl.table != nil {
		name = rl.table.Name
	} else {
		name = rl.view.Name
	}
	return r.schemas[rl.nsp].model.Name + "." + name
}

// skipped notes an object whose catalog rows could not be decoded: the rest of the schema is
// still read.
func (r *pgReader) skipped(kind, name string, err error) {
	r.note(fmt.Sprintf("%s %s not read: %v", kind, name, err))
}

func postgresTable(t *schema.Table) *schema.PostgresTable {
	if t.Postgres == nil {
		t.Postgres = &schema.PostgresTable{}
	}
	return t.Postgres
}

func postgresView(v *schema.View) *schema.PostgresView {
	if v.Postgres == nil {
		v.Postgres = &schema.PostgresView{}
	}
	return v.Postgres
}

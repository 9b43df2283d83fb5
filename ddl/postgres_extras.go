package ddl

import (
	"strconv"
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

// postgresExtras writes what CREATE TABLE and CREATE VIEW do not carry on PostgreSQL: storage
// parameters, per-column settings, replica identity, row-level security policies, rewrite
// rules (after every table and view, which their actions may name) and constraint comments.
// Owners and grants are not written: they name roles of the source server.
func postgresExtras(g *generator) {
	for _, t := range g.tableOrder() {
		g.tableSettings(t.schema, t.table)
	}
	for _, t := range g.tableOrder() {
		if p := t.table.Postgres; p != nil {
			for _, pol := range p.Policies {
				g.add(KindPolicy, t.schema+"."+t.table.Name+"."+pol.Name, CreatePolicy(g.d, g.qq(t.schema, t.table.Name), pol))
			}
			g.rules(t.schema, t.table.Name, p.Rules)
		}
	}
	for _, sc := range g.db.Schemas {
		for _, v := range sc.Views {
			if v.Postgres != nil {
				g.rules(sc.Name, v.Name, v.Postgres.Rules)
			}
		}
	}
	for _, t := range g.tableOrder() {
		g.constraintComments(t.schema, t.table)
	}
}

func (g *generator) tableSettings(schemaName string, t *schema.Table) {
	name := schemaName + "." + t.Name
	tbl := g.qq(schemaName, t.Name)
	if p := t.Postgres; p != nil && len(p.With) > 0 {
		g.add(KindTable, name, "ALTER TABLE "+tbl+" SET ("+strings.Join(p.With, ", ")+")")
	}
	for _, c := range t.Columns {
		pc := c.Postgres
		if pc == nil {
			continue
		}
		col := "ALTER TABLE " + tbl + " ALTER COLUMN " + g.q(c.Name) + " "
		if len(pc.With) > 0 {
			g.add(KindTable, name, col+"SET ("+strings.Join(pc.With, ", ")+")")
		}
		if pc.Statistics != nil {
			g.add(KindTable, name, col+"SET STATISTICS "+strconv.Itoa(*pc.Statistics))
		}
		if pc.Storage != "" {
			g.add(KindTable, name, col+"SET STORAGE "+strings.ToUpper(pc.Storage))
		}
	}
	if p := t.Postgres; p != nil && p.ReplicaIdentity != "" {
		ri := string(p.ReplicaIdentity)
		if p.ReplicaIdentity == schema.ReplicaIndex {
			ri = "USING INDEX " + g.q(p.ReplicaIdentityIndex)
		}
		g.add(KindTable, name, "ALTER TABLE "+tbl+" REPLICA IDENTITY "+ri)
	}
}

func (g *generator) rules(schemaName, rel string, rules []schema.Rule) {
	for _, r := range rules {
		name := schemaName + "." + rel + "." + r.Name
		g.add(KindRule, name, trimStatement(r.Definition))
		if r.Disabled {
			g.add(KindRule, name, "ALTER TABLE "+g.qq(schemaName, rel)+" DISABLE RULE "+g.q(r.Name))
		}
	}
}

// constraintComments writes COMMENT ON CONSTRAINT, POLICY and RULE.
func (g *generator) constraintComments(schemaName string, t *schema.Table) {
	tbl := g.qq(schemaName, t.Name)
	on := func(what, name string, text *string) {
		if text != nil {
			g.add(KindComment, schemaName+"."+t.Name+"."+name, "COMMENT ON "+what+" "+g.q(name)+" ON "+tbl+" IS "+QuoteString(g.d, *text))
		}
	}
	if pk := t.PrimaryKey; pk != nil && pk.Name != nil {
		on("CONSTRAINT", *pk.Name, pk.Comment)
	}
	for _, u := range t.Uniques {
		on("CONSTRAINT", u.Name, u.Comment)
	}
	for _, c := range t.Checks {
		on("CONSTRAINT", c.Name, c.Comment)
	}
	for _, fk := range t.ForeignKeys {
		on("CONSTRAINT", fk.Name, fk.Comment)
	}
	if p := t.Postgres; p != nil {
		for _, x := range p.Exclusions {
			on("CONSTRAINT", x.Name, x.Comment)
		}
		for _, pol := range p.Policies {
			on("POLICY", pol.Name, pol.Comment)
		}
		for _, r := range p.Rules {
			on("RULE", r.Name, r.Comment)
		}
	}
}

// CreatePolicy writes CREATE POLICY for a policy of table (qualified).
func CreatePolicy(d schema.Dialect, table string, pol schema.Policy) string {
	var b strings.Builder
	b.WriteString("CREATE POLICY " + QuoteIdent(d, pol.Name) + " ON " + table)
	if pol.Restrictive {
		b.WriteString(" AS RESTRICTIVE")
	}
	if pol.Command != "" && pol.Command != schema.PolicyAll {
		b.WriteString(" FOR " + string(pol.Command))
	}
	roles := make([]string, len(pol.Roles))
	for i, r := range pol.Roles {
		roles[i] = PolicyRole(d, r)
	}
	if len(roles) == 0 {
		roles = []string{"PUBLIC"}
	}
	b.WriteString(" TO " + strings.Join(roles, ", "))
	if pol.Using != "" {
		b.WriteString(" USING (" + pol.Using + ")")
	}
	if pol.WithCheck != "" {
		b.WriteString(" WITH CHECK (" + pol.WithCheck + ")")
	}
	return b.String()
}

// PolicyRole writes a role for TO: PUBLIC unquoted (a keyword there, not a role).
func PolicyRole(d schema.Dialect, r string) string {
	if r == schema.PublicRole {
		return "PUBLIC"
	}
	return QuoteIdent(d, r)
}

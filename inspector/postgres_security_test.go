package inspector

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/schema"
)

// securityRoles creates the roles of testdata/postgres_security.sql: an application role, an
// owner and a role whose name is full of the characters an ACL quotes.
func securityRoles(t *testing.T) (app, owner, odd string) {
	t.Helper()
	r := dbtest.PostgresRoles(t, "app", "owner", `Rôle "q", x=y/z`)
	return r[0], r[1], r[2]
}

// securityScript is testdata/postgres_security.sql with the roles put in.
func securityScript(t *testing.T, app, owner, odd string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "postgres_security.sql"))
	if err != nil {
		t.Fatal(err)
	}
	q := func(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
	return strings.NewReplacer("{app}", q(app), "{owner}", q(owner), "{odd}", q(odd)).Replace(string(data))
}

func TestPostgresSecurityObjects(t *testing.T) {
	app, owner, odd := securityRoles(t)
	db := dbtest.Postgres(t)
	db.LoadScript(t, securityScript(t, app, owner, odd))
	m := inspectURL(t, db.URL, Options{})
	var admin string // the owner of what the script does not give to {owner}
	if err := db.Admin.QueryRow("SELECT current_user").Scan(&admin); err != nil {
		t.Fatal(err)
	}
	const sec = `Sec "S"`
	p := schema.Ptr
	s := func() *schema.Schema { return m.Schema(sec) }
	doc := func() *schema.Table { return findTable(t, m, sec, `Doc "s"`) }
	grant := func(grantee string, option bool, columns []string, privs ...schema.Privilege) schema.Grant {
		return schema.Grant{Grantee: grantee, Privileges: privs, GrantOption: option, Columns: columns}
	}
	public := []schema.Grant{grant(schema.PublicRole, false, nil, schema.PrivExecute)}
	cases := []struct {
		name string
		got  func() any
		want any
	}{
		{"notes", func() any { return m.Notes }, []string(nil)},
		{"schema access", func() any { return s().Access }, schema.Access{Owner: owner, Grants: []schema.Grant{
			grant(odd, true, nil, schema.PrivCreate), grant(app, false, nil, schema.PrivUsage)}}},
		{"table access with column privileges", func() any { return doc().Access }, schema.Access{Owner: owner, Grants: []schema.Grant{
			// By grantee ("R" sorts before "a"), then columns.
			grant(odd, true, []string{"Sé cret"}, schema.PrivSelect),
			grant(odd, true, []string{"body", "Sé cret"}, schema.PrivUpdate),
			grant(odd, false, []string{"id"}, schema.PrivReferences),
			grant(app, false, nil, schema.PrivSelect, schema.PrivInsert)}}},
		{"row security, replica identity, storage parameters", func() any {
			pg := *doc().Postgres
			pg.Policies, pg.Rules, pg.Exclusions = nil, nil, nil
			return pg
		}, schema.PostgresTable{RowSecurity: true, ForceRowSecurity: true, ReplicaIdentity: schema.ReplicaFull,
			With: []string{"fillfactor=70", "autovacuum_enabled=false", "toast.autovacuum_enabled=false"}}},
		{"policies", func() any { return doc().Postgres.Policies }, []schema.Policy{
			{Name: `Own "rows", really`, Restrictive: true, Command: schema.PolicyUpdate, Roles: []string{odd, app},
				Using: "(owner_name = CURRENT_USER)", WithCheck: "(length(body) < 100)"},
			{Name: "everyone", Command: schema.PolicyAll, Roles: []string{schema.PublicRole}, Using: "true", Comment: p("all rows")},
			{Name: "ins", Command: schema.PolicyInsert, Roles: []string{app}, WithCheck: "(id > 0)"}}},
		{"rules", func() any { return doc().Postgres.Rules }, []schema.Rule{
			{Name: `No "neg"`, Event: "INSERT", Instead: true, Comment: p("drops negatives"),
				Definition: `CREATE RULE "No ""neg""" AS` + "\n" + `    ON INSERT TO "Sec ""S"""."Doc ""s"""` + "\n" + `   WHERE (new.id < 0) DO INSTEAD NOTHING;`},
			{Name: "log_del", Event: "DELETE", Disabled: true,
				Definition: `CREATE RULE log_del AS` + "\n" + `    ON DELETE TO "Sec ""S"""."Doc ""s""" DO` + "\n" + ` NOTIFY doc_deleted;`}}},
		{"column settings", func() any {
			var out []*schema.PostgresColumn
			for _, c := range doc().Columns {
				out = append(out, c.Postgres)
			}
			return out
		}, []*schema.PostgresColumn{nil, {With: []string{"n_distinct=-0.5"}}, {Statistics: func() *int { n := 500; return &n }(), Storage: "EXTERNAL"},
			{Storage: "MAIN"}, nil}},
		{"constraint comments", func() any {
			d := doc()
			return []*string{d.PrimaryKey.Comment, d.Checks[0].Comment, d.Uniques[0].Comment, d.Postgres.Exclusions[0].Comment,
				findTable(t, m, sec, "keyed").ForeignKeys[0].Comment}
		}, []*string{p("the key"), p("short bodies"), p("one doc a room"), p("no clash"), p("to the doc")}},
		{"exclusion over an expression", func() any { return doc().Postgres.Exclusions[0].Definition },
			"EXCLUDE USING gist (lower(owner_name) WITH =, room WITH =)"},
		{"index storage parameters", func() any { return doc().Index("Doc body").Postgres },
			&schema.PostgresIdx{With: []string{"fillfactor=50", "deduplicate_items=off"}}},
		{"replica identity using index, nothing", func() any {
			return []*schema.PostgresTable{findTable(t, m, sec, "keyed").Postgres, findTable(t, m, sec, "nothing").Postgres}
		}, []*schema.PostgresTable{{ReplicaIdentity: schema.ReplicaIndex, ReplicaIdentityIndex: "keyed_id"},
			{ReplicaIdentity: schema.ReplicaNothing, With: []string{"toast_tuple_target=256"}}}},
		{"view options, rules and grants", func() any {
			v := findView(t, m, sec, `Safe "v"`)
			return []any{v.CheckOption, v.Postgres, v.Access}
		}, []any{"CASCADED", &schema.PostgresView{With: []string{"security_barrier=true", "security_invoker=true"}, Rules: []schema.Rule{{
			Name: `V "ins"`, Event: "DELETE", Instead: true,
			Definition: `CREATE RULE "V ""ins""" AS` + "\n" + `    ON DELETE TO "Sec ""S"""."Safe ""v""" DO INSTEAD  DELETE FROM "Sec ""S"""."Doc ""s"""` + "\n" + `  WHERE ("Doc ""s""".id = old.id);`}}},
			schema.Access{Owner: admin, Grants: []schema.Grant{grant(app, false, nil, schema.PrivSelect)}}}},
		{"materialized view options", func() any { return findView(t, m, sec, "mv").Postgres },
			&schema.PostgresView{With: []string{"fillfactor=60"}, WithNoData: true}},
		{"sequence, routines and types", func() any {
			sc := s()
			return []schema.Access{sc.Sequences[0].Access, sc.Functions[0].Access, sc.Functions[1].Access, sc.Enums[0].Access, sc.Domains[0].Access}
		}, []schema.Access{
			{Owner: admin, Grants: []schema.Grant{grant(app, false, nil, schema.PrivUsage)}},
			{Owner: admin, Grants: []schema.Grant{grant(app, true, nil, schema.PrivExecute)}},
			{Owner: admin, Grants: public},
			{Owner: admin, Grants: []schema.Grant{grant(app, false, nil, schema.PrivUsage), grant(schema.PublicRole, false, nil, schema.PrivUsage)}},
			{Owner: admin, Grants: []schema.Grant{grant(schema.PublicRole, false, nil, schema.PrivUsage)}}}},
		{"domain constraint comment", func() any { return s().Domains[0].Checks }, []schema.Check{
			{Name: `Pos "ok"`, Expression: "(VALUE > 0)", Comment: p("positive")}}},
		{"default privileges in the schema", func() any { return s().Postgres }, &schema.PostgresSchema{DefaultPrivileges: []schema.DefaultPrivilege{
			{Role: owner, Object: schema.DefaultOnTables, Grants: []schema.Grant{grant(app, false, nil, schema.PrivSelect)}}}}},
		{"default privileges everywhere", func() any { return m.Postgres }, &schema.PostgresDatabase{DefaultPrivileges: []schema.DefaultPrivilege{
			{Role: owner, Object: schema.DefaultOnFunctions, Grants: []schema.Grant{}},
			{Role: owner, Object: schema.DefaultOnSequences, Grants: []schema.Grant{grant(odd, true, nil, schema.PrivUsage)}}}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { assertSame(t, c.got(), c.want) })
	}
	assertRoundTrip(t, m)

	// A role that may not read the new catalogs gets the rest, and notes. ACLs need no
	// catalog of their own (pg_authid is not read).
	db.Exec(t, `REVOKE SELECT ON pg_catalog.pg_policy FROM PUBLIC`, `REVOKE SELECT ON pg_catalog.pg_rewrite FROM PUBLIC`,
		`REVOKE SELECT ON pg_catalog.pg_default_acl FROM PUBLIC`, `GRANT USAGE ON SCHEMA "Sec ""S""" TO PUBLIC`)
	role := testRole(t, db)
	partial := inspectURL(t, roleURL(t, db, role), Options{})
	assertSame(t, partial.Notes, []string{
		"row-level security policies not read: no SELECT privilege on pg_catalog.pg_policy",
		"rules and view definitions not read: no SELECT privilege on pg_catalog.pg_rewrite",
		"default privileges not read: no SELECT privilege on pg_catalog.pg_default_acl",
	})
	pd := findTable(t, partial, sec, `Doc "s"`)
	if pd.Postgres.Policies != nil || pd.Postgres.Rules != nil || partial.Postgres != nil {
		t.Errorf("policies, rules or default privileges read without their catalogs: %+v", pd.Postgres)
	}
	assertSame(t, pd.Access, doc().Access)
	assertSame(t, pd.Postgres.With, doc().Postgres.With)
}

package schema

// Access says who owns an object and what other roles may do with it: PostgreSQL's owner and
// access control list. It is embedded in every object that has them (schemas, tables, views,
// sequences, routines, types), so its keys appear inline ("owner", "grants"); both are empty
// for engines and objects without them.
//
// The inspector reads the effective privileges: a NULL ACL reads as the server's default for
// the kind of object, and the owner's own default privileges are left out (the owner holds
// them implicitly, and they follow the owner). So a table nobody was granted anything on has
// no grants, while a function shows the EXECUTE that PUBLIC holds on it by default until it
// is revoked.
type Access struct {
	// Owner is the owning role's name.
	Owner string `json:"owner,omitempty"`
	// Grants in Normalize's order: by grantee, then columns, then grant option.
	Grants []Grant `json:"grants,omitempty"`
}

// PublicRole is the name Grant.Grantee and Policy.Roles give to PUBLIC, every role. No role can
// be named "public" (the server reserves it), so it is unambiguous.
const PublicRole = "public"

// Grant is the privileges one role holds on an object. The grantor is not kept: grants are
// compared and written by what they allow.
type Grant struct {
	// Grantee is a role name, or PublicRole.
	Grantee string `json:"grantee"`
	// Privileges in the order of the Privilege constants.
	Privileges []Privilege `json:"privileges"`
	// GrantOption: the grantee may grant these privileges to others (WITH GRANT OPTION).
	GrantOption bool `json:"grant_option,omitempty"`
	// Columns are set for privileges on columns of a table or view (GRANT SELECT (a, b) ON t).
	Columns []string `json:"columns,omitempty"`
}

// Privilege is a privilege as GRANT spells it.
type Privilege string

// The privileges, in the order the model lists them.
const (
	PrivSelect      Privilege = "SELECT"
	PrivInsert      Privilege = "INSERT"
	PrivUpdate      Privilege = "UPDATE"
	PrivDelete      Privilege = "DELETE"
	PrivTruncate    Privilege = "TRUNCATE"
	PrivReferences  Privilege = "REFERENCES"
	PrivTrigger     Privilege = "TRIGGER"
	PrivMaintain    Privilege = "MAINTAIN"
	PrivUsage       Privilege = "USAGE"
	PrivCreate      Privilege = "CREATE"
	PrivExecute     Privilege = "EXECUTE"
	PrivConnect     Privilege = "CONNECT"
	PrivTemporary   Privilege = "TEMPORARY"
	PrivSet         Privilege = "SET"
	PrivAlterSystem Privilege = "ALTER SYSTEM"
)

// Privileges lists every privilege in the model's order.
var Privileges = []Privilege{PrivSelect, PrivInsert, PrivUpdate, PrivDelete, PrivTruncate, PrivReferences,
	PrivTrigger, PrivMaintain, PrivUsage, PrivCreate, PrivExecute, PrivConnect, PrivTemporary, PrivSet, PrivAlterSystem}

// DefaultPrivilege is one ALTER DEFAULT PRIVILEGES entry (pg_default_acl): the privileges
// that objects of one kind get when Role creates them, in one schema (Schema.Postgres) or in
// every schema (Database.Postgres).
//
// In one schema the grants are added to those of every schema; in every schema they replace
// the server's built-in default, and, like an object's, leave out the role's own default
// privileges. With no entry for a role and kind the built-in default applies: PUBLIC may
// execute functions and use types, nothing else.
type DefaultPrivilege struct {
	// Role is the role whose new objects get the grants (FOR ROLE).
	Role string `json:"role"`
	// Object is the kind of object.
	Object DefaultPrivilegeObject `json:"object"`
	Grants []Grant                `json:"grants"`
}

// DefaultPrivilegeObject is the kind of object a default privilege applies to, as ALTER
// DEFAULT PRIVILEGES … ON spells it.
type DefaultPrivilegeObject string

// The kinds of object of default privileges.
const (
	DefaultOnTables    DefaultPrivilegeObject = "TABLES"
	DefaultOnSequences DefaultPrivilegeObject = "SEQUENCES"
	DefaultOnFunctions DefaultPrivilegeObject = "FUNCTIONS"
	DefaultOnTypes     DefaultPrivilegeObject = "TYPES"
	DefaultOnSchemas   DefaultPrivilegeObject = "SCHEMAS"
)

// AccessOf returns the owner and grants of a model object that has them (schemas, tables,
// views, sequences, functions, enums, domains, composite types), nil for other kinds.
func AccessOf(obj any) *Access {
	switch o := obj.(type) {
	case *Schema:
		return &o.Access
	case *Table:
		return &o.Access
	case *View:
		return &o.Access
	case *Sequence:
		return &o.Access
	case *Function:
		return &o.Access
	case *Enum:
		return &o.Access
	case *Domain:
		return &o.Access
	case *CompositeType:
		return &o.Access
	}
	return nil
}

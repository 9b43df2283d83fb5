package schema

// PostgresDatabase holds what only a PostgreSQL database has.
type PostgresDatabase struct {
	// DefaultPrivileges are the ALTER DEFAULT PRIVILEGES entries that apply in every schema,
	// by role then object kind.
	DefaultPrivileges []DefaultPrivilege `json:"default_privileges,omitempty"`
}

// PostgresSchema holds what only a PostgreSQL schema has.
type PostgresSchema struct {
	// DefaultPrivileges are the ALTER DEFAULT PRIVILEGES … IN SCHEMA entries of this schema,
	// by role then object kind.
	DefaultPrivileges []DefaultPrivilege `json:"default_privileges,omitempty"`
}

// PostgresTable holds what only PostgreSQL tables have.
type PostgresTable struct {
	Unlogged bool `json:"unlogged,omitempty"`
	// PartitionKey is set on a partitioned table: pg_get_partkeydef, e.g. "RANGE (created_at)".
	PartitionKey string `json:"partition_key,omitempty"`
	// PartitionOf is set on a partition: its parent table.
	PartitionOf *TableRef `json:"partition_of,omitempty"`
	// PartitionBound is a partition's bound, e.g. "FOR VALUES FROM ('2020-01-01') TO ('2021-01-01')".
	PartitionBound string `json:"partition_bound,omitempty"`
	// Inherits lists the parents of a table that uses (non-partition) inheritance, in order.
	Inherits []TableRef `json:"inherits,omitempty"`
	// Exclusions are EXCLUDE constraints.
	Exclusions []Exclusion `json:"exclusions,omitempty"`
	// RowSecurity: ROW LEVEL SECURITY is enabled (Force: also for the owner). The two are
	// separate facts: FORCE may be set while RLS is off, and then has no effect.
	RowSecurity      bool `json:"row_security,omitempty"`
	ForceRowSecurity bool `json:"force_row_security,omitempty"`
	// Policies are the row-level security policies, by name.
	Policies []Policy `json:"policies,omitempty"`
	// Rules are the rewrite rules (CREATE RULE), by name.
	Rules []Rule `json:"rules,omitempty"`
	// ReplicaIdentity is what logical replication writes to identify an updated or deleted
	// row; empty for DEFAULT (the primary key).
	ReplicaIdentity ReplicaIdentity `json:"replica_identity,omitempty"`
	// ReplicaIdentityIndex names the index of REPLICA IDENTITY USING INDEX.
	ReplicaIdentityIndex string `json:"replica_identity_index,omitempty"`
	// With are the storage parameters (reloptions) as the server keeps them, "name=value" in
	// the order they were set, those of the TOAST table prefixed "toast.": fillfactor=70,
	// autovacuum_enabled=false, toast.autovacuum_enabled=false.
	With []string `json:"with,omitempty"`
}

// ReplicaIdentity is a table's REPLICA IDENTITY other than DEFAULT.
type ReplicaIdentity string

// The replica identities besides DEFAULT ("").
const (
	ReplicaFull    ReplicaIdentity = "FULL"
	ReplicaNothing ReplicaIdentity = "NOTHING"
	// ReplicaIndex is USING INDEX: PostgresTable.ReplicaIdentityIndex names it.
	ReplicaIndex ReplicaIdentity = "INDEX"
)

// Policy is a row-level security policy (CREATE POLICY).
type Policy struct {
	Name string `json:"name"`
	// Restrictive: AS RESTRICTIVE (rows must pass every restrictive policy); otherwise the
	// policy is PERMISSIVE (rows must pass one permissive policy).
	Restrictive bool `json:"restrictive,omitempty"`
	// Command is the command the policy applies to.
	Command PolicyCommand `json:"command"`
	// Roles are the roles it applies to, in name order; PublicRole for PUBLIC.
	Roles []string `json:"roles"`
	// Using is the USING expression (rows visible or affected); WithCheck the WITH CHECK
	// expression (rows written). Empty when absent.
	Using     string  `json:"using,omitempty"`
	WithCheck string  `json:"with_check,omitempty"`
	Comment   *string `json:"comment,omitempty"`
}

// PolicyCommand is the command of a policy, as CREATE POLICY … FOR spells it.
type PolicyCommand string

// The commands of policies.
const (
	PolicyAll    PolicyCommand = "ALL"
	PolicySelect PolicyCommand = "SELECT"
	PolicyInsert PolicyCommand = "INSERT"
	PolicyUpdate PolicyCommand = "UPDATE"
	PolicyDelete PolicyCommand = "DELETE"
)

// Rule is a rewrite rule (CREATE RULE) on a table or view. A view's own _RETURN rule is its
// definition and is not listed.
type Rule struct {
	Name string `json:"name"`
	// Event is SELECT, INSERT, UPDATE or DELETE.
	Event string `json:"event"`
	// Instead: DO INSTEAD (otherwise DO ALSO).
	Instead bool `json:"instead,omitempty"`
	// Definition is pg_get_ruledef: the whole CREATE RULE statement.
	Definition string `json:"definition"`
	// Disabled: ALTER TABLE … DISABLE RULE.
	Disabled bool    `json:"disabled,omitempty"`
	Comment  *string `json:"comment,omitempty"`
}

// Exclusion is a PostgreSQL EXCLUDE constraint.
type Exclusion struct {
	Name string `json:"name"`
	// Definition is pg_get_constraintdef, e.g. "EXCLUDE USING gist (room WITH =, during WITH &&)".
	Definition        string  `json:"definition"`
	Deferrable        bool    `json:"deferrable,omitempty"`
	InitiallyDeferred bool    `json:"initially_deferred,omitempty"`
	Comment           *string `json:"comment,omitempty"`
}

// PostgresIdx holds what only PostgreSQL indexes have.
type PostgresIdx struct {
	// Tablespace is set when the index is not in the default tablespace.
	Tablespace string `json:"tablespace,omitempty"`
	// With are the index's storage parameters, "name=value": fillfactor=70,
	// deduplicate_items=off.
	With []string `json:"with,omitempty"`
}

// PostgresColumn holds what only PostgreSQL columns have: their per-column settings.
type PostgresColumn struct {
	// With are the attribute options (ALTER COLUMN … SET (n_distinct=…)), "name=value".
	With []string `json:"with,omitempty"`
	// Statistics is the statistics target (ALTER COLUMN … SET STATISTICS); nil for the default.
	Statistics *int `json:"statistics,omitempty"`
	// Storage is the storage mode (PLAIN, EXTERNAL, EXTENDED, MAIN) when it is not the type's
	// default.
	Storage string `json:"storage,omitempty"`
}

// PostgresView holds what only PostgreSQL views and materialized views have.
type PostgresView struct {
	// With are the view's options other than check_option (View.CheckOption has it):
	// security_barrier=true, security_invoker=true; a materialized view's storage parameters.
	With []string `json:"with,omitempty"`
	// Tablespace is set for a materialized view outside the default tablespace.
	Tablespace string `json:"tablespace,omitempty"`
	// WithNoData: a materialized view created WITH NO DATA and not refreshed since.
	WithNoData bool `json:"with_no_data,omitempty"`
	// Rules are the view's rewrite rules besides its _RETURN rule (DO INSTEAD INSERT …).
	Rules []Rule `json:"rules,omitempty"`
}

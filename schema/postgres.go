package schema

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
	// RowSecurity: ROW LEVEL SECURITY is enabled (Force: also for the owner).
	RowSecurity      bool `json:"row_security,omitempty"`
	ForceRowSecurity bool `json:"force_row_security,omitempty"`
}

// Exclusion is a PostgreSQL EXCLUDE constraint.
type Exclusion struct {
	Name string `json:"name"`
	// Definition is pg_get_constraintdef, e.g. "EXCLUDE USING gist (room WITH =, during WITH &&)".
	Definition        string `json:"definition"`
	Deferrable        bool   `json:"deferrable,omitempty"`
	InitiallyDeferred bool   `json:"initially_deferred,omitempty"`
}

// PostgresIdx holds what only PostgreSQL indexes have.
type PostgresIdx struct {
	// Tablespace is set when the index is not in the default tablespace.
	Tablespace string `json:"tablespace,omitempty"`
}

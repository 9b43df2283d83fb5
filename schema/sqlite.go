package schema

// SQLiteTable holds what only SQLite tables have.
type SQLiteTable struct {
	WithoutRowID bool `json:"without_rowid,omitempty"`
	Strict       bool `json:"strict,omitempty"`
	// Module is set on a virtual table: the module name, e.g. "fts4".
	Module string `json:"module,omitempty"`
	// Definition is the CREATE statement from sqlite_schema.
	Definition string `json:"definition,omitempty"`
}

package schema

// SQLiteTable holds what only SQLite tables have.
type SQLiteTable struct {
	WithoutRowID bool `json:"without_rowid,omitempty"`
	Strict       bool `json:"strict,omitempty"`
	// Module is set on a virtual table: the module name, e.g. "fts4".
	Module string `json:"module,omitempty"`
	// ImplicitNotNull lists the columns the model says NOT NULL because SQLite makes them so
	// (a rowid alias, the key of a WITHOUT ROWID table) although the table's SQL does not
	// declare NOT NULL: they are written back as declared.
	ImplicitNotNull []string `json:"implicit_not_null,omitempty"`
	// Definition is the CREATE statement from sqlite_schema.
	Definition string `json:"definition,omitempty"`
}

package schema

// MySQLSchema holds a MySQL/MariaDB database's defaults.
type MySQLSchema struct {
	Charset   string `json:"charset,omitempty"`
	Collation string `json:"collation,omitempty"`
	// LowerCaseTableNames is the server's lower_case_table_names (0: table names are
	// case-sensitive; 1 and 2: they compare without case).
	LowerCaseTableNames int `json:"lower_case_table_names,omitempty"`
}

// MySQLTable holds what only MySQL/MariaDB tables have.
type MySQLTable struct {
	Engine    string `json:"engine,omitempty"`
	Charset   string `json:"charset,omitempty"`
	Collation string `json:"collation,omitempty"`
	RowFormat string `json:"row_format,omitempty"`
	// Partitioning describes PARTITION BY, as information.
	Partitioning string `json:"partitioning,omitempty"`
	// CreateOptions are other table options as the server reports them.
	CreateOptions string `json:"create_options,omitempty"`
}

// MySQLColumn holds what only MySQL/MariaDB columns have.
type MySQLColumn struct {
	// Charset is set only where it differs from the table's.
	Charset string `json:"charset,omitempty"`
	// OnUpdate is the ON UPDATE expression, e.g. "current_timestamp()".
	OnUpdate string `json:"on_update,omitempty"`
}

// MySQLIndex holds what only MySQL/MariaDB indexes have.
type MySQLIndex struct {
	// Parser is a FULLTEXT index's parser plugin.
	Parser string `json:"parser,omitempty"`
}

// MySQLView holds what only MySQL/MariaDB views have.
type MySQLView struct {
	Algorithm    string `json:"algorithm,omitempty"`
	SecurityType string `json:"security_type,omitempty"`
}

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
	// Partitioning describes PARTITION BY, as information; PartitionBy is the same in parts,
	// to create and change it.
	Partitioning string             `json:"partitioning,omitempty"`
	PartitionBy  *MySQLPartitioning `json:"partition_by,omitempty"`
	// SystemVersioned: a MariaDB table WITH SYSTEM VERSIONING (its history kept in hidden
	// row_start/row_end columns).
	SystemVersioned bool `json:"system_versioned,omitempty"`
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

// MySQLPartitioning is a table's PARTITION BY as information_schema.PARTITIONS reports it.
type MySQLPartitioning struct {
	// Method is RANGE, LIST, HASH, KEY, LINEAR HASH, LINEAR KEY, RANGE COLUMNS or LIST COLUMNS.
	Method string `json:"method"`
	// Expression is the partitioning expression or column list, e.g. "`y`" or "year(`d`)".
	Expression    string `json:"expression"`
	SubMethod     string `json:"sub_method,omitempty"`
	SubExpression string `json:"sub_expression,omitempty"`
	// Subpartitions is the number of subpartitions of each partition.
	Subpartitions int `json:"subpartitions,omitempty"`
	// Partitions in order; a HASH or KEY partition has no bound.
	Partitions []MySQLPartition `json:"partitions"`
}

// MySQLPartition is one partition.
type MySQLPartition struct {
	Name string `json:"name"`
	// Bound is PARTITION_DESCRIPTION: "2000" or "MAXVALUE" (RANGE), "1,2,3" (LIST).
	Bound string `json:"bound,omitempty"`
}

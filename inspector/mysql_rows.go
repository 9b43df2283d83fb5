package inspector

// The catalog rows the MySQL reader fetches, one struct per information_schema view, kept
// exactly as the server returns them. They are separate from the model so that the
// row→model conversion (mysql_build.go) runs without a server: tests feed it rows recorded
// from MariaDB and rows written in MySQL 8's shape (testdata/mysql/*.json), which is how the
// MySQL 8 branch is covered while only MariaDB runs here. Pointer fields are SQL NULLs.

import "github.com/dbinspect/dbinspect/schema"

// mysqlCatalog is everything one inspection read, before any normalisation. Its Columns and
// Indexes stay empty when ReadMySQL's builder takes those rows in batches as they are read
// (mysqlReadHooks).
type mysqlCatalog struct {
	// Version is VERSION(); it decides the flavour (MariaDB or MySQL).
	Version string `json:"version"`
	// LowerCaseTableNames is @@lower_case_table_names (0: table names are case-sensitive).
	LowerCaseTableNames int `json:"lower_case_table_names,omitempty"`
	// Schemas are the databases asked for, in the order asked.
	Schemas     []string           `json:"schemas"`
	Schemata    []mysqlSchemaRow   `json:"schemata"`
	Tables      []mysqlTableRow    `json:"tables"`
	Columns     []mysqlColumnRow   `json:"columns"`
	Indexes     []mysqlIndexRow    `json:"indexes"`
	ForeignKeys []mysqlFKColumnRow `json:"foreign_keys"`
	FKRules     []mysqlFKRuleRow   `json:"fk_rules"`
	Checks      []mysqlCheckRow    `json:"checks"`
	Views       []mysqlViewRow     `json:"views"`
	Triggers    []mysqlTriggerRow  `json:"triggers,omitempty"`
	Routines    []mysqlRoutineRow  `json:"routines,omitempty"`
	Parameters  []mysqlParamRow    `json:"parameters,omitempty"`
	Partitions  []mysqlPartRow     `json:"partitions,omitempty"`
	Events      []mysqlEventRow    `json:"events,omitempty"`
	Sequences   []mysqlSequenceRow `json:"sequences,omitempty"`
	// Notes are what the reader could not see (privileges, server features).
	Notes []string `json:"notes,omitempty"`
	// Unread are the kinds of objects the user could not read as a whole, per database.
	Unread []schema.Unread `json:"unread,omitempty"`
}

// rowCount is the number of catalog rows c holds (CatalogFloor's count).
func (c *mysqlCatalog) rowCount() int {
	return len(c.Schemata) + len(c.Tables) + len(c.Columns) + len(c.Indexes) + len(c.ForeignKeys) +
		len(c.FKRules) + len(c.Checks) + len(c.Views) + len(c.Triggers) + len(c.Routines) +
		len(c.Parameters) + len(c.Partitions) + len(c.Events) + len(c.Sequences)
}

type mysqlSchemaRow struct {
	Name      string `json:"name"`
	Charset   string `json:"charset"`
	Collation string `json:"collation"`
}

type mysqlTableRow struct {
	Schema        string  `json:"schema"`
	Name          string  `json:"name"`
	Type          string  `json:"type"` // BASE TABLE, VIEW, SYSTEM VERSIONED, SEQUENCE
	Engine        *string `json:"engine"`
	RowFormat     *string `json:"row_format"`
	Rows          *int64  `json:"rows"`
	DataLength    *int64  `json:"data_length"`
	IndexLength   *int64  `json:"index_length"`
	AutoIncrement *string `json:"auto_increment"` // unsigned 64-bit: read as text
	Collation     *string `json:"collation"`
	CreateOptions *string `json:"create_options"`
	Comment       *string `json:"comment"`
}

type mysqlColumnRow struct {
	Schema     string  `json:"schema"`
	Table      string  `json:"table"`
	Name       string  `json:"name"`
	Position   int     `json:"position"`
	Default    *string `json:"default"`
	Nullable   string  `json:"nullable"` // YES or NO
	DataType   string  `json:"data_type"`
	ColumnType string  `json:"column_type"`
	Charset    *string `json:"charset"`
	Collation  *string `json:"collation"`
	Extra      string  `json:"extra"`
	Comment    string  `json:"comment"`
	Generation *string `json:"generation"`
}

type mysqlIndexRow struct {
	Schema    string  `json:"schema"`
	Table     string  `json:"table"`
	Name      string  `json:"name"`
	NonUnique int     `json:"non_unique"`
	Seq       int     `json:"seq"`
	Column    *string `json:"column"`
	Order     *string `json:"order"` // A, D or NULL
	SubPart   *int    `json:"sub_part"`
	Type      string  `json:"type"`
	Comment   string  `json:"comment"`
	// Hidden is MariaDB's IGNORED = YES or MySQL's IS_VISIBLE = NO.
	Hidden bool `json:"hidden,omitempty"`
	// Expression is a MySQL 8 functional key part.
	Expression *string `json:"expression,omitempty"`
}

type mysqlFKColumnRow struct {
	Schema    string `json:"schema"`
	Table     string `json:"table"`
	Name      string `json:"name"`
	Column    string `json:"column"`
	Position  int    `json:"position"`
	RefSchema string `json:"ref_schema"`
	RefTable  string `json:"ref_table"`
	RefColumn string `json:"ref_column"`
}

type mysqlFKRuleRow struct {
	Schema   string `json:"schema"`
	Table    string `json:"table"`
	Name     string `json:"name"`
	Match    string `json:"match"`
	OnUpdate string `json:"on_update"`
	OnDelete string `json:"on_delete"`
}

type mysqlCheckRow struct {
	Schema string `json:"schema"`
	Table  string `json:"table"`
	Name   string `json:"name"`
	// Level is MariaDB's "Column" or "Table"; "" on MySQL, which does not keep it.
	Level  string `json:"level,omitempty"`
	Clause string `json:"clause"`
	// NotEnforced is MySQL 8's TABLE_CONSTRAINTS.ENFORCED = NO (MariaDB enforces every check).
	NotEnforced bool `json:"not_enforced,omitempty"`
}

type mysqlViewRow struct {
	Schema      string `json:"schema"`
	Name        string `json:"name"`
	Definition  string `json:"definition"`
	CheckOption string `json:"check_option"`
	Security    string `json:"security"`
	// Algorithm is MariaDB-only; MySQL's information_schema.VIEWS has no such column.
	Algorithm string `json:"algorithm,omitempty"`
}

type mysqlTriggerRow struct {
	Schema    string `json:"schema"`
	Name      string `json:"name"`
	Event     string `json:"event"`
	Table     string `json:"table"`
	Order     int    `json:"order"`
	Statement string `json:"statement"`
	Timing    string `json:"timing"`
	Level     string `json:"level"`
}

// mysqlEventRow is one row of information_schema.EVENTS; the times are CAST to text.
type mysqlEventRow struct {
	Schema        string  `json:"schema"`
	Name          string  `json:"name"`
	Definer       string  `json:"definer"`
	Body          string  `json:"body"`
	ExecuteAt     *string `json:"execute_at"`
	IntervalValue *string `json:"interval_value"`
	IntervalField *string `json:"interval_field"`
	Starts        *string `json:"starts"`
	Ends          *string `json:"ends"`
	Status        string  `json:"status"`
	OnCompletion  string  `json:"on_completion"`
	Comment       string  `json:"comment"`
	// StartsDefaulted: STARTS is the time the event was created or last altered, which is
	// what the server sets when the statement gave no STARTS.
	StartsDefaulted bool `json:"starts_defaulted,omitempty"`
}

type mysqlRoutineRow struct {
	Schema        string  `json:"schema"`
	Name          string  `json:"name"`
	Type          string  `json:"type"` // FUNCTION or PROCEDURE
	Returns       *string `json:"returns"`
	Body          string  `json:"body"` // SQL or EXTERNAL
	Definition    *string `json:"definition"`
	Deterministic string  `json:"deterministic"`
	DataAccess    string  `json:"data_access"`
	Security      string  `json:"security"`
	Comment       string  `json:"comment"`
}

type mysqlParamRow struct {
	Schema   string  `json:"schema"`
	Routine  string  `json:"routine"`
	Type     string  `json:"type"` // the routine's type
	Position int     `json:"position"`
	Mode     *string `json:"mode"`
	Name     *string `json:"name"`
	DataType string  `json:"data_type"`
}

type mysqlPartRow struct {
	Schema        string  `json:"schema"`
	Table         string  `json:"table"`
	Name          string  `json:"name"`
	SubName       *string `json:"sub_name"`
	Method        string  `json:"method"`
	Expression    *string `json:"expression"`
	Description   *string `json:"description"`
	SubMethod     *string `json:"sub_method"`
	SubExpression *string `json:"sub_expression"`
	// Comment is PARTITION_COMMENT: a subpartition's own, on a subpartitioned table.
	Comment string `json:"comment,omitempty"`
}

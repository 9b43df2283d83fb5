// Package schema is dbinspect's common model of a database schema: plain data that every
// inspector produces and every differ and output consumes.
//
// It is its own package because it is the contract between all others: drivers/ and
// inspector/ fill it, diff/ and output/ read it, and its JSON encoding is the public
// snapshot format (docs/snapshot-format.md). It imports only the standard library.
//
// Rules of the model:
//   - No connections, no back pointers, no cycles: tables refer to other tables by
//     (schema, name), so a value can be copied, compared and serialised freely.
//   - Order is part of the contract: schemas, tables, views, sequences, … by name; columns by
//     position; constraints, indexes and triggers by name. Call Database.Normalize after
//     building or loading a model so two inspections of one database are byte-identical.
//   - Concepts that two or more engines share have a typed field on the core types.
//     What only one engine has lives in a small typed sub-struct (Postgres*, MySQL*,
//     SQLite* in this package), nil when it does not apply.
//   - Each inspector hands over a canonical model for its engine (see the field comments):
//     the rest of the program never sees an engine's quirks.
package schema

// FormatVersion is the version of the snapshot format written by this build.
const FormatVersion = 1

// Dialect names a database engine family.
type Dialect string

// The dialects dbinspect reads. MySQL covers MariaDB too; Database.ServerVersion tells them apart.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
	MySQL    Dialect = "mysql"
)

// Dialects lists every dialect, for the registries of each package's per-dialect rules and
// their conformance tests: a dialect added here and not registered fails those tests.
var Dialects = []Dialect{Postgres, MySQL, SQLite}

// Database is one inspected database: the root of the model and of a snapshot file.
type Database struct {
	FormatVersion int     `json:"format_version"`
	Dialect       Dialect `json:"dialect"`
	// ServerVersion is the server's own version string, e.g. "15.19", "10.11.19-MariaDB", "3.50.4".
	ServerVersion string   `json:"server_version"`
	Schemas       []Schema `json:"schemas"`
	// Extensions installed in the database (PostgreSQL).
	Extensions []Extension `json:"extensions,omitempty"`
	// Notes says what could not be read (missing privileges, features absent on this server
	// version). Empty when the inspection saw everything.
	Notes []string `json:"notes,omitempty"`
	// Unread lists, as data, the kinds of objects the inspection could not read (privileges):
	// the model holds none or only some of them, which says nothing of the database. diff treats
	// such a kind on this side as unknown: nothing of it is added or dropped.
	Unread []Unread `json:"unread,omitempty"`
	// Filtered records the table filters the model was read through (the config's tables:,
	// export --tables); nil when it holds every table of its schemas. What a filter left out
	// is unknown to the model, not absent from the database.
	Filtered *TableFilter      `json:"filtered,omitempty"`
	Postgres *PostgresDatabase `json:"postgres,omitempty"`
}

// TableFilter is a set of include and exclude globs on "schema.table" or "table".
type TableFilter struct {
	Include []string `json:"include,omitempty"`
	Exclude []string `json:"exclude,omitempty"`
}

// Schema is a namespace of tables: a PostgreSQL schema, a MySQL database, SQLite's "main".
type Schema struct {
	Name    string  `json:"name"`
	Comment *string `json:"comment,omitempty"`
	Tables  []Table `json:"tables"`
	Views   []View  `json:"views"`
	// Collations are the collations created in the schema with CREATE COLLATION (PostgreSQL),
	// which columns, domains and indexes may use.
	Collations []Collation `json:"collations,omitempty"`
	// TextSearchConfigs are text search configurations (PostgreSQL), which functions, indexes
	// and defaults may name.
	TextSearchConfigs []TextSearchConfig `json:"text_search_configs,omitempty"`
	Enums             []Enum             `json:"enums,omitempty"`
	Domains           []Domain           `json:"domains,omitempty"`
	CompositeTypes    []CompositeType    `json:"composite_types,omitempty"`
	Sequences         []Sequence         `json:"sequences,omitempty"`
	// Functions holds functions and procedures (PostgreSQL) and stored routines (MySQL).
	Functions []Function `json:"functions,omitempty"`
	// Events are MySQL/MariaDB scheduled events (CREATE EVENT).
	Events []Event `json:"events,omitempty"`
	Access
	MySQL    *MySQLSchema    `json:"mysql,omitempty"`
	Postgres *PostgresSchema `json:"postgres,omitempty"`
}

// Table is a base table (including partitioned tables, partitions and SQLite virtual tables).
type Table struct {
	Name    string  `json:"name"`
	Comment *string `json:"comment"`
	// Columns in position order.
	Columns     []Column     `json:"columns"`
	PrimaryKey  *PrimaryKey  `json:"primary_key"`
	ForeignKeys []ForeignKey `json:"foreign_keys"`
	// Uniques are UNIQUE constraints (MySQL: every unique key other than the primary key).
	Uniques []Unique `json:"uniques"`
	Checks  []Check  `json:"checks"`
	// Indexes lists every index the server has on the table, including the ones that back a
	// primary key, unique or exclusion constraint (Index.Constraint names it).
	Indexes  []Index   `json:"indexes"`
	Triggers []Trigger `json:"triggers,omitempty"`
	// Stats is information only (row estimate, size, next auto-increment value); never diffed.
	Stats *TableStats `json:"stats,omitempty"`
	// Access: the owner and the grants, column privileges included (Grant.Columns).
	Access
	Postgres *PostgresTable `json:"postgres,omitempty"`
	MySQL    *MySQLTable    `json:"mysql,omitempty"`
	SQLite   *SQLiteTable   `json:"sqlite,omitempty"`
}

// TableStats are figures that describe the data, not the schema. Diff ignores them.
type TableStats struct {
	RowEstimate   *int64 `json:"row_estimate,omitempty"`
	SizeBytes     *int64 `json:"size_bytes,omitempty"`
	AutoIncrement *int64 `json:"auto_increment,omitempty"`
}

// Column is a table or view column.
type Column struct {
	Name string `json:"name"`
	// Type is the engine's canonical spelling: format_type() on PostgreSQL (schema-qualified
	// when the type lives outside the column's schema), COLUMN_TYPE on MySQL (display widths
	// dropped), the declared type as written on SQLite.
	Type     string `json:"type"`
	Nullable bool   `json:"nullable"`
	// Default is the SQL expression text of the default, or nil for none.
	Default *string `json:"default"`
	Comment *string `json:"comment"`
	// Collation is set only when it differs from the default for the column's type/table.
	Collation string `json:"collation,omitempty"`
	// AutoIncrement: MySQL AUTO_INCREMENT, SQLite AUTOINCREMENT.
	AutoIncrement bool `json:"auto_increment,omitempty"`
	// Identity: PostgreSQL GENERATED … AS IDENTITY.
	Identity *Identity `json:"identity,omitempty"`
	// Generated: a computed column.
	Generated *Generated `json:"generated,omitempty"`
	// Invisible: MySQL INVISIBLE, MariaDB INVISIBLE, SQLite hidden columns of virtual tables.
	Invisible bool            `json:"invisible,omitempty"`
	MySQL     *MySQLColumn    `json:"mysql,omitempty"`
	Postgres  *PostgresColumn `json:"postgres,omitempty"`
	// Inherited: PostgreSQL made it on this partition or inheritance child from its parent's
	// (pg_constraint.conislocal false, an index attached through pg_inherits, tgparentid,
	// pg_attribute.attislocal false). It is created, changed and dropped with the parent's.
	Inherited bool `json:"inherited,omitempty"`
}

// Identity describes an identity column and the options of its implicit sequence.
type Identity struct {
	// Generation is "ALWAYS" or "BY DEFAULT".
	Generation string `json:"generation"`
	SequenceOptions
}

// SequenceOptions are the numeric settings shared by sequences and identity columns.
type SequenceOptions struct {
	Start     int64 `json:"start"`
	Increment int64 `json:"increment"`
	Min       int64 `json:"min"`
	Max       int64 `json:"max"`
	Cache     int64 `json:"cache"`
	Cycle     bool  `json:"cycle,omitempty"`
}

// Generated is a generated (computed) column.
type Generated struct {
	Expression string        `json:"expression"`
	Kind       GeneratedKind `json:"kind"`
}

// GeneratedKind says whether a generated column is stored or computed when read.
type GeneratedKind string

// The generated column kinds.
const (
	GeneratedStored  GeneratedKind = "STORED"
	GeneratedVirtual GeneratedKind = "VIRTUAL"
)

// PrimaryKey is a table's primary key.
type PrimaryKey struct {
	// Name is nil where the engine keeps no name (SQLite without CONSTRAINT, MySQL's PRIMARY).
	Name    *string  `json:"name"`
	Columns []string `json:"columns"`
	Comment *string  `json:"comment,omitempty"`
	// Deferrable, InitiallyDeferred: PostgreSQL DEFERRABLE [INITIALLY DEFERRED].
	Deferrable        bool `json:"deferrable,omitempty"`
	InitiallyDeferred bool `json:"initially_deferred,omitempty"`
	// Inherited: PostgreSQL made it on this partition or inheritance child from its parent's
	// (pg_constraint.conislocal false, an index attached through pg_inherits, tgparentid,
	// pg_attribute.attislocal false). It is created, changed and dropped with the parent's.
	Inherited bool `json:"inherited,omitempty"`
}

// ForeignKey is a foreign key constraint. Actions are always spelled out: an FK declared
// without ON DELETE reads back as "NO ACTION".
type ForeignKey struct {
	// Name is "" where the engine keeps no name (SQLite without CONSTRAINT).
	Name       string   `json:"name"`
	Columns    []string `json:"columns"`
	RefSchema  string   `json:"ref_schema"`
	RefTable   string   `json:"ref_table"`
	RefColumns []string `json:"ref_columns"`
	OnDelete   FKAction `json:"on_delete"`
	OnUpdate   FKAction `json:"on_update"`
	// Match is "FULL" or "PARTIAL"; empty for the default MATCH SIMPLE.
	Match             string `json:"match,omitempty"`
	Deferrable        bool   `json:"deferrable,omitempty"`
	InitiallyDeferred bool   `json:"initially_deferred,omitempty"`
	// NotValid: PostgreSQL NOT VALID (existing rows not checked).
	NotValid bool    `json:"not_valid,omitempty"`
	Comment  *string `json:"comment,omitempty"`
	// Inherited: PostgreSQL made it on this partition or inheritance child from its parent's
	// (pg_constraint.conislocal false, an index attached through pg_inherits, tgparentid,
	// pg_attribute.attislocal false). It is created, changed and dropped with the parent's.
	Inherited bool `json:"inherited,omitempty"`
}

// FKAction is a referential action, always spelled out (sqltext.FKAction is its canon).
type FKAction string

// The referential actions.
const (
	FKNoAction   FKAction = "NO ACTION"
	FKRestrict   FKAction = "RESTRICT"
	FKCascade    FKAction = "CASCADE"
	FKSetNull    FKAction = "SET NULL"
	FKSetDefault FKAction = "SET DEFAULT"
)

// Unique is a UNIQUE constraint.
type Unique struct {
	Name              string   `json:"name"`
	Columns           []string `json:"columns"`
	NullsNotDistinct  bool     `json:"nulls_not_distinct,omitempty"`
	Deferrable        bool     `json:"deferrable,omitempty"`
	InitiallyDeferred bool     `json:"initially_deferred,omitempty"`
	Comment           *string  `json:"comment,omitempty"`
	// Inherited: PostgreSQL made it on this partition or inheritance child from its parent's
	// (pg_constraint.conislocal false, an index attached through pg_inherits, tgparentid,
	// pg_attribute.attislocal false). It is created, changed and dropped with the parent's.
	Inherited bool `json:"inherited,omitempty"`
}

// Check is a CHECK constraint.
type Check struct {
	Name       string `json:"name"`
	Expression string `json:"expression"`
	// Column is set for a check declared on a column (SQLite, MySQL column-level checks).
	Column    string `json:"column,omitempty"`
	NotValid  bool   `json:"not_valid,omitempty"`
	NoInherit bool   `json:"no_inherit,omitempty"`
	// NotEnforced: MySQL 8's CHECK … NOT ENFORCED (kept in the catalog, never checked).
	NotEnforced bool    `json:"not_enforced,omitempty"`
	Comment     *string `json:"comment,omitempty"`
	// Inherited: PostgreSQL made it on this partition or inheritance child from its parent's
	// (pg_constraint.conislocal false, an index attached through pg_inherits, tgparentid,
	// pg_attribute.attislocal false). It is created, changed and dropped with the parent's.
	Inherited bool `json:"inherited,omitempty"`
}

// Index is an index. Columns is a convenience view of Parts: each part's column name, or its
// expression text for an expression part. Normalize keeps the two in step.
type Index struct {
	Name    string      `json:"name"`
	Unique  bool        `json:"unique"`
	Columns []string    `json:"columns"`
	Parts   []IndexPart `json:"parts"`
	// Method in lower case: btree, hash, gin, gist, brin, spgist, fulltext, spatial, rtree, …
	// Empty where the engine has one kind only (SQLite).
	Method string `json:"method,omitempty"`
	// Where is the predicate of a partial index.
	Where string `json:"where,omitempty"`
	// Include lists non-key INCLUDE columns.
	Include          []string `json:"include,omitempty"`
	NullsNotDistinct bool     `json:"nulls_not_distinct,omitempty"`
	// Constraint names the primary key, unique or exclusion constraint this index backs.
	Constraint string `json:"constraint,omitempty"`
	// Invisible: MySQL INVISIBLE, MariaDB IGNORED.
	Invisible bool    `json:"invisible,omitempty"`
	Comment   *string `json:"comment,omitempty"`
	// Definition is the server's own full text where it has one (pg_get_indexdef, SQLite's sql).
	Definition string       `json:"definition,omitempty"`
	MySQL      *MySQLIndex  `json:"mysql,omitempty"`
	Postgres   *PostgresIdx `json:"postgres,omitempty"`
	// Inherited: PostgreSQL made it on this partition or inheritance child from its parent's
	// (pg_constraint.conislocal false, an index attached through pg_inherits, tgparentid,
	// pg_attribute.attislocal false). It is created, changed and dropped with the parent's.
	Inherited bool `json:"inherited,omitempty"`
}

// IndexPart is one key part of an index: a column or an expression.
type IndexPart struct {
	Column     string `json:"column,omitempty"`
	Expression string `json:"expression,omitempty"`
	Desc       bool   `json:"desc,omitempty"`
	// Nulls is "FIRST" or "LAST" only where it differs from the engine's default for the
	// direction (PostgreSQL: LAST for ASC, FIRST for DESC).
	Nulls     string `json:"nulls,omitempty"`
	Collation string `json:"collation,omitempty"`
	// OpClass is a non-default operator class (PostgreSQL).
	OpClass string `json:"opclass,omitempty"`
	// Length is a MySQL prefix length.
	Length int `json:"length,omitempty"`
}

// View is a view or materialized view.
type View struct {
	Name    string  `json:"name"`
	Comment *string `json:"comment,omitempty"`
	// Definition is the view's query as the server reports it.
	Definition   string    `json:"definition"`
	Materialized bool      `json:"materialized,omitempty"`
	Columns      []Column  `json:"columns,omitempty"`
	Indexes      []Index   `json:"indexes,omitempty"`
	Triggers     []Trigger `json:"triggers,omitempty"`
	// CheckOption is "LOCAL" or "CASCADED" for WITH CHECK OPTION views.
	CheckOption string `json:"check_option,omitempty"`
	Access
	MySQL    *MySQLView    `json:"mysql,omitempty"`
	Postgres *PostgresView `json:"postgres,omitempty"`
}

// Trigger is a trigger on a table or view.
type Trigger struct {
	Name   string        `json:"name"`
	Timing TriggerTiming `json:"timing"`
	// Events are in the order of the TriggerEvent constants.
	Events []TriggerEvent `json:"events"`
	// UpdateColumns lists the columns of UPDATE OF.
	UpdateColumns []string `json:"update_columns,omitempty"`
	// Level is "ROW" or "STATEMENT".
	Level string `json:"level"`
	// Function is the schema-qualified trigger function (PostgreSQL).
	Function string `json:"function,omitempty"`
	When     string `json:"when,omitempty"`
	// Definition is the full text: CREATE TRIGGER on SQLite and PostgreSQL, the body on MySQL.
	Definition string  `json:"definition"`
	Comment    *string `json:"comment,omitempty"`
	// Disabled: PostgreSQL ALTER TABLE … DISABLE TRIGGER.
	Disabled bool `json:"disabled,omitempty"`
	// Inherited: PostgreSQL made it on this partition or inheritance child from its parent's
	// (pg_constraint.conislocal false, an index attached through pg_inherits, tgparentid,
	// pg_attribute.attislocal false). It is created, changed and dropped with the parent's.
	Inherited bool `json:"inherited,omitempty"`
}

// TriggerTiming is when a trigger fires.
type TriggerTiming string

// The trigger timings.
const (
	TriggerBefore    TriggerTiming = "BEFORE"
	TriggerAfter     TriggerTiming = "AFTER"
	TriggerInsteadOf TriggerTiming = "INSTEAD OF"
)

// TriggerEvent is a statement a trigger fires on.
type TriggerEvent string

// The trigger events, in the order a trigger lists them.
const (
	TriggerInsert   TriggerEvent = "INSERT"
	TriggerUpdate   TriggerEvent = "UPDATE"
	TriggerDelete   TriggerEvent = "DELETE"
	TriggerTruncate TriggerEvent = "TRUNCATE"
)

// Function is a function or procedure (PostgreSQL) or a stored routine (MySQL).
// Functions are identified by Name plus Arguments (overloads).
type Function struct {
	Name string `json:"name"`
	// Kind is "function", "procedure" or "aggregate".
	Kind string `json:"kind"`
	// Arguments is the signature text, e.g. "a integer, b text DEFAULT 'x'".
	Arguments string `json:"arguments"`
	// Returns is the result type ("" for procedures).
	Returns  string `json:"returns,omitempty"`
	Language string `json:"language,omitempty"`
	// Definition is the full CREATE text as the server reports it.
	Definition string  `json:"definition"`
	Comment    *string `json:"comment,omitempty"`
	Access
}

// Collation is a collation created with CREATE COLLATION (PostgreSQL): the built-in ones and
// those the server imports from the operating system (pg_catalog) are not listed.
type Collation struct {
	Name string `json:"name"`
	// Provider is "icu", "libc" or "builtin".
	Provider string `json:"provider"`
	// Locale is the ICU or builtin locale, e.g. "und-u-kn-true" (empty for libc).
	Locale string `json:"locale,omitempty"`
	// LcCollate and LcCtype are a libc collation's locales (empty for the other providers).
	LcCollate string `json:"lc_collate,omitempty"`
	LcCtype   string `json:"lc_ctype,omitempty"`
	// Deterministic is false for a collation that compares unequal strings as equal.
	Deterministic bool `json:"deterministic"`
	// Rules are ICU tailoring rules (PostgreSQL 16).
	Rules   string  `json:"rules,omitempty"`
	Comment *string `json:"comment,omitempty"`
}

// TextSearchConfig is a text search configuration (PostgreSQL CREATE TEXT SEARCH
// CONFIGURATION): a parser and, per token type, the dictionaries tried in order.
type TextSearchConfig struct {
	Name string `json:"name"`
	// Parser is the parser, schema-qualified and quoted: pg_catalog."default".
	Parser string `json:"parser"`
	// Mappings in the parser's token type order; token types without dictionaries are left out.
	Mappings []TextSearchMapping `json:"mappings"`
	Comment  *string             `json:"comment,omitempty"`
}

// TextSearchMapping maps one token type of a parser to dictionaries.
type TextSearchMapping struct {
	// Token is the token type's alias, e.g. "asciiword".
	Token string `json:"token"`
	// Dictionaries in the order they are tried; qualified when outside pg_catalog.
	Dictionaries []string `json:"dictionaries"`
}

// Enum is a named enumerated type (PostgreSQL). MySQL enums are inline column types.
type Enum struct {
	Name    string   `json:"name"`
	Values  []string `json:"values"`
	Comment *string  `json:"comment,omitempty"`
	Access
}

// Domain is a named type with constraints (PostgreSQL).
type Domain struct {
	Name      string  `json:"name"`
	Type      string  `json:"type"`
	NotNull   bool    `json:"not_null,omitempty"`
	Default   *string `json:"default,omitempty"`
	Collation string  `json:"collation,omitempty"`
	Checks    []Check `json:"checks,omitempty"`
	Comment   *string `json:"comment,omitempty"`
	Access
}

// CompositeType is a named row type (PostgreSQL CREATE TYPE … AS (…)).
type CompositeType struct {
	Name       string   `json:"name"`
	Attributes []Column `json:"attributes"`
	Comment    *string  `json:"comment,omitempty"`
	Access
}

// Sequence is a sequence. Sequences that back identity columns are not listed here; they
// are described by Column.Identity.
type Sequence struct {
	Name string `json:"name"`
	// Type is the sequence's data type, e.g. "bigint".
	Type string `json:"type"`
	SequenceOptions
	OwnedBy *ColumnRef `json:"owned_by,omitempty"`
	Comment *string    `json:"comment,omitempty"`
	Access
	// MySQL: what only a MariaDB sequence (a table of its own) has.
	MySQL *MySQLSequence `json:"mysql,omitempty"`
}

// ColumnRef names a column of a table anywhere in the database.
type ColumnRef struct {
	Schema string `json:"schema"`
	Table  string `json:"table"`
	Column string `json:"column"`
}

// TableRef names a table anywhere in the database.
type TableRef struct {
	Schema string `json:"schema"`
	Name   string `json:"name"`
}

// Extension is an installed PostgreSQL extension.
type Extension struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Schema  string `json:"schema"`
}

// Ptr returns a pointer to s, for the optional string fields of the model.
func Ptr(s string) *string { return &s }

package ddl

import (
	"github.com/dbinspect/dbinspect/schema"
)

// Rules is what ddl knows of one dialect. Each dialect fills one in, in its own file
// (dialect_postgres.go, dialect_mysql.go, dialect_sqlite.go), and registers it; adding a
// dialect is writing that file, and TestDialectRulesConform fails for a dialect of
// schema.Dialects without rules or with a function left out. Code here asks the rules
// (rulesOf(d).IdentQuote) rather than comparing dialects.
type Rules struct {
	Dialect schema.Dialect
	// IdentQuote quotes identifiers (doubled inside them).
	IdentQuote string
	// BackslashEscapes: string literals read a backslash as an escape (MySQL), so one is doubled.
	BackslashEscapes bool
	// OmitSchema reports a schema name that qualified names leave out, so the SQL does not tie
	// itself to the source database (MySQL: the schema is the database; SQLite's main).
	OmitSchema func(schemaName string) bool
	// Settings are the statements a script starts with.
	Settings []string
	// SchemaObjects: the dialect has CREATE SCHEMA, extensions, collations, text search
	// configurations and sequences of its own (PostgreSQL).
	SchemaObjects bool
	// InlineForeignKeys: foreign keys are declared in CREATE TABLE and cannot be added later
	// (SQLite); elsewhere they are added after every table exists.
	InlineForeignKeys bool
	// TableOptions writes what follows CREATE TABLE's closing parenthesis ("" for nothing).
	TableOptions func(t *schema.Table) string

	// KeysAreIndexes: a key is its index (MySQL): plain and unique indexes are KEY clauses
	// inside CREATE TABLE (so foreign keys added later reuse them), a key's columns carry its
	// index's prefix lengths, the primary key is named PRIMARY and takes its index's comment.
	KeysAreIndexes bool
	// CreateIndex writes the statement that adds an index to schemaName.table.
	CreateIndex func(schemaName, table string, x schema.Index) string
	// ColumnCharsets: a column's character set follows its type (CHARACTER SET).
	ColumnCharsets bool
	// ExplicitNull: a nullable column says NULL (MySQL makes a TIMESTAMP NOT NULL unless told
	// otherwise), and a generated column says neither (MariaDB refuses NOT NULL on one).
	ExplicitNull bool
	// ColumnAttributes writes what a column definition says after its nullability ("" for
	// nothing; MySQL: ON UPDATE, AUTO_INCREMENT, INVISIBLE, COMMENT, its column check).
	ColumnAttributes func(t *schema.Table, c schema.Column) string
	// ColumnChecks: a check named after its column sits on the column (MariaDB's column
	// checks), not among the table's constraints.
	ColumnChecks bool
	// SystemVersioning: tables may keep their rows' history (MariaDB): ROW START/END period
	// columns, PERIOD FOR SYSTEM_TIME, columns WITHOUT SYSTEM VERSIONING.
	SystemVersioning bool
	// RowidKeys: AUTOINCREMENT exists only on the INTEGER PRIMARY KEY column itself, key
	// columns the engine makes NOT NULL are written as declared, and the engine's automatic
	// index names (sqlite_autoindex_…) stand for unnamed keys (SQLite).
	RowidKeys bool
	// WritesNoAction: a foreign key's NO ACTION is written out. Elsewhere the default is left
	// out as people write it (MariaDB reports one left out as RESTRICT, one written as NO
	// ACTION; SQLite keeps the table's text), so a migrated table reads back like one created
	// by hand; PostgreSQL stores one code for both.
	WritesNoAction bool
	// DefaultClause writes a column default after DEFAULT (SQLite: expressions in parentheses).
	DefaultClause func(expr string) string
	// ViewClauses are the clauses of CREATE VIEW beyond the name and query: after CREATE
	// (MySQL's ALGORITHM, SQL SECURITY), after the name (PostgreSQL's WITH, TABLESPACE), at the
	// end (WITH NO DATA).
	ViewClauses func(v *schema.View) (afterCreate, afterName, atEnd string)
	// DisabledTriggers: a disabled trigger is created, then disabled (ALTER TABLE … DISABLE).
	DisabledTriggers bool
	// DelimitedBodies: a client reads a routine's, trigger's or event's body, which holds
	// semicolons, only between DELIMITER lines (mariadb).
	DelimitedBodies bool
	// CreateSequence writes CREATE SEQUENCE with its settings.
	CreateSequence func(schemaName string, s schema.Sequence) string
	// OwnedSequences: a sequence can be OWNED BY a column (PostgreSQL).
	OwnedSequences bool

	// tableExtras writes what CREATE TABLE does not carry for a table (PostgreSQL: NOT VALID
	// checks, row level security).
	tableExtras func(g *generator, schemaName string, t *schema.Table)
	// extras writes, after every table and view, what their CREATE statements do not carry
	// (PostgreSQL: storage settings, replica identity, policies, rules, constraint comments).
	extras func(g *generator)
	// comments writes the comments not inline in the definitions.
	comments func(g *generator)
}

var registry = schema.NewRegistry[Rules]("ddl")

// register adds a dialect's rules; each dialect file calls it from init.
func register(r *Rules) { registry.Register(r.Dialect, r) }

// rulesOf returns the rules of dialect d; one without rules panics (schema.Registry.Of)
// rather than write another dialect's SQL.
func rulesOf(d schema.Dialect) *Rules { return registry.Of(d) }

// RulesOf returns the rules of dialect d, for the planner (package migrate), which writes
// the ALTER statements around ddl's CREATE statements and must agree with them.
func RulesOf(d schema.Dialect) *Rules { return rulesOf(d) }

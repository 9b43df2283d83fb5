package export

import (
	"github.com/dbinspect/dbinspect/schema"
)

// dialectRules is what the exporters know of one dialect: how its schemas, keys, indexes and
// column attributes are spelled in SQLAlchemy and GORM code. Each dialect fills one in, in
// dialect_<name>.go, and registers it; adding a dialect is writing that file, and
// TestDialectRulesConform fails for a dialect of schema.Dialects without rules or with a
// function left out. The exporters ask the rules (m.rules().namedSchema(s)) rather than
// compare dialects. What package ddl already knows of a dialect (ddl.RulesOf: quoting, foreign
// keys inline in CREATE TABLE, table options) is asked of ddl, not repeated here.
type dialectRules struct {
	dialect schema.Dialect
	// product is the engine's name for people, from the server's version string (MariaDB
	// reads as the MySQL dialect).
	product func(serverVersion string) string

	// namedSchema: a table in this schema is named with its schema in generated code (a
	// PostgreSQL schema other than public); elsewhere the schema is the database connected to.
	namedSchema func(schemaName string) bool
	// serials: a column may be serial, an integer whose default is nextval of a sequence it
	// owns (PostgreSQL); the ORMs create that sequence themselves.
	serials bool
	// columnCheck reports a check declared on its column (MySQL reports a column-level CHECK
	// under the column's name), which the models write on the column.
	columnCheck func(ck schema.Check) bool
	// namedPrimaryKeys: a primary key can have a name of its own (MySQL's is always PRIMARY).
	namedPrimaryKeys bool
	// uniqueIndexes: a unique key is a unique index whose parts may carry prefix lengths,
	// directions and expressions (MySQL); such a key is written as an index.
	uniqueIndexes bool
	// indexesInTable: the SQL export writes indexes inside CREATE TABLE (MySQL), so an index
	// the models cannot express needs a CREATE INDEX of its own.
	indexesInTable bool
	// autoIndexes: UNIQUE and PRIMARY KEY constraints are backed by indexes the engine names
	// itself (SQLite's sqlite_autoindex_…), which are not created on their own.
	autoIndexes bool
	// partCollations: an index reports the collation of every part, its column's own included
	// (SQLite), so a part's collation says nothing unless it differs from the column's.
	partCollations bool
	// columnComments: the engine keeps comments on columns (not SQLite).
	columnComments bool
	// charset, onUpdate and invisible are the column attributes the engine writes after the
	// type (" CHARACTER SET latin1", " ON UPDATE current_timestamp()", " INVISIBLE"), or "".
	charset, onUpdate, invisible func(c schema.Column) string

	// saType is the SQLAlchemy type of a type name (see pyModule.pyType).
	saType func(m *pyModule, typ, schemaName string) pyT
	// saColumnType is the SQLAlchemy type of a column: its type with its collation and the
	// attributes written after the type. inPK: the column is in the primary key.
	saColumnType func(m *pyModule, schemaName string, c schema.Column, inPK bool) pyT
	// saDefault is the text of a column's default as the engine reads it back (MySQL: with ON
	// UPDATE; PostgreSQL: a sequence in public unqualified).
	saDefault func(def string, c schema.Column) string
	// saIndexable reports an index SQLAlchemy's compiler for the dialect can write (MySQL's
	// cannot mix prefix lengths with text parts); nativeIndex checks the rest.
	saIndexable func(x *schema.Index) bool
	// saIndexExpr is an index expression as the engine reads it back.
	saIndexExpr func(expr string) string
	// saIndexOptions are the dialect keyword arguments of sa.Index (", postgresql_using=…");
	// lengths are the prefix lengths of its columns ("\"name\": 10").
	saIndexOptions func(x schema.Index, lengths []string) string
	// saSequenceArgs are the settings of sa.Sequence (start=, …, cycle=) for a sequence of the
	// schema; what it cannot say the dialect adds to the module itself (MariaDB's engine).
	saSequenceArgs func(m *pyModule, schemaName string, s schema.Sequence) []string
	// saTableOptions are the dialect keyword options of a table (mysql_engine, …).
	saTableOptions func(t *schema.Table) [][2]string
	// saImplicitPK reports a one-column primary key with the name the engine gives it, which
	// is written as primary_key=True on the column.
	saImplicitPK func(pk *schema.PrimaryKey, table string) bool
	// saNullable is a column's nullability as SQLAlchemy reads it back.
	saNullable func(t *schema.Table, c schema.Column) bool
	// saAutoIncrementImplied: SQLAlchemy's autoincrement="auto" changes an integer key's DDL
	// (SERIAL, AUTO_INCREMENT), so a key that is not one says autoincrement=False.
	saAutoIncrementImplied bool
	// saAutoIncrementAnywhere: AUTO_INCREMENT is a column attribute any key column may have
	// (MySQL), written autoincrement=True where SQLAlchemy would not infer it.
	saAutoIncrementAnywhere bool

	// gormQuote is the quote character of gorm's dialect (see unquotable).
	gormQuote byte
	// gormInlineCheck reports a check written in its column's type: gorm names every check
	// it creates, so an unnamed one (SQLite) or a column-level one (MySQL) goes there.
	gormInlineCheck func(ck schema.Check) bool
	// gormTableOptions is what gorm:table_options appends to CREATE TABLE ("" for nothing).
	gormTableOptions func(t *schema.Table) string
	// gormIndexMethod is the setting for an index method ("type:gin", "class:FULLTEXT"), or "".
	gormIndexMethod func(method string) string
	// gormCollatedPartExpr: a collated index part is written as an expression: setting
	// (gorm's collate: setting does not reach MySQL's index DDL).
	gormCollatedPartExpr bool
	// gormGeneratedNotNull: a generated column may be declared NOT NULL (MariaDB refuses it:
	// its nullability follows the expression).
	gormGeneratedNotNull bool
	// gormAttrsBeforeCheck: NOT NULL and DEFAULT must precede a column's CHECK (MariaDB takes
	// no column attribute after one), so with an inline check they go into the type.
	gormAttrsBeforeCheck bool
	// gormIndexComments: gorm writes an index's comment: setting (its MySQL dialect only).
	gormIndexComments bool
	// domains: a column type may name a domain, whose base type decides the Go type
	// (PostgreSQL).
	domains bool
	// arrays: the dialect has array types (PostgreSQL), written with lib/pq's array types.
	arrays bool
}

var registry = schema.NewRegistry[dialectRules]("export")

// register adds a dialect's rules; each dialect file calls it from init.
func register(r *dialectRules) { registry.Register(r.dialect, r) }

// rulesOf returns the rules of dialect d; one without rules panics (schema.Registry.Of)
// rather than write another dialect's code.
func rulesOf(d schema.Dialect) *dialectRules { return registry.Of(d) }

// rules are the module's dialect rules, looked up once (they are asked per column).
func (m *pyModule) rules() *dialectRules {
	if m.r == nil {
		m.r = rulesOf(m.d)
	}
	return m.r
}

// rules are the file's dialect rules, looked up once.
func (f *goFile) rules() *dialectRules {
	if f.r == nil {
		f.r = rulesOf(f.d)
	}
	return f.r
}

// Product names a model's engine for people: PostgreSQL, MySQL, MariaDB, SQLite.
func Product(db *schema.Database) string { return rulesOf(db.Dialect).product(db.ServerVersion) }

func noAttribute(schema.Column) string { return "" }
func never(schema.Check) bool          { return false }
func sameText(s string) string         { return s }

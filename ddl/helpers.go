package ddl

import (
	"fmt"
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

// Helpers for the migration planner (package migrate): the pieces Create assembles, one object
// at a time, so a plan can create, alter or rebuild single objects with exactly the SQL an
// export would write for them.

// CreateTable writes CREATE TABLE for one table of db as Create does: columns, primary key,
// uniques, checks (and, on MySQL, plain indexes; on SQLite, foreign keys). Foreign keys of
// PostgreSQL and MySQL tables are not included: add them with ForeignKeyClause once every
// table they reference exists. Each call scans db for the names it looks up: for many tables
// of one model use a Catalog.
func CreateTable(db *schema.Database, schemaName string, t *schema.Table) string {
	g := &generator{d: db.Dialect, db: db}
	g.createTable(schemaName, t)
	return g.out[len(g.out)-1].SQL
}

// ColumnDefinition writes one column's definition as it appears inside CREATE TABLE, ALTER
// TABLE … ADD COLUMN or MySQL's MODIFY COLUMN, exactly as CreateTable writes it: t is the
// column's table, in schema schemaName of db, and a PostgreSQL type naming a type of that
// schema is written schema-qualified (see ColumnType). t also supplies the column-level checks
// MariaDB keeps on the column; pass a table without checks to leave them out.
func ColumnDefinition(db *schema.Database, schemaName string, t *schema.Table, c schema.Column) string {
	g := &generator{d: db.Dialect, db: db}
	return g.columnDef(schemaName, t, c)
}

// ColumnType writes a column's type as CreateTable does: on PostgreSQL, a type that names an
// enum, domain, composite type or row type of schema schemaName in db is qualified with that
// schema, so the statement does not depend on the search_path it runs with. Other types, and
// every type of the other dialects, are written as they are.
func ColumnType(db *schema.Database, schemaName, typ string) string {
	g := &generator{d: db.Dialect, db: db}
	return g.columnType(schemaName, typ)
}

// ForeignKeyClause writes "[CONSTRAINT name] FOREIGN KEY (…) REFERENCES …" with its actions
// and deferrability, for ALTER TABLE … ADD.
func ForeignKeyClause(d schema.Dialect, fk schema.ForeignKey) string {
	g := &generator{d: d}
	return g.foreignKeyClause(fk)
}

// MySQLIndexClause writes a MySQL index as a clause of CREATE TABLE or ALTER TABLE … ADD:
// "[UNIQUE|FULLTEXT|SPATIAL] KEY name (parts) …".
func MySQLIndexClause(x schema.Index) string {
	g := &generator{d: schema.MySQL}
	return g.mysqlIndex(x)
}

// Deferrable writes " DEFERRABLE [INITIALLY DEFERRED]" or "".
func Deferrable(isDeferrable, initiallyDeferred bool) string {
	return deferrable(isDeferrable, initiallyDeferred)
}

// CreateView writes CREATE [MATERIALIZED] VIEW for one view (SQLite: the view's own text).
func CreateView(d schema.Dialect, schemaName string, v *schema.View) string {
	g := &generator{d: d}
	g.createView(schemaName, v)
	return g.out[0].SQL
}

// CreateTrigger writes the statements that create one trigger of schemaName.table: the
// CREATE TRIGGER, and on PostgreSQL the DISABLE TRIGGER of a disabled one.
func CreateTrigger(d schema.Dialect, schemaName, table string, tr schema.Trigger) []string {
	g := &generator{d: d}
	g.triggers(schemaName, table, []schema.Trigger{tr})
	return statementsSQL(g.out)
}

// CreateFunction writes a routine's CREATE text, or "" when the server gave none.
func CreateFunction(schemaName string, f schema.Function) string {
	def := trimStatement(f.Definition)
	if !startsWithWord(def, "CREATE") {
		return ""
	}
	return def
}

// CreateSequence writes CREATE SEQUENCE (without OWNED BY, which needs the table).
func CreateSequence(d schema.Dialect, schemaName string, s schema.Sequence) string {
	g := &generator{d: d}
	g.sequences(schema.Schema{Name: schemaName, Sequences: []schema.Sequence{s}})
	return g.out[0].SQL
}

// SequenceOptions writes the INCREMENT/MINVALUE/MAXVALUE/START/CACHE/CYCLE clauses.
func SequenceOptions(o schema.SequenceOptions) string {
	return strings.TrimSpace(sequenceOptions(o))
}

// CreateCollation writes CREATE COLLATION for a collation of schemaName (PostgreSQL).
func CreateCollation(d schema.Dialect, schemaName string, c schema.Collation) string {
	g := &generator{d: d}
	g.collations(schema.Schema{Name: schemaName, Collations: []schema.Collation{c}})
	if len(g.out) == 0 {
		return ""
	}
	return g.out[0].SQL
}

// CreateTextSearchConfig writes CREATE TEXT SEARCH CONFIGURATION for a configuration of
// schemaName (PostgreSQL) and the ALTER … ADD MAPPING statements that give it its
// dictionaries.
func CreateTextSearchConfig(d schema.Dialect, schemaName string, c schema.TextSearchConfig) []string {
	g := &generator{d: d}
	g.textSearchConfigs(schema.Schema{Name: schemaName, TextSearchConfigs: []schema.TextSearchConfig{c}})
	return statementsSQL(g.out)
}

// CreateTypes writes CREATE TYPE/DOMAIN for the enums, domains and composite types of sc.
func CreateTypes(d schema.Dialect, sc schema.Schema) []string {
	g := &generator{d: d}
	g.types(sc)
	return statementsSQL(g.out)
}

// Delimiter picks a mariadb-client delimiter that does not occur in sql, for DELIMITER blocks
// around trigger and routine bodies.
func Delimiter(sql string) string {
	return delimiterFor(sql)
}

func statementsSQL(stmts []Statement) []string {
	out := make([]string, 0, len(stmts))
	for _, s := range stmts {
		if s.Kind == KindNote {
			out = append(out, fmt.Sprintf("-- NOTE: %s", s.SQL))
			continue
		}
		out = append(out, s.SQL)
	}
	return out
}

// IsShadowTable reports a table an SQLite virtual table of sc keeps its data in (FTS, R*Tree):
// creating or dropping the virtual table creates or drops it.
func IsShadowTable(sc *schema.Schema, name string) bool {
	return isShadowTable(sc, name)
}

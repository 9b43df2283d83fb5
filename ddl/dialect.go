package ddl

import (
	"fmt"

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
}

var registry = map[schema.Dialect]*Rules{}

// register adds a dialect's rules; each dialect file calls it from init.
func register(r *Rules) {
	if _, dup := registry[r.Dialect]; dup {
		panic("ddl: rules registered twice for " + string(r.Dialect))
	}
	registry[r.Dialect] = r
}

// rulesOf returns the rules of dialect d. A dialect without rules is a programming error
// (snapshots and targets are validated before they reach ddl), so it panics loudly rather
// than writing another dialect's SQL.
func rulesOf(d schema.Dialect) *Rules {
	r, ok := registry[d]
	if !ok {
		panic(fmt.Sprintf("ddl: no rules registered for dialect %q", d))
	}
	return r
}

// RulesOf returns the rules of dialect d, for the planner (package migrate), which writes
// the ALTER statements around ddl's CREATE statements and must agree with them.
func RulesOf(d schema.Dialect) *Rules { return rulesOf(d) }

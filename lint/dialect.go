package lint

import (
	"fmt"
	"strings"

	"github.com/dbinspect/dbinspect/ddl"
	"github.com/dbinspect/dbinspect/schema"
)

// dialect is what the rules read differently per engine. Each engine has an entry below;
// TestDialectsConform fails for a dialect of schema.Dialects without one, and dialectOf
// fails loudly for one (lint runs on an inspected model, whose dialect is checked already).
type dialect struct {
	// foldsNames: table and column names compare without case (SQLite; MySQL's columns, and
	// its tables on most servers).
	foldsNames bool
	// affinities: a column's declared type is a hint, its affinity what the engine stores
	// and compares by (SQLite).
	affinities bool
	// typeFlags are the words after a numeric type that are not part of its name (MySQL).
	typeFlags []string
	// floats are the names of binary floating point types (SQLite: by affinity).
	floats []string
	// namedSchemas: schemas are named by the user (not SQLite's main and attached names).
	namedSchemas bool
	// caseKinds are the kinds whose capital letters need quoting to be kept (MySQL's columns
	// and routines are not case-sensitive at all).
	caseKinds []Kind
	// truncatesNames: a name over the limit is cut short without an error (PostgreSQL's 63
	// bytes), so one of exactly the limit was probably cut.
	truncatesNames bool
	// preferredText is the conventional type for text (varchar_vs_text's default).
	preferredText string
	// namesIndexes: CREATE INDEX without a name makes one (PostgreSQL).
	namesIndexes bool
	// dropIndexOnTable: DROP INDEX names the table (MySQL).
	dropIndexOnTable bool
	// viewTargets: a foreign key naming a view is accepted by CREATE TABLE (SQLite).
	viewTargets bool
}

var allNameKinds = []Kind{KindSchema, KindTable, KindView, KindColumn, KindSequence, KindEnum, KindDomain, KindFunction}

var dialects = map[schema.Dialect]*dialect{
	schema.Postgres: {namedSchemas: true, floats: []string{"real", "double precision"}, caseKinds: allNameKinds,
		truncatesNames: true, preferredText: "text", namesIndexes: true},
	schema.MySQL: {foldsNames: true, typeFlags: []string{" zerofill", " unsigned"}, floats: []string{"float", "double", "real", "double precision"},
		namedSchemas: true, caseKinds: []Kind{KindSchema, KindTable, KindView}, preferredText: "varchar", dropIndexOnTable: true},
	schema.SQLite: {foldsNames: true, affinities: true, caseKinds: allNameKinds, preferredText: "text", viewTargets: true},
}

func dialectOf(d schema.Dialect) *dialect {
	r, ok := dialects[d]
	if !ok {
		panic(fmt.Sprintf("lint: no rules for dialect %q", d))
	}
	return r
}

// dropIndexSQL writes the statement that drops an index.
func dropIndexSQL(d schema.Dialect, schemaName, table, index string) string {
	if dialectOf(d).dropIndexOnTable {
		return "DROP INDEX " + ddl.QuoteIdent(d, index) + " ON " + ddl.QuoteIdent(d, table) + ";"
	}
	return "DROP INDEX " + ddl.Qualify(d, schemaName, index) + ";"
}

// createIndexSQL writes the statement that creates an index on cols. PostgreSQL names it
// itself; MySQL and SQLite need a name, made from the table and columns.
func createIndexSQL(d schema.Dialect, schemaName, table string, cols []string) string {
	on := ddl.Qualify(d, schemaName, table) + " (" + ddl.QuoteList(d, cols) + ");"
	if dialectOf(d).namesIndexes {
		return "CREATE INDEX ON " + on
	}
	name := truncateBytes(table+"_"+strings.Join(cols, "_"), 59) + "_idx"
	return "CREATE INDEX " + ddl.QuoteIdent(d, name) + " ON " + on
}

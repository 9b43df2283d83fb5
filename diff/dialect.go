package diff

import (
	"github.com/dbinspect/dbinspect/schema"
)

// dialectRules is what diff knows of one dialect beyond its normalisation rules (rules.go):
// how it compares names, what its implicit schema is, how its types read as logical types.
// Each dialect fills one in, in dialect_<name>.go; TestDialectRulesConform fails for a
// dialect of schema.Dialects without one or with a function left out, and rulesOf fails
// loudly for an unregistered dialect.
type dialectRules struct {
	dialect schema.Dialect
	// foldsNames: column names and quoted identifiers compare without case (MySQL, SQLite).
	foldsNames bool
	// implicitSchema is the schema a reference may name or leave out alike (SQLite's main).
	implicitSchema string
	// foldsTableNames: table names compare without case (SQLite; MySQL's depend on the server).
	foldsTableNames bool
	// noTimeZones: the dialect has no notion of a time zone on times and timestamps (SQLite).
	noTimeZones bool
	// zonedTimestamp: TIMESTAMP is an instant converted to and from the session's zone (MySQL).
	zonedTimestamp bool
	// fractionalDigits is a time's or timestamp's precision when none is written.
	fractionalDigits int
	// loosen applies the dialect's storage rules to a logical type (SQLite's affinities);
	// rowidAlias marks SQLite's INTEGER PRIMARY KEY.
	loosen func(l logicalType, rowidAlias bool) logicalType
	// ownType reads the type names the dialect reads its own way (MySQL: tinyint(1) is a
	// boolean, REAL a double, FLOAT(p) by its precision, DECIMAL's default precision 10);
	// false for the common reading.
	ownType func(name, args string) (logicalType, bool)
	// rowidAliases: an INTEGER PRIMARY KEY column is the rowid, any 64-bit integer (SQLite).
	rowidAliases bool
	// foldsTables reports whether the table names of two schemas compare without case
	// (SQLite always; MySQL as lower_case_table_names says).
	foldsTables func(fs, ts *schema.Schema) bool
	// caseRenameFails: a table renamed in case only cannot be renamed, the server stores or
	// compares the name folded (MySQL with lower_case_table_names), so the pair is compared.
	caseRenameFails bool
	// similarRenames: a table dropped and one added with the same key and most columns are
	// taken for a rename with changes (PostgreSQL).
	similarRenames bool
	// generatedName reports a constraint or index name the server made up (name != "").
	generatedName func(c nameContext, name string) bool
	// explicitNames: a name a person chose differs from a generated one (PostgreSQL: a rename).
	explicitNames bool
	// uniqueKinds: a UNIQUE constraint and a unique index are different objects (PostgreSQL).
	uniqueKinds bool
	// fkIndexes: the server creates an index for each foreign key without one (MySQL); such
	// an index dropped or added with its key is not a change of its own.
	fkIndexes bool
	// oneIndexKind: there is one kind of index (SQLite): methods are not compared across engines.
	oneIndexKind bool
	// noComments: objects carry no comments (SQLite): not compared across engines.
	noComments bool
	// sequenceEngines, indexParsers: a sequence has a storage engine, a FULLTEXT index a
	// parser (MySQL/MariaDB).
	sequenceEngines, indexParsers bool
	// viewFields are the dialect's own fields of a view (PostgreSQL: options, rules, …).
	viewFields func(d *differ, v *schema.View) []field
	// identQuote quotes an identifier in SQL text; lowersUnquoted: unquoted names fold to
	// lower case (PostgreSQL); regLiterals: 'schema.name'::regclass literals name objects.
	identQuote                  string
	lowersUnquoted, regLiterals bool
}

var dialects = schema.NewRegistry[dialectRules]("diff")

func registerDialect(r *dialectRules) {
	dialects.Register(r.dialect, r)
	registered = append(registered, r)
}

// registered lists the rules registerDialect was given (each dialect's init), for rulesOf.
var registered []*dialectRules

// rulesOf returns the rules of dialect d; an unregistered dialect panics
// (schema.Registry.Of) rather than compare by another dialect's rules.
//
// It looks in the list of registered rules first: rulesOf is asked for every column,
// constraint and token, and three string comparisons cost a tenth of the registry's map lookup.
func rulesOf(d schema.Dialect) *dialectRules {
	for _, r := range registered {
		if r.dialect == d {
			return r
		}
	}
	return dialects.Of(d)
}

func sameType(l logicalType, _ bool) logicalType { return l }

func commonType(string, string) (logicalType, bool) { return logicalType{}, false }
func noFolding(_, _ *schema.Schema) bool            { return false }
func alwaysFolds(_, _ *schema.Schema) bool          { return true }
func noViewFields(*differ, *schema.View) []field    { return nil }

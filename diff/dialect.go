package diff

import (
	"fmt"

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
}

var dialects = map[schema.Dialect]*dialectRules{}

func registerDialect(r *dialectRules) {
	if _, dup := dialects[r.dialect]; dup {
		panic("diff: rules registered twice for " + string(r.dialect))
	}
	dialects[r.dialect] = r
}

// rulesOf returns the rules of dialect d; an unregistered dialect is a programming error
// (snapshots and targets are validated first), so it panics rather than compare by another
// dialect's rules.
func rulesOf(d schema.Dialect) *dialectRules {
	r, ok := dialects[d]
	if !ok {
		panic(fmt.Sprintf("diff: no rules registered for dialect %q", d))
	}
	return r
}

func sameType(l logicalType, _ bool) logicalType { return l }

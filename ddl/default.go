package ddl

import (
	"regexp"
	"strings"

	"github.com/dbinspect/dbinspect/schema"
	"github.com/dbinspect/dbinspect/sqltext"
)

// sqliteLiteralDefault matches the defaults SQLite takes without parentheses: a signed
// number, a string or blob literal, NULL, TRUE, FALSE and the CURRENT_* keywords. Any other
// default is an expression, which SQLite requires in parentheses (DEFAULT (datetime('now')));
// PRAGMA table_info reports it without them.
var sqliteLiteralDefault = regexp.MustCompile(`(?i)^([+-]?(\d+(\.\d*)?([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?|0x[0-9a-f]+)|'([^']|'')*'|x'[0-9a-f]*'|null|true|false|current_time|current_date|current_timestamp)$`)

// DefaultClause is the default of a column as the dialect writes it after DEFAULT.
func DefaultClause(d schema.Dialect, expr string) string { return rulesOf(d).DefaultClause(expr) }

// sqliteDefault puts an expression in the parentheses SQLite requires around it.
func sqliteDefault(expr string) string {
	e := strings.TrimSpace(expr)
	if !sqliteLiteralDefault.MatchString(e) && !wrapped(e) {
		return "(" + e + ")"
	}
	return expr
}

// asWritten: the default as the catalog gives it.
func asWritten(expr string) string { return expr }

// wrapped reports whether s is one parenthesized expression: (a) + (b) is not.
func wrapped(s string) bool { return sqltext.Wrapped(s, false) }

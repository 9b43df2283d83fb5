// Package ddl writes SQL for the common model (package schema), per dialect: identifier and
// literal quoting, and CREATE statements for every object kind in dependency order.
//
// It is its own package, importing only schema, because two callers need the same SQL:
// `export --format sql` today and the migration planner (which turns diff changes into
// statements) later. Statements are data (Statement: kind, name, SQL) so the planner can pick,
// reorder or wrap them; Write renders them as a script for psql, the mariadb client or
// sqlite3.
//
// Every identifier is quoted, always: a name that is a keyword, holds a quote, a newline or
// "*/" can never change the meaning of a statement. Expressions the server reported (defaults,
// checks, view and trigger bodies, index predicates) are SQL already and are written verbatim.
package ddl

import (
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

// QuoteIdent quotes an identifier for the dialect: "name" on PostgreSQL and SQLite, `name`
// on MySQL, with the quote character doubled inside. No identifier can escape its quotes.
//
// NUL cannot be part of an identifier on any of the engines, so it is dropped rather than
// written into the SQL, where some clients would cut the statement at it.
func QuoteIdent(d schema.Dialect, name string) string {
	q := rulesOf(d).IdentQuote
	name = strings.ReplaceAll(name, "\x00", "")
	return q + strings.ReplaceAll(name, q, q+q) + q
}

// QuoteString writes s as a string literal for the dialect.
//
// PostgreSQL (with standard_conforming_strings, on by default since 9.1 and set by Write)
// and SQLite only double the single quote. MySQL also reads backslash as an escape character
// (unless the session sets NO_BACKSLASH_ESCAPES, which Write never does), so backslashes are
// doubled there too.
func QuoteString(d schema.Dialect, s string) string {
	s = strings.ReplaceAll(s, "\x00", "")
	s = strings.ReplaceAll(s, "'", "''")
	if rulesOf(d).BackslashEscapes {
		s = strings.ReplaceAll(s, `\`, `\\`)
	}
	return "'" + s + "'"
}

// Qualify quotes a schema-qualified name. The schema is left out where naming it would tie
// the SQL to the source database: MySQL (the schema is the database, and the script is meant
// for any database) and SQLite's "main".
func Qualify(d schema.Dialect, schemaName, name string) string {
	if schemaName == "" || rulesOf(d).OmitSchema(schemaName) {
		return QuoteIdent(d, name)
	}
	return QuoteIdent(d, schemaName) + "." + QuoteIdent(d, name)
}

// QuoteList quotes each name and joins them with ", ".
func QuoteList(d schema.Dialect, names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = QuoteIdent(d, n)
	}
	return strings.Join(out, ", ")
}

// Comment makes text safe inside a "-- " line comment: a newline would end the comment and
// let the rest run as SQL, so control characters become spaces.
func Comment(text string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '\u2028' || r == '\u2029' || r == '\u0085' {
			return ' '
		}
		return r
	}, text)
}

package inspector

import (
	"encoding/hex"
	"strings"
	"unicode/utf8"

	"github.com/dbinspect/dbinspect/schema"
	"github.com/dbinspect/dbinspect/sqltext"
)

// Text canonicalisation for the MySQL reader: MariaDB and MySQL 8 spell the same defaults,
// types and expressions differently, and the model must not show it.

// myPlainSQLMask tells, for each byte of s, whether it lies outside string literals and quoted
// identifiers, so rewrites never touch text inside quotes.
func myPlainSQLMask(s string) []bool {
	plain := make([]bool, len(s))
	for i := 0; i < len(s); {
		q := s[i]
		if q != '\'' && q != '"' && q != '`' {
			plain[i] = true
			i++
			continue
		}
		i = mySkipQuoted(s, i)
	}
	return plain
}

// mySkipQuoted returns the offset just past the quoted run starting at s[i]. Backslash escapes
// apply inside string literals (MySQL's default sql_mode), doubled quotes everywhere.
func mySkipQuoted(s string, i int) int { return sqltext.QuotedEnd(s, i, s[i] != '`') }

// myStripOuterParens removes parentheses that wrap a whole expression: MySQL 8 writes check
// clauses, generated and functional-index expressions as "(`a` > 0)", MariaDB as "`a` > 0".
func myStripOuterParens(s string) string {
	for {
		s = strings.TrimSpace(s)
		if len(s) < 2 || s[0] != '(' || s[len(s)-1] != ')' || myMatchingParen(s, 0) != len(s)-1 {
			return s
		}
		s = s[1 : len(s)-1]
	}
}

// myMatchingParen returns the offset of the parenthesis closing the one at s[open], or -1.
func myMatchingParen(s string, open int) int { return sqltext.MatchingParen(s, open, true) }

// myStripIntroducers removes character set introducers outside string literals: MySQL 8 writes
// _utf8mb4'x' in check clauses, generated columns and view bodies where MariaDB writes 'x'
// (sqltext.IsCharsetIntroducer, which diff applies too).
func myStripIntroducers(s string) string {
	if !strings.Contains(s, "_") {
		return s
	}
	plain := myPlainSQLMask(s)
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); i++ {
		if s[i] != '_' || !plain[i] || i > 0 && (sqltext.IsWordByte(s[i-1]) || s[i-1] == '.' || s[i-1] == '`') {
			continue
		}
		j := i + 1
		for j < len(s) && sqltext.IsWordByte(s[j]) {
			j++
		}
		if j < len(s) && s[j] == '\'' && sqltext.IsCharsetIntroducer(s[i:j]) {
			b.WriteString(s[last:i])
			last, i = j, j-1
		}
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// myUnescapeQuotes undoes MySQL 8's backslash-escaping of quotes in COLUMN_DEFAULT and
// GENERATION_EXPRESSION (concat(_utf8mb4\'a\') for concat('a')).
func myUnescapeQuotes(s string) string {
	return strings.ReplaceAll(s, `\'`, `'`)
}

// myStripSchemaQualifier removes `schema`. qualifiers of the view's own database, which
// VIEW_DEFINITION adds to every table and column reference: the same view created in two
// databases then reads the same.
func myStripSchemaQualifier(def, schemaName string) string {
	quoted := "`" + strings.ReplaceAll(schemaName, "`", "``") + "`."
	if !strings.Contains(def, quoted) {
		return def
	}
	var b strings.Builder
	for i := 0; i < len(def); {
		switch def[i] {
		case '\'', '"':
			j := mySkipQuoted(def, i)
			b.WriteString(def[i:j])
			i = j
		case '`':
			if strings.HasPrefix(def[i:], quoted) {
				i += len(quoted)
				continue
			}
			j := mySkipQuoted(def, i)
			b.WriteString(def[i:j])
			i = j
		default:
			b.WriteByte(def[i])
			i++
		}
	}
	return b.String()
}

// myCanonicalType drops integer display widths where they mean nothing (sqltext.MySQLIntType,
// the rule diff applies too).
func myCanonicalType(t string) string { return sqltext.MySQLIntType(t) }

// myCanonicalTimestampExpr spells CURRENT_TIMESTAMP and its synonyms (sqltext.CurrentTimestamp,
// the rule diff applies too) the way MariaDB reports it, "current_timestamp()" or
// "current_timestamp(3)"; MySQL says "CURRENT_TIMESTAMP(3)".
func myCanonicalTimestampExpr(s string) (string, bool) {
	p, ok := sqltext.CurrentTimestamp(schema.MySQL, s)
	if !ok {
		return s, false
	}
	return "current_timestamp(" + p + ")", true
}

// myQuotedDefaultTypes are the data types whose literal defaults MySQL reports unquoted and
// MariaDB quoted; the model holds the SQL expression, so quoted.
var myQuotedDefaultTypes = map[string]bool{
	"char": true, "varchar": true, "tinytext": true, "text": true, "mediumtext": true, "longtext": true,
	"enum": true, "set": true, "date": true, "time": true, "datetime": true, "timestamp": true,
	"binary": true, "varbinary": true, "tinyblob": true, "blob": true, "mediumblob": true, "longblob": true,
	"json": true,
}

// myQuoteSQLString writes s as an SQL string literal the way MariaDB does, doubling embedded quotes.
func myQuoteSQLString(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// mysqlLiteralDefault turns a MySQL 8 literal COLUMN_DEFAULT (no DEFAULT_GENERATED) into
// expression text. MySQL reports binary defaults in hex (0x616263); readable ones become the
// string literal MariaDB reports.
func mysqlLiteralDefault(raw, dataType string) string {
	if ts, ok := myCanonicalTimestampExpr(raw); ok && myIsTemporal(dataType) {
		return ts // MySQL 5.7 keeps CURRENT_TIMESTAMP without DEFAULT_GENERATED
	}
	if !myQuotedDefaultTypes[dataType] {
		return raw
	}
	if strings.HasPrefix(raw, "0x") && (strings.Contains(dataType, "binary") || strings.Contains(dataType, "blob")) {
		if b, err := hex.DecodeString(strings.TrimPrefix(raw, "0x")); err == nil && utf8.Valid(b) && myPrintable(b) {
			return myQuoteSQLString(string(b))
		}
		return raw
	}
	return myQuoteSQLString(raw)
}

func myIsTemporal(dataType string) bool {
	return dataType == "timestamp" || dataType == "datetime"
}

func myPrintable(b []byte) bool {
	for _, c := range b {
		if c < 0x20 {
			return false
		}
	}
	return true
}

// myCanonicalExpr normalises expression text both servers store: check clauses, generation and
// functional-index expressions, expression defaults.
func myCanonicalExpr(s string) string {
	return myStripOuterParens(myStripIntroducers(s))
}

// myCollapseDoubleParens turns ((x)) into (x): MySQL 8 writes join conditions as on((a = b)),
// MariaDB as on(a = b).
func myCollapseDoubleParens(s string) string {
	for {
		i := myFindDoubleParen(s)
		if i < 0 {
			return s
		}
		inner := myMatchingParen(s, i+1)
		s = s[:i+1] + s[i+2:inner] + s[inner+1:]
	}
}

// myFindDoubleParen returns the offset of a "(" whose content is exactly one parenthesised
// expression, or -1.
func myFindDoubleParen(s string) int {
	plain := myPlainSQLMask(s)
	for i := 0; i+1 < len(s); i++ {
		if !plain[i] || s[i] != '(' || s[i+1] != '(' {
			continue
		}
		if outer := myMatchingParen(s, i); outer > 0 && myMatchingParen(s, i+1) == outer-1 {
			return i
		}
	}
	return -1
}

// myClauseEnds are what may follow a WHERE or HAVING condition.
var myClauseEnds = []string{"", ")", " group by ", " having ", " order by ", " limit ", " window ", " union ", " for update", " lock in "}

// myStripClauseParens turns "where (x)" into "where x" when the parentheses hold the whole
// condition: MySQL 8 parenthesises every WHERE and HAVING condition, MariaDB none.
func myStripClauseParens(s string) string {
	for _, kw := range []string{" where (", " having ("} {
		for from := 0; ; {
			i := strings.Index(s[from:], kw)
			if i < 0 {
				break
			}
			open := from + i + len(kw) - 1
			from = open
			if !myPlainSQLMask(s)[open] {
				continue
			}
			closing := myMatchingParen(s, open)
			if closing < 0 || !myEndsClause(s[closing+1:]) {
				continue
			}
			s = s[:open] + s[open+1:closing] + s[closing+1:]
		}
	}
	return s
}

func myEndsClause(rest string) bool {
	for _, end := range myClauseEnds {
		if end == "" && rest == "" || end != "" && strings.HasPrefix(rest, end) {
			return true
		}
	}
	return false
}

package diff

import (
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/dbinspect/dbinspect/schema"
	"github.com/dbinspect/dbinspect/sqltext"
)

// Normalisation rules. Each rule is a small named rewrite that keeps the meaning of a piece of
// SQL text and removes one way two servers (or two people) spell the same thing differently.
// Rules are registered per dialect; canonicalExpr, canonicalDefault and canonicalType apply the
// registered rules in order. Every rule has a table-driven test in rules_test.go with both
// spellings. A rule must never make two different meanings equal: when in doubt, leave the
// difference to be reported.

// tokenRule rewrites an expression's tokens.
type tokenRule struct {
	name string
	// dialects the rule applies to; nil means every dialect.
	dialects []schema.Dialect
	apply    func([]token) []token
}

// typeRule rewrites a column type's spelling (already lower-cased and space-folded).
type typeRule struct {
	name     string
	dialects []schema.Dialect
	apply    func(string) string
}

func appliesTo(dialects []schema.Dialect, d schema.Dialect) bool {
	if dialects == nil {
		return true
	}
	for _, x := range dialects {
		if x == d {
			return true
		}
	}
	return false
}

var (
	onlyPostgres = []schema.Dialect{schema.Postgres}
	onlyMySQL    = []schema.Dialect{schema.MySQL}
	onlySQLite   = []schema.Dialect{schema.SQLite}
	notPostgres  = []schema.Dialect{schema.MySQL, schema.SQLite}
)

// exprRules apply to every expression: checks, index predicates and expressions, generated
// columns, view definitions, defaults.
var exprRules = []tokenRule{
	{"trailing-semicolon", nil, dropTrailingSemicolon},
	{"lower-case-words", nil, lowerWords},
	{"unquote-identifiers", nil, nil}, // dialect-specific, see unquoteIdentifiers
	{"mysql-charset-introducers", onlyMySQL, dropCharsetIntroducers},
	{"cast-column-name", onlyPostgres, dropCastColumnName},
	{"strip-casts", nil, stripCasts},
	{"not-equals", nil, notEquals},
	{"check-keyword", nil, dropCheckKeyword},
	{"in-list-is-any-array", nil, inListToAnyArray},
	{"redundant-parentheses", nil, dropRedundantParens},
}

// defaultRules apply after exprRules to column and domain defaults.
var defaultRules = []tokenRule{
	{"now-is-current-timestamp", onlyPostgres, currentTimestampIn(schema.Postgres)},
	{"now-is-current-timestamp", onlyMySQL, currentTimestampIn(schema.MySQL)},
	{"now-is-current-timestamp", onlySQLite, currentTimestampIn(schema.SQLite)},
	{"quoted-numbers", nil, unquoteNumbers},
	{"boolean-literals-are-integers", notPostgres, booleanAsInteger},
}

// canonicalExpr returns the canonical text of an SQL expression in dialect d.
func canonicalExpr(d schema.Dialect, s string) string {
	if s == "" {
		return ""
	}
	return join(exprTokens(d, s, nil))
}

// exprTokens tokenizes an expression and applies the rules; renames are the side's schemas
// compared under another name (see requalify).
func exprTokens(d schema.Dialect, s string, renames map[string]string) []token {
	toks := requalify(d, tokenize(s), renames)
	for _, r := range exprRules {
		if !appliesTo(r.dialects, d) {
			continue
		}
		if r.name == "unquote-identifiers" {
			toks = unquoteIdentifiers(d, toks)
			continue
		}
		toks = r.apply(toks)
	}
	return toks
}

// canonicalDefault returns the canonical text of a default expression, "" for none. A default
// of NULL is the same as no default.
func canonicalDefault(d schema.Dialect, s *string) string {
	return canonicalDefaultIn(d, s, nil)
}

func canonicalDefaultIn(d schema.Dialect, s *string, renames map[string]string) string {
	if s == nil {
		return ""
	}
	toks := exprTokens(d, *s, renames)
	for _, r := range defaultRules {
		if appliesTo(r.dialects, d) {
			toks = r.apply(toks)
		}
	}
	out := join(toks)
	if out == "null" {
		return ""
	}
	return out
}

// --- expression rules ---

// lowerWords: keywords and unquoted identifiers are case-insensitive in every engine
// (PostgreSQL folds them to lower case, MySQL and SQLite ignore case), so CHECK (Price > 0) and
// check (price > 0) are one check.
func lowerWords(toks []token) []token {
	for i := range toks {
		if toks[i].kind == tokWord {
			toks[i].text = strings.ToLower(toks[i].text)
		}
	}
	return toks
}

// unquoteIdentifiers: "price" and price are the same identifier when quoting changes nothing.
// PostgreSQL: only when the quoted name is already lower case and a plain word. MySQL (`x`)
// and SQLite ("x", `x`, [x]) compare column names without regard to case.
func unquoteIdentifiers(d schema.Dialect, toks []token) []token {
	for i := range toks {
		t := &toks[i]
		if t.kind != tokIdent || len(t.text) < 2 {
			continue
		}
		inner := strings.ReplaceAll(t.text[1:len(t.text)-1], t.text[:1]+t.text[:1], t.text[:1])
		switch {
		case rulesOf(d).foldsNames && plainWord(strings.ToLower(inner)):
			t.kind, t.text = tokWord, strings.ToLower(inner)
		case !rulesOf(d).foldsNames && plainWord(inner) && !reservedWord(inner):
			t.kind, t.text = tokWord, inner
		}
	}
	return toks
}

func plainWord(s string) bool { return sqltext.IsPlainIdent(s) }

// reservedWord lists words that need quotes as identifiers, so "user" keeps them.
func reservedWord(s string) bool {
	switch s {
	case "user", "order", "group", "select", "from", "where", "table", "check", "default", "and", "or", "not", "null", "true", "false":
		return true
	}
	return false
}

// dropCharsetIntroducers: MySQL reports string literals in checks and generated columns with
// the connection's character set, _utf8mb4'a'; the introducer does not change the value.
func dropCharsetIntroducers(toks []token) []token {
	out := toks[:0:0]
	for i, t := range toks {
		if t.kind == tokWord && sqltext.IsCharsetIntroducer(t.text) && i+1 < len(toks) && toks[i+1].kind == tokString {
			continue
		}
		out = append(out, t)
	}
	return out
}

// stripCasts: PostgreSQL writes the implicit casts it inferred ('x'::text,
// (status)::text = 'a'::character varying, '{}'::jsonb). The cast target is the column's or
// literal's own type, so dropping it keeps the meaning for comparison.
func stripCasts(toks []token) []token {
	out := toks[:0:0]
	for i := 0; i < len(toks); i++ {
		if toks[i].kind == tokOp && toks[i].text == "::" {
			i = skipTypeName(toks, i+1) - 1
			continue
		}
		out = append(out, toks[i])
	}
	return out
}

// dropCastColumnName: PostgreSQL names a select-list column whose expression ends in a cast
// after the cast's type, by its internal name (x::integer is column "int4"), so
// "x::integer AS int4" and "x::integer" are the same column. pg_get_viewdef is not a fixed
// point here: a view written with "NULL" in a UNION branch reads back as "NULL::integer", and
// created from that text it reads back as "NULL::integer AS int4"; a dump and restore (ours or
// pg_dump's) turns the one into the other.
func dropCastColumnName(toks []token) []token {
	out := toks[:0:0]
	for i := 0; i < len(toks); i++ {
		out = append(out, toks[i])
		if toks[i].kind != tokOp || toks[i].text != "::" {
			continue
		}
		end := skipTypeName(toks, i+1)
		out = append(out, toks[i+1:end]...)
		if end+1 < len(toks) && toks[end].kind == tokWord && toks[end].text == "as" &&
			(toks[end+1].kind == tokWord || toks[end+1].kind == tokIdent) &&
			toks[end+1].text == castColumnName(toks[i+1:end]) {
			end += 2
		}
		i = end - 1
	}
	return out
}

// castColumnName is the column name PostgreSQL gives a cast to the type spelled by toks: the
// type's internal name (int4 for integer), without modifiers or array brackets.
func castColumnName(toks []token) string {
	var words []string
	for _, t := range toks {
		if t.kind == tokOpen || t.text == "[" || t.text == "[]" {
			break
		}
		if t.kind == tokWord || t.kind == tokIdent {
			words = append(words, t.text)
		}
	}
	if len(words) == 0 {
		return ""
	}
	if len(words) > 1 && words[0] == "pg_catalog" {
		words = words[1:]
	}
	switch strings.Join(words, " ") {
	case "integer", "int":
		return "int4"
	case "smallint":
		return "int2"
	case "bigint":
		return "int8"
	case "real":
		return "float4"
	case "double precision":
		return "float8"
	case "boolean":
		return "bool"
	case "character varying":
		return "varchar"
	case "character", "char":
		return "bpchar"
	case "timestamp with time zone":
		return "timestamptz"
	case "timestamp without time zone":
		return "timestamp"
	case "time with time zone":
		return "timetz"
	case "time without time zone":
		return "time"
	case "bit varying":
		return "varbit"
	case "decimal":
		return "numeric"
	}
	return words[len(words)-1]
}

// multiWordTypes are the type names PostgreSQL spells in several words.
var multiWordTypes = map[string][]string{
	"character": {"varying"},
	"double":    {"precision"},
	"bit":       {"varying"},
	"timestamp": {"with", "without", "time", "zone"},
	"time":      {"with", "without", "time", "zone"},
}

// skipTypeName returns the index after a type name starting at i: a (qualified) name, the
// extra words of a multi-word type, a (modifier) list and [] array brackets.
func skipTypeName(toks []token, i int) int {
	if i >= len(toks) || toks[i].kind != tokWord && toks[i].kind != tokIdent {
		return i
	}
	first := strings.ToLower(toks[i].text)
	i++
	for i+1 < len(toks) && toks[i].text == "." && (toks[i+1].kind == tokWord || toks[i+1].kind == tokIdent) {
		i += 2
	}
	if more, ok := multiWordTypes[first]; ok {
		for i < len(toks) && toks[i].kind == tokWord && contains(more, strings.ToLower(toks[i].text)) {
			i++
		}
	}
	if i < len(toks) && toks[i].kind == tokOpen {
		if j := matchingClose(toks, i); j > 0 {
			i = j + 1
		}
	}
	for i+1 < len(toks) && toks[i].text == "[" && toks[i+1].text == "]" {
		i += 2
	}
	if i < len(toks) && toks[i].text == "[]" {
		i++
	}
	return i
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// matchingClose returns the index of the ) that closes the ( at i, or -1.
func matchingClose(toks []token, i int) int {
	depth := 0
	for j := i; j < len(toks); j++ {
		switch toks[j].kind {
		case tokOpen:
			depth++
		case tokClose:
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

// notEquals: != and <> are one operator; SQLite's == is =.
func notEquals(toks []token) []token {
	for i := range toks {
		if toks[i].kind == tokOp {
			switch toks[i].text {
			case "!=":
				toks[i].text = "<>"
			case "==":
				toks[i].text = "="
			}
		}
	}
	return toks
}

// dropCheckKeyword: some catalogs give a check as "CHECK (expr)", others as the bare expression.
func dropCheckKeyword(toks []token) []token {
	if len(toks) > 1 && toks[0].kind == tokWord && toks[0].text == "check" && toks[1].kind == tokOpen {
		return toks[1:]
	}
	return toks
}

// inListToAnyArray: PostgreSQL stores x IN (a, b) as x = ANY (ARRAY[a, b]); a schema written
// by hand or read from another engine says IN. Both become "x in (a, b)".
func inListToAnyArray(toks []token) []token {
	var out []token
	for i := 0; i < len(toks); i++ {
		// = any ( array [ ... ] )  or  = any ( ( array [ ... ] ) )
		if toks[i].text == "=" && i+3 < len(toks) && toks[i+1].text == "any" && toks[i+2].kind == tokOpen {
			open := i + 2
			close := matchingClose(toks, open)
			inner := toks[open+1 : max(close, open+1)]
			for len(inner) > 2 && inner[0].kind == tokOpen && matchingClose(inner, 0) == len(inner)-1 {
				inner = inner[1 : len(inner)-1]
			}
			if close > 0 && len(inner) >= 3 && inner[0].text == "array" && inner[1].text == "[" && inner[len(inner)-1].text == "]" {
				out = append(out, token{kind: tokWord, text: "in"}, token{kind: tokOpen, text: "("})
				out = append(out, inner[2:len(inner)-1]...)
				out = append(out, token{kind: tokClose, text: ")"})
				i = close
				continue
			}
		}
		out = append(out, toks[i])
	}
	return out
}

// dropRedundantParens removes parentheses that cannot change the meaning: around the whole
// expression, around a single token, doubled ((x)), and around a comparison that stands
// between AND/OR/NOT (comparisons bind tighter). Servers add these freely: PostgreSQL prints
// CHECK ((price > 0)), MySQL prints (`price` > 0). Call parentheses f(x) and lists IN (1, 2)
// are kept.
func dropRedundantParens(toks []token) []token {
	for {
		i, j := findRedundantPair(toks)
		if i < 0 {
			return toks
		}
		out := make([]token, 0, len(toks)-2)
		out = append(out, toks[:i]...)
		out = append(out, toks[i+1:j]...)
		out = append(out, toks[j+1:]...)
		toks = out
	}
}

func findRedundantPair(toks []token) (int, int) {
	for i, t := range toks {
		if t.kind != tokOpen {
			continue
		}
		j := matchingClose(toks, i)
		if j < 0 {
			return -1, -1
		}
		if redundantPair(toks, i, j) {
			return i, j
		}
	}
	return -1, -1
}

func redundantPair(toks []token, i, j int) bool {
	var prev, next *token
	if i > 0 {
		prev = &toks[i-1]
	}
	if j+1 < len(toks) {
		next = &toks[j+1]
	}
	if prev != nil && isCallee(*prev) {
		return false // f(x), in (…), any (…)
	}
	inner := toks[i+1 : j]
	switch {
	case len(inner) == 0:
		return false
	case prev == nil && next == nil:
		return true
	case prev != nil && next != nil && prev.kind == tokOpen && next.kind == tokClose && !calleeBefore(toks, i-1):
		return true // ((x)) where the outer pair is not a call
	case len(inner) == 1:
		return true
	}
	top := topLevel(inner)
	if top.commas || top.booleans {
		return false
	}
	looseBefore := prev == nil || prev.kind == tokOpen || prev.kind == tokComma || prev.kind == tokWord && isBooleanWord(prev.text)
	looseAfter := next == nil || next.kind == tokClose || next.kind == tokComma || next.kind == tokWord && isBooleanWord(next.text) || next.kind == tokWord && next.text == "end"
	return looseBefore && looseAfter
}

// calleeBefore reports whether the ( at i is a call's.
func calleeBefore(toks []token, i int) bool { return i > 0 && isCallee(toks[i-1]) }

func isCallee(t token) bool {
	switch t.kind {
	case tokIdent:
		return true
	case tokWord:
		return !isBooleanWord(t.text)
	case tokOp:
		return t.text == "]"
	}
	return false
}

type levelInfo struct{ commas, booleans, comparisons bool }

// topLevel reports what appears in inner outside any nested parentheses.
func topLevel(inner []token) levelInfo {
	var li levelInfo
	depth := 0
	for _, t := range inner {
		switch {
		case t.kind == tokOpen:
			depth++
		case t.kind == tokClose:
			depth--
		case depth > 0:
		case t.kind == tokComma:
			li.commas = true
		case t.kind == tokWord && (t.text == "and" || t.text == "or" || t.text == "not" || t.text == "case"):
			li.booleans = true
		case isComparison(t):
			li.comparisons = true
		}
	}
	return li
}

func dropTrailingSemicolon(toks []token) []token {
	for len(toks) > 0 && toks[len(toks)-1].text == ";" {
		toks = toks[:len(toks)-1]
	}
	return toks
}

// --- default rules ---

// currentTimestampIn: now(), current_timestamp() and CURRENT_TIMESTAMP are one function in
// PostgreSQL and MySQL (the transaction's or statement's start time), and MySQL's
// LOCALTIMESTAMP too; SQLite knows only the keyword. Precision arguments (current_timestamp(6))
// are kept. The spellings are sqltext.CurrentTimestamp's, which the inspector applies too.
func currentTimestampIn(d schema.Dialect) func([]token) []token {
	return func(toks []token) []token {
		if len(toks) > 4 || len(toks) == 0 || toks[0].kind != tokWord {
			return toks
		}
		p, ok := sqltext.CurrentTimestamp(d, join(toks))
		switch {
		case !ok:
			return toks
		case p == "":
			return []token{{kind: tokWord, text: "current_timestamp"}}
		}
		return []token{{kind: tokWord, text: "current_timestamp"}, {kind: tokOpen, text: "("}, {kind: tokNumber, text: p}, {kind: tokClose, text: ")"}}
	}
}

// unquoteNumbers: a default of '42' on a numeric column is 42 (PostgreSQL stores '42'::integer
// for some spellings, MariaDB quotes some numeric defaults).
func unquoteNumbers(toks []token) []token {
	if len(toks) == 1 && toks[0].kind == tokString {
		inner := strings.Trim(toks[0].text, "'")
		if _, err := strconv.ParseFloat(inner, 64); err == nil && len(inner) > 0 && !strings.ContainsAny(inner, " +") {
			return []token{{kind: tokNumber, text: inner}}
		}
	}
	if len(toks) == 2 && toks[0].text == "-" && toks[1].kind == tokNumber {
		return []token{{kind: tokNumber, text: "-" + toks[1].text}}
	}
	return toks
}

// booleanAsInteger: MySQL and SQLite store TRUE and FALSE as 1 and 0.
func booleanAsInteger(toks []token) []token {
	if len(toks) == 1 && toks[0].kind == tokWord {
		switch toks[0].text {
		case "true":
			return []token{{kind: tokNumber, text: "1"}}
		case "false":
			return []token{{kind: tokNumber, text: "0"}}
		}
	}
	return toks
}

// --- type rules ---

var typeRules = []typeRule{
	{"postgres-type-aliases", onlyPostgres, postgresTypeAlias},
	{"mysql-integer-display-width", onlyMySQL, mysqlIntegerWidth},
	{"mysql-type-aliases", onlyMySQL, mysqlTypeAlias},
	{"sqlite-type-aliases", onlySQLite, sqliteTypeAlias},
}

// typeCache memoises canonicalType: a schema uses a small vocabulary of type spellings many
// thousand times, and the rules are regular expressions.
var typeCache sync.Map // dialect + "\x00" + spelling → canonical

// canonicalType returns the canonical spelling of a column type in dialect d.
func canonicalType(d schema.Dialect, s string) string {
	key := string(d) + "\x00" + s
	if c, ok := typeCache.Load(key); ok {
		return c.(string)
	}
	c := applyTypeRules(d, s)
	typeCache.Store(key, c)
	return c
}

func applyTypeRules(d schema.Dialect, s string) string {
	s = foldTypeSpelling(s)
	for _, r := range typeRules {
		if appliesTo(r.dialects, d) {
			s = r.apply(s)
		}
	}
	return s
}

var spaceBeforeParenRe = regexp.MustCompile(`\s*\(\s*`)
var spaceInListRe = regexp.MustCompile(`\s*,\s*`)
var spaceBeforeCloseRe = regexp.MustCompile(`\s*\)`)

// foldTypeSpelling lower-cases a type and folds white space: VARCHAR (20) is varchar(20).
// Quoted user type names keep their case.
func foldTypeSpelling(s string) string {
	s = collapseSpace(s)
	if !strings.Contains(s, `"`) {
		s = strings.ToLower(s)
	}
	s = spaceBeforeParenRe.ReplaceAllString(s, "(")
	s = spaceInListRe.ReplaceAllString(s, ",")
	return spaceBeforeCloseRe.ReplaceAllString(s, ")")
}

// postgresAliases maps PostgreSQL's short and SQL-standard type names to format_type's.
var postgresAliases = map[string]string{
	"int": "integer", "int4": "integer", "int2": "smallint", "int8": "bigint",
	"serial": "integer", "serial4": "integer", "bigserial": "bigint", "serial8": "bigint", "smallserial": "smallint", "serial2": "smallint",
	"bool": "boolean", "float8": "double precision", "float4": "real", "float": "double precision",
	"decimal": "numeric", "varchar": "character varying", "char": "character", "bpchar": "character",
	"timestamptz": "timestamp with time zone", "timestamp": "timestamp without time zone",
	"timetz": "time with time zone", "time": "time without time zone", "varbit": "bit varying",
}

var typeNameRe = regexp.MustCompile(`^([a-z_][a-z0-9_ ]*?)(\([^)]*\))?( with time zone| without time zone)?((?:\[\d*\])*)$`)

// postgresTypeAlias: int4 is integer, varchar(20) is character varying(20), timestamptz is
// timestamp with time zone, timestamp(3) is timestamp(3) without time zone.
func postgresTypeAlias(s string) string {
	m := typeNameRe.FindStringSubmatch(s)
	if m == nil {
		return s
	}
	name, mod, zone, arr := m[1], m[2], m[3], m[4]
	if a, ok := postgresAliases[name]; ok && !(zone != "" && (name == "timestamp" || name == "time")) {
		name = a
	}
	if name == "character" && mod == "" {
		mod = "(1)"
	}
	for _, z := range []string{" with time zone", " without time zone"} {
		if strings.HasSuffix(name, z) {
			name, zone = strings.TrimSuffix(name, z), z
		}
	}
	if (name == "timestamp" || name == "time") && zone == "" {
		zone = " without time zone"
	}
	return name + mod + zone + arr
}

// mysqlIntegerWidth: MySQL 8 dropped integer display widths that MariaDB and MySQL 5.7 still
// print (int(11) is int). tinyint(1) keeps its width (how MySQL spells boolean), and so does a
// ZEROFILL column, whose width pads its values. The inspector applies the same rule.
func mysqlIntegerWidth(s string) string { return sqltext.MySQLIntType(s) }

var decimalPrecisionOnlyRe = regexp.MustCompile(`^\(\d+\)`)

var mysqlAliases = map[string]string{
	"integer": "int", "bool": "tinyint(1)", "boolean": "tinyint(1)", "dec": "decimal", "numeric": "decimal",
	"fixed": "decimal", "double precision": "double", "real": "double", "character varying": "varchar",
	"character": "char", "int4": "int", "int8": "bigint", "int2": "smallint", "int1": "tinyint", "int3": "mediumint",
	"middleint": "mediumint", "float8": "double", "float4": "float", "long varchar": "mediumtext", "long": "mediumtext",
}

// mysqlTypeAlias: integer is int, boolean is tinyint(1), numeric(10,2) is decimal(10,2),
// decimal is decimal(10,0), char is char(1).
func mysqlTypeAlias(s string) string {
	name, rest := s, ""
	if i := strings.IndexAny(s, "( "); i >= 0 {
		name, rest = s[:i], s[i:]
	}
	if a, ok := mysqlAliases[name]; ok {
		if strings.Contains(a, "(") && strings.HasPrefix(rest, "(") {
			a = a[:strings.IndexByte(a, '(')]
		}
		name = a
	} else if a, ok := mysqlAliases[s]; ok {
		return a
	}
	switch {
	case name == "decimal" && rest == "":
		rest = "(10,0)"
	case name == "decimal" && decimalPrecisionOnlyRe.MatchString(rest):
		rest = strings.Replace(rest, ")", ",0)", 1)
	case (name == "char" || name == "binary") && rest == "":
		rest = "(1)"
	}
	return name + rest
}

var sqliteAliases = map[string]string{"int": "integer", "bool": "boolean", "varchar": "varchar", "float": "real", "double precision": "double"}

// sqliteTypeAlias: SQLite keeps the declared type as written; case and spacing never matter,
// and INT and INTEGER have the same affinity. (INT PRIMARY KEY is not a rowid alias, but that
// difference shows in the primary key, not the column type.)
func sqliteTypeAlias(s string) string {
	name, rest := s, ""
	if i := strings.IndexByte(s, '('); i >= 0 {
		name, rest = s[:i], s[i:]
	}
	if a, ok := sqliteAliases[name]; ok {
		name = a
	}
	return name + rest
}

// canonicalAction: an FK without ON DELETE/ON UPDATE is NO ACTION; MySQL's InnoDB treats
// RESTRICT and NO ACTION alike (both check at once), so there they are one action. The rule
// is sqltext.FKAction's, which the inspector applies too.
func canonicalAction(d schema.Dialect, a schema.FKAction) string {
	return string(sqltext.FKAction(d, string(a)))
}

// canonicalMethod: btree is the default index method; SQLite has no methods at all.
func canonicalMethod(m string) string {
	m = strings.ToLower(m)
	if m == "" {
		return "btree"
	}
	return m
}

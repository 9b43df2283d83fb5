package export

import (
	"regexp"
	"strconv"
	"strings"
)

// pyString writes s as a Python string literal. Go's ASCII quoting uses only escapes that
// Python reads the same way (\a \b \f \n \r \t \v \\ \" \xNN \uNNNN \UNNNNNNNN), so no name,
// quote, backslash, triple quote or newline can end the literal early.
func pyString(s string) string { return strconv.QuoteToASCII(s) }

// pyBindRe finds what SQLAlchemy's text() would take for a bind parameter (":name").
var pyBindRe = regexp.MustCompile(`(^|[^:\w\\]):(\w)`)

// pyText writes sa.text("…") for a server-reported SQL expression. A ":name" inside it would
// become a bind parameter, so the colon is escaped with a backslash, which text() removes.
func pyText(sql string) string {
	escaped := pyBindRe.ReplaceAllString(sql, `${1}\:${2}`)
	// A second pass catches adjacent matches the first one consumed the prefix of.
	escaped = pyBindRe.ReplaceAllString(escaped, `${1}\:${2}`)
	return "sa.text(" + pyString(escaped) + ")"
}

// pyKeywords are Python's reserved words (soft keywords such as match and type are valid
// attribute names and are not listed).
var pyKeywords = set("False", "None", "True", "and", "as", "assert", "async", "await", "break",
	"class", "continue", "def", "del", "elif", "else", "except", "finally", "for", "from",
	"global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
	"return", "try", "while", "with", "yield")

// pyReserved are names a mapped attribute must not take: the module's own imports and
// globals (a class attribute would shadow them for the rest of the class body), the names
// declarative classes use for themselves, and the builtins the Mapped[...] annotations use.
var pyReserved = set("sa", "orm", "sa_pg", "sa_mysql", "typing", "datetime", "decimal", "uuid",
	"Base", "RawType", "SQLiteType", "DDL_TABLES", "DDL_OBJECTS", "include_object", "metadata", "registry", "query", "int", "str", "bool", "float", "bytes", "dict", "list",
	"text", "Column", "Table", "relationship", "mapped_column", "Mapped")

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

var nonIdent = regexp.MustCompile(`[^A-Za-z0-9_]+`)

// notIdentRune is a rune nonIdent matches.
func notIdentRune(r rune) bool {
	return !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_')
}

// identifier turns any name into a safe ASCII identifier for Python or Go: other characters
// become "_", a leading digit or underscore gets a prefix (a leading "__" would be mangled by
// Python, "_sa_" is SQLAlchemy's), and reserved words get a trailing "_".
func identifier(name, prefix string, reserved ...map[string]bool) string {
	id := name // most names are identifiers already: no regexp, no copy of the name
	if strings.ContainsFunc(name, notIdentRune) {
		id = nonIdent.ReplaceAllString(name, "_")
	}
	if id == "" || id[0] == '_' || (id[0] >= '0' && id[0] <= '9') {
		id = prefix + "_" + strings.TrimLeft(id, "_")
	}
	for _, r := range reserved {
		if r[id] {
			id += "_"
		}
	}
	return id
}

// camel turns a table name into a class or type name: order_items -> OrderItems.
func camel(name string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(name, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	}) {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

// names hands out identifiers that are unique within one scope (a module, a class).
type names map[string]bool

// take returns id, or id_2, id_3, … when it is taken, and marks the result as taken.
func (n names) take(id string) string {
	out := id
	for i := 2; n[out]; i++ {
		out = id + "_" + strconv.Itoa(i)
	}
	n[out] = true
	return out
}

// pyLongString writes a multi-line text as a triple-quoted string that keeps its lines, so a
// function or trigger body reads as it does in the database; text that is not printable ASCII
// plus newlines and tabs, or has no newline, is a plain escaped string.
func pyLongString(s string) string {
	if !strings.Contains(s, "\n") {
		return pyString(s)
	}
	for _, r := range s {
		if (r < ' ' && r != '\n' && r != '\t') || r > '~' {
			return pyString(s)
		}
	}
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, `"""`, `\"\"\"`)
	if strings.HasSuffix(s, `"`) {
		s = s[:len(s)-1] + `\"`
	}
	return `"""` + s + `"""`
}

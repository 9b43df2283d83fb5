package export

import (
	"regexp"
	"strings"
)

// SQLite keeps a column's declared type as written, and SQLAlchemy's SQLite dialect reads it
// back through a table of names and SQLite's affinity rules (_resolve_type_affinity). Alembic's
// compare_type compares the DDL of what it read with the DDL of the models' type, so the
// models use the class SQLAlchemy reads the declaration as. Where that class writes the
// declaration differently (int2 reads as INTEGER) and the difference is real to SQLite or to
// dbinspect (the declared type is what they keep), the column gets an SQLiteType: CREATE TABLE
// writes the declaration, everything else sees the class.

// sqliteNames is SQLAlchemy's sqlite ischema_names: declared name -> class.
var sqliteNames = map[string]string{
	"BIGINT": "BIGINT", "BLOB": "BLOB", "BOOL": "BOOLEAN", "BOOLEAN": "BOOLEAN", "CHAR": "CHAR",
	"DATE": "DATE", "DATE_CHAR": "DATE", "DATETIME": "DATETIME", "DATETIME_CHAR": "DATETIME",
	"DOUBLE": "FLOAT", "DECIMAL": "DECIMAL", "FLOAT": "FLOAT", "INT": "INTEGER", "INTEGER": "INTEGER",
	"JSON": "JSON", "NUMERIC": "NUMERIC", "REAL": "REAL", "SMALLINT": "SMALLINT", "TEXT": "TEXT",
	"TIME": "TIME", "TIME_CHAR": "TIME", "TIMESTAMP": "TIMESTAMP", "VARCHAR": "VARCHAR",
	"NVARCHAR": "NVARCHAR", "NCHAR": "NCHAR",
}

// sqliteClassPy is the Python type of each class's values.
var sqliteClassPy = map[string]string{
	"BIGINT": "int", "INTEGER": "int", "SMALLINT": "int", "BOOLEAN": "bool", "BLOB": "bytes",
	"CHAR": "str", "VARCHAR": "str", "NVARCHAR": "str", "NCHAR": "str", "TEXT": "str",
	"DATE": "datetime.date", "DATETIME": "datetime.datetime", "TIMESTAMP": "datetime.datetime", "TIME": "datetime.time",
	"FLOAT": "float", "REAL": "float", "DECIMAL": "decimal.Decimal", "NUMERIC": "decimal.Decimal", "JSON": "typing.Any",
}

// sqliteGeneric is the generic type that SQLite's compiler writes exactly as the class:
// the spelling a person writes.
var sqliteGeneric = map[string]string{
	"INTEGER": "Integer", "BIGINT": "BigInteger", "SMALLINT": "SmallInteger", "TEXT": "Text", "VARCHAR": "String",
	"DATETIME": "DateTime", "DATE": "Date", "TIME": "Time", "BOOLEAN": "Boolean", "NUMERIC": "Numeric",
	"FLOAT": "Float", "BLOB": "LargeBinary", "JSON": "JSON",
}

// sqliteClassArgs is how many positional integer arguments each class's constructor takes
// that its DDL shows (more arguments: SQLAlchemy warns and uses none).
var sqliteClassArgs = map[string]int{
	"CHAR": 1, "VARCHAR": 1, "NVARCHAR": 1, "NCHAR": 1, "TEXT": 1, "BLOB": 1,
	"DECIMAL": 2, "NUMERIC": 2, "FLOAT": 1,
}

// sqliteTakes is how many positional arguments a constructor accepts at all (the rest of
// them do not show in the DDL: DATETIME(timezone), BOOLEAN(create_constraint, name)).
var sqliteTakes = map[string]int{
	"CHAR": 2, "VARCHAR": 2, "NVARCHAR": 2, "NCHAR": 2, "TEXT": 2, "BLOB": 1, "DECIMAL": 4, "NUMERIC": 4,
	"FLOAT": 3, "REAL": 3, "BOOLEAN": 2, "DATETIME": 1, "TIMESTAMP": 1, "TIME": 1, "JSON": 1,
}

var (
	sqliteDeclRe  = regexp.MustCompile(`^([\w ]+)(\(.*?\))?`)
	sqliteDigitRe = regexp.MustCompile(`\d+`)
)

// sqliteReflect is the class (and its DDL arguments) SQLAlchemy's SQLite dialect reads a
// declared type as; class "" is NullType (no type, or a BLOB-affinity spelling).
func sqliteReflect(declared string) (class string, args []string) {
	declared = strings.ToUpper(declared)
	g := sqliteDeclRe.FindStringSubmatch(declared)
	name, paren := "", ""
	if g != nil {
		name, paren = g[1], g[2]
	}
	switch {
	case sqliteNames[name] != "":
		class = sqliteNames[name]
	case strings.Contains(name, "INT"):
		class = "INTEGER"
	case strings.Contains(name, "CHAR") || strings.Contains(name, "CLOB") || strings.Contains(name, "TEXT"):
		class = "TEXT"
	case strings.Contains(name, "BLOB") || name == "":
		class = ""
	case strings.Contains(name, "REAL") || strings.Contains(name, "FLOA") || strings.Contains(name, "DOUB"):
		class = "REAL"
	default:
		class = "NUMERIC"
	}
	if paren == "" {
		return class, nil
	}
	nums := sqliteDigitRe.FindAllString(paren, -1)
	if len(nums) > sqliteTakes[class] {
		return class, nil // TypeError: SQLAlchemy warns and uses no arguments
	}
	if n := sqliteClassArgs[class]; len(nums) > n {
		nums = nums[:n]
	}
	return class, nums
}

// sqliteDDL is the DDL SQLAlchemy's SQLite compiler writes for a class with arguments.
func sqliteDDL(class string, args []string) string {
	if len(args) == 0 {
		return class
	}
	return class + "(" + strings.Join(args, ", ") + ")"
}

// sqliteSameType says whether dbinspect (and SQLite) read two declared types as the same: case
// and spacing aside, INT and INTEGER, BOOL and BOOLEAN (see diff's sqlite-type-aliases).
func sqliteSameType(declared, written string, inPK bool) bool {
	norm := func(s string) string { return strings.ToUpper(strings.Join(strings.Fields(s), "")) }
	a, b := norm(declared), norm(written)
	if a == b {
		return true
	}
	switch a {
	case "INT":
		return b == "INTEGER" && !inPK // INT PRIMARY KEY is no rowid alias; INTEGER PRIMARY KEY is
	case "BOOL":
		return b == "BOOLEAN"
	}
	return false
}

// sqliteColumnType is the models' type for a SQLite column's declared type and collation
// (a collation name, or ""). inPK: the column is in the primary key.
func (m *pyModule) sqliteColumnType(declared, collation string, inPK bool) pyT {
	suffix := ""
	if collation != "" {
		suffix = " COLLATE " + collation
	}
	class, args := sqliteReflect(declared)
	if class == "" {
		// NullType: Alembic compares no type with it, and SQLAlchemy has none to write.
		return raw(declared + suffix)
	}
	py := sqliteClassPy[class]
	name := class
	if g := sqliteGeneric[class]; g != "" {
		name = g
	}
	reads := "sa." + name + "(" + strings.Join(args, ", ") + ")"
	if sqliteSameType(declared, sqliteDDL(class, args), inPK) && (collation == "" || py == "str") {
		if collation == "" {
			return pyT{reads, py}
		}
		return pyT{"sa." + name + "(" + strings.Join(append(args, "collation="+pyString(collation)), ", ") + ")", py}
	}
	m.usesSQLiteType = true
	return pyT{"SQLiteType(" + pyString(declared+suffix) + ", " + reads + ")", py}
}

// sqliteTypeSource defines SQLiteType in a module that uses it.
const sqliteTypeSource = `class SQLiteType(sa.types.UserDefinedType):
    """A declared SQLite type SQLAlchemy reads as another: CREATE TABLE writes it as declared,
    everything else (values, Alembic's compare_type) uses the type SQLAlchemy reads it as."""

    cache_ok = True

    def __init__(self, declared, reads_as):
        self.declared = declared
        self.reads_as = reads_as

    def get_col_spec(self, **kw):
        if "type_expression" in kw:  # a column of CREATE TABLE
            return self.declared
        return self.reads_as.compile(sa.dialects.sqlite.dialect())

    def bind_processor(self, dialect):
        return self.reads_as.dialect_impl(dialect).bind_processor(dialect)

    def result_processor(self, dialect, coltype):
        return self.reads_as.dialect_impl(dialect).result_processor(dialect, coltype)

    @property
    def python_type(self):
        return self.reads_as.python_type
`

// sqliteDeclaresNotNull says whether a column is declared NOT NULL in a CREATE TABLE
// statement; ok is false when the column's definition cannot be found.
func sqliteDeclaresNotNull(createTable, column string) (notNull, ok bool) {
	open := strings.IndexByte(createTable, '(')
	if open < 0 {
		return false, false
	}
	for _, def := range splitTopLevel(createTable[open+1:]) {
		name, rest := firstSQLWord(def)
		if !strings.EqualFold(name, column) {
			continue
		}
		upper := strings.ToUpper(stripSQLStrings(rest))
		return regexp.MustCompile(`\bNOT\s+NULL\b`).MatchString(upper), true
	}
	return false, false
}

// splitTopLevel splits the inside of CREATE TABLE ( … ) at its top-level commas, stopping at
// the closing parenthesis; quotes and nested parentheses are skipped.
func splitTopLevel(s string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\'', '"', '`', '[':
			end := byte(c)
			if c == '[' {
				end = ']'
			}
			for i++; i < len(s) && s[i] != end; i++ {
			}
		case '-', '/':
			if i+1 < len(s) && s[i+1] == '-' && c == '-' {
				for ; i < len(s) && s[i] != '\n'; i++ {
				}
			} else if i+1 < len(s) && s[i+1] == '*' && c == '/' {
				if j := strings.Index(s[i+2:], "*/"); j >= 0 {
					i += j + 3
				} else {
					i = len(s)
				}
			}
		case '(':
			depth++
		case ')':
			if depth == 0 {
				return append(out, s[start:i])
			}
			depth--
		case ',':
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

// firstSQLWord returns a definition's first word (unquoted) and the rest.
func firstSQLWord(def string) (string, string) {
	for {
		def = strings.TrimLeft(def, " \t\r\n")
		if strings.HasPrefix(def, "--") {
			if i := strings.IndexByte(def, '\n'); i >= 0 {
				def = def[i+1:]
				continue
			}
			return "", ""
		}
		if strings.HasPrefix(def, "/*") {
			if i := strings.Index(def, "*/"); i >= 0 {
				def = def[i+2:]
				continue
			}
			return "", ""
		}
		break
	}
	if def == "" {
		return "", ""
	}
	if end := map[byte]byte{'"': '"', '`': '`', '[': ']', '\'': '\''}[def[0]]; end != 0 {
		if i := strings.IndexByte(def[1:], end); i >= 0 {
			return def[1 : i+1], def[i+2:]
		}
		return def, ""
	}
	i := strings.IndexAny(def, " \t\r\n(")
	if i < 0 {
		return def, ""
	}
	return def[:i], def[i:]
}

var sqlStringRe = regexp.MustCompile(`'(?:[^']|'')*'`)

func stripSQLStrings(s string) string { return sqlStringRe.ReplaceAllString(s, "''") }

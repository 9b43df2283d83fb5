package lint

import (
	"slices"
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

// What the rules need to know about column types. The model's Type is each engine's
// canonical spelling (format_type on PostgreSQL, COLUMN_TYPE on MySQL, the declared type on
// SQLite), so within one dialect most questions are questions about that spelling.

// sameType reports whether two columns of one database have the same type: the same
// canonical spelling on PostgreSQL and MySQL, the same affinity on SQLite, where the declared
// type is only a hint and the affinity is what the engine stores and compares by.
func sameType(d schema.Dialect, a, b string) bool {
	if dialectOf(d).affinities {
		return sqliteAffinity(a) == sqliteAffinity(b)
	}
	return a == b
}

// sqliteAffinity applies SQLite's affinity rules, in their order (https://sqlite.org/datatype3.html,
// section 3.1): INT, then CHAR/CLOB/TEXT, then BLOB or no type, then REAL/FLOA/DOUB, else NUMERIC.
func sqliteAffinity(typ string) string {
	u := strings.ToUpper(typ)
	switch {
	case strings.Contains(u, "INT"):
		return "INTEGER"
	case strings.Contains(u, "CHAR") || strings.Contains(u, "CLOB") || strings.Contains(u, "TEXT"):
		return "TEXT"
	case strings.Contains(u, "BLOB") || strings.TrimSpace(u) == "":
		return "BLOB"
	case strings.Contains(u, "REAL") || strings.Contains(u, "FLOA") || strings.Contains(u, "DOUB"):
		return "REAL"
	}
	return "NUMERIC"
}

// baseName is a type's name without its arguments or array brackets, lower case:
// "character varying(20)[]" → "character varying", "double unsigned" → "double".
func baseName(d schema.Dialect, typ string) string {
	t := strings.ToLower(strings.TrimSpace(typ))
	for strings.HasSuffix(t, "[]") {
		t = strings.TrimSuffix(t, "[]")
	}
	if i := strings.IndexByte(t, '('); i >= 0 {
		t = strings.TrimSpace(t[:i])
	}
	for _, flag := range dialectOf(d).typeFlags {
		t = strings.TrimSuffix(t, flag)
	}
	return strings.Join(strings.Fields(t), " ")
}

// isFloat reports whether a column type is binary floating point.
func isFloat(d schema.Dialect, typ string) bool {
	r := dialectOf(d)
	if r.affinities {
		return sqliteAffinity(typ) == "REAL"
	}
	return slices.Contains(r.floats, baseName(d, typ))
}

// isVarchar reports whether a type is a varying-length character type, and its length
// (0 when it has none).
func isVarchar(d schema.Dialect, typ string) (ok bool, hasLength bool) {
	switch baseName(d, typ) {
	case "character varying", "varchar", "nvarchar", "varchar2", "varying character", "nchar varying", "national character varying":
		return true, strings.Contains(typ, "(")
	}
	return false, false
}

// isText reports whether a type is the engine's unbounded text type.
func isText(d schema.Dialect, typ string) bool {
	switch baseName(d, typ) {
	case "text", "tinytext", "mediumtext", "longtext", "clob":
		return true
	}
	return false
}

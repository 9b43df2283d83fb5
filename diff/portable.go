package diff

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

// A logical type is what a column type means independent of the engine: the family (integer,
// text, numeric, timestamp, …) and its size. Across engines columns are compared on logical
// types; within one engine logical types decide whether a type change narrows (destructive).

type family string

const (
	famInt       family = "integer"
	famFloat     family = "float"
	famNumeric   family = "numeric"
	famString    family = "string"
	famBool      family = "boolean"
	famJSON      family = "json"
	famUUID      family = "uuid"
	famBinary    family = "binary"
	famDate      family = "date"
	famTime      family = "time"
	famTimestamp family = "timestamp"
	famInterval  family = "interval"
	famEnum      family = "enum"
	famOther     family = "other"
)

type logicalType struct {
	fam family
	// bits for integers and floats; 0 means "any width" (SQLite stores every integer in up to
	// 64 bits, every float in 64).
	bits int
	// length for strings and binary; 0 means unbounded.
	length int
	// precision and scale for numerics; precision 0 means unbounded.
	precision, scale int
	// zone for timestamps and times: "tz", "" (without), or "?" (SQLite: no such notion).
	zone string
	// values of an enum, in order.
	values []string
	// looseText marks SQLite's TEXT, which is also how SQLite stores json, uuid and enums.
	looseText bool
	// spelling is the canonical type text, for families compared by spelling (other).
	spelling string
}

func (l logicalType) String() string {
	switch l.fam {
	case famInt, famFloat:
		if l.bits == 0 {
			return string(l.fam)
		}
		return fmt.Sprintf("%s(%d bits)", l.fam, l.bits)
	case famString, famBinary:
		if l.length == 0 {
			return string(l.fam)
		}
		return fmt.Sprintf("%s(%d)", l.fam, l.length)
	case famNumeric:
		if l.precision == 0 {
			return "numeric"
		}
		return fmt.Sprintf("numeric(%d,%d)", l.precision, l.scale)
	case famTimestamp, famTime:
		switch l.zone {
		case "tz":
			return string(l.fam) + " with time zone"
		case "":
			return string(l.fam)
		}
		return string(l.fam)
	case famEnum:
		return "enum(" + strings.Join(l.values, ", ") + ")"
	case famOther:
		return l.spelling
	}
	return string(l.fam)
}

var typeParts = regexp.MustCompile(`^([a-z_][a-z0-9_ ]*?)\s*(?:\(([^)]*)\))?\s*(unsigned|signed)?\s*(zerofill)?\s*$`)

// logical maps a column type to its logical type. enums holds the dialect's named enum types
// (PostgreSQL) by name, so a column typed with one compares with MySQL's inline enum.
// rowidAlias marks SQLite's INTEGER PRIMARY KEY, which holds any integer.
func logical(d schema.Dialect, typ string, enums map[string][]string, rowidAlias bool) logicalType {
	canon := canonicalType(d, typ)
	if vals, ok := enums[canon]; ok {
		return logicalType{fam: famEnum, values: vals}
	}
	if strings.HasPrefix(canon, "enum(") {
		return logicalType{fam: famEnum, values: enumValues(canon)}
	}
	if strings.HasSuffix(canon, "]") {
		return logicalType{fam: famOther, spelling: canon}
	}
	name, args := canon, ""
	bare := strings.Replace(strings.Replace(canon, " with time zone", "", 1), " without time zone", "", 1)
	if m := typeParts.FindStringSubmatch(bare); m != nil {
		name, args = strings.TrimSpace(m[1]), m[2]
	}
	name = strings.TrimSuffix(strings.TrimSuffix(name, " without time zone"), " with time zone")
	r := rulesOf(d)
	l, own := r.ownType(name, args)
	if !own {
		l = byName(name, args)
	}
	l = r.loosen(l, rowidAlias)
	if l.fam == famTimestamp || l.fam == famTime {
		l.precision = fractionalDigits(d, args)
		switch {
		case r.noTimeZones:
			l.zone = "?"
		case strings.Contains(canon, "with time zone") || name == "timestamptz":
			l.zone = "tz"
		case r.zonedTimestamp && name == "timestamp":
			l.zone = "tz"
		}
	}
	if l.fam == famOther {
		l.spelling = canon
	}
	return l
}

// byName is the common reading of a type name (dialectRules.ownType reads a dialect's own).
func byName(name, args string) logicalType {
	n1, n2 := typeArgs(args)
	switch name {
	case "tinyint":
		return logicalType{fam: famInt, bits: 8}
	case "smallint", "int2", "smallserial":
		return logicalType{fam: famInt, bits: 16}
	case "mediumint":
		return logicalType{fam: famInt, bits: 24}
	case "int", "integer", "int4", "serial":
		return logicalType{fam: famInt, bits: 32}
	case "bigint", "int8", "bigserial":
		return logicalType{fam: famInt, bits: 64}
	case "real", "float4":
		return logicalType{fam: famFloat, bits: 32}
	case "float":
		return logicalType{fam: famFloat, bits: 64}
	case "double", "double precision", "float8":
		return logicalType{fam: famFloat, bits: 64}
	case "numeric", "decimal":
		return logicalType{fam: famNumeric, precision: n1, scale: n2}
	case "character varying", "varchar", "nvarchar", "varchar2", "nchar varying", "character", "char", "nchar", "bpchar", "varying character", "native character":
		return logicalType{fam: famString, length: n1}
	case "text", "clob", "citext", "tinytext", "mediumtext", "longtext", "string":
		if name == "tinytext" {
			return logicalType{fam: famString, length: 255}
		}
		return logicalType{fam: famString}
	case "boolean", "bool":
		return logicalType{fam: famBool}
	case "json", "jsonb":
		return logicalType{fam: famJSON}
	case "uuid", "uniqueidentifier":
		return logicalType{fam: famUUID}
	case "bytea", "blob", "tinyblob", "mediumblob", "longblob", "binary", "varbinary":
		return logicalType{fam: famBinary, length: n1}
	case "date":
		return logicalType{fam: famDate}
	case "time", "timetz":
		return logicalType{fam: famTime}
	case "timestamp", "timestamptz", "datetime":
		return logicalType{fam: famTimestamp}
	case "interval":
		return logicalType{fam: famInterval}
	}
	return logicalType{fam: famOther}
}

// fractionalDigits is a time or timestamp's precision: the one written, else the dialect's
// default (PostgreSQL keeps microseconds, MySQL whole seconds).
func fractionalDigits(d schema.Dialect, args string) int {
	if args != "" {
		n, _ := typeArgs(args)
		return n
	}
	return rulesOf(d).fractionalDigits
}

func typeArgs(args string) (int, int) {
	parts := strings.Split(args, ",")
	a, _ := strconv.Atoi(strings.TrimSpace(parts[0]))
	b := 0
	if len(parts) > 1 {
		b, _ = strconv.Atoi(strings.TrimSpace(parts[1]))
	}
	return a, b
}

// sqliteLoosen applies SQLite's storage rules: an INTEGER PRIMARY KEY holds any integer, REAL
// is always 64-bit, and TEXT is also how SQLite stores json, uuid and enums. Unknown type names
// fall back on SQLite's affinity rules.
func sqliteLoosen(l logicalType, rowidAlias bool) logicalType {
	switch l.fam {
	case famInt:
		if rowidAlias {
			l.bits = 0
		}
	case famFloat:
		l.bits = 0
	case famString:
		if l.length == 0 {
			l.looseText = true
		}
	}
	return l
}

var enumValueRe = regexp.MustCompile(`'((?:[^']|'')*)'`)

func enumValues(canon string) []string {
	var out []string
	for _, m := range enumValueRe.FindAllStringSubmatch(canon, -1) {
		out = append(out, strings.ReplaceAll(m[1], "''", "'"))
	}
	return out
}

// portableEqual reports whether two logical types from different engines mean the same.
func portableEqual(a, b logicalType) bool {
	if a.looseText && looseTextMatches(b) || b.looseText && looseTextMatches(a) {
		return true
	}
	if a.fam != b.fam {
		return false
	}
	switch a.fam {
	case famInt, famFloat:
		return a.bits == 0 || b.bits == 0 || a.bits == b.bits
	case famString, famBinary:
		return a.length == b.length
	case famNumeric:
		return a.precision == b.precision && (a.precision == 0 || a.scale == b.scale)
	case famTimestamp, famTime:
		return a.zone == "?" || b.zone == "?" || a.zone == b.zone
	case famEnum:
		return strings.Join(a.values, "\x00") == strings.Join(b.values, "\x00")
	case famOther:
		return a.spelling == b.spelling
	}
	return true
}

func looseTextMatches(l logicalType) bool {
	switch l.fam {
	case famString, famJSON, famUUID, famEnum:
		return true
	}
	return false
}

// narrows reports whether changing a column from type a to type b can lose data or fail on
// existing rows. Unknown changes count as narrowing: better a false alarm than a lost column.
func narrows(a, b logicalType) bool {
	if b.fam == famString && b.length == 0 {
		return false // anything can be stored as unbounded text
	}
	if a.fam != b.fam {
		switch {
		case a.fam == famInt && (b.fam == famNumeric && (b.precision == 0 || b.precision-b.scale >= 19) || b.fam == famFloat && b.bits != 32):
			return false
		case a.fam == famBool && b.fam == famInt:
			return false
		case a.fam == famDate && b.fam == famTimestamp:
			return false
		}
		return true
	}
	switch a.fam {
	case famInt, famFloat:
		return b.bits != 0 && (a.bits == 0 || b.bits < a.bits)
	case famString, famBinary:
		return b.length != 0 && (a.length == 0 || b.length < a.length)
	case famNumeric:
		if b.precision == 0 {
			return false
		}
		return a.precision == 0 || b.scale < a.scale || b.precision-b.scale < a.precision-a.scale
	case famTimestamp, famTime:
		return b.precision < a.precision // fewer fractional digits round the values
	case famEnum:
		for _, v := range a.values {
			if !contains(b.values, v) {
				return true
			}
		}
		return false
	case famOther:
		return a.spelling != b.spelling
	}
	return false
}

// LogicalType is the exported view of a column type's logical type, for the code exporters:
// one classifier for diff and for the Go and Python type mappings, instead of each matching
// type names by prefix (which made interval an int32 and daterange a time.Time).
type LogicalType struct {
	// Family is one of the Fam constants.
	Family string
	// Bits for integers and floats (0: any width); Length for strings and binary (0: unbounded);
	// Precision and Scale for numerics.
	Bits, Length, Precision, Scale int
	// Unsigned marks a MySQL unsigned number; Array a PostgreSQL array (Family is then FamOther).
	Unsigned, Array bool
	// Range marks a PostgreSQL range or multirange type (Family FamOther).
	Range bool
	// Canonical is the type's canonical spelling in its dialect.
	Canonical string
}

// The logical type families.
const (
	FamInt       = string(famInt)
	FamFloat     = string(famFloat)
	FamNumeric   = string(famNumeric)
	FamString    = string(famString)
	FamBool      = string(famBool)
	FamJSON      = string(famJSON)
	FamUUID      = string(famUUID)
	FamBinary    = string(famBinary)
	FamDate      = string(famDate)
	FamTime      = string(famTime)
	FamTimestamp = string(famTimestamp)
	FamInterval  = string(famInterval)
	FamEnum      = string(famEnum)
	FamOther     = string(famOther)
)

// rangeTypes are PostgreSQL's built-in range types; each has a multirange (int4multirange).
var rangeTypes = map[string]bool{"int4range": true, "int8range": true, "numrange": true, "tsrange": true, "tstzrange": true, "daterange": true}

// Classify returns the logical type of a column type in dialect d.
func Classify(d schema.Dialect, typ string) LogicalType {
	canon := canonicalType(d, typ)
	l := logical(d, canon, nil, false)
	out := LogicalType{Family: string(l.fam), Bits: l.bits, Length: l.length, Precision: l.precision, Scale: l.scale, Canonical: canon}
	if m := typeParts.FindStringSubmatch(canon); m != nil && m[3] == "unsigned" {
		out.Unsigned = true
	}
	out.Array = strings.HasSuffix(canon, "]")
	name := strings.TrimSuffix(canon, "[]")
	if l.fam == famOther && (rangeTypes[name] || rangeTypes[strings.Replace(name, "multirange", "range", 1)]) {
		out.Range = true
	}
	if l.fam == famOther && strings.HasPrefix(name, "interval") && !out.Array {
		out.Family = FamInterval // interval day to second, interval(3)
	}
	return out
}

package export

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/dbinspect/dbinspect/schema"
	"github.com/dbinspect/dbinspect/sqltext"
)

// pyT is a column type in the generated module: the SQLAlchemy type expression and the Python
// type of its values (for Mapped[...]).
type pyT struct{ expr, py string }

func raw(typ string) pyT { return pyT{"RawType(" + pyString(typ) + ")", "typing.Any"} }

var (
	lengthRe    = regexp.MustCompile(`^([a-z ]+)\((\d+)\)$`)
	precisionRe = regexp.MustCompile(`^([a-z ]+)\((\d+),\s*(\d+)\)$`)
)

// pyType maps a column's type to SQLAlchemy. A generic type is used only where SQLAlchemy's
// DDL for it reads back as exactly the same type; otherwise a dialect type; otherwise a
// RawType that writes the original text, which always round-trips.
func (m *pyModule) pyType(typ, schemaName string) pyT {
	switch m.d {
	case schema.Postgres:
		return m.postgresType(typ, schemaName)
	case schema.MySQL:
		return m.mysqlType(typ)
	}
	return sqliteType(typ)
}

var postgresSimple = map[string]pyT{
	"integer": {"sa.Integer()", "int"}, "bigint": {"sa.BigInteger()", "int"}, "smallint": {"sa.SmallInteger()", "int"},
	"text": {"sa.Text()", "str"}, "boolean": {"sa.Boolean()", "bool"}, "character varying": {"sa.String()", "str"},
	"numeric": {"sa.Numeric()", "decimal.Decimal"}, "real": {"sa.REAL()", "float"}, "date": {"sa.Date()", "datetime.date"},
	"timestamp without time zone": {"sa.DateTime()", "datetime.datetime"},
	"timestamp with time zone":    {"sa.DateTime(timezone=True)", "datetime.datetime"},
	"time without time zone":      {"sa.Time()", "datetime.time"},
	"time with time zone":         {"sa.Time(timezone=True)", "datetime.time"},
	"bytea":                       {"sa.LargeBinary()", "bytes"}, "json": {"sa.JSON()", "typing.Any"},
	"double precision": {"sa_pg.DOUBLE_PRECISION()", "float"}, "jsonb": {"sa_pg.JSONB()", "typing.Any"},
	"uuid": {"sa_pg.UUID()", "typing.Any"}, "inet": {"sa_pg.INET()", "str"}, "cidr": {"sa_pg.CIDR()", "str"},
	"macaddr": {"sa_pg.MACADDR()", "str"}, "interval": {"sa_pg.INTERVAL()", "datetime.timedelta"},
	"tsvector": {"sa_pg.TSVECTOR()", "typing.Any"},
}

func (m *pyModule) postgresType(typ, schemaName string) pyT {
	if t, ok := postgresSimple[typ]; ok {
		if strings.HasPrefix(t.expr, "sa_pg.") {
			m.usesPG = true
		}
		return t
	}
	if inner, ok := strings.CutSuffix(typ, "[]"); ok {
		el := m.postgresType(inner, schemaName)
		m.usesPG = true
		return pyT{"sa_pg.ARRAY(" + el.expr + ")", "typing.List[" + el.py + "]"}
	}
	if g := lengthRe.FindStringSubmatch(typ); g != nil {
		switch g[1] {
		case "character varying":
			return pyT{"sa.String(" + g[2] + ")", "str"}
		case "character":
			return pyT{"sa.CHAR(" + g[2] + ")", "str"}
		case "numeric":
			return pyT{"sa.Numeric(" + g[2] + ")", "decimal.Decimal"}
		}
	}
	if g := precisionRe.FindStringSubmatch(typ); g != nil && g[1] == "numeric" {
		return pyT{"sa.Numeric(" + g[2] + ", " + g[3] + ")", "decimal.Decimal"}
	}
	if e := m.enumFor(typ, schemaName); e != nil {
		m.usesPG = true
		vals := make([]string, len(e.values))
		for i, v := range e.values {
			vals[i] = pyString(v)
		}
		args := strings.Join(vals, ", ") + ", name=" + pyString(e.name)
		if sc := m.schemaArg(e.schema); sc != "" {
			args += ", schema=" + pyString(sc)
		}
		// CREATE TYPE is run by the before_create DDL, with every enum, used or not.
		return pyT{"sa_pg.ENUM(" + args + ", create_type=False)", "str"}
	}
	return raw(typ)
}

type enumRef struct {
	schema, name string
	values       []string
}

// enumFor finds the enum a PostgreSQL column type names ("mood" in the column's schema, or
// "other.mood", possibly quoted).
func (m *pyModule) enumFor(typ, schemaName string) *enumRef {
	for _, sc := range m.db.Schemas {
		for _, e := range sc.Enums {
			candidates := []string{sc.Name + "." + e.Name, pgIdent(sc.Name) + "." + pgIdent(e.Name)}
			if sc.Name == schemaName || sc.Name == "public" {
				candidates = append(candidates, e.Name, pgIdent(e.Name))
			}
			for _, c := range candidates {
				if typ == c {
					return &enumRef{sc.Name, e.Name, e.Values}
				}
			}
		}
	}
	return nil
}

// pgIdent quotes a name the way format_type does when it must.
func pgIdent(name string) string {
	if sqltext.IsPlainIdent(name) {
		return name
	}
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

var mysqlSimple = map[string]pyT{
	"int": {"sa.Integer()", "int"}, "bigint": {"sa.BigInteger()", "int"}, "smallint": {"sa.SmallInteger()", "int"},
	"tinyint": {"sa_mysql.TINYINT()", "int"}, "mediumint": {"sa_mysql.MEDIUMINT()", "int"},
	"text": {"sa.Text()", "str"}, "mediumtext": {"sa_mysql.MEDIUMTEXT()", "str"}, "longtext": {"sa_mysql.LONGTEXT()", "str"},
	"tinytext": {"sa_mysql.TINYTEXT()", "str"}, "date": {"sa.Date()", "datetime.date"}, "datetime": {"sa.DateTime()", "datetime.datetime"},
	"timestamp": {"sa_mysql.TIMESTAMP()", "datetime.datetime"}, "time": {"sa.Time()", "datetime.time"},
	"year": {"sa_mysql.YEAR()", "int"}, "float": {"sa.Float()", "float"}, "double": {"sa_mysql.DOUBLE()", "float"},
	"json": {"sa.JSON()", "typing.Any"}, "blob": {"sa.LargeBinary()", "bytes"},
	"mediumblob": {"sa_mysql.MEDIUMBLOB()", "bytes"}, "longblob": {"sa_mysql.LONGBLOB()", "bytes"},
}

var mysqlUnsigned = map[string]string{"int": "INTEGER", "bigint": "BIGINT", "smallint": "SMALLINT", "tinyint": "TINYINT", "mediumint": "MEDIUMINT"}

func (m *pyModule) mysqlType(typ string) pyT {
	t, ok := m.mysqlTypeOf(typ)
	if ok && strings.Contains(t.expr, "sa_mysql.") {
		m.usesMy = true
	}
	return t
}

func (m *pyModule) mysqlTypeOf(typ string) (pyT, bool) {
	if t, ok := mysqlSimple[typ]; ok {
		return t, true
	}
	if base, ok := strings.CutSuffix(typ, " unsigned"); ok {
		if name, ok := mysqlUnsigned[base]; ok {
			return pyT{"sa_mysql." + name + "(unsigned=True)", "int"}, true
		}
	}
	if g := lengthRe.FindStringSubmatch(typ); g != nil {
		switch g[1] {
		case "varchar":
			return pyT{"sa.String(" + g[2] + ")", "str"}, true
		case "char":
			return pyT{"sa.CHAR(" + g[2] + ")", "str"}, true
		}
	}
	if g := precisionRe.FindStringSubmatch(typ); g != nil && g[1] == "decimal" {
		return pyT{"sa.Numeric(" + g[2] + ", " + g[3] + ")", "decimal.Decimal"}, true
	}
	for _, kind := range []string{"enum", "set"} {
		if inner, ok := strings.CutPrefix(typ, kind+"("); ok && strings.HasSuffix(inner, ")") {
			if vals, ok := mysqlValues(strings.TrimSuffix(inner, ")")); ok {
				for i, v := range vals {
					vals[i] = pyString(v)
				}
				return pyT{fmt.Sprintf("sa_mysql.%s(%s)", strings.ToUpper(kind), strings.Join(vals, ", ")), "str"}, true
			}
		}
	}
	return raw(typ), false
}

// mysqlValues parses the quoted list of an enum(...) or set(...) type: 'a','b”c'.
func mysqlValues(list string) ([]string, bool) {
	var out []string
	for len(list) > 0 {
		if list[0] != '\'' {
			return nil, false
		}
		var b strings.Builder
		i := 1
		for ; i < len(list); i++ {
			if list[i] == '\'' {
				if i+1 < len(list) && list[i+1] == '\'' {
					b.WriteByte('\'')
					i++
					continue
				}
				break
			}
			if list[i] == '\\' {
				return nil, false // backslash escapes: leave the type as written
			}
			b.WriteByte(list[i])
		}
		if i >= len(list) {
			return nil, false
		}
		out = append(out, b.String())
		list = list[i+1:]
		if strings.HasPrefix(list, ",") {
			list = list[1:]
		} else if list != "" {
			return nil, false
		}
	}
	return out, len(out) > 0
}

// sqliteSimple: SQLite keeps the declared type as written, so only spellings SQLAlchemy writes
// identically are mapped.
var sqliteSimple = map[string]pyT{
	"INTEGER": {"sa.Integer()", "int"}, "BIGINT": {"sa.BigInteger()", "int"}, "SMALLINT": {"sa.SmallInteger()", "int"},
	"TEXT": {"sa.Text()", "str"}, "BLOB": {"sa.LargeBinary()", "bytes"}, "REAL": {"sa.REAL()", "float"},
	"FLOAT": {"sa.Float()", "float"}, "NUMERIC": {"sa.Numeric()", "decimal.Decimal"}, "BOOLEAN": {"sa.Boolean()", "bool"},
	"DATE": {"sa.Date()", "datetime.date"}, "DATETIME": {"sa.DateTime()", "datetime.datetime"}, "TIME": {"sa.Time()", "datetime.time"},
}

var sqliteLengthRe = regexp.MustCompile(`^(VARCHAR|CHAR)\((\d+)\)$`)

func sqliteType(typ string) pyT {
	if t, ok := sqliteSimple[typ]; ok {
		return t
	}
	if g := sqliteLengthRe.FindStringSubmatch(typ); g != nil {
		if g[1] == "VARCHAR" {
			return pyT{"sa.String(" + g[2] + ")", "str"}
		}
		return pyT{"sa.CHAR(" + g[2] + ")", "str"}
	}
	return raw(typ)
}

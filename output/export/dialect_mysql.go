package export

import (
	"fmt"
	"strings"

	"github.com/dbinspect/dbinspect/ddl"
	"github.com/dbinspect/dbinspect/schema"
)

func init() {
	register(&dialectRules{
		dialect:        schema.MySQL,
		product:        mysqlProduct,
		namedSchema:    func(string) bool { return false },
		columnCheck:    mysqlColumnCheck,
		uniqueIndexes:  true,
		indexesInTable: true,
		columnComments: true,
		charset:        mysqlCharset,
		onUpdate:       mysqlOnUpdate,
		invisible:      mysqlInvisible,

		saType:                  func(m *pyModule, typ, _ string) pyT { return m.mysqlType(typ) },
		saColumnType:            mysqlColumnType,
		saDefault:               func(def string, c schema.Column) string { return def + mysqlOnUpdate(c) },
		saIndexable:             func(x *schema.Index) bool { return !needsIndexForm(x) || !hasLength(*x) },
		saIndexExpr:             sameText,
		saIndexOptions:          mysqlIndexOptions,
		saSequenceArgs:          mariaDBSequence,
		saTableOptions:          mysqlTableOptions,
		saImplicitPK:            func(*schema.PrimaryKey, string) bool { return true }, // always PRIMARY
		saNullable:              func(_ *schema.Table, c schema.Column) bool { return c.Nullable },
		saAutoIncrementImplied:  true,
		saAutoIncrementAnywhere: true,

		gormQuote:            '`',
		gormInlineCheck:      mysqlColumnCheck,
		gormTableOptions:     func(t *schema.Table) string { return ddl.TableOptions(schema.MySQL, t) },
		gormIndexMethod:      mysqlGORMIndexMethod,
		gormCollatedPartExpr: true,
		gormAttrsBeforeCheck: true,
		gormIndexComments:    true,
	})
}

// mariaDBSequence: MariaDB's settings as sa.Sequence takes them, its engine and comment after
// create_all.
func mariaDBSequence(m *pyModule, schemaName string, s schema.Sequence) []string {
	m.mariaDBSequenceOptions(schemaName, s)
	return mariaDBSequenceArgs(s.SequenceOptions)
}

// mysqlProduct tells MariaDB from MySQL by the server's version string.
func mysqlProduct(serverVersion string) string {
	if strings.Contains(strings.ToLower(serverVersion), "mariadb") {
		return "MariaDB"
	}
	return "MySQL"
}

// mysqlColumnCheck: MySQL reports a column-level CHECK under its column's name.
func mysqlColumnCheck(ck schema.Check) bool { return ck.Column != "" && ck.Name == ck.Column }

func mysqlCharset(c schema.Column) string {
	if c.MySQL != nil && c.MySQL.Charset != "" {
		return " CHARACTER SET " + c.MySQL.Charset
	}
	return ""
}

func mysqlOnUpdate(c schema.Column) string {
	if c.MySQL != nil && c.MySQL.OnUpdate != "" {
		return " ON UPDATE " + c.MySQL.OnUpdate
	}
	return ""
}

func mysqlInvisible(c schema.Column) string {
	if c.Invisible {
		return " INVISIBLE"
	}
	return ""
}

// mysqlColumnType: what SQLAlchemy cannot say about a column (character set, collation, ON
// UPDATE without a default, INVISIBLE) makes the type a RawType holding all of it. With a
// default, ON UPDATE is part of server_default instead (the way MySQL reports it).
func mysqlColumnType(m *pyModule, _ string, c schema.Column, _ bool) pyT {
	extra := mysqlCharset(c)
	if c.Collation != "" {
		extra += " COLLATE " + ddl.Collation(schema.MySQL, c.Collation)
	}
	if c.Default == nil {
		extra += mysqlOnUpdate(c)
	}
	extra += mysqlInvisible(c)
	t := m.pyType(c.Type, "")
	if extra != "" {
		return pyT{"RawType(" + pyString(c.Type+extra) + ")", t.py}
	}
	return t
}

// mysqlIndexOptions: FULLTEXT / SPATIAL, USING HASH, prefix lengths and the parser.
func mysqlIndexOptions(x schema.Index, lengths []string) string {
	a := ""
	switch x.Method {
	case "fulltext", "spatial":
		a += ", mysql_prefix=" + pyString(strings.ToUpper(x.Method))
	case "hash":
		a += ", mysql_using=\"hash\""
	}
	if len(lengths) > 0 {
		a += ", mysql_length={" + strings.Join(lengths, ", ") + "}"
	}
	if x.MySQL != nil && x.MySQL.Parser != "" {
		a += ", mysql_with_parser=" + pyString(x.MySQL.Parser)
	}
	return a
}

// mysqlTableOptions: engine, character set, collation, row format and create options.
func mysqlTableOptions(t *schema.Table) [][2]string {
	var kv [][2]string
	if t.MySQL == nil {
		return kv
	}
	if t.MySQL.Engine != "" {
		kv = append(kv, [2]string{"mysql_engine", pyString(t.MySQL.Engine)})
	}
	if t.MySQL.Charset != "" {
		kv = append(kv, [2]string{"mysql_charset", pyString(t.MySQL.Charset)})
	}
	if t.MySQL.Collation != "" {
		kv = append(kv, [2]string{"mysql_collate", pyString(t.MySQL.Collation)})
	}
	// SQLAlchemy writes every mysql_<option> keyword as the table option <OPTION>.
	if t.MySQL.RowFormat != "" {
		kv = append(kv, [2]string{"mysql_row_format", pyString(t.MySQL.RowFormat)})
	}
	for _, opt := range ddl.MySQLCreateOptions(t.MySQL.CreateOptions) {
		if k, v, _ := strings.Cut(opt, "="); !strings.HasPrefix(k, "`") {
			kv = append(kv, [2]string{"mysql_" + strings.ToLower(k), pyString(v)})
		}
	}
	return kv
}

// mysqlGORMIndexMethod: gorm's class: setting is FULLTEXT or SPATIAL.
func mysqlGORMIndexMethod(method string) string {
	if method == "fulltext" || method == "spatial" {
		return "class:" + strings.ToUpper(method)
	}
	return ""
}

// mysqlClasses are the SQLAlchemy classes of MySQL's types (COLUMN_TYPE's names) that
// SQLAlchemy reflects as the same class.
var mysqlClasses = map[string]saClass{
	"int": {class: "sa.Integer"}, "bigint": {class: "sa.BigInteger"}, "smallint": {class: "sa.SmallInteger"},
	"tinyint": {class: "sa_mysql.TINYINT"}, "mediumint": {class: "sa_mysql.MEDIUMINT"},
	"int unsigned": {class: "sa_mysql.INTEGER", kw: "unsigned=True"}, "bigint unsigned": {class: "sa_mysql.BIGINT", kw: "unsigned=True"},
	"smallint unsigned": {class: "sa_mysql.SMALLINT", kw: "unsigned=True"}, "tinyint unsigned": {class: "sa_mysql.TINYINT", kw: "unsigned=True"},
	"mediumint unsigned": {class: "sa_mysql.MEDIUMINT", kw: "unsigned=True"},
	"varchar":            {class: "sa.String", args: lengthArg}, "char": {class: "sa.CHAR", args: lengthArg},
	"decimal": {class: "sa.Numeric", args: optPrecision},
	"text":    {class: "sa.Text"}, "mediumtext": {class: "sa_mysql.MEDIUMTEXT"}, "longtext": {class: "sa_mysql.LONGTEXT"},
	"tinytext": {class: "sa_mysql.TINYTEXT"}, "date": {class: "sa.Date"}, "datetime": {class: "sa.DateTime"},
	"timestamp": {class: "sa_mysql.TIMESTAMP"}, "time": {class: "sa.Time"}, "year": {class: "sa_mysql.YEAR", py: "int"},
	"float": {class: "sa.Float"}, "double": {class: "sa_mysql.DOUBLE"}, "json": {class: "sa.JSON"},
	"blob": {class: "sa.LargeBinary"}, "mediumblob": {class: "sa_mysql.MEDIUMBLOB"}, "longblob": {class: "sa_mysql.LONGBLOB"},
}

func (m *pyModule) mysqlType(typ string) pyT {
	t, ok := m.mysqlTypeOf(typ)
	if ok && strings.Contains(t.expr, "sa_mysql.") {
		m.usesMy = true
	}
	return t
}

func (m *pyModule) mysqlTypeOf(typ string) (pyT, bool) {
	if t, ok := classType(m.types, schema.MySQL, mysqlClasses, typ); ok {
		return t, true
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

package export

import (
	"strings"

	"github.com/dbinspect/dbinspect/ddl"
	"github.com/dbinspect/dbinspect/schema"
	"github.com/dbinspect/dbinspect/sqltext"
)

func init() {
	register(&dialectRules{
		dialect:          schema.Postgres,
		product:          func(string) string { return "PostgreSQL" },
		namedSchema:      func(s string) bool { return s != "public" && s != "" },
		serials:          true,
		columnCheck:      never,
		namedPrimaryKeys: true,
		columnComments:   true,
		charset:          noAttribute,
		onUpdate:         noAttribute,
		invisible:        noAttribute,

		saType:                 (*pyModule).postgresType,
		saColumnType:           postgresColumnType,
		saDefault:              postgresDefault,
		saIndexable:            func(*schema.Index) bool { return true },
		saIndexExpr:            pgPretty,
		saIndexOptions:         postgresIndexOptions,
		saSequenceArgs:         pySequenceArgs,
		saTableOptions:         postgresTableOptions,
		saImplicitPK:           func(pk *schema.PrimaryKey, table string) bool { return pk.Name == nil || *pk.Name == table+"_pkey" },
		saNullable:             func(_ *schema.Table, c schema.Column) bool { return c.Nullable },
		saAutoIncrementImplied: true,

		gormQuote:            '"',
		gormInlineCheck:      never,
		gormTableOptions:     func(t *schema.Table) string { return ddl.TableOptions(schema.Postgres, t) },
		gormIndexMethod:      postgresGORMIndexMethod,
		gormGeneratedNotNull: true,
		domains:              true,
		arrays:               true,
	})
}

// postgresColumnType: the type, with its collation as the type's collation= argument where
// it can be one (pgCollated).
func postgresColumnType(m *pyModule, schemaName string, c schema.Column, _ bool) pyT {
	t := m.pyType(c.Type, schemaName)
	if c.Collation != "" {
		return m.pgCollated(t, c)
	}
	return t
}

// postgresDefault: the model qualifies a sequence in public; PostgreSQL (and so Alembic)
// does not.
func postgresDefault(def string, _ schema.Column) string {
	return strings.ReplaceAll(def, "nextval('public.", "nextval('")
}

// postgresIndexOptions: the method, WHERE and INCLUDE.
func postgresIndexOptions(x schema.Index, _ []string) string {
	a := ""
	if x.Method != "" && x.Method != "btree" {
		a += ", postgresql_using=" + pyString(x.Method)
	}
	if x.Where != "" {
		a += ", postgresql_where=" + pyText(x.Where)
	}
	if len(x.Include) > 0 {
		inc := make([]string, len(x.Include))
		for i, c := range x.Include {
			inc[i] = pyString(c)
		}
		a += ", postgresql_include=[" + strings.Join(inc, ", ") + "]"
	}
	return a
}

// postgresTableOptions: PARTITION BY and INHERITS.
func postgresTableOptions(t *schema.Table) [][2]string {
	var kv [][2]string
	if t.Postgres == nil {
		return kv
	}
	if t.Postgres.PartitionKey != "" {
		kv = append(kv, [2]string{"postgresql_partition_by", pyString(t.Postgres.PartitionKey)})
	}
	if len(t.Postgres.Inherits) > 0 {
		var parents []string
		for _, p := range t.Postgres.Inherits {
			parents = append(parents, pyString(p.Name))
		}
		kv = append(kv, [2]string{"postgresql_inherits", "(" + strings.Join(parents, ", ") + ",)"})
	}
	return kv
}

// postgresGORMIndexMethod: gorm's type: setting is the USING clause.
func postgresGORMIndexMethod(method string) string {
	if method != "" && method != "btree" {
		return "type:" + method
	}
	return ""
}

// postgresClasses are the SQLAlchemy classes of PostgreSQL's types (format_type's names)
// that SQLAlchemy reflects as the same class: generic where its DDL is PostgreSQL's own
// spelling, the dialect's class otherwise.
var postgresClasses = map[string]saClass{
	"integer": {class: "sa.Integer"}, "bigint": {class: "sa.BigInteger"}, "smallint": {class: "sa.SmallInteger"},
	"text": {class: "sa.Text"}, "boolean": {class: "sa.Boolean"},
	"character varying": {class: "sa.String", args: optLength}, "character": {class: "sa.CHAR", args: lengthArg},
	"numeric": {class: "sa.Numeric", args: optPrecision}, "real": {class: "sa.REAL"}, "date": {class: "sa.Date"},
	"timestamp without time zone": {class: "sa.DateTime"}, "timestamp with time zone": {class: "sa.DateTime", kw: "timezone=True"},
	"time without time zone": {class: "sa.Time"}, "time with time zone": {class: "sa.Time", kw: "timezone=True"},
	"bytea": {class: "sa.LargeBinary"}, "json": {class: "sa.JSON"},
	"double precision": {class: "sa_pg.DOUBLE_PRECISION"}, "jsonb": {class: "sa_pg.JSONB"}, "uuid": {class: "sa_pg.UUID"},
	"inet": {class: "sa_pg.INET", py: "str"}, "cidr": {class: "sa_pg.CIDR", py: "str"}, "macaddr": {class: "sa_pg.MACADDR", py: "str"},
	"interval": {class: "sa_pg.INTERVAL"}, "tsvector": {class: "sa_pg.TSVECTOR", py: "typing.Any"},
}

// postgresType: a class of postgresClasses, an ARRAY of the element's type, an ENUM of the
// model's enum the type names, or a RawType.
func (m *pyModule) postgresType(typ, schemaName string) pyT {
	if t, ok := classType(m.types, schema.Postgres, postgresClasses, typ); ok {
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

// pgCollated is a PostgreSQL string type with a collation: the type's own collation=
// argument, or, for a collation in another schema (SQLAlchemy would quote "s.name" as one
// name), a RawType that spells the type as SQLAlchemy reflects it, which keeps Alembic's
// compare_type quiet.
func (m *pyModule) pgCollated(t pyT, c schema.Column) pyT {
	base, ok := strings.CutSuffix(t.expr, ")")
	isString := ok && (strings.HasPrefix(base, "sa.String(") || strings.HasPrefix(base, "sa.Text(") || strings.HasPrefix(base, "sa.CHAR("))
	if isString && !strings.Contains(c.Collation, ".") {
		if !strings.HasSuffix(base, "(") {
			base += ", "
		}
		return pyT{base + "collation=" + pyString(c.Collation) + ")", t.py}
	}
	spelled := c.Type
	if isString {
		spelled = strings.NewReplacer("sa.String(", "VARCHAR(", "sa.Text(", "TEXT(", "sa.CHAR(", "CHAR(").Replace(t.expr)
		spelled = strings.TrimSuffix(spelled, "()")
	}
	return pyT{"RawType(" + pyString(spelled+" COLLATE "+ddl.Collation(m.d, c.Collation)) + ")", t.py}
}

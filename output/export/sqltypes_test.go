package export

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/schema"
)

// Spellings of PostgreSQL and MySQL types, the ones the servers report and others, whose
// SQLAlchemy types testdata/golden/sqlalchemy_types.txt holds: each server spelling gets the
// class SQLAlchemy reflects it as (its arguments from diff.Classify's logical type), anything
// else a RawType.
var typeSpellingsPG = []string{"integer", "int4", "int", "int8", "bigint", "smallint", "int2", "serial", "text", "TEXT", "boolean", "bool",
	"character varying", "character varying(20)", "varchar(20)", "character(1)", "character", "character(10)", "char(3)", "bpchar",
	"numeric", "numeric(10)", "numeric(10,2)", "numeric(10, 2)", "numeric(10,0)", "decimal(10,2)", "real", "float4", "double precision", "float8",
	"date", "timestamp without time zone", "timestamp(6) without time zone", "timestamp(3) without time zone", "timestamp with time zone",
	"timestamp(0) with time zone", "timestamptz", "timestamp", "time without time zone", "time with time zone", "time(3) without time zone", "timetz",
	"bytea", "json", "jsonb", "uuid", "inet", "cidr", "macaddr", "macaddr8", "interval", "interval day to second", "interval(3)", "tsvector", "tsquery",
	"citext", "money", "bit(3)", "bit varying(5)", "xml", "point", "int4range", "daterange", "mood", "public.mood", "other.mood", `"Mood"`, "year", "posint",
	"integer[]", "text[]", "character varying(20)[]", "integer[][]", "mood[]", "numeric(10,2)[]", "uuid[]", "jsonb[]", "timestamp with time zone[]",
	"oid", "regclass", "name", "\"char\"", "character varying(10485760)", "numeric(1000,500)", "double precision[]", "boolean[]", "bytea[]"}

var typeSpellingsMy = []string{"int", "int(11)", "int unsigned", "int(10) unsigned", "int(5) unsigned zerofill", "integer", "tinyint", "tinyint(1)", "tinyint(4)", "tinyint unsigned",
	"tinyint(3) unsigned", "smallint", "smallint unsigned", "mediumint", "mediumint unsigned", "bigint", "bigint unsigned", "bigint(20) unsigned",
	"varchar(20)", "varchar", "char(3)", "char", "char(1)", "decimal(10,2)", "decimal(10, 2)", "decimal(10)", "decimal", "numeric(10,2)", "float", "float(7,4)", "float unsigned",
	"double", "double(10,2)", "double unsigned", "real", "datetime", "datetime(6)", "timestamp", "timestamp(3)", "time", "time(3)", "date", "year", "year(4)",
	"text", "tinytext", "mediumtext", "longtext", "blob", "tinyblob", "mediumblob", "longblob", "json", "enum('a','b')", "enum('a''b','c')", `enum('a\'b')`,
	"set('a','b')", "set('x')", "enum('')", "bit(1)", "bit(8)", "binary(16)", "varbinary(10)", "geometry", "point", "uuid", "inet6", "INT", "VARCHAR(20)",
	"varchar(20) binary", "enum('a',", "enum(a)", "set()"}

func TestSQLAlchemyTypeSpellings(t *testing.T) {
	var b strings.Builder
	db := &schema.Database{Dialect: schema.Postgres, Schemas: []schema.Schema{{Name: "public", Enums: []schema.Enum{{Name: "mood", Values: []string{"a", "b"}}, {Name: "Mood", Values: []string{"x"}}}},
		{Name: "other", Enums: []schema.Enum{{Name: "mood", Values: []string{"c"}}}}}}
	b.WriteString("# dialect\ttype\texpression\tPython type\tuses sa_pg\tuses sa_mysql\n")
	for _, typ := range typeSpellingsPG {
		m := &pyModule{d: schema.Postgres, db: db}
		p := m.pyType(typ, "public")
		fmt.Fprintf(&b, "pg\t%s\t%s\t%s\t%v\t%v\n", typ, p.expr, p.py, m.usesPG, m.usesMy)
	}
	for _, typ := range typeSpellingsMy {
		m := &pyModule{d: schema.MySQL, db: &schema.Database{Dialect: schema.MySQL}}
		p := m.pyType(typ, "")
		fmt.Fprintf(&b, "my\t%s\t%s\t%s\t%v\t%v\n", typ, p.expr, p.py, m.usesPG, m.usesMy)
	}
	path := filepath.Join("testdata", "golden", "sqlalchemy_types.txt")
	if *update {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./output/export -update creates it)", err)
	}
	if b.String() != string(want) {
		t.Errorf("%s differs (go test ./output/export -update refreshes it after review):\n%s", path, b.String())
	}
}

// TestSQLAlchemyClassesHavePythonTypes: every class of a dialect's table has a Python type,
// from its logical family or its own.
func TestSQLAlchemyClassesHavePythonTypes(t *testing.T) {
	for d, classes := range map[schema.Dialect]map[string]saClass{schema.Postgres: postgresClasses, schema.MySQL: mysqlClasses} {
		for name, c := range classes {
			if c.py == "" && pyOfFamily[diff.Classify(d, name).Family] == "" {
				t.Errorf("%s %s: no Python type (family %s)", d, name, diff.Classify(d, name).Family)
			}
		}
	}
}

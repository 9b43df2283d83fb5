package export

import (
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/schema"
)

// The Go type of a column comes from its logical type, not the spelling's prefix (issue 11,
// bug 3: interval was an int32, int8range an int64, daterange a time.Time).
func TestGoTypeByLogicalType(t *testing.T) {
	cases := []struct {
		d          schema.Dialect
		typ, want  string
		noteSubstr string
	}{
		{schema.Postgres, "interval", "string", "time.Duration"},
		{schema.Postgres, "interval day to second", "string", "time.Duration"},
		{schema.Postgres, "int8range", "string", "range"},
		{schema.Postgres, "int4range", "string", "range"},
		{schema.Postgres, "daterange", "string", "range"},
		{schema.Postgres, "tstzmultirange", "string", "range"},
		{schema.Postgres, "integer", "int32", ""},
		{schema.Postgres, "bigint", "int64", ""},
		{schema.Postgres, "smallint", "int16", ""},
		{schema.Postgres, "boolean", "bool", ""},
		{schema.Postgres, "numeric(12,2)", "string", ""}, // exact, not a float64
		{schema.Postgres, "double precision", "float64", ""},
		{schema.Postgres, "date", "time.Time", ""},
		{schema.Postgres, "timestamp with time zone", "time.Time", ""},
		{schema.Postgres, "timestamp(3) without time zone", "time.Time", ""},
		{schema.Postgres, "time without time zone", "string", ""},
		{schema.Postgres, "bytea", "[]byte", ""},
		{schema.Postgres, "integer[]", "pq.Int64Array", ""},
		{schema.Postgres, "text[]", "pq.StringArray", ""},
		{schema.Postgres, "character varying(20)[]", "pq.StringArray", ""},
		{schema.Postgres, "boolean[]", "pq.BoolArray", ""},
		{schema.Postgres, "double precision[]", "pq.Float64Array", ""},
		{schema.Postgres, "integer[][]", "string", "array's text form"},
		{schema.Postgres, "uuid[]", "string", "array's text form"},
		{schema.Postgres, "inet", "string", ""},
		{schema.Postgres, "int_code", "string", ""}, // a domain whose name starts with int
		{schema.MySQL, "int unsigned", "uint32", ""},
		{schema.MySQL, "int(5) unsigned zerofill", "uint32", ""},
		{schema.MySQL, "bigint unsigned", "uint64", ""},
		{schema.MySQL, "tinyint(1)", "int8", ""},
		{schema.MySQL, "mediumint", "int32", ""},
		{schema.MySQL, "datetime(6)", "time.Time", ""},
		{schema.MySQL, "decimal(10,2)", "string", ""},
		{schema.MySQL, "varbinary(16)", "[]byte", ""},
		{schema.MySQL, "year", "string", ""},
		{schema.SQLite, "INTEGER", "int32", ""},
		{schema.SQLite, "BIGINT", "int64", ""},
		{schema.SQLite, "DATETIME", "time.Time", ""},
		{schema.SQLite, "BLOB", "[]byte", ""},
		{schema.SQLite, "", "string", ""},
		{schema.Postgres, "year", "int32", ""},           // pagila's domain year AS integer: its base type
		{schema.Postgres, "public.money2", "string", ""}, // a domain over numeric
	}
	domains := &schema.Database{Dialect: schema.Postgres, Schemas: []schema.Schema{{Name: "public",
		Domains: []schema.Domain{{Name: "year", Type: "integer"}, {Name: "money2", Type: "numeric(10,2)"}}}}}
	for _, c := range cases {
		f := &goFile{g: GORM{}, d: c.d, imports: map[string]bool{}, db: domains}
		col := schema.Column{Name: "c", Type: c.typ}
		if got := f.goType(col); got != c.want {
			t.Errorf("%s %q: Go type %s, want %s", c.d, c.typ, got, c.want)
		}
		note := f.goTypeNote(col)
		if c.noteSubstr == "" && note != "" || !strings.Contains(note, c.noteSubstr) {
			t.Errorf("%s %q: note %q, want one saying %q", c.d, c.typ, note, c.noteSubstr)
		}
	}
}

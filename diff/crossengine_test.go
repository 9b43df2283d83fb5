package diff

import (
	"testing"

	"github.com/dbinspect/dbinspect/schema"
)

// sameDDL is what one DDL (CREATE TABLE t (id INTEGER PRIMARY KEY, total NUMERIC(12,2) NOT
// NULL DEFAULT 0)) gives on each engine.
func sameDDL(d schema.Dialect) *schema.Database {
	def := "0"
	if d == schema.MySQL {
		def = "0.00"
	}
	t := schema.Table{Name: "t", Columns: []schema.Column{{Name: "id", Type: "integer"}, {Name: "total", Type: "numeric(12,2)", Default: &def}},
		PrimaryKey: &schema.PrimaryKey{Columns: []string{"id"}}}
	db := &schema.Database{Dialect: d, Schemas: []schema.Schema{{Name: map[schema.Dialect]string{schema.Postgres: "public", schema.SQLite: "main", schema.MySQL: "app"}[d], Tables: []schema.Table{t}}}}
	if d == schema.Postgres {
		db.Schemas[0].Comment = schema.Ptr("standard public schema")
	}
	db.Normalize()
	return db
}

func TestSameDDLOnTwoEnginesIsNoDifference(t *testing.T) {
	for _, pair := range [][2]schema.Dialect{{schema.SQLite, schema.Postgres}, {schema.Postgres, schema.SQLite}, {schema.SQLite, schema.MySQL}, {schema.MySQL, schema.Postgres}} {
		res := Compare(sameDDL(pair[0]), sameDDL(pair[1]), Options{})
		if !res.Empty() {
			t.Errorf("%s → %s: %+v", pair[0], pair[1], res.Changes)
		}
	}
}

func TestSQLiteMainPairsWithPublicAmongOtherSchemas(t *testing.T) {
	pg := sameDDL(schema.Postgres)
	pg.Schemas = append(pg.Schemas, schema.Schema{Name: "audit"})
	pg.Normalize()
	res := Compare(sameDDL(schema.SQLite), pg, Options{})
	if len(res.Changes) != 1 || res.Changes[0].Action != Add || res.Changes[0].Name != "audit" {
		t.Errorf("main ↔ public: want only + schema audit, got %+v", res.Changes)
	}
	if got := res.Schemas; len(got) != 1 || got[0].From != "main" || got[0].To != "public" {
		t.Errorf("pairs = %+v, want main → public", got)
	}
}

func TestPublicDefaultCommentIsNoDifference(t *testing.T) {
	a, b := sameDDL(schema.Postgres), sameDDL(schema.Postgres)
	b.Schemas[0].Comment = nil
	if res := Compare(a, b, Options{}); !res.Empty() {
		t.Errorf("the default comment on public differs: %+v", res.Changes)
	}
	b.Schemas[0].Comment = schema.Ptr("our app")
	if res := Compare(a, b, Options{}); res.Empty() {
		t.Error("a real comment on public is no difference")
	}
}

func TestRealAutoGenerationStillDiffers(t *testing.T) {
	sq, pg := sameDDL(schema.SQLite), sameDDL(schema.Postgres)
	sq.Schemas[0].Tables[0].Columns[0].AutoIncrement = true // AUTOINCREMENT asked for in the DDL
	if res := Compare(sq, pg, Options{}); res.Empty() {
		t.Error("SQLite AUTOINCREMENT vs a plain PostgreSQL integer is no difference")
	}
	if numericLiteral("0.00") != numericLiteral("0") || numericLiteral("1.5") == numericLiteral("15") || numericLiteral("'x'") != "'x'" {
		t.Error("numericLiteral")
	}
}

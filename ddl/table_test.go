package ddl

import (
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/schema"
)

// SQLite's automatic index names are not the user's: the unique constraint they stand for is
// written unnamed, while a name the user gave is kept (and any name on other engines).
func TestSQLiteAutoIndexUniqueUnnamed(t *testing.T) {
	tbl := schema.Table{Name: "customers",
		Columns: []schema.Column{{Name: "id", Type: "INTEGER"}, {Name: "email", Type: "TEXT"}, {Name: "code", Type: "TEXT"}},
		Uniques: []schema.Unique{{Name: "sqlite_autoindex_customers_1", Columns: []string{"email"}}, {Name: "uq_code", Columns: []string{"code"}}},
		Indexes: []schema.Index{{Name: "sqlite_autoindex_customers_1", Unique: true, Columns: []string{"email"},
			Parts: []schema.IndexPart{{Column: "email"}}, Constraint: "sqlite_autoindex_customers_1"}},
	}
	for _, c := range []struct {
		d         schema.Dialect
		want, not string
	}{
		{schema.SQLite, `UNIQUE ("email")`, "sqlite_autoindex"},
		{schema.Postgres, `CONSTRAINT "sqlite_autoindex_customers_1" UNIQUE ("email")`, ""},
	} {
		sc := "main"
		if c.d == schema.Postgres {
			sc = "public"
		}
		db := &schema.Database{Dialect: c.d, Schemas: []schema.Schema{{Name: sc, Tables: []schema.Table{tbl}}}}
		sql := CreateTable(db, sc, &db.Schemas[0].Tables[0])
		if !strings.Contains(sql, c.want) || c.not != "" && strings.Contains(sql, c.not) {
			t.Errorf("%s: want %q and not %q in:\n%s", c.d, c.want, c.not, sql)
		}
		if !strings.Contains(sql, `CONSTRAINT "uq_code" UNIQUE ("code")`) {
			t.Errorf("%s: the user's constraint name is lost:\n%s", c.d, sql)
		}
		var all []string
		for _, s := range Create(db) {
			all = append(all, s.SQL)
		}
		if strings.Contains(strings.Join(all, "\n"), "INDEX \"sqlite_autoindex") {
			t.Errorf("%s: an automatic index is created by hand:\n%s", c.d, strings.Join(all, "\n"))
		}
	}
}

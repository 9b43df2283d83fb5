package diff

import (
	"testing"

	"github.com/dbinspect/dbinspect/schema"
)

// caseModel is one table with a key and an index over a column, in the names given.
func caseModel(d schema.Dialect, schemaName, table, col string, lctn int) *schema.Database {
	t := schema.Table{Name: table,
		Columns:    []schema.Column{{Name: "id", Type: "int"}, {Name: col, Type: "text", Nullable: true}},
		PrimaryKey: &schema.PrimaryKey{Columns: []string{"id"}},
		Indexes:    []schema.Index{{Name: "ix_c", Parts: []schema.IndexPart{{Column: col}}}},
	}
	sc := schema.Schema{Name: schemaName, Tables: []schema.Table{t}}
	if d == schema.MySQL {
		sc.MySQL = &schema.MySQLSchema{LowerCaseTableNames: lctn}
	}
	db := &schema.Database{Dialect: d, Schemas: []schema.Schema{sc}}
	db.Normalize()
	return db
}

func TestIdentifierCase(t *testing.T) {
	for _, tc := range []struct {
		name     string
		from, to *schema.Database
		want     []string
	}{
		{"PostgreSQL: names differ in case: other columns", caseModel(schema.Postgres, "public", "t", "Name", 0), caseModel(schema.Postgres, "public", "t", "name", 0),
			[]string{"add column t.name", "drop column t.Name !", "modify index t.ix_c"}},
		{"MySQL: a column renamed in case, its index the same", caseModel(schema.MySQL, "db", "t", "Name", 0), caseModel(schema.MySQL, "db", "t", "name", 0),
			[]string{"rename column t.Name"}},
		{"MySQL, lower_case_table_names=0: tables differ in case: other tables", caseModel(schema.MySQL, "db", "Users", "c", 0), caseModel(schema.MySQL, "db", "users", "c", 0),
			[]string{"rename table Users"}}, // same columns: the usual rename by content
		{"MySQL, lower_case_table_names=1: the same table", caseModel(schema.MySQL, "db", "Users", "c", 1), caseModel(schema.MySQL, "db", "users", "c", 1),
			nil},
		{"SQLite: table and column renamed in case", caseModel(schema.SQLite, "main", "Products", "Name", 0), caseModel(schema.SQLite, "main", "products", "name", 0),
			[]string{"rename table Products", "rename column Products.Name"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			expectChanges(t, Compare(tc.from, tc.to, Options{}), tc.want...)
		})
	}
}

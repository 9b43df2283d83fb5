package export

import (
	"database/sql"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/schema"
)

// injection is a column name that gorm's own quoting turns into a second statement.
const injection = `""" int);CREATE TABLE x(a int);--`

// hostileGORMModel has one ordinary table and tables whose names gorm cannot quote.
func hostileGORMModel(d schema.Dialect) *schema.Database {
	sc := "main"
	switch d {
	case schema.Postgres:
		sc = "public"
	case schema.MySQL:
		sc = "app"
	}
	col := func(name string) schema.Column { return schema.Column{Name: name, Type: "int", Nullable: true} }
	db := &schema.Database{Dialect: d, Schemas: []schema.Schema{{Name: sc, Tables: []schema.Table{
		{Name: "good", Columns: []schema.Column{col("id"), col("note")}, PrimaryKey: &schema.PrimaryKey{Columns: []string{"id"}}},
		{Name: "injected", Columns: []schema.Column{col("id"), col(injection)}},
		{Name: "back`tick", Columns: []schema.Column{col("id"), col("``a`); DROP TABLE good; --")}},
		{Name: "quoted_start", Columns: []schema.Column{col("id"), col(`"a"`)}},
		{Name: "dotted.name", Columns: []schema.Column{col("id")}},
		{Name: "dotted_column", Columns: []schema.Column{col("id"), col("a.b")}},
		{Name: "refers", Columns: []schema.Column{col("id"), col("injected_id")},
			ForeignKeys: []schema.ForeignKey{{Name: "fk_refers", Columns: []string{"injected_id"}, RefSchema: sc, RefTable: "injected", RefColumns: []string{"id"}, OnDelete: "NO ACTION", OnUpdate: "NO ACTION"}}},
	}}}}
	db.Normalize()
	return db
}

// TestGORMNeverRunsNames runs Migrate of the export on each engine: the ordinary tables are
// created, the tables whose names gorm would not quote as SQL does are left out with a NOTE,
// and no statement hidden in a name ever runs (table x never appears).
func TestGORMNeverRunsNames(t *testing.T) {
	for _, d := range []schema.Dialect{schema.SQLite, schema.Postgres, schema.MySQL} {
		t.Run(string(d), func(t *testing.T) {
			model := hostileGORMModel(d)
			code := render(t, "gorm", Options{}, model)
			// What gorm cannot quote as SQL does depends on the dialect's quote character:
			// " on PostgreSQL, ` on MySQL and SQLite; a dot in any name.
			skipped := []string{"dotted.name", "dotted_column", "back`tick"}
			if d == schema.Postgres {
				skipped = []string{"dotted.name", "dotted_column", "injected", "quoted_start"}
			}
			for _, table := range skipped {
				if !strings.Contains(string(code), "// NOTE: table "+strconv.Quote(model.Schemas[0].Name+"."+table)+" is not exported: gorm would quote the name") {
					t.Errorf("no NOTE for %s:\n%s", table, code)
				}
			}
			target := autoMigrate(t, model, code)
			conn := openTarget(t, d, target)
			defer conn.Close()
			want := map[string]bool{"good": true, "x": false, "dotted_column": false}
			if d == schema.Postgres {
				want["injected"], want["refers"] = false, true // refers is created, without its key
			}
			for table, want := range want {
				if got := tableExists(t, conn, d, table); got != want {
					t.Errorf("table %s exists = %v, want %v", table, got, want)
				}
			}
		})
	}
}

func openTarget(t *testing.T, d schema.Dialect, target string) *sql.DB {
	t.Helper()
	driver, dsn := "sqlite", target
	switch d {
	case schema.Postgres:
		driver = "postgres"
	case schema.MySQL:
		driver, dsn = "mysql", mysqlDSNOf(target)
	}
	conn, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	return conn
}

// mysqlDSNOf turns a test server URL into a go-sql-driver DSN.
func mysqlDSNOf(target string) string {
	u, _ := url.Parse(target)
	return u.User.String() + "@tcp(" + u.Host + ")" + u.Path
}

func tableExists(t *testing.T, conn *sql.DB, d schema.Dialect, name string) bool {
	t.Helper()
	q := map[schema.Dialect]string{
		schema.SQLite:   "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?",
		schema.Postgres: "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = $1",
		schema.MySQL:    "SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?",
	}[d]
	var n int
	if err := conn.QueryRow(q, name).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n > 0
}

// Every foreign key has a belongs-to field on the referencing model (issue 15), also one
// whose columns have the same names on both tables (film.language_id → language.language_id):
// its key field gets a name of its own so gorm does not read the field as a has-one
// backwards, and it keeps its has-many field (named after its columns where two keys of one
// table point at the same table), which carries the constraint.
func TestGORMBelongsToEveryForeignKey(t *testing.T) {
	col := func(name string, null bool) schema.Column {
		return schema.Column{Name: name, Type: "integer", Nullable: null}
	}
	db := &schema.Database{Dialect: schema.SQLite, Schemas: []schema.Schema{{Name: "main", Tables: []schema.Table{
		{Name: "language", Columns: []schema.Column{col("language_id", false)}, PrimaryKey: &schema.PrimaryKey{Columns: []string{"language_id"}}},
		{Name: "film", Columns: []schema.Column{col("film_id", false), col("language_id", false), col("original_language_id", true)},
			PrimaryKey: &schema.PrimaryKey{Columns: []string{"film_id"}},
			ForeignKeys: []schema.ForeignKey{
				{Name: "fk_film_language", Columns: []string{"language_id"}, RefSchema: "main", RefTable: "language", RefColumns: []string{"language_id"}},
				{Name: "fk_film_original", Columns: []string{"original_language_id"}, RefSchema: "main", RefTable: "language", RefColumns: []string{"language_id"}},
			}},
	}}}}
	db.Normalize()
	code := string(render(t, "gorm", Options{}, db))
	flat := strings.Join(strings.Fields(code), " ") // gofmt's alignment aside
	for _, want := range []string{
		"FilmLanguageID     int32 `gorm:\"column:language_id;",
		"Language           *Language `gorm:\"foreignKey:FilmLanguageID;references:LanguageID;constraint:fk_film_language\"`",
		"OriginalLanguage   *Language `gorm:\"foreignKey:OriginalLanguageID;references:LanguageID;constraint:fk_film_original\"`",
		"FilmByLanguageID []Film `gorm:\"foreignKey:FilmLanguageID;references:LanguageID;constraint:fk_film_language\"`",
	} {
		if want = strings.Join(strings.Fields(want), " "); !strings.Contains(flat, want) {
			t.Errorf("the export has no %s:\n%s", want, code)
		}
	}
}

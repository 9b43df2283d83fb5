package migrate

import (
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/schema"
)

// What MariaDB lacks, on hand-built MySQL 8 models (the inspector's side is covered by rows in
// MySQL 8's shape, inspector/mysql_text_test.go): CHECK … NOT ENFORCED switched in place, a
// FULLTEXT parser, a functional key part, an invisible index written for either server.
func TestMySQL8OnlyKinds(t *testing.T) {
	mk := func(notEnforced, invisible bool, parser string) *schema.Database {
		tb := schema.Table{Name: "t",
			Columns: []schema.Column{col("id", "int", false), col("name", "varchar(50)", true), col("body", "text", true)},
			Checks:  []schema.Check{{Name: "ck_id", Expression: "`id` > 0", NotEnforced: notEnforced}},
			Indexes: []schema.Index{
				{Name: "fx", Method: "btree", Invisible: invisible, Parts: []schema.IndexPart{{Expression: "lower(`name`)"}, {Column: "id", Desc: true}}},
				{Name: "ft", Method: "fulltext", Parts: []schema.IndexPart{{Column: "body"}}},
			}}
		if parser != "" {
			tb.Indexes[1].MySQL = &schema.MySQLIndex{Parser: parser}
		}
		return &schema.Database{Dialect: schema.MySQL, ServerVersion: "8.0.36", Schemas: []schema.Schema{{Name: "app", Tables: []schema.Table{tb}}}}
	}
	got := strings.Join(sqls(build(t, mk(false, false, ""), mk(true, true, "ngram"), Options{})), "\n")
	for _, want := range []string{
		"ALTER CHECK `ck_id` NOT ENFORCED",
		"ALTER INDEX `fx` /*!80000 INVISIBLE */ /*M!100600 IGNORED */",
		"DROP INDEX `ft`",
		"ADD FULLTEXT KEY `ft` (`body`) WITH PARSER ngram",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("plan lacks %q:\n%s", want, got)
		}
	}
	if back := strings.Join(sqls(build(t, mk(true, true, ""), mk(false, false, ""), Options{})), "\n"); !strings.Contains(back, "ALTER CHECK `ck_id` ENFORCED") ||
		!strings.Contains(back, "ALTER INDEX `fx` /*!80000 VISIBLE */ /*M!100600 NOT IGNORED */") {
		t.Errorf("plan back:\n%s", back)
	}
	created := strings.Join(sqls(build(t, &schema.Database{Dialect: schema.MySQL, Schemas: []schema.Schema{{Name: "app"}}}, mk(true, true, "ngram"), Options{})), "\n")
	for _, want := range []string{
		"CONSTRAINT `ck_id` CHECK (`id` > 0) /*!80016 NOT ENFORCED */",
		"KEY `fx` ((lower(`name`)), `id` DESC) /*!80000 INVISIBLE */ /*M!100600 IGNORED */",
		"FULLTEXT KEY `ft` (`body`) WITH PARSER ngram",
	} {
		if !strings.Contains(created, want) {
			t.Errorf("CREATE TABLE lacks %q:\n%s", want, created)
		}
	}
}

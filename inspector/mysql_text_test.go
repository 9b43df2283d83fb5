package inspector

import (
	"reflect"
	"testing"

	"github.com/dbinspect/dbinspect/schema"
)

func TestMySQLCanonicalType(t *testing.T) {
	tests := map[string]string{
		"int(11)":                  "int",
		"int(10) unsigned":         "int unsigned",
		"bigint(20)":               "bigint",
		"tinyint(4)":               "tinyint",
		"tinyint(1)":               "tinyint(1)", // the boolean convention, kept like MySQL 8
		"int(5) unsigned zerofill": "int(5) unsigned zerofill",
		"year(4)":                  "year",
		"decimal(12,2)":            "decimal(12,2)",
		"enum('int(11)','b')":      "enum('int(11)','b')",
		"varchar(20)":              "varchar(20)",
	}
	for in, want := range tests {
		if got := myCanonicalType(in); got != want {
			t.Errorf("%q → %q, want %q", in, got, want)
		}
	}
}

func TestMySQLColumnDefault(t *testing.T) {
	maria, mysql8 := &mysqlBuilder{flavor: parseMySQLVersion("10.11.19-MariaDB")}, &mysqlBuilder{flavor: parseMySQLVersion("8.0.36")}
	tests := []struct {
		name     string
		b        *mysqlBuilder
		raw      *string
		dataType string
		extra    string
		want     *string
	}{
		{"MariaDB no default", maria, sp("NULL"), "int", "", nil},
		{"MariaDB NOT NULL without default", maria, nil, "int", "", nil},
		{"MariaDB string literal 'NULL'", maria, sp("'NULL'"), "varchar", "", sp("'NULL'")},
		{"MariaDB string", maria, sp("'it''s'"), "varchar", "", sp("'it''s'")},
		{"MariaDB expression", maria, sp("(1 + 1)"), "int", "", sp("1 + 1")},
		{"MariaDB now", maria, sp("current_timestamp()"), "timestamp", "", sp("current_timestamp()")},
		{"MySQL no default", mysql8, nil, "int", "", nil},
		{"MySQL string", mysql8, sp("it's"), "varchar", "", sp("'it''s'")},
		{"MySQL empty string", mysql8, sp(""), "char", "", sp("''")},
		{"MySQL number", mysql8, sp("1.50"), "decimal", "", sp("1.50")},
		{"MySQL date", mysql8, sp("2020-01-01"), "date", "", sp("'2020-01-01'")},
		{"MySQL bit", mysql8, sp("b'101'"), "bit", "", sp("b'101'")},
		{"MySQL binary in hex", mysql8, sp("0x616263"), "binary", "", sp("'abc'")},
		{"MySQL now", mysql8, sp("CURRENT_TIMESTAMP(3)"), "timestamp", "DEFAULT_GENERATED", sp("current_timestamp(3)")},
		{"MySQL 5.7 now", mysql8, sp("CURRENT_TIMESTAMP"), "datetime", "", sp("current_timestamp()")},
		{"MySQL expression", mysql8, sp(`concat(_utf8mb4\'a\',_utf8mb4\'b\')`), "varchar", "DEFAULT_GENERATED", sp("concat('a','b')")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.b.columnDefault(mysqlColumnRow{Default: tt.raw, DataType: tt.dataType, Extra: tt.extra})
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", fmtPtr(got), fmtPtr(tt.want))
			}
		})
	}
}

func fmtPtr(s *string) string {
	if s == nil {
		return "nil"
	}
	return "«" + *s + "»"
}

func TestMySQLExpressionText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"outer parens", "(`a` > 0)", "`a` > 0"},
		{"two groups", "(`a` + 1) * (`b` + 2)", "(`a` + 1) * (`b` + 2)"},
		{"paren in string", "('(' = `a`)", "'(' = `a`"},
		{"introducer", "(`c` <> _utf8mb4'x')", "`c` <> 'x'"},
		{"introducer text in a string", "'_utf8mb4''x'", "'_utf8mb4''x'"},
		{"introducer-like identifier", "`_latin1`", "`_latin1`"},
	}
	for _, tt := range tests {
		if got := myCanonicalExpr(tt.in); got != tt.want {
			t.Errorf("%s: %q → %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}

func TestMySQLViewDefinition(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"own qualifiers", "select `db`.`t`.`a` AS `a` from `db`.`t`", "select `t`.`a` AS `a` from `t`"},
		{"other database kept", "select `x`.`t`.`a` AS `a` from `x`.`t`", "select `x`.`t`.`a` AS `a` from `x`.`t`"},
		{"qualifier text in a string", "select '`db`.' AS `s`", "select '`db`.' AS `s`"},
		{"MySQL where parens", "select 1 AS `1` from `t` where (`t`.`a` > 1)", "select 1 AS `1` from `t` where `t`.`a` > 1"},
		{"where parens not wrapping all", "select 1 from `t` where (`a` = 1) or (`b` = 2)", "select 1 from `t` where (`a` = 1) or (`b` = 2)"},
		{"MySQL join parens", "from (`t` join `u` on((`t`.`id` = `u`.`id`)))", "from (`t` join `u` on(`t`.`id` = `u`.`id`))"},
		{"where then group by", "select 1 from `t` where (`a` = 1) group by `b`", "select 1 from `t` where `a` = 1 group by `b`"},
	}
	for _, tt := range tests {
		if got := myCanonicalViewDefinition(tt.in, "db"); got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, got, tt.want)
		}
	}
}

// TestMySQL8Indexes covers what only MySQL 8's STATISTICS has: functional key parts
// (EXPRESSION) and invisible indexes (IS_VISIBLE = NO).
func TestMySQL8Indexes(t *testing.T) {
	c := &mysqlCatalog{Version: "8.0.36", Schemas: []string{"shop"},
		Schemata: []mysqlSchemaRow{{Name: "shop", Charset: "utf8mb4", Collation: "utf8mb4_0900_ai_ci"}},
		Tables:   []mysqlTableRow{{Schema: "shop", Name: "t", Type: "BASE TABLE", Collation: sp("utf8mb4_0900_ai_ci")}},
		Indexes: []mysqlIndexRow{
			{Schema: "shop", Table: "t", Name: "fx", NonUnique: 0, Seq: 1, Expression: sp("lower(`name`)"), Order: sp("A"), Type: "BTREE"},
			{Schema: "shop", Table: "t", Name: "fx", NonUnique: 0, Seq: 2, Column: sp("id"), Order: sp("D"), Type: "BTREE"},
			{Schema: "shop", Table: "t", Name: "hidden", NonUnique: 1, Seq: 1, Column: sp("id"), Order: sp("A"), Type: "BTREE", Hidden: true},
		},
	}
	tb := buildMySQL(c).Schemas[0].Tables[0]
	want := []schema.Index{
		{Name: "fx", Unique: true, Columns: []string{"lower(`name`)", "id"}, Method: "btree", Constraint: "fx",
			Parts: []schema.IndexPart{{Expression: "lower(`name`)"}, {Column: "id", Desc: true}}},
		{Name: "hidden", Columns: []string{"id"}, Method: "btree", Invisible: true, Parts: []schema.IndexPart{{Column: "id"}}},
	}
	if !reflect.DeepEqual(tb.Indexes, want) {
		t.Errorf("indexes = %s", jsonOf(tb.Indexes))
	}
	if !reflect.DeepEqual(tb.Uniques, []schema.Unique{{Name: "fx", Columns: []string{"lower(`name`)", "id"}}}) {
		t.Errorf("uniques = %s", jsonOf(tb.Uniques))
	}
}

// TestMySQL8NotEnforcedCheck: MySQL 8's TABLE_CONSTRAINTS.ENFORCED = NO reads as a check
// NotEnforced; an enforced one and MariaDB's (which has no such checks) do not.
func TestMySQL8NotEnforcedCheck(t *testing.T) {
	c := &mysqlCatalog{Version: "8.0.36", Schemas: []string{"shop"},
		Schemata: []mysqlSchemaRow{{Name: "shop", Charset: "utf8mb4", Collation: "utf8mb4_0900_ai_ci"}},
		Tables:   []mysqlTableRow{{Schema: "shop", Name: "t", Type: "BASE TABLE", Collation: sp("utf8mb4_0900_ai_ci")}},
		Checks: []mysqlCheckRow{
			{Schema: "shop", Table: "t", Name: "ck_loose", Clause: "(`id` > 0)", NotEnforced: true},
			{Schema: "shop", Table: "t", Name: "ck_strict", Clause: "(`id` < 10)"},
		},
	}
	got := buildMySQL(c).Schemas[0].Tables[0].Checks
	want := []schema.Check{{Name: "ck_loose", Expression: "`id` > 0", NotEnforced: true}, {Name: "ck_strict", Expression: "`id` < 10"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("checks = %s", jsonOf(got))
	}
}

func TestMySQLVersion(t *testing.T) {
	tests := map[string]mysqlFlavor{
		"10.11.19-MariaDB-0+deb12u1": {MariaDB: true, Major: 10, Minor: 11, Patch: 19},
		"8.0.36":                     {Major: 8, Minor: 0, Patch: 36},
		"5.5.5-10.6.4-MariaDB":       {MariaDB: true, Major: 10, Minor: 6, Patch: 4},
		"":                           {},
	}
	for in, want := range tests {
		if got := parseMySQLVersion(in); got != want {
			t.Errorf("%q → %+v, want %+v", in, got, want)
		}
	}
}

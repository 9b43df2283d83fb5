package sqltext

import "testing"

func TestMySQLIntType(t *testing.T) {
	for in, want := range map[string]string{
		"int(11)":                  "int",
		"integer(11)":              "integer",
		"bigint(20) unsigned":      "bigint unsigned",
		"tinyint(1)":               "tinyint(1)",
		"tinyint(4)":               "tinyint",
		"year(4)":                  "year",
		"int(5) unsigned zerofill": "int(5) unsigned zerofill",
		"int(8) zerofill":          "int(8) zerofill",
		"varchar(20)":              "varchar(20)",
		"decimal(10,2)":            "decimal(10,2)",
	} {
		if got := MySQLIntType(in); got != want {
			t.Errorf("MySQLIntType(%q) = %q, want %q", in, got, want)
		}
	}
}

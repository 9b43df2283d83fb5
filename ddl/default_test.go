package ddl

import (
	"testing"

	"github.com/dbinspect/dbinspect/schema"
)

func TestDefaultClauseKeepsSQLiteExpressionsInParentheses(t *testing.T) {
	cases := map[string]string{
		"datetime('now')":   "(datetime('now'))",
		"1+2":               "(1+2)",
		"(1)+(2)":           "((1)+(2))",
		"(random())":        "(random())",
		"'a(b'":             "'a(b'",
		"'it''s'":           "'it''s'",
		"-1":                "-1",
		"+1.5e3":            "+1.5e3",
		"0x1F":              "0x1F",
		"X'00ff'":           "X'00ff'",
		"NULL":              "NULL",
		"CURRENT_TIMESTAMP": "CURRENT_TIMESTAMP",
		"'a' || 'b'":        "('a' || 'b')",
	}
	for in, want := range cases {
		if got := DefaultClause(schema.SQLite, in); got != want {
			t.Errorf("DefaultClause(%q) = %q, want %q", in, got, want)
		}
	}
	if got := DefaultClause(schema.Postgres, "now()"); got != "now()" {
		t.Errorf("PostgreSQL defaults are written as the server reports them: %q", got)
	}
}

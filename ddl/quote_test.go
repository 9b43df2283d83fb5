package ddl

import (
	"database/sql"
	"strings"
	"testing"
	"unicode/utf8"

	_ "modernc.org/sqlite"

	"github.com/dbinspect/dbinspect/schema"
)

var hostileSeeds = []string{"users", "select", "we\"ird", "it's", "back\\slash", "`tick`", "new\nline", "*/ --", "ünï", `"""`, "", "a\x00b"}

// unquoteIdent reverses QuoteIdent by the SQL rules: strip the quotes, undouble inside.
func unquoteIdent(q, quoted string) (string, bool) {
	if len(quoted) < 2 || !strings.HasPrefix(quoted, q) || !strings.HasSuffix(quoted, q) {
		return "", false
	}
	inner := quoted[1 : len(quoted)-1]
	if strings.Count(inner, q)%2 != 0 || strings.Contains(strings.ReplaceAll(inner, q+q, ""), q) {
		return "", false // a lone quote would end the identifier early
	}
	return strings.ReplaceAll(inner, q+q, q), true
}

func FuzzQuoteIdent(f *testing.F) {
	for _, s := range hostileSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		want := strings.ReplaceAll(name, "\x00", "")
		for d, q := range map[schema.Dialect]string{schema.Postgres: `"`, schema.SQLite: `"`, schema.MySQL: "`"} {
			got, ok := unquoteIdent(q, QuoteIdent(d, name))
			if !ok || got != want {
				t.Fatalf("%s: QuoteIdent(%q) = %s does not read back", d, name, QuoteIdent(d, name))
			}
		}
	})
}

func FuzzQuoteString(f *testing.F) {
	for _, s := range hostileSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := strings.ReplaceAll(s, "\x00", "")
		q := QuoteString(schema.SQLite, s)
		inner := q[1 : len(q)-1]
		if strings.Contains(strings.ReplaceAll(inner, "''", ""), "'") {
			t.Fatalf("QuoteString(%q) = %s leaves a lone quote", s, q)
		}
		my := QuoteString(schema.MySQL, s)
		back := strings.NewReplacer(`\\`, `\`, "''", "'").Replace(my[1 : len(my)-1])
		if back != want {
			t.Fatalf("MySQL QuoteString(%q) = %s reads back as %q", s, my, back)
		}
	})
}

// FuzzQuotingOnSQLite asks a real SQL parser: a table and column named by any string, with
// a default holding any string, must be created and read back with exactly those names.
func FuzzQuotingOnSQLite(f *testing.F) {
	for _, s := range hostileSeeds {
		f.Add(s, s)
	}
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		f.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	f.Fuzz(func(t *testing.T, name, literal string) {
		if !utf8.ValidString(name) || !utf8.ValidString(literal) {
			t.Skip("SQLite names and text are UTF-8")
		}
		name = strings.ReplaceAll(name, "\x00", "")
		want := strings.ReplaceAll(literal, "\x00", "")
		if name == "" || strings.HasPrefix(strings.ToLower(name), "sqlite_") {
			t.Skip("not a valid table name")
		}
		table := QuoteIdent(schema.SQLite, name)
		stmt := "CREATE TABLE " + table + " (" + table + " TEXT DEFAULT " + QuoteString(schema.SQLite, literal) + ")"
		if _, err := db.Exec(stmt); err != nil {
			t.Fatalf("%v\n%s", err, stmt)
		}
		defer db.Exec("DROP TABLE " + table)
		var col, def string
		if err := db.QueryRow("SELECT name, dflt_value FROM pragma_table_info(?)", name).Scan(&col, &def); err != nil {
			t.Fatalf("read back %q: %v", name, err)
		}
		var got string
		if err := db.QueryRow("SELECT " + def).Scan(&got); err != nil || col != name || got != want {
			t.Fatalf("name %q default %q read back as %q / %q (%v)", name, want, col, got, err)
		}
	})
}

func TestCheckClause(t *testing.T) {
	for in, want := range map[string]string{
		"a > 0":                "CHECK (a > 0)",
		"CHECK ((a > 0))":      "CHECK ((a > 0))",
		"check (a > 0)":        "CHECK (a > 0)",
		"checked_at IS NULL":   "CHECK (checked_at IS NULL)",
		"(checked_at IS NULL)": "CHECK ((checked_at IS NULL))",
	} {
		if got := CheckClause(in); got != want {
			t.Errorf("CheckClause(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCommentCannotEndLine(t *testing.T) {
	if got := Comment("a\nDROP TABLE x;\r\u2028"); strings.ContainsAny(got, "\n\r\u2028") {
		t.Errorf("Comment kept a line break: %q", got)
	}
}

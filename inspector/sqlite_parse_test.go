package inspector

import (
	"reflect"
	"strings"
	"testing"
)

func TestTokenize(t *testing.T) {
	for _, c := range []struct {
		sql  string
		want []string
	}{
		{`CREATE TABLE t(a)`, []string{"CREATE", "TABLE", "t", "(", "a", ")"}},
		{`"a""b" [c d] ` + "`e``f`" + ` 'g''h'`, []string{`"a""b"`, `[c d]`, "`e``f`", `'g''h'`}},
		{"a -- ) comment\nb /* ( */ c", []string{"a", "b", "c"}},
		{`x'00ff' 1.5e-3 .5 0x1F`, []string{`x'00ff'`, `1.5e-3`, `.5`, `0x1F`}},
		{`名前 über_1 $x`, []string{`名前`, `über_1`, `$x`}},
		{`a<>'b'`, []string{"a", "<", ">", "'b'"}},
		// Unterminated quotes and comments run to the end instead of failing.
		{`a 'open`, []string{"a", "'open"}},
		{`a "open`, []string{"a", `"open`}},
		{`a [open`, []string{"a", "[open"}},
		{`a /* open`, []string{"a"}},
	} {
		var got []string
		for _, tok := range tokenize(c.sql, nil) {
			got = append(got, c.sql[tok.start:tok.end])
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("tokenize(%q) = %q, want %q", c.sql, got, c.want)
		}
	}
}

func TestUnquote(t *testing.T) {
	for in, want := range map[string]string{
		`plain`: `plain`, `"a""b"`: `a"b`, "`a``b`": "a`b", `[a"b]`: `a"b`, `'it''s'`: `it's`,
		`"`: `"`, `""`: ``, `"open`: `open`, `[open`: `open`, `"名前"`: `名前`,
	} {
		if got := unquote(in); got != want {
			t.Errorf("unquote(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseCreateTable(t *testing.T) {
	for _, c := range []struct {
		name, sql string
		want      tableDef
	}{
		{"table constraints without commas",
			`CREATE TABLE t(a, b, PRIMARY KEY(a) UNIQUE(b) CHECK(a>b))`,
			tableDef{columns: []columnDef{{name: "a"}, {name: "b"}}, uniques: []uniqueDef{{columns: []string{"b"}}},
				checks: []checkDef{{expression: "a>b"}}}},
		{"AUTOINCREMENT in a table-level key",
			`CREATE TABLE t(id INTEGER, PRIMARY KEY(id AUTOINCREMENT))`,
			tableDef{columns: []columnDef{{name: "id", autoIncrement: true}}}},
		{"DEFAULT NULL is a value, not a constraint",
			`CREATE TABLE t(a TEXT DEFAULT NULL NOT NULL CHECK(a <> ''), b DEFAULT -1 CHECK (b < 0))`,
			tableDef{columns: []columnDef{{name: "a", notNull: true}, {name: "b"}},
				checks: []checkDef{{expression: "a <> ''", column: "a"}, {expression: "b < 0", column: "b"}}}},
		{"foreign key clauses",
			`CREATE TABLE t(a REFERENCES p(x) ON DELETE SET NULL ON UPDATE NO ACTION MATCH FULL NOT DEFERRABLE INITIALLY DEFERRED NOT NULL,
			 b, c, CONSTRAINT fk FOREIGN KEY (b, c) REFERENCES "q r" ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED)`,
			tableDef{columns: []columnDef{{name: "a", notNull: true}, {name: "b"}, {name: "c"}}, foreignKeys: []foreignKeyDef{
				{columns: []string{"a"}, refTable: "p", refColumns: []string{"x"}, match: "FULL"},
				{name: "fk", columns: []string{"b", "c"}, refTable: "q r", deferrable: true, initiallyDeferred: true},
			}}},
		{"deferrable but initially immediate",
			`CREATE TABLE t(a REFERENCES p DEFERRABLE INITIALLY IMMEDIATE, b REFERENCES p DEFERRABLE)`,
			tableDef{columns: []columnDef{{name: "a"}, {name: "b"}}, foreignKeys: []foreignKeyDef{
				{columns: []string{"a"}, refTable: "p", deferrable: true},
				{columns: []string{"b"}, refTable: "p", deferrable: true},
			}}},
		{"comments and quotes hide parentheses",
			"CREATE TABLE t(-- c )\n a /* ) */ INT CHECK (a /* ( */ > 0 AND ')' <> \"(\"), [b)] TEXT)",
			tableDef{columns: []columnDef{{name: "a"}, {name: "b)"}},
				checks: []checkDef{{expression: "a /* ( */ > 0 AND ')' <> \"(\"", column: "a"}}}},
		{"types with parentheses and several words",
			`CREATE TABLE t(a DOUBLE PRECISION(10, 2) NOT NULL, b UNSIGNED BIG INT COLLATE rtrim)`,
			tableDef{columns: []columnDef{{name: "a", notNull: true}, {name: "b", collation: "rtrim"}}}},
		{"generated columns",
			`CREATE TABLE t(a, b TEXT GENERATED ALWAYS AS (lower(a)) STORED COLLATE NOCASE, c AS (a || ')') VIRTUAL)`,
			tableDef{columns: []columnDef{{name: "a"}, {name: "b", generated: "lower(a)", collation: "NOCASE"},
				{name: "c", generated: "a || ')'"}}}},
		{"table options",
			`CREATE TABLE t(a INTEGER PRIMARY KEY) STRICT, WITHOUT ROWID`,
			tableDef{columns: []columnDef{{name: "a"}}, withoutRowID: true, strict: true}},
		{"a constraint name holds until the comma, as in SQLite",
			`CREATE TABLE t(a INT CONSTRAINT nn NOT NULL CHECK (a > 0), b CHECK (b > 5), CONSTRAINT c1 CHECK (a > 1) CHECK (a > 2), CHECK (a > 3))`,
			tableDef{columns: []columnDef{{name: "a", notNull: true}, {name: "b"}}, checks: []checkDef{
				{name: "nn", expression: "a > 0", column: "a"}, {expression: "b > 5", column: "b"},
				{name: "c1", expression: "a > 1"}, {name: "c1", expression: "a > 2"}, {expression: "a > 3"}}}},
		{"named primary keys",
			`CREATE TABLE t(a CONSTRAINT "my pk" PRIMARY KEY ASC ON CONFLICT ROLLBACK AUTOINCREMENT)`,
			tableDef{columns: []columnDef{{name: "a", autoIncrement: true}}, pkName: ptr("my pk")}},
		{"string literals as names",
			`CREATE TABLE 't'('a' TEXT UNIQUE, UNIQUE ('a'))`,
			tableDef{columns: []columnDef{{name: "a"}}, uniques: []uniqueDef{{columns: []string{"a"}}, {columns: []string{"a"}}}}},
		{"virtual tables have no column definitions", `CREATE VIRTUAL TABLE v USING fts5(a, b UNINDEXED)`, tableDef{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, _ := parseCreateTable(c.sql, nil)
			if !reflect.DeepEqual(*got, c.want) {
				t.Errorf("parseCreateTable(%q)\n got %+v\nwant %+v", c.sql, *got, c.want)
			}
		})
	}
}

func ptr(s string) *string { return &s }

func TestParseCreateIndex(t *testing.T) {
	for _, c := range []struct {
		sql  string
		want indexDef
	}{
		{`CREATE INDEX i ON t (a, b DESC)`, indexDef{parts: []string{"a", "b"}}},
		{`CREATE UNIQUE INDEX "i on" ON "t" (lower(a) COLLATE NOCASE DESC, a COLLATE "x" ASC, (a + b)) WHERE a > 0 AND b IS NOT NULL`,
			indexDef{parts: []string{"lower(a)", "a", "(a + b)"}, where: "a > 0 AND b IS NOT NULL"}},
		{`CREATE INDEX i ON t (substr(a, 1, 2), CASE WHEN a THEN 'x,y' END)`,
			indexDef{parts: []string{"substr(a, 1, 2)", "CASE WHEN a THEN 'x,y' END"}}},
		{`CREATE INDEX broken`, indexDef{}},
	} {
		got, _ := parseCreateIndex(c.sql, nil)
		if !reflect.DeepEqual(*got, c.want) {
			t.Errorf("parseCreateIndex(%q)\n got %+v\nwant %+v", c.sql, *got, c.want)
		}
	}
}

func TestParseViewAndTrigger(t *testing.T) {
	for sql, want := range map[string]string{
		`CREATE VIEW v AS SELECT 1`:                                "SELECT 1",
		`CREATE VIEW "as" (a, "AS") AS SELECT x AS a, y FROM t`:    "SELECT x AS a, y FROM t",
		"CREATE VIEW v AS\n  WITH c AS (SELECT 1) SELECT * FROM c": "WITH c AS (SELECT 1) SELECT * FROM c",
	} {
		if got := parseViewQuery(sql); got != want {
			t.Errorf("parseViewQuery(%q) = %q, want %q", sql, got, want)
		}
	}
	for _, c := range []struct {
		sql  string
		want triggerDef
	}{
		{`CREATE TRIGGER IF NOT EXISTS main.tr AFTER UPDATE OF "a b", c ON t FOR EACH ROW WHEN new.c > (SELECT 1) BEGIN SELECT 1; END`,
			triggerDef{timing: "AFTER", event: "UPDATE", updateColumns: []string{"a b", "c"}, when: "new.c > (SELECT 1)"}},
		{`CREATE TRIGGER tr instead of delete on v begin select case when 1 then 2 end; end`,
			triggerDef{timing: "INSTEAD OF", event: "DELETE"}},
		{`CREATE TRIGGER "before" INSERT ON t BEGIN SELECT 1; END`, triggerDef{timing: "BEFORE", event: "INSERT"}},
	} {
		if got := parseCreateTrigger(c.sql); !reflect.DeepEqual(*got, c.want) {
			t.Errorf("parseCreateTrigger(%q)\n got %+v\nwant %+v", c.sql, *got, c.want)
		}
	}
	if m := virtualTableModule(`CREATE VIRTUAL TABLE "using" USING rtree(id, x0, x1)`); m != "rtree" {
		t.Errorf("module %q", m)
	}
}

// FuzzSQLiteParse: no input makes the tokenizer or a parser panic, and tokens stay inside
// the text, in order.
func FuzzSQLiteParse(f *testing.F) {
	for _, seed := range []string{
		everyKindDDL,
		`CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT CHECK (b <> ')') REFERENCES p(x) ON DELETE CASCADE)`,
		`CREATE UNIQUE INDEX i ON t (lower(a) COLLATE NOCASE DESC) WHERE a > 0`,
		`CREATE TRIGGER tr AFTER UPDATE OF a ON t WHEN 1 BEGIN SELECT 1; END`,
		`CREATE VIEW v (a) AS SELECT 1`,
		`CREATE TABLE "unterminated`, `CREATE TABLE t(a /* open`, `CREATE TABLE t((((`, `))))`,
		`CREATE TABLE t(a CONSTRAINT`, `CREATE TABLE t(a REFERENCES`, `CREATE TABLE t(a GENERATED ALWAYS AS`,
		`CREATE INDEX i ON`, `CREATE TRIGGER`, `CREATE TRIGGER t UPDATE OF`, `CREATE VIRTUAL TABLE v USING`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, sql string) {
		prev := 0
		for _, tok := range tokenize(sql, nil) {
			if tok.start < prev || tok.end <= tok.start || tok.end > len(sql) {
				t.Fatalf("token %+v out of order or bounds (prev end %d, len %d)", tok, prev, len(sql))
			}
			prev = tok.end
			_ = unquote(sql[tok.start:tok.end])
		}
		parseCreateTable(sql, nil)
		parseCreateIndex(sql, nil)
		parseCreateTrigger(sql)
		parseViewQuery(sql)
		virtualTableModule(sql)
		if strings.HasPrefix(sql, "CREATE") {
			parseCreateTable("CREATE TABLE t("+sql, nil)
		}
	})
}

package inspector

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/drivers"
	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/schema"
)

// inspectSQLite loads ddl into a new SQLite file and inspects it the way users do: through a
// TARGET, drivers.Resolve and Inspect.
func inspectSQLite(t *testing.T, ddl string) *schema.Database {
	t.Helper()
	return inspectSQLiteFile(t, dbtest.SQLite(t, ddl))
}

func inspectSQLiteFile(t *testing.T, path string) *schema.Database {
	t.Helper()
	target, err := drivers.Resolve(path)
	if err != nil {
		t.Fatal(err)
	}
	db, err := Inspect(context.Background(), target, Options{})
	if err != nil {
		t.Fatalf("inspect: %v", err)
	}
	return db
}

// mainSchema returns the one schema of an SQLite model.
func mainSchema(t *testing.T, db *schema.Database) *schema.Schema {
	t.Helper()
	if len(db.Schemas) != 1 || db.Schemas[0].Name != "main" {
		t.Fatalf("want exactly the schema main, got %d schemas", len(db.Schemas))
	}
	return &db.Schemas[0]
}

func sqliteMustTable(t *testing.T, s *schema.Schema, name string) *schema.Table {
	t.Helper()
	tb := s.Table(name)
	if tb == nil {
		t.Fatalf("table %q not read", name)
	}
	return tb
}

// equal fails the test with both values as JSON-ish Go syntax when they differ.
func equal[T any](t *testing.T, what string, got, want T) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got %#v\nwant %#v", what, got, want)
	}
}

// everyKindDDL has one of every object kind the SQLite inspector reads.
const everyKindDDL = `
CREATE TABLE parent (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  code TEXT NOT NULL UNIQUE,
  label TEXT COLLATE NOCASE DEFAULT 'it''s',
  CONSTRAINT uq_parent_pair UNIQUE (code, label)
);
CREATE TABLE pair (
  a INTEGER,
  b TEXT,
  score REAL DEFAULT -1.5,
  CONSTRAINT pk_pair PRIMARY KEY (a, b),
  CONSTRAINT fk_pair_parent FOREIGN KEY (a) REFERENCES parent (id)
    ON DELETE CASCADE ON UPDATE SET NULL DEFERRABLE INITIALLY DEFERRED,
  CHECK (a > 0 AND b <> ')'), /* a comment ( with a parenthesis */
  CONSTRAINT ck_score CHECK (score < 10)
) WITHOUT ROWID;
CREATE TABLE child (
  id INTEGER PRIMARY KEY,
  parent_id INTEGER REFERENCES parent,   -- no column list: the parent's primary key
  pa INTEGER, pb TEXT,
  a INT CONSTRAINT ck_a CHECK (a >= 0) NOT NULL,
  b INT GENERATED ALWAYS AS (a * 2) VIRTUAL,
  d TEXT DEFAULT CURRENT_TIMESTAMP,
  c TEXT AS (upper(d || 'x)')) STORED,
  UNIQUE (a, b),
  FOREIGN KEY (pa, pb) REFERENCES pair (a, b) ON DELETE SET DEFAULT DEFERRABLE
) STRICT;
CREATE TABLE quirk (k INTEGER PRIMARY KEY DESC, v);
CREATE INDEX ix_child_expr ON child (lower(d) COLLATE NOCASE DESC, a);
CREATE UNIQUE INDEX "ix partial" ON child (a) WHERE a > 10 AND d IS NOT NULL;
CREATE INDEX ix_parent_code ON parent (code DESC);
CREATE TRIGGER trg_child_upd AFTER UPDATE OF a, "d" ON child FOR EACH ROW WHEN NEW.a > 5
BEGIN UPDATE parent SET code = code WHERE id = NEW.parent_id; END;
CREATE TRIGGER trg_parent_del BEFORE DELETE ON parent
BEGIN SELECT CASE WHEN OLD.id = 1 THEN RAISE(ABORT, 'no') END; END;
CREATE TRIGGER trg_parent_ins INSERT ON parent BEGIN SELECT 1; END;
CREATE VIEW parent_codes (x, y) AS SELECT id, code FROM parent WHERE code <> 'AS';
CREATE TRIGGER trg_view INSTEAD OF INSERT ON parent_codes BEGIN INSERT INTO parent(code) VALUES (NEW.y); END;
CREATE VIRTUAL TABLE docs USING fts5(title, body);
`

func sqliteCol(name, typ string, nullable bool) schema.Column {
	return schema.Column{Name: name, Type: typ, Nullable: nullable}
}

func withDefault(c schema.Column, d string) schema.Column { c.Default = &d; return c }

func TestSQLiteEveryObjectKind(t *testing.T) {
	db := inspectSQLite(t, everyKindDDL)
	if db.Dialect != schema.SQLite || db.FormatVersion != schema.FormatVersion {
		t.Errorf("dialect %q, format %d", db.Dialect, db.FormatVersion)
	}
	if !strings.HasPrefix(db.ServerVersion, "3.") {
		t.Errorf("server version %q, want sqlite_version()", db.ServerVersion)
	}
	s := mainSchema(t, db)
	parent, pair, child := sqliteMustTable(t, s, "parent"), sqliteMustTable(t, s, "pair"), sqliteMustTable(t, s, "child")

	t.Run("columns", func(t *testing.T) {
		autoinc := sqliteCol("id", "INTEGER", false)
		autoinc.AutoIncrement = true
		label := withDefault(sqliteCol("label", "TEXT", true), "'it''s'")
		label.Collation = "NOCASE"
		gb := sqliteCol("b", "INT", true)
		gb.Generated = &schema.Generated{Expression: "a * 2", Kind: "VIRTUAL"}
		gc := sqliteCol("c", "TEXT", true)
		gc.Generated = &schema.Generated{Expression: "upper(d || 'x)')", Kind: "STORED"}
		for _, c := range []struct {
			table *schema.Table
			want  []schema.Column
		}{
			{parent, []schema.Column{autoinc, sqliteCol("code", "TEXT", false), label}},
			// WITHOUT ROWID: every primary key column is NOT NULL.
			{pair, []schema.Column{sqliteCol("a", "INTEGER", false), sqliteCol("b", "TEXT", false),
				withDefault(sqliteCol("score", "REAL", true), "-1.5")}},
			// INTEGER PRIMARY KEY (a rowid alias) is NOT NULL though the pragma says nullable.
			{child, []schema.Column{sqliteCol("id", "INTEGER", false), sqliteCol("parent_id", "INTEGER", true),
				sqliteCol("pa", "INTEGER", true), sqliteCol("pb", "TEXT", true), sqliteCol("a", "INT", false), gb,
				withDefault(sqliteCol("d", "TEXT", true), "CURRENT_TIMESTAMP"), gc}},
			// INTEGER PRIMARY KEY DESC is no rowid alias: SQLite lets it hold NULL.
			{sqliteMustTable(t, s, "quirk"), []schema.Column{sqliteCol("k", "INTEGER", true), sqliteCol("v", "", true)}},
		} {
			equal(t, c.table.Name+" columns", c.table.Columns, c.want)
		}
	})

	t.Run("primary keys", func(t *testing.T) {
		equal(t, "parent", parent.PrimaryKey, &schema.PrimaryKey{Columns: []string{"id"}})
		equal(t, "pair", pair.PrimaryKey, &schema.PrimaryKey{Name: schema.Ptr("pk_pair"), Columns: []string{"a", "b"}})
		equal(t, "docs", sqliteMustTable(t, s, "docs").PrimaryKey, (*schema.PrimaryKey)(nil))
	})

	t.Run("foreign keys", func(t *testing.T) {
		equal(t, "pair", pair.ForeignKeys, []schema.ForeignKey{{
			Name: "fk_pair_parent", Columns: []string{"a"}, RefSchema: "main", RefTable: "parent",
			RefColumns: []string{"id"}, OnDelete: "CASCADE", OnUpdate: "SET NULL",
			Deferrable: true, InitiallyDeferred: true,
		}})
		equal(t, "child", child.ForeignKeys, []schema.ForeignKey{
			{Columns: []string{"pa", "pb"}, RefSchema: "main", RefTable: "pair", RefColumns: []string{"a", "b"},
				OnDelete: "SET DEFAULT", OnUpdate: "NO ACTION", Deferrable: true},
			{Columns: []string{"parent_id"}, RefSchema: "main", RefTable: "parent", RefColumns: []string{"id"},
				OnDelete: "NO ACTION", OnUpdate: "NO ACTION"},
		})
	})

	t.Run("uniques", func(t *testing.T) {
		equal(t, "parent", parent.Uniques, []schema.Unique{
			{Name: "", Columns: []string{"code"}}, // declared without a name: none is invented
			{Name: "uq_parent_pair", Columns: []string{"code", "label"}},
		})
		equal(t, "child", child.Uniques, []schema.Unique{{Name: "", Columns: []string{"a", "b"}}})
	})

	t.Run("checks", func(t *testing.T) {
		equal(t, "pair", pair.Checks, []schema.Check{
			{Expression: "a > 0 AND b <> ')'"},
			{Name: "ck_score", Expression: "score < 10"},
		})
		equal(t, "child", child.Checks, []schema.Check{{Name: "ck_a", Expression: "a >= 0", Column: "a"}})
	})

	t.Run("indexes", func(t *testing.T) {
		equal(t, "child", child.Indexes, []schema.Index{
			{Name: "ix partial", Unique: true, Columns: []string{"a"}, Parts: []schema.IndexPart{{Column: "a"}},
				Where:      "a > 10 AND d IS NOT NULL",
				Definition: `CREATE UNIQUE INDEX "ix partial" ON child (a) WHERE a > 10 AND d IS NOT NULL`},
			{Name: "ix_child_expr", Columns: []string{"lower(d)", "a"},
				Parts:      []schema.IndexPart{{Expression: "lower(d)", Desc: true, Collation: "NOCASE"}, {Column: "a"}},
				Definition: "CREATE INDEX ix_child_expr ON child (lower(d) COLLATE NOCASE DESC, a)"},
			{Name: "sqlite_autoindex_child_1", Unique: true, Columns: []string{"a", "b"},
				Parts: []schema.IndexPart{{Column: "a"}, {Column: "b"}}, Constraint: "sqlite_autoindex_child_1"},
		})
		equal(t, "parent", parent.Indexes, []schema.Index{
			{Name: "ix_parent_code", Columns: []string{"code"}, Parts: []schema.IndexPart{{Column: "code", Desc: true}},
				Definition: "CREATE INDEX ix_parent_code ON parent (code DESC)"},
			{Name: "sqlite_autoindex_parent_1", Unique: true, Columns: []string{"code"},
				Parts: []schema.IndexPart{{Column: "code"}}, Constraint: "sqlite_autoindex_parent_1"},
			{Name: "sqlite_autoindex_parent_2", Unique: true, Columns: []string{"code", "label"},
				Parts: []schema.IndexPart{{Column: "code"}, {Column: "label"}} /* NOCASE is the column's */, Constraint: "uq_parent_pair"},
		})
		// A WITHOUT ROWID table's key index has no row in sqlite_schema but is still read.
		equal(t, "pair", pair.Indexes, []schema.Index{{Name: "sqlite_autoindex_pair_1", Unique: true,
			Columns: []string{"a", "b"}, Parts: []schema.IndexPart{{Column: "a"}, {Column: "b"}}, Constraint: "pk_pair"}})
		equal(t, "quirk", sqliteMustTable(t, s, "quirk").Indexes, []schema.Index{{Name: "sqlite_autoindex_quirk_1", Unique: true,
			Columns: []string{"k"}, Parts: []schema.IndexPart{{Column: "k", Desc: true}}, Constraint: "sqlite_autoindex_quirk_1"}})
	})

	t.Run("triggers", func(t *testing.T) {
		equal(t, "child", child.Triggers, []schema.Trigger{{Name: "trg_child_upd", Timing: "AFTER",
			Events: []schema.TriggerEvent{"UPDATE"}, UpdateColumns: []string{"a", "d"}, Level: "ROW", When: "NEW.a > 5",
			Definition: "CREATE TRIGGER trg_child_upd AFTER UPDATE OF a, \"d\" ON child FOR EACH ROW WHEN NEW.a > 5\nBEGIN UPDATE parent SET code = code WHERE id = NEW.parent_id; END"}})
		equal(t, "parent", parent.Triggers, []schema.Trigger{
			{Name: "trg_parent_del", Timing: "BEFORE", Events: []schema.TriggerEvent{"DELETE"}, Level: "ROW",
				Definition: "CREATE TRIGGER trg_parent_del BEFORE DELETE ON parent\nBEGIN SELECT CASE WHEN OLD.id = 1 THEN RAISE(ABORT, 'no') END; END"},
			// No timing written: SQLite's default is BEFORE.
			{Name: "trg_parent_ins", Timing: "BEFORE", Events: []schema.TriggerEvent{"INSERT"}, Level: "ROW",
				Definition: "CREATE TRIGGER trg_parent_ins INSERT ON parent BEGIN SELECT 1; END"},
		})
	})

	t.Run("views", func(t *testing.T) {
		equal(t, "views", s.Views, []schema.View{{
			Name:       "parent_codes",
			Definition: "SELECT id, code FROM parent WHERE code <> 'AS'",
			Columns:    []schema.Column{sqliteCol("x", "INTEGER", true), sqliteCol("y", "TEXT", true)},
			Triggers: []schema.Trigger{{Name: "trg_view", Timing: "INSTEAD OF", Events: []schema.TriggerEvent{"INSERT"}, Level: "ROW",
				Definition: "CREATE TRIGGER trg_view INSTEAD OF INSERT ON parent_codes BEGIN INSERT INTO parent(code) VALUES (NEW.y); END"}},
		}})
	})

	t.Run("table options", func(t *testing.T) {
		for _, c := range []struct {
			table                  string
			withoutRowID, strict   bool
			module                 string
			invisible, visibleCols int
		}{
			{table: "parent", visibleCols: 3},
			{table: "pair", withoutRowID: true, visibleCols: 3},
			{table: "child", strict: true, visibleCols: 8},
			{table: "docs", module: "fts5", invisible: 2, visibleCols: 2},
			// fts5's shadow tables are ordinary tables, as sqlite_schema lists them.
			{table: "docs_config", withoutRowID: true, visibleCols: 2},
			{table: "docs_content", visibleCols: 3},
		} {
			tb := sqliteMustTable(t, s, c.table)
			got := tb.SQLite
			if got == nil || got.WithoutRowID != c.withoutRowID || got.Strict != c.strict || got.Module != c.module {
				t.Errorf("%s: sqlite options %+v", c.table, got)
				continue
			}
			if !strings.HasPrefix(got.Definition, "CREATE ") {
				t.Errorf("%s: definition %q", c.table, got.Definition)
			}
			invisible := 0
			for _, sqliteCol := range tb.Columns {
				if sqliteCol.Invisible {
					invisible++
				}
			}
			if invisible != c.invisible || len(tb.Columns)-invisible != c.visibleCols {
				t.Errorf("%s: %d visible and %d hidden columns, want %d and %d", c.table,
					len(tb.Columns)-invisible, invisible, c.visibleCols, c.invisible)
			}
		}
		if k := sqliteMustTable(t, s, "docs").Kind(); k != "virtual table" {
			t.Errorf("docs is a %q", k)
		}
	})
}

// TestSQLiteHostileNames: every kind of name SQLite accepts survives exactly, in tables,
// columns, constraints, indexes, triggers and views.
func TestSQLiteHostileNames(t *testing.T) {
	for _, name := range []string{
		`with space`, `dq"uote`, `sq'uote`, "back`tick", `br[ack]et`, "new\nline", `select`, `from`,
		`Ünïcødé 名前`, `paren(`, `comma,`, `--dash`, `/*star*/`, `CHECK`, `a.b`, `;`,
	} {
		t.Run(name, func(t *testing.T) {
			q := quoteIdent(name)
			qx := quoteIdent(name + "_x")
			ddl := fmt.Sprintf(`
CREATE TABLE %[1]s (%[1]s INTEGER CONSTRAINT %[1]s PRIMARY KEY, %[2]s TEXT CONSTRAINT %[2]s CHECK (length(%[2]s) > 0));
CREATE TABLE %[3]s (%[1]s INTEGER CONSTRAINT %[3]s REFERENCES %[1]s (%[1]s), v TEXT,
  CONSTRAINT %[4]s UNIQUE (v, %[1]s));
CREATE INDEX %[5]s ON %[3]s (%[1]s DESC);
CREATE VIEW %[6]s (%[1]s) AS SELECT %[1]s FROM %[1]s;
CREATE TRIGGER %[7]s AFTER UPDATE OF %[2]s ON %[1]s BEGIN SELECT 1; END;
`, q, qx, quoteIdent(name+"_child"), quoteIdent(name+"_uq"), quoteIdent(name+"_ix"),
				quoteIdent(name+"_view"), quoteIdent(name+"_trg"))
			s := mainSchema(t, inspectSQLite(t, ddl))
			tb := sqliteMustTable(t, s, name)
			equal(t, "columns", tb.Columns, []schema.Column{sqliteCol(name, "INTEGER", false), sqliteCol(name+"_x", "TEXT", true)})
			equal(t, "primary key", tb.PrimaryKey, &schema.PrimaryKey{Name: schema.Ptr(name), Columns: []string{name}})
			equal(t, "checks", tb.Checks, []schema.Check{{Name: name + "_x",
				Expression: "length(" + qx + ") > 0", Column: name + "_x"}})
			equal(t, "trigger", tb.Triggers[0].UpdateColumns, []string{name + "_x"})
			equal(t, "trigger name", tb.Triggers[0].Name, name+"_trg")
			child := sqliteMustTable(t, s, name+"_child")
			equal(t, "foreign keys", child.ForeignKeys, []schema.ForeignKey{{Name: name + "_child",
				Columns: []string{name}, RefSchema: "main", RefTable: name, RefColumns: []string{name},
				OnDelete: "NO ACTION", OnUpdate: "NO ACTION"}})
			equal(t, "uniques", child.Uniques, []schema.Unique{{Name: name + "_uq", Columns: []string{"v", name}}})
			if child.Index(name+"_ix") == nil || child.Index(name + "_ix").Parts[0].Column != name {
				t.Errorf("index %q: %+v", name+"_ix", child.Indexes)
			}
			v := s.View(name + "_view")
			if v == nil || len(v.Columns) != 1 || v.Columns[0].Name != name || v.Definition != "SELECT "+q+" FROM "+q {
				t.Errorf("view: %+v", v)
			}
		})
	}
}

// quoteIdent quotes a name for SQLite with double quotes.
func quoteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// manyTablesDDL builds n tables, each with a foreign key, a check and two indexes, plus a
// view and a trigger per ten tables.
func manyTablesDDL(n int) string {
	var b strings.Builder
	b.WriteString("BEGIN;\n") // one transaction: a thousand autocommits would each sync the file
	for i := range n {
		fmt.Fprintf(&b, "CREATE TABLE t%d (id INTEGER PRIMARY KEY, p INTEGER REFERENCES t%d, v TEXT UNIQUE CHECK (v <> ''));\n", i, max(i-1, 0))
		fmt.Fprintf(&b, "CREATE INDEX ix%d ON t%d (v, p);\n", i, i)
		if i%10 == 0 {
			fmt.Fprintf(&b, "CREATE TRIGGER tr%d AFTER INSERT ON t%d BEGIN SELECT 1; END;\n", i, i)
			fmt.Fprintf(&b, "CREATE VIEW v%d AS SELECT * FROM t%d;\n", i, i)
		}
	}
	b.WriteString("CREATE VIRTUAL TABLE docs USING fts5(body);\n")
	b.WriteString("COMMIT;\n")
	return b.String()
}

// TestSQLiteStatementCount: the inspection's cost in statements does not grow with the schema.
func TestSQLiteStatementCount(t *testing.T) {
	counts := map[int]int{}
	for _, n := range []int{10, 1000} {
		path := loadWithShell(t, manyTablesDDL(n))
		db, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		tx, err := db.BeginTx(context.Background(), nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		q := &countingQueryer{Queryer: tx}
		m, err := ReadSQLite(context.Background(), q, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := len(m.Schemas[0].Tables); got != n+6 { // + docs and its 5 shadow tables
			t.Errorf("%d tables: read %d", n, got)
		}
		counts[n] = q.statements
	}
	if counts[10] != counts[1000] || counts[10] != len(sqliteBulkQueries) {
		t.Errorf("statements for 10 tables: %d, for 1000: %d, want %d for both", counts[10], counts[1000], len(sqliteBulkQueries))
	}
}

// TestSQLiteBrokenObjects: a view over a dropped table and a virtual table whose module is
// missing cannot report columns; the rest is still read and the gap is noted.
func TestSQLiteBrokenObjects(t *testing.T) {
	path := dbtest.SQLite(t, `
CREATE TABLE gone (a);
CREATE TABLE kept (b);
CREATE VIEW broken AS SELECT a FROM gone;
CREATE VIEW fine AS SELECT b FROM kept;
DROP TABLE gone;
PRAGMA writable_schema = ON;
INSERT INTO sqlite_schema VALUES ('table', 'ghost', 'ghost', 0, 'CREATE VIRTUAL TABLE ghost USING no_such_module(x)');
`)
	s := mainSchema(t, inspectSQLiteFile(t, path))
	if v := s.View("fine"); v == nil || len(v.Columns) != 1 {
		t.Errorf("view fine: %+v", v)
	}
	if v := s.View("broken"); v == nil || len(v.Columns) != 0 || v.Definition != "SELECT a FROM gone" {
		t.Errorf("view broken: %+v", v)
	}
	if g := sqliteMustTable(t, s, "ghost"); g.SQLite.Module != "no_such_module" {
		t.Errorf("ghost: %+v", g.SQLite)
	}
	db := inspectSQLiteFile(t, path)
	notes := strings.Join(db.Notes, "\n")
	if !strings.Contains(notes, `"broken"`) || !strings.Contains(notes, `"ghost"`) || strings.Contains(notes, `"fine"`) {
		t.Errorf("notes: %q", db.Notes)
	}
}

// TestSQLiteSnapshot: a snapshot reads back into the identical model, and two inspections
// of one database write the same bytes.
func TestSQLiteSnapshot(t *testing.T) {
	path := dbtest.SQLite(t, everyKindDDL)
	first := inspectSQLiteFile(t, path)
	var a, b bytes.Buffer
	if err := schema.WriteSnapshot(&a, first); err != nil {
		t.Fatal(err)
	}
	back, err := schema.ReadSnapshot(bytes.NewReader(a.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, first) {
		t.Errorf("snapshot round trip changed the model")
	}
	if err := schema.WriteSnapshot(&b, inspectSQLiteFile(t, path)); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Errorf("two inspections differ:\n%s\n---\n%s", a.Bytes(), b.Bytes())
	}
}

// TestSQLiteCorpus: real schemas inspect with the counts SQLite's own catalog reports,
// counted here with independent queries.
func TestSQLiteCorpus(t *testing.T) {
	for _, name := range []string{"chinook", "roundcube", "rt", "sakila", "synapse"} {
		t.Run(name, func(t *testing.T) {
			file := loadCorpus(t, dbtest.Corpus(t, name, "sqlite"))
			want := catalogCounts(t, file)
			m := inspectSQLiteFile(t, file)
			assertEncodingJSON(t, m, nil)
			s := mainSchema(t, m)
			var got counts
			got.views = len(s.Views)
			for _, tb := range s.Tables {
				got.tables++
				got.indexes += len(tb.Indexes)
				got.foreignKeys += len(tb.ForeignKeys)
				got.triggers += len(tb.Triggers)
				if tb.SQLite.Module == "" {
					got.columns += len(tb.Columns)
				}
			}
			for _, v := range s.Views {
				got.triggers += len(v.Triggers)
			}
			if got != want {
				t.Errorf("model counts %+v, catalog counts %+v", got, want)
			}
			if got.tables == 0 {
				t.Errorf("no tables read")
			}
		})
	}
}

// loadCorpus loads a corpus file with the sqlite3 shell as the corpus README prescribes:
// synapse uses fts4, which the sqlite3 shell has and modernc.org/sqlite lacks (the inspector
// must then cope with a virtual table whose module is missing).
func loadCorpus(t *testing.T, path string) string {
	t.Helper()
	ddl, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return loadWithShell(t, string(ddl))
}

// loadWithShell loads DDL with the sqlite3 shell, which is also many times faster than
// modernc.org/sqlite under the race detector; without the shell it uses dbtest.SQLite.
func loadWithShell(t *testing.T, ddl string) string {
	t.Helper()
	shell, err := exec.LookPath("sqlite3")
	if err != nil {
		return dbtest.SQLite(t, ddl)
	}
	file := filepath.Join(t.TempDir(), "test.db")
	cmd := exec.Command(shell, "-bail", file)
	cmd.Stdin = strings.NewReader(ddl)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("sqlite3: %v\n%s", err, out)
	}
	return file
}

type counts struct{ tables, views, columns, indexes, foreignKeys, triggers int }

// catalogCounts asks SQLite directly, without the inspector's code.
func catalogCounts(t *testing.T, path string) counts {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	userTables := `FROM sqlite_schema m WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'`
	var c counts
	for _, q := range []struct {
		dst   *int
		query string
	}{
		{&c.tables, `SELECT count(*) ` + userTables},
		{&c.views, `SELECT count(*) FROM sqlite_schema WHERE type = 'view'`},
		// Columns of ordinary tables only: a virtual table's module may be missing here.
		{&c.columns, `SELECT count(*) FROM sqlite_schema m, pragma_table_xinfo(m.name) WHERE m.type = 'table' AND m.rootpage <> 0 AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'`},
		{&c.indexes, `SELECT count(*) FROM sqlite_schema m, pragma_index_list(m.name) WHERE m.type = 'table'`},
		{&c.foreignKeys, `SELECT count(DISTINCT m.name || '/' || f.id) FROM sqlite_schema m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table'`},
		{&c.triggers, `SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'`},
	} {
		if err := db.QueryRow(q.query).Scan(q.dst); err != nil {
			t.Fatalf("%s: %v", q.query, err)
		}
	}
	return c
}

// TestSQLiteSQLFileTarget: a .sql TARGET (DDL loaded into an in-memory database) reads into
// the same model as a database file built from the same DDL.
func TestSQLiteSQLFileTarget(t *testing.T) {
	sqlFile := filepath.Join(t.TempDir(), "schema.sql")
	if err := os.WriteFile(sqlFile, []byte(everyKindDDL), 0o600); err != nil {
		t.Fatal(err)
	}
	fromSQL := inspectSQLiteFile(t, sqlFile)
	fromFile := inspectSQLite(t, everyKindDDL)
	if !reflect.DeepEqual(fromSQL, fromFile) {
		t.Errorf("a .sql target and an SQLite file of the same DDL inspect differently")
	}
}

// readSQLiteThrough reads db's catalog in a transaction, its queries sent through wrap.
func readSQLiteThrough(t *testing.T, db *sql.DB, wrap func(Queryer) Queryer) (*schema.Database, error) {
	t.Helper()
	tx, err := db.BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	return ReadSQLite(context.Background(), wrap(tx), Options{})
}

// failingQueryer is a real connection on which one statement fails (a server error the test
// cannot provoke at will).
type failingQueryer struct {
	Queryer
	fail string
}

func (f failingQueryer) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if query == f.fail {
		return nil, errors.New("disk I/O error")
	}
	return f.Queryer.QueryContext(ctx, query, args...)
}

// TestSQLiteLastQueryFails: the tables are finished on a second goroutine while the foreign
// key query runs; that query failing is still the inspection's error, named by its step, as
// a failure before it is.
func TestSQLiteLastQueryFails(t *testing.T) {
	path := dbtest.SQLite(t, everyKindDDL)
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, tc := range []struct{ query, step string }{
		{sqliteForeignKeysQuery, "sqlite foreign keys: disk I/O error"},
		{sqliteIndexPartsQuery, "sqlite index columns: disk I/O error"},
	} {
		m, err := readSQLiteThrough(t, db, func(q Queryer) Queryer { return failingQueryer{Queryer: q, fail: tc.query} })
		if err == nil || err.Error() != tc.step {
			t.Errorf("got model %v, error %v; want the error %q", m != nil, err, tc.step)
		}
	}
}

// reorderingQueryer is a real connection that sorts the rows of the pragma queries
// otherwise than SQLite sends them: tables in reverse, indexes and their parts in other
// orders than each other. SQLite's own order is what the reader's shortcuts expect
// (tableNamed, partIndex); rows in any other order must make the same model.
type reorderingQueryer struct{ Queryer }

var reorderedQueries = map[string]string{
	sqliteTableColumnsQuery: sqliteTableColumnsQuery + ` ORDER BY m.name DESC, p.cid`,
	sqliteIndexesQuery:      sqliteIndexesQuery + ` ORDER BY m.name DESC, i.name`,
	sqliteIndexPartsQuery:   sqliteIndexPartsQuery + ` ORDER BY i.name, x.seqno`,
	sqliteForeignKeysQuery:  sqliteForeignKeysQuery + ` ORDER BY m.name DESC, f.id, f.seq`,
}

func (q reorderingQueryer) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if reordered, ok := reorderedQueries[query]; ok {
		query = reordered
	}
	return q.Queryer.QueryContext(ctx, query, args...)
}

// TestSQLiteRowsInAnyOrder: the model does not depend on the order of the pragma rows.
func TestSQLiteRowsInAnyOrder(t *testing.T) {
	// Every kind of object, and 40 tables more with their indexes and foreign keys (the fts5
	// table of manyTablesDDL is everyKindDDL's too).
	path := dbtest.SQLite(t, everyKindDDL)
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(strings.Replace(manyTablesDDL(40), "CREATE VIRTUAL TABLE docs USING fts5(body);\n", "", 1)); err != nil {
		t.Fatal(err)
	}
	snapshot := func(reorder bool) string {
		t.Helper()
		m, err := readSQLiteThrough(t, db, func(q Queryer) Queryer {
			if reorder {
				return reorderingQueryer{q}
			}
			return q
		})
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		if err := schema.WriteSnapshot(&b, m); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	want, got := snapshot(false), snapshot(true)
	if !strings.Contains(want, `"ix39"`) || !strings.Contains(want, `"foreign_keys": [`) {
		t.Fatalf("the test schema was not read:\n%.2000s", want)
	}
	if got != want {
		t.Errorf("rows in another order make another model:\n%s", firstDifference(want, got))
	}
}

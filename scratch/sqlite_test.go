package scratch

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dbinspect/dbinspect/schema"
)

// tableNames is a ReadFunc that lists the tables of the loaded database.
func tableNames(ctx context.Context, db *sql.DB, _ []string) (*schema.Database, error) {
	rows, err := db.QueryContext(ctx, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := &schema.Database{Dialect: schema.SQLite, Schemas: []schema.Schema{{Name: "main"}}}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		m.Schemas[0].Tables = append(m.Schemas[0].Tables, schema.Table{Name: n})
	}
	return m, rows.Err()
}

func loadSQLiteText(t *testing.T, text string, o Options) (*schema.Database, error) {
	t.Helper()
	src := Source{Name: "f.sql", Statements: split(t, schema.SQLite, text)}
	return Load(context.Background(), schema.SQLite, nil, src, o, tableNames)
}

// The issue-10 cases: a .sql target loaded into SQLite may build a schema and nothing else.
func TestSQLiteAuthorizerRefuses(t *testing.T) {
	dir := t.TempDir()
	victim := filepath.Join(dir, "prod.db")
	if _, err := loadSQLiteText(t, "", Options{}); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", victim)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("CREATE TABLE Track (id int)"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	out := filepath.Join(dir, "copy.db")
	cases := []struct{ text, want string }{
		{"CREATE TABLE a (x);\nATTACH DATABASE '" + victim + "' AS p;\nDROP TABLE p.Track;", "f.sql:2: ATTACH is refused"},
		{"CREATE TABLE a (x);\nVACUUM INTO '" + out + "';", "f.sql:2: VACUUM is refused"},
		{"CREATE TABLE a (x); SELECT 1;\n  vacuum;", "f.sql:2: VACUUM is refused"},
		{"CREATE TABLE a (x);\nDETACH x;", "DETACH is refused"},
		{"PRAGMA writable_schema = 1;", "f.sql:1: PRAGMA writable_schema = 1 is refused"},
		{"PRAGMA temp_store_directory = '" + dir + "';", "PRAGMA temp_store_directory"},
		{"PRAGMA hard_heap_limit = 1;", "PRAGMA hard_heap_limit"},
		{"PRAGMA max_page_count = 1000000000;", "PRAGMA max_page_count"},
		{"CREATE TABLE a (x);\n\nSELECT load_extension('/tmp/evil.so');", "f.sql:3: the function load_extension is refused"},
		{"CREATE TABLE a (x);\nCREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT load_extension('x'); END;\nINSERT INTO a VALUES (1);", "f.sql:3: the function load_extension is refused"},
		{".read /etc/passwd\n", "f.sql:1: the sqlite3 command .read is refused"},
		{".shell rm -rf /\n", "the sqlite3 command .shell is refused"},
	}
	for _, c := range cases {
		t.Run(c.text, func(t *testing.T) {
			_, err := loadSQLiteText(t, c.text, Options{})
			if err == nil || !strings.Contains(err.Error(), c.want) || !errors.Is(err, ErrLoad) {
				t.Errorf("err = %v, want it to say %q", err, c.want)
			}
			if err != nil && strings.Contains(err.Error(), "\n") {
				t.Errorf("error is more than one line: %q", err)
			}
		})
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("VACUUM INTO wrote a file")
	}
	db, _ = sql.Open("sqlite", victim)
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM sqlite_schema WHERE name = 'Track'").Scan(&n); err != nil || n != 1 {
		t.Errorf("the attached database lost its table: n = %d, err = %v", n, err)
	}
}

// What schema files and migrations really contain still loads: transactions, foreign key
// pragmas, FTS, triggers, the rows Alembic writes, a data step.
func TestSQLiteAuthorizerAllows(t *testing.T) {
	text := `PRAGMA foreign_keys = ON;
PRAGMA user_version = 3;
BEGIN TRANSACTION;
CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));
CREATE TABLE a (id INTEGER PRIMARY KEY AUTOINCREMENT, x TEXT);
CREATE INDEX a_x ON a (x);
CREATE VIEW v AS SELECT x FROM a;
CREATE VIRTUAL TABLE docs USING fts5(body);
CREATE TRIGGER a_t AFTER INSERT ON a BEGIN UPDATE a SET x = CASE WHEN new.x IS NULL THEN '' ELSE new.x END WHERE id = new.id; END;
INSERT INTO alembic_version (version_num) VALUES ('abc');
INSERT INTO a (x) VALUES ('seed');
UPDATE alembic_version SET version_num='def' WHERE alembic_version.version_num = 'abc';
ALTER TABLE a ADD COLUMN y INT;
SAVEPOINT s; RELEASE s;
COMMIT;
PRAGMA table_info(a);
`
	m, err := loadSQLiteText(t, text, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tb := range m.Schemas[0].Tables {
		names = append(names, tb.Name)
	}
	if got := strings.Join(names, " "); !strings.Contains(got, "a alembic_version docs") {
		t.Errorf("tables = %s", got)
	}
}

func TestSQLiteLoadErrorNamesTheLine(t *testing.T) {
	_, err := loadSQLiteText(t, "CREATE TABLE a (x);\n\nCREATE TABLE b (\n  id int,\n  FOREIGN KEY (id) REFERENCES a (x)\n  CONSTRAINT\n);", Options{})
	if err == nil || !strings.Contains(err.Error(), "f.sql:3: ") || !strings.Contains(err.Error(), "--dev-url") {
		t.Errorf("err = %v", err)
	}
}

// A recursive CTE that never ends stops at --statement-timeout; a cancelled run says so as
// context.Canceled (the CLI prints "interrupted").
func TestSQLiteLoadObeysTimeoutAndCancel(t *testing.T) {
	spin := "CREATE TABLE a (x);\nWITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c;"
	start := time.Now()
	_, err := loadSQLiteText(t, spin, Options{StatementTimeout: 300 * time.Millisecond})
	if err == nil || !strings.Contains(err.Error(), "f.sql:2: the statement ran longer than --statement-timeout 300ms") {
		t.Errorf("err = %v", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("the timeout took %s to stop the statement", d)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(300*time.Millisecond, cancel)
	src := Source{Name: "f.sql", Statements: split(t, schema.SQLite, spin)}
	_, err = Load(ctx, schema.SQLite, nil, src, Options{StatementTimeout: time.Minute}, tableNames)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled load: err = %v, want context.Canceled", err)
	}
}

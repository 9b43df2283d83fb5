package cli

import (
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"

	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/output"
)

// sampleTables are the tables and views testdata/sample.sql creates.
var sampleTables = []string{"customers", "order_items", "orders", "products", "customer_totals"}

// copySample puts testdata/sample.db and sample.sql in a fresh folder and enters it.
func copySample(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"sample.db", "sample.sql"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	return dir
}

func tablesJSON(t *testing.T, args ...string) []output.TableSummary {
	t.Helper()
	stdout, stderr, code := dbinspect(t, append([]string{"tables", "--format", "json"}, args...)...)
	if code != 0 {
		t.Fatalf("dbinspect tables %v: exit %d: %s", args, code, stderr)
	}
	var rows []output.TableSummary
	if err := json.Unmarshal([]byte(stdout), &rows); err != nil {
		t.Fatalf("tables --format json is not JSON: %v\n%s", err, stdout)
	}
	return rows
}

func names(rows []output.TableSummary) string {
	var out []string
	for _, r := range rows {
		out = append(out, r.Name)
	}
	return strings.Join(out, ",")
}

// TestEveryTargetFormReadsTheSample reads the sample through every kind of TARGET and expects
// the same tables each time.
func TestEveryTargetFormReadsTheSample(t *testing.T) {
	dir := copySample(t)
	if _, stderr, code := dbinspect(t, "inspect", "--db", "sample.db", "--format", "json", "-o", "snap.json"); code != 0 {
		t.Fatalf("inspect -o: %s", stderr)
	}
	os.WriteFile("dbinspect.yaml", []byte("default: local\nenvironments:\n  local: sqlite:///sample.db\n  viaenv: ${DBI_TEST_SAMPLE}\n"), 0o644)
	t.Setenv("DBI_TEST_SAMPLE", filepath.Join(dir, "sample.db"))
	want := strings.Join(sampleTables, ",")
	for _, target := range []string{
		"sample.db", filepath.Join(dir, "sample.db"),
		"sqlite:///sample.db", "sqlite:///" + filepath.Join(dir, "sample.db"), "sqlite:sample.db",
		"file:sample.db", "sqlite+pysqlite:///sample.db",
		"snap.json", "sample.sql", "local", "viaenv",
	} {
		t.Run(target, func(t *testing.T) {
			if got := names(tablesJSON(t, "--db", target)); got != want {
				t.Errorf("tables = %s, want %s", got, want)
			}
		})
	}
	t.Run("DBINSPECT_DB", func(t *testing.T) {
		t.Setenv("DBINSPECT_DB", "snap.json")
		if got := names(tablesJSON(t)); got != want {
			t.Errorf("tables = %s", got)
		}
	})
	t.Run("config default", func(t *testing.T) {
		t.Setenv("DBINSPECT_DB", "")
		if got := names(tablesJSON(t)); got != want {
			t.Errorf("tables = %s", got)
		}
	})
}

// TestSampleDatabaseMatchesSQL: the shipped sample.db is what sample.sql builds.
func TestSampleDatabaseMatchesSQL(t *testing.T) {
	copySample(t)
	a, _, code1 := dbinspect(t, "inspect", "--db", "sample.db", "--format", "json")
	b, _, code2 := dbinspect(t, "inspect", "--db", "sample.sql", "--format", "json")
	if code1 != 0 || code2 != 0 {
		t.Fatalf("exit codes %d, %d", code1, code2)
	}
	if a != b {
		t.Error("testdata/sample.db differs from testdata/sample.sql: rebuild it with sqlite3 testdata/sample.db < testdata/sample.sql")
	}
}

func TestDescribeFlagsAfterTheTable(t *testing.T) {
	copySample(t)
	stdout, stderr, code := dbinspect(t, "describe", "orders", "--db", "sample.db", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var d output.Described
	if err := json.Unmarshal([]byte(stdout), &d); err != nil {
		t.Fatalf("not JSON (were the flags after the argument dropped?): %v\n%s", err, stdout)
	}
	if d.Table == nil || d.Schema != "main" || d.Table.Name != "orders" {
		t.Fatalf("described %+v", d)
	}
	// What sample.sql declares for orders.
	var cols []string
	for _, c := range d.Table.Columns {
		cols = append(cols, c.Name)
	}
	if got := strings.Join(cols, ","); got != "id,customer_id,status,total,placed_at,total_cents" {
		t.Errorf("columns = %s", got)
	}
	if len(d.Table.ForeignKeys) != 1 || d.Table.ForeignKeys[0].RefTable != "customers" || d.Table.ForeignKeys[0].OnDelete != "CASCADE" {
		t.Errorf("foreign keys = %+v", d.Table.ForeignKeys)
	}
	if id := d.Table.Columns[0]; id.Nullable {
		t.Error("orders.id is INTEGER PRIMARY KEY: NOT NULL")
	}
	if g := d.Table.Columns[5].Generated; g == nil || g.Kind != "VIRTUAL" {
		t.Errorf("total_cents generated = %+v", g)
	}

	text, _, code := dbinspect(t, "describe", "main.orders", "--db", "sample.db")
	if code != 0 || !strings.Contains(text, "idx_orders_open") || !strings.Contains(text, "placed_at DESC") {
		t.Errorf("text describe (exit %d):\n%s", code, text)
	}
	if _, stderr, code := dbinspect(t, "describe", "nope", "--db", "sample.db"); code != 2 || !strings.Contains(stderr, `no table or view named "nope"`) {
		t.Errorf("unknown table: exit %d, %q", code, stderr)
	}
}

func TestInspectOutputFileIsAtomicAndComplete(t *testing.T) {
	copySample(t)
	os.WriteFile("out.json", []byte("previous"), 0o644)
	if _, _, code := dbinspect(t, "inspect", "--db", "missing.db", "--format", "json", "-o", "out.json"); code != 2 {
		t.Fatalf("exit %d, want 2", code)
	}
	if got, _ := os.ReadFile("out.json"); string(got) != "previous" {
		t.Errorf("a failed run touched the output file: %q", got)
	}
	for _, format := range output.Formats {
		file := "out." + format
		if _, stderr, code := dbinspect(t, "inspect", "--db", "sample.db", "--format", format, "-o", file); code != 0 {
			t.Fatalf("%s: %s", format, stderr)
		}
		data, _ := os.ReadFile(file)
		for _, table := range sampleTables {
			if !strings.Contains(string(data), table) {
				t.Errorf("%s output lacks %s", format, table)
			}
		}
	}
}

// TestReadOnly: inspecting never writes to the user's SQLite file.
func TestReadOnly(t *testing.T) {
	copySample(t)
	before, _ := os.ReadFile("sample.db")
	st, _ := os.Stat("sample.db")
	for _, cmd := range [][]string{{"tables"}, {"inspect"}, {"describe", "orders"}} {
		if _, stderr, code := dbinspect(t, append(cmd, "--db", "sample.db")...); code != 0 {
			t.Fatalf("%v: %s", cmd, stderr)
		}
	}
	after, _ := os.ReadFile("sample.db")
	st2, _ := os.Stat("sample.db")
	if string(before) != string(after) || !st.ModTime().Equal(st2.ModTime()) {
		t.Error("the SQLite file changed")
	}
	if entries, _ := filepath.Glob("sample.db-*"); len(entries) > 0 {
		t.Errorf("journal files left behind: %v", entries)
	}
	db, _ := sql.Open("sqlite", "sample.db")
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM sqlite_schema WHERE type = 'table'").Scan(&n); err != nil || n == 0 {
		t.Errorf("sample still readable: %d, %v", n, err)
	}
}

// TestNotesReachStderr: what the inspection could not read is said, whatever the format.
func TestNotesReachStderr(t *testing.T) {
	db := dbtest.MySQL(t)
	db.Exec(t, "CREATE TABLE t (id int PRIMARY KEY)")
	stdout, stderr, code := dbinspect(t, "tables", "--db", db.URL, "--schema", db.Name, "--schema", "dbi_no_such_db", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "note:") || !strings.Contains(stderr, "dbi_no_such_db") {
		t.Errorf("stderr %q does not name the database it could not read", stderr)
	}
	if names(tablesFromJSON(t, stdout)) != "t" {
		t.Errorf("tables = %s", stdout)
	}
}

func tablesFromJSON(t *testing.T, s string) []output.TableSummary {
	t.Helper()
	var rows []output.TableSummary
	if err := json.Unmarshal([]byte(s), &rows); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, s)
	}
	return rows
}

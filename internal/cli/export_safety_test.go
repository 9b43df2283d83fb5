package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/drivers/dbtest"
)

// TestSQLiteExpressionDefaultsRoundTrip: the SQL export of expression defaults (which
// PRAGMA table_info reports without their parentheses) loads into sqlite3 and reads back
// the same.
func TestSQLiteExpressionDefaultsRoundTrip(t *testing.T) {
	src := dbtest.SQLiteFile(t)
	src.LoadScript(t, `CREATE TABLE t (
		a TEXT DEFAULT (datetime('now')), b INT DEFAULT (1 + 2), c TEXT DEFAULT ('x' || 'y'),
		d DEFAULT 'lit', e INT DEFAULT -1, f DEFAULT CURRENT_TIMESTAMP, g BLOB DEFAULT x'00ff',
		h REAL DEFAULT (abs(-1.5)));`)
	script := filepath.Join(t.TempDir(), "schema.sql")
	if _, stderr, code := dbinspect(t, "export", "--db", src.URL, "--format", "sql", "-o", script); code != 0 {
		t.Fatalf("export: %s", stderr)
	}
	dst := dbtest.SQLiteFile(t)
	dst.LoadFile(t, script) // sqlite3 -bail: fails the test on DEFAULT datetime('now')
	if out, stderr, code := dbinspect(t, "diff", src.URL, dst.URL); code != 0 {
		t.Errorf("diff after the round trip: exit %d\n%s%s", code, out, stderr)
	}
}

// TestMermaidHasNoEscapes: names with backslashes, quotes and # are written as entity codes,
// so no Mermaid renderer reads an escape where the name has a character.
func TestMermaidHasNoEscapes(t *testing.T) {
	dir := t.TempDir()
	ddl := filepath.Join(dir, "s.sql")
	os.WriteFile(ddl, []byte(`CREATE TABLE "a\" (id INTEGER PRIMARY KEY, "b\" INTEGER REFERENCES "a\"(id), "q""#" INTEGER UNIQUE);`), 0o644)
	out, stderr, code := dbinspect(t, "export", "--db", ddl, "--format", "mermaid")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if strings.Contains(out, `\`) || !strings.Contains(out, `t1["a#92;"]`) || !strings.Contains(out, `"q#quot;#35;"`) {
		t.Errorf("mermaid:\n%s", out)
	}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if strings.Count(line, `"`)%2 != 0 {
			t.Errorf("unbalanced quotes in %q", line)
		}
	}
}

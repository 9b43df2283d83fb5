package lint

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/drivers/dbtest"
)

var update = flag.Bool("update", false, "rewrite golden files and the reserved word lists")

// TestReservedWordsMatchEngines checks each engine's list of reserved words against the
// engine on this machine (and rewrites the list with -update): PostgreSQL's own keyword
// catalogue, and for MariaDB and SQLite, which keep no such flag, every keyword the engine
// refuses as an unquoted table name. A server of another version than the list's is not
// compared (the list says which version it holds).
func TestReservedWordsMatchEngines(t *testing.T) {
	t.Run("postgres", func(t *testing.T) {
		db := dbtest.Postgres(t)
		var version string
		mustScan(t, db.Admin.QueryRow(`SELECT current_setting('server_version')`), &version)
		words := queryWords(t, db.Admin, `SELECT word FROM pg_get_keywords() WHERE catcode IN ('R', 'T') ORDER BY word`)
		checkReserved(t, "postgres", "PostgreSQL "+majorVersion(version, 1), fmt.Sprintf(
			"# PostgreSQL %s reserved words: pg_get_keywords() rows with catcode R (reserved) or T\n"+
				"# (reserved, but allowed as a function or type name), read from PostgreSQL %s.\n", majorVersion(version, 1), version), words)
	})
	t.Run("mariadb", func(t *testing.T) {
		db := dbtest.MySQL(t)
		var version string
		mustScan(t, db.Admin.QueryRow(`SELECT VERSION()`), &version)
		candidates := queryWords(t, db.Admin, `SELECT LOWER(word) FROM information_schema.KEYWORDS ORDER BY 1`)
		words := refusedAsTableNames(t, db.Admin, candidates, "CREATE TABLE %s (a int)", "DROP TABLE %s")
		checkReserved(t, "mariadb", "MariaDB "+majorVersion(version, 2), fmt.Sprintf(
			"# MariaDB %s reserved words: the words of information_schema.KEYWORDS that the server refuses\n"+
				"# as an unquoted table name (CREATE TABLE word (a int) is a syntax error), read from %s.\n", majorVersion(version, 2), version), words)
	})
	t.Run("sqlite", func(t *testing.T) {
		shell, err := exec.LookPath("sqlite3")
		if err != nil {
			t.Skip("the sqlite3 shell is not installed (apt-get install sqlite3)")
		}
		out, err := exec.Command(shell, ":memory:", "SELECT lower(candidate) FROM completion('','') WHERE candidate <> 'main' ORDER BY 1").Output()
		if err != nil {
			t.Fatalf("sqlite3 completion(): %v", err)
		}
		candidates := strings.Fields(string(out))
		db := dbtest.SQLiteFile(t)
		var version string
		mustScan(t, db.Admin.QueryRow(`SELECT sqlite_version()`), &version)
		words := refusedAsTableNames(t, db.Admin, candidates, "CREATE TABLE %s (a)", "DROP TABLE %s")
		checkReserved(t, "sqlite", "SQLite "+version, fmt.Sprintf(
			"# SQLite %s reserved words: the keywords the sqlite3 shell's completion('','') lists that the\n"+
				"# engine refuses as an unquoted table name (CREATE TABLE word (a) is a syntax error).\n", version), words)
	})
}

func mustScan(t *testing.T, row *sql.Row, dst ...any) {
	t.Helper()
	if err := row.Scan(dst...); err != nil {
		t.Fatal(err)
	}
}

func queryWords(t *testing.T, db *sql.DB, query string) []string {
	t.Helper()
	rows, err := db.Query(query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var words []string
	for rows.Next() {
		var w string
		if err := rows.Scan(&w); err != nil {
			t.Fatal(err)
		}
		words = append(words, w)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return words
}

// refusedAsTableNames tries each word as an unquoted table name and returns those the engine
// refuses, sorted. Words that are not plain identifiers are left out.
func refusedAsTableNames(t *testing.T, db *sql.DB, words []string, create, drop string) []string {
	t.Helper()
	ctx := context.Background()
	var refused []string
	for _, w := range words {
		if !plainIdentifier(w) {
			continue
		}
		if _, err := db.ExecContext(ctx, fmt.Sprintf(create, w)); err != nil {
			refused = append(refused, w)
			continue
		}
		if _, err := db.ExecContext(ctx, fmt.Sprintf(drop, w)); err != nil {
			t.Fatalf("drop table %s: %v", w, err)
		}
	}
	slices.Sort(refused)
	return slices.Compact(refused)
}

// majorVersion keeps the first n dot-separated numbers of a version string.
func majorVersion(v string, n int) string {
	v = strings.FieldsFunc(v, func(r rune) bool { return r == '-' || r == ' ' })[0]
	parts := strings.Split(v, ".")
	if len(parts) > n {
		parts = parts[:n]
	}
	return strings.Join(parts, ".")
}

// checkReserved compares an engine's words with its committed list, or writes the list.
func checkReserved(t *testing.T, key, engine, header string, words []string) {
	t.Helper()
	path := filepath.Join("reserved", key+".txt")
	if *update {
		if err := os.WriteFile(path, []byte(header+strings.Join(words, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.SplitN(string(data), "\n", 2)[0], engine+" ") {
		t.Skipf("%s holds the words of another version than this machine's %s; not compared", path, engine)
	}
	if got := readReserved(key); !slices.Equal(got, words) {
		t.Errorf("%s differs from %s here (run go test ./lint -run TestReservedWords -update):\nlist: %d words\nengine: %d words", path, engine, len(got), len(words))
	}
}

package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/migrate/migratetest"
	"github.com/dbinspect/dbinspect/schema"
)

// The acceptance tests of issue 18 for up/down SQL pairs: for the migration test pairs of the
// three engines, `diff --format sql --pair golang-migrate|goose -o DIR` writes the files, the
// up migration is applied as the tool would send it (psql and sqlite3 -bail read the files;
// on MySQL the tools send a file in one piece, as the driver does here), diff against TO is
// empty; the down migration brings back FROM (diff against its snapshot is empty) and the
// rows of the kept tables.

var (
	gooseSection  = regexp.MustCompile(`(?m)^-- \+goose (Up|Down)$`)
	dbmateSection = regexp.MustCompile(`(?m)^-- migrate:(up|down)( transaction:false)?$`)
)

// pairSections returns the up and down SQL of the files a pair wrote.
func pairSections(t *testing.T, tool string, files []string) (up, down string) {
	switch tool {
	case "golang-migrate":
		for _, f := range files {
			switch {
			case strings.HasSuffix(f, ".up.sql"):
				up = readFile(t, f)
			case strings.HasSuffix(f, ".down.sql"):
				down = readFile(t, f)
			}
		}
	case "flyway":
		for _, f := range files {
			switch base := filepath.Base(f); {
			case strings.HasPrefix(base, "V"):
				up = readFile(t, f)
			case strings.HasPrefix(base, "U"):
				down = readFile(t, f)
			}
		}
	case "goose", "dbmate":
		re := map[string]*regexp.Regexp{"goose": gooseSection, "dbmate": dbmateSection}[tool]
		text := readFile(t, files[0])
		locs := re.FindAllStringIndex(text, -1)
		if len(files) != 1 || len(locs) != 2 {
			t.Fatalf("%s: want one file with two sections, got %v:\n%s", tool, files, text)
		}
		up, down = text[locs[0][1]:locs[1][0]], text[locs[1][1]:]
	}
	if up == "" || down == "" {
		t.Fatalf("%s pair: no up or down migration in %v", tool, files)
	}
	return up, down
}

// applySQL runs a migration as its tool would: the engine's client for PostgreSQL and SQLite
// files, one multi-statement call for MySQL (both tools send a file in one piece there).
func applySQL(t *testing.T, d schema.Dialect, tool string, e *engineDB, sql string) {
	t.Helper()
	if d == schema.MySQL && tool != "flyway" { // Flyway reads DELIMITER lines as the client does
		execScript(t, e.conn, sql)
		return
	}
	path := filepath.Join(t.TempDir(), "step.sql")
	if err := os.WriteFile(path, []byte(sql), 0o600); err != nil {
		t.Fatal(err)
	}
	e.apply(t, path)
}

func runPairCase(t *testing.T, d schema.Dialect, tool string, c migrationCase) {
	from, to := freshEngine(t, d), freshEngine(t, d)
	execScript(t, from.conn, c.from)
	execScript(t, from.conn, c.rows)
	execScript(t, to.conn, c.to)
	fromSnap, fromModel := snapshotOf(t, from.url)
	_, toModel := snapshotOf(t, to.url)
	kept := keptTables(d, fromModel, toModel)
	before := rowCounts(t, from, kept)

	dir := filepath.Join(t.TempDir(), "migrations")
	args := append([]string{"diff", from.url, to.url, "--format", "sql", "--pair", tool, "-o", dir, "-m", "case"}, c.args...)
	_, stderr, code := dbinspect(t, args...)
	if code == 2 {
		t.Fatalf("diff --pair %s: exit 2: %s", tool, stderr)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.sql"))
	slices.Sort(files)
	up, down := pairSections(t, tool, files)
	applySQL(t, d, tool, from, up)
	if got, code := diffJSON(t, append([]string{from.url, to.url}, c.args...)...); code != 0 || len(got) > 0 {
		t.Errorf("after the up migration, diff FROM TO still finds (exit %d): %q\n--- up:\n%s", code, got, up)
	}
	if c.query != "" {
		if rows := queryRows(t, from.conn, c.query); rows != c.want {
			t.Errorf("rows after the up migration:\n%s\nwant:\n%s", rows, c.want)
		}
	}
	if gap := downgradeGaps[c.name]; gap != "" {
		t.Logf("down migration not checked: %s", gap)
		return
	}
	applySQL(t, d, tool, from, down)
	if got, code := diffJSON(t, append([]string{from.url, fromSnap}, reverseArgs(c.args)...)...); code != 0 || len(got) > 0 {
		t.Errorf("after the down migration, diff against FROM still finds (exit %d): %q\n--- down:\n%s", code, got, down)
	}
	if after := rowCounts(t, from, kept); after != before {
		t.Errorf("rows of the kept tables after up and down: %s, before: %s", after, before)
	}
}

// pairTest runs every case as golang-migrate and goose pairs, and (on SQLite, where it is
// cheap, every case; elsewhere the first) as Flyway and dbmate pairs.
func pairTest(t *testing.T, d schema.Dialect, cases []migrationCase) {
	for _, tool := range []string{"golang-migrate", "goose", "flyway", "dbmate"} {
		for i, c := range append(slices.Clone(cases), alembicCases[d]...) {
			if c.viaDriver || slices.Contains(c.sqlArgs, "--concurrently") {
				continue // --split and --concurrently are not pair options
			}
			if (tool == "flyway" || tool == "dbmate") && d != schema.SQLite && i > 0 {
				continue
			}
			t.Run(tool+"/"+c.name, func(t *testing.T) { runPairCase(t, d, tool, c) })
		}
	}
}

func TestSQLPairPostgres(t *testing.T) {
	pairTest(t, schema.Postgres, cliCases(migratetest.PostgresCases))
}
func TestSQLPairMySQL(t *testing.T)  { pairTest(t, schema.MySQL, cliCases(migratetest.MySQLCases)) }
func TestSQLPairSQLite(t *testing.T) { pairTest(t, schema.SQLite, cliCases(migratetest.SQLiteCases)) }

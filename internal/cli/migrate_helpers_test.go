package cli

import (
	"database/sql"
	"maps"
	"slices"
	"testing"

	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/migrate/migratetest"
	"github.com/dbinspect/dbinspect/schema"
)

// Helpers of the CLI's migration tests (--pair, --format alembic, the command's flags and exit
// codes). The acceptance tests of the plans themselves are migrate's (*_live_test.go, through
// migrate/migratetest).

// engineDB is a fresh database of one engine, as the migration tests need it.
type engineDB struct {
	url  string
	conn *sql.DB
	// apply runs a script file with the engine's command-line client.
	apply func(t testing.TB, path string)
}

// migrationCase is one pair of schemas.
type migrationCase struct {
	name     string
	from, to string
	// rows are inserted into FROM before the migration.
	rows string
	// query reads rows back after the migration; want is what it must return, one line per
	// row with columns separated by "|".
	query, want string
	// args are extra diff arguments (e.g. --column-order); sqlArgs only for --format sql.
	args, sqlArgs []string
	// viaDriver applies the --split output statement by statement through the driver.
	viaDriver bool
}

// migrationSQL runs diff --format sql and returns the script (exit 0 or 1, never 2).
func migrationSQL(t *testing.T, fromURL, toURL string, split bool, extra ...string) string {
	t.Helper()
	args := append([]string{"diff", "--format", "sql", fromURL, toURL}, extra...)
	if split {
		args = append(args, "--split")
	}
	stdout, stderr, code := dbinspect(t, args...)
	needInspector(t, stderr)
	if code == 2 {
		t.Fatalf("diff --format sql: exit 2: %s", stderr)
	}
	return stdout
}

// execScript runs DDL or inserts through the driver.
func execScript(t *testing.T, db *sql.DB, script string) { t.Helper(); migratetest.Exec(t, db, script) }

// queryRows returns the rows of a query as text: one line per row, columns joined by "|".
func queryRows(t *testing.T, db *sql.DB, query string) string {
	t.Helper()
	return migratetest.QueryRows(t, db, query)
}

// cliCases are migratetest's cases as the command line runs them: their comparison options
// as diff flags (args, also given to the checks after), their planner options as flags of
// --format sql only (sqlArgs).
func cliCases(cases []migratetest.Case) []migrationCase {
	out := make([]migrationCase, len(cases))
	for i, c := range cases {
		m := migrationCase{name: c.Name, from: c.From, to: c.To, rows: c.Rows, query: c.Query, want: c.Want, viaDriver: c.ViaDriver}
		if c.Diff.ColumnOrder {
			m.args = append(m.args, "--column-order")
		}
		if c.Diff.Privileges {
			m.args = append(m.args, "--privileges")
		}
		for _, k := range slices.Sorted(maps.Keys(c.Diff.SchemaMap)) {
			m.args = append(m.args, "--schema-map", k+"="+c.Diff.SchemaMap[k])
		}
		if c.Plan.Concurrently {
			m.sqlArgs = append(m.sqlArgs, "--concurrently")
		}
		if c.Plan.Online {
			m.sqlArgs = append(m.sqlArgs, "--online")
		}
		for _, k := range slices.Sorted(maps.Keys(c.Plan.Using)) {
			m.sqlArgs = append(m.sqlArgs, "--using", k+"="+c.Plan.Using[k])
		}
		if c.Diff.Include != nil || c.Diff.Exclude != nil || c.Diff.Ignore != nil || c.Diff.RoleMap != nil || c.Plan.Safe || c.Plan.StatementTimeout != 0 {
			panic("cliCases: a migratetest option without its flag here: " + c.Name)
		}
		out[i] = m
	}
	return out
}

// freshEngine is a fresh database of the dialect whose scripts are applied with the engine's
// own client (psql, mariadb, sqlite3 -bail).
func freshEngine(t *testing.T, d schema.Dialect) *engineDB {
	db := dbtest.Fresh(t, d)
	return &engineDB{url: db.URL, conn: db.Admin, apply: db.LoadFile}
}

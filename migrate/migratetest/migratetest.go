// Package migratetest proves migrations the way a user runs them, without the CLI: inspect
// both databases (inspector.Inspect, as `dbinspect diff` does), Compare, Build, write the
// script, apply it with the engine's own client (drivers/dbtest: psql -v ON_ERROR_STOP=1,
// mariadb, sqlite3 -bail) or statement by statement through the driver, then check that
// FROM now diffs to nothing against TO, that a second plan is empty, and that the rows the
// change does not remove are still there.
//
// It is a package of its own (like net/http/httptest) because migrate's acceptance tests and
// the CLI's share it; production code must not import it.
package migratetest

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/drivers"
	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/inspector"
	"github.com/dbinspect/dbinspect/migrate"
	"github.com/dbinspect/dbinspect/schema"
)

// Case is one pair of schemas.
type Case struct {
	Name     string
	From, To string
	// Rows are inserted into FROM before the migration.
	Rows string
	// Query reads rows back after the migration; Want is what it must return, one line per
	// row with columns separated by "|".
	Query, Want string
	// Diff are the comparison's options (the CLI's --column-order, --schema-map, --privileges…),
	// used for the plan and for both checks after it; Plan the planner's (--online, --using…).
	Diff diff.Options
	Plan migrate.Options
	// ViaDriver applies the split script statement by statement through the driver.
	ViaDriver bool
	// Left is, for a plan that leaves changes out (Plan.Safe), what Compare must still find
	// after it ran, as Changes writes it (sorted): exactly what the plan left out, no more and
	// no less. The same plan built again then has no statement to run.
	Left []string
}

// Run is the whole round trip for one case on fresh databases of the dialect.
func Run(t *testing.T, d schema.Dialect, c Case) {
	t.Helper()
	from, to := dbtest.Fresh(t, d), dbtest.Fresh(t, d)
	Exec(t, from.Admin, c.From)
	Exec(t, from.Admin, c.Rows)
	Exec(t, to.Admin, c.To)
	script := Script(t, from, to, c.Diff, c.Plan, c.ViaDriver)
	t.Logf("migration:\n%s", script)
	if c.ViaDriver {
		for _, stmt := range migrate.SplitScript(script) {
			if _, err := from.Admin.Exec(stmt); err != nil {
				t.Fatalf("statement failed: %v\n%s\n--- script:\n%s", err, stmt, script)
			}
		}
	} else {
		Apply(t, from, script)
	}
	if got := Changes(t, from, to, c.Diff); !slices.Equal(got, c.Left) {
		t.Errorf("after the migration Compare(FROM, TO) finds %q, want %q\n--- script:\n%s", got, c.Left, script)
	}
	if c.Query != "" {
		if rows := QueryRows(t, from.Admin, c.Query); rows != c.Want {
			t.Errorf("rows after the migration:\n%s\nwant:\n%s\n--- script:\n%s", rows, c.Want, script)
		}
	}
	if t.Failed() {
		return
	}
	if c.Left != nil {
		if _, plan := Plan(t, from, to, c.Diff, c.Plan); len(plan.Steps) > 0 {
			t.Errorf("planned again with the same options, the plan still runs:\n%s", write(t, &diff.Result{}, plan, false))
		}
		return
	}
	AgainEmpty(t, from, to, c.Diff, migrate.Options{})
}

// Inspect reads a test database as `dbinspect diff` reads a TARGET: through its URL, with the
// default connection settings (MySQL: the URL's database).
func Inspect(t testing.TB, db *dbtest.DB) *schema.Database {
	t.Helper()
	target, err := drivers.Resolve(db.URL)
	if err != nil {
		t.Fatalf("resolve %s: %v", db.Name, err)
	}
	m, err := inspector.Inspect(context.Background(), target, inspector.Options{Connection: drivers.DefaultOptions})
	if err != nil {
		t.Fatalf("inspect %s: %v", db.Name, err)
	}
	return m
}

// Compare inspects both databases and compares them.
func Compare(t testing.TB, from, to *dbtest.DB, o diff.Options) (fromDB, toDB *schema.Database, res *diff.Result) {
	t.Helper()
	fromDB, toDB = Inspect(t, from), Inspect(t, to)
	return fromDB, toDB, diff.Compare(fromDB, toDB, o)
}

// Changes are the differences Compare finds as "action object table.name" lines (with " !"
// for destructive ones), sorted, each logged with its fields.
func Changes(t testing.TB, from, to *dbtest.DB, o diff.Options) []string {
	t.Helper()
	_, _, res := Compare(t, from, to, o)
	var out []string
	for _, c := range res.Changes {
		s := fmt.Sprintf("%s %s %s", c.Action, c.Object, strings.TrimPrefix(c.Table+"."+c.Name, "."))
		if c.Destructive {
			s += " !"
		}
		out = append(out, s)
		t.Logf("%s %v", s, c.Fields)
	}
	slices.Sort(out)
	return out
}

// Plan inspects, compares and builds the plan that turns FROM into TO.
func Plan(t testing.TB, from, to *dbtest.DB, do diff.Options, mo migrate.Options) (*diff.Result, *migrate.Plan) {
	t.Helper()
	fromDB, toDB, res := Compare(t, from, to, do)
	plan, err := migrate.Build(fromDB, toDB, res, mo)
	if err != nil {
		t.Fatalf("migrate.Build: %v", err)
	}
	return res, plan
}

// Script is the migration script as `diff --format sql` writes it (the comparison's notes in
// the header; split marks with split). A plan that refuses a change fails the test, as the
// command exits 2 without --allow-notes; ScriptAllowingNotes writes it anyway.
func Script(t testing.TB, from, to *dbtest.DB, do diff.Options, mo migrate.Options, split bool) string {
	t.Helper()
	res, plan := Plan(t, from, to, do, mo)
	if len(plan.Refused) > 0 {
		t.Fatalf("the plan cannot make %d change(s): %s", len(plan.Refused), strings.Join(plan.Refused, "; "))
	}
	return write(t, res, plan, split)
}

// ScriptAllowingNotes is Script for a plan that may refuse changes (--allow-notes).
func ScriptAllowingNotes(t testing.TB, from, to *dbtest.DB, do diff.Options, mo migrate.Options) string {
	t.Helper()
	res, plan := Plan(t, from, to, do, mo)
	return write(t, res, plan, false)
}

func write(t testing.TB, res *diff.Result, plan *migrate.Plan, split bool) string {
	t.Helper()
	wo := migrate.WriteOptions{Split: split, Header: []string{"Migration written by migratetest."}}
	for _, n := range res.Notes {
		wo.Header = append(wo.Header, "Note: "+n)
	}
	var b strings.Builder
	if err := plan.Write(&b, wo); err != nil {
		t.Fatalf("write the plan: %v", err)
	}
	return b.String()
}

// AgainEmpty checks that, after applying, nothing is left to plan: no difference, no note,
// no statement (what `diff --format sql` prints as "-- no differences").
func AgainEmpty(t testing.TB, from, to *dbtest.DB, do diff.Options, mo migrate.Options) {
	t.Helper()
	res, plan := Plan(t, from, to, do, mo)
	if !res.Empty() || len(res.Notes) > 0 || !plan.Empty() {
		t.Errorf("a second plan after applying is not empty:\n%s", write(t, res, plan, false))
	}
}

// Apply writes the script to a file and applies it with the engine's own client.
func Apply(t testing.TB, db *dbtest.DB, script string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "migrate.sql")
	if err := os.WriteFile(path, []byte(script), 0o600); err != nil {
		t.Fatal(err)
	}
	db.LoadFile(t, path)
}

// Exec runs DDL or inserts through the driver (multi-statement text is fine for lib/pq, the
// MySQL connection dbtest opens, and modernc's sqlite).
func Exec(t testing.TB, db *sql.DB, script string) {
	t.Helper()
	if strings.TrimSpace(script) == "" {
		return
	}
	if _, err := db.Exec(script); err != nil {
		t.Fatalf("%v\n%s", err, script)
	}
}

// QueryRows returns the rows of a query as text: one line per row, columns joined by "|".
func QueryRows(t testing.TB, db *sql.DB, query string) string {
	t.Helper()
	rows, err := db.Query(query)
	if err != nil {
		t.Fatalf("%v\n%s", err, query)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var lines []string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		parts := make([]string, len(cols))
		for i, v := range vals {
			parts[i] = "NULL"
			if v.Valid {
				parts[i] = v.String
			}
		}
		lines = append(lines, strings.Join(parts, "|"))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "\n")
}

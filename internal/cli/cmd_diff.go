package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/dbinspect/dbinspect/ddl"
	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/drivers"
	"github.com/dbinspect/dbinspect/inspector"
	"github.com/dbinspect/dbinspect/migrate"
	"github.com/dbinspect/dbinspect/output"
	"github.com/dbinspect/dbinspect/schema"
)

func diffCommand(e *execution) *cli.Command {
	return &cli.Command{
		Name:      "diff",
		Usage:     "compare two schemas by meaning: what must change to turn FROM into TO",
		ArgsUsage: "FROM TO",
		Description: `FROM and TO are TARGETs: environment names, URLs, SQLite files, snapshot .json or .sql
files. The output lists what TO has that FROM lacks or has differently; both are read at once.
Exit codes: 0 no differences, 1 differences (with --fail-on destructive: destructive ones),
2 error; --exit-zero turns 1 into 0 (to write a PR comment whatever was found, or use
"dbinspect diff … || rc=$?" and test $rc after). The JSON format is described in docs/diff.md.

--format sql writes the migration that turns FROM into TO, in FROM's dialect, ordered by
dependency, for the engine's own client (psql -v ON_ERROR_STOP=1 -f, mariadb DB <, sqlite3 -bail).
Statements that can lose data follow a "-- destructive: …" line; --safe leaves them out and
lists them on stderr. --split separates statements with "-- dbinspect:split" lines for drivers.
--concurrently creates PostgreSQL indexes on existing tables CONCURRENTLY, after the transaction.

--format alembic writes an Alembic revision: upgrade() turns FROM into TO, downgrade() turns it
back (--message, --revision-id, --down-revision; --alembic-dir DIR reads the head from the
versions folder and, without -o, writes the revision there). --format sql --pair TOOL -o DIR
writes an up and a down migration for golang-migrate, goose, flyway or dbmate, numbered after
the files in DIR. See docs/diff.md.

--using t.col='to_timestamp(col)' gives the conversion of a PostgreSQL column whose new type has
no cast from the old one (bigint → timestamp), which the plan refuses otherwise.
Statements that hold a lock long (a rewrite, a validation scan, an index build) follow a
"-- hazard: …" line; --fail-on hazard exits 1 when the plan has one. --online uses PostgreSQL's
lock-light forms instead: CREATE/DROP INDEX CONCURRENTLY and VALIDATE CONSTRAINT after the
transaction, checks and foreign keys added NOT VALID, SET NOT NULL through a validated check,
and lock_timeout (--lock-timeout) on every statement, statement_timeout when --statement-timeout
is given.
A change the plan cannot make safely (a PostgreSQL partition key that changes) is named on
stderr and nothing is written (exit 2); --allow-notes writes the rest of the plan, the change
listed in a "-- NOT PLANNED:" line.

A .sql file or a folder of migrations (golang-migrate, goose, Flyway, dbmate, or plain .sql
files by name) is loaded into a scratch database and read from there: for PostgreSQL or MySQL
DDL on the server --dev-url names (created, loaded, inspected and dropped; never a side of the
diff), for SQLite in memory. The migration tools' own tables (` + strings.Join(migrationTables, ", ") + `)
are left out unless --include-migration-tables.

--ignore takes: ` + categoryList() + `.
Settings under diff: in dbinspect.yaml (ignore, include, exclude, schema_map, privileges,
role_map) apply too. Owners and grants are read always and compared only with --privileges.

Examples:
   dbinspect diff prod staging
   dbinspect diff prod schema.json --fail-on destructive      # pre-deploy drift check
   dbinspect diff sqlite:test.db postgres://app@db/app --format markdown
   dbinspect diff mysql://root@h/app_prod mysql://root@h/app_staging --ignore comments,collations
   dbinspect diff prod staging --exclude '*.schema_migrations' --schema-map tenant_a=tenant_b
   dbinspect diff prod staging --format sql --safe -o migrate.sql
   dbinspect diff prod staging --format alembic -m "sync hotfix" --alembic-dir migrations/versions
   dbinspect diff prod staging --format sql --pair golang-migrate -o db/migrations -m "sync hotfix"
   dbinspect diff prod staging --privileges --role-map app_prod=app_staging
   dbinspect diff prod migrations/ --dev-url postgres://postgres@localhost/postgres   # prod vs what the migrations make
   alembic upgrade head --sql > expected.sql && dbinspect diff prod expected.sql --dev-url mysql://root@localhost/`,
		Flags: append([]cli.Flag{
			formatFlag("text", append(slices.Clone(output.DiffFormats), "sql", "alembic")), outputFlag,
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print nothing; only the exit code tells (-o FILE is still written)"},
			&cli.StringSliceFlag{Name: "ignore", Usage: "ignore these `CATEGORIES` of differences (comma-separated or repeated)"},
			&cli.StringSliceFlag{Name: "include", Usage: "compare only objects matching this `GLOB` (name or schema.name); repeatable"},
			&cli.StringSliceFlag{Name: "exclude", Usage: "skip objects matching this `GLOB` (name, schema.name, table.column); repeatable"},
			&cli.StringSliceFlag{Name: "schema-map", Usage: "compare schema `FROM=TO` of FROM with schema TO of TO; repeatable"},
			&cli.BoolFlag{Name: "column-order", Usage: "also report columns whose position differs"},
			&cli.BoolFlag{Name: "privileges", Usage: "also compare owners, grants and default privileges (PostgreSQL)"},
			&cli.StringSliceFlag{Name: "role-map", Usage: "role `OLD=NEW` of FROM is role NEW of TO (policies; grants with --privileges); repeatable"},
			&cli.StringFlag{Name: "fail-on", Value: "any", Usage: "exit 1 on `any` difference, or only on `destructive` ones, or (--format sql) when the plan has a `hazard` line"},
			&cli.BoolFlag{Name: "require-complete", Usage: "exit 2 when a side could not read some kind of object (privileges) instead of comparing without it"},
			&cli.BoolFlag{Name: "exit-zero", Usage: "exit 0 even when differences are found (errors still exit 2): for steps that must go on, e.g. writing a PR comment"},
			&cli.BoolFlag{Name: "safe", Usage: "with --format sql: leave out destructive statements (listed on stderr)"},
			&cli.BoolFlag{Name: "split", Usage: "with --format sql: end each statement with a \"-- dbinspect:split\" line, for drivers"},
			&cli.BoolFlag{Name: "concurrently", Usage: "with --format sql: CREATE INDEX CONCURRENTLY on existing PostgreSQL tables, after the transaction"},
			&cli.BoolFlag{Name: "online", Usage: "with --format sql: PostgreSQL's lock-light forms (CONCURRENTLY, NOT VALID then VALIDATE, SET NOT NULL through a check) with lock_timeout (--lock-timeout) on every statement"},
			&cli.StringSliceFlag{Name: "using", Usage: "with --format sql: convert a PostgreSQL column whose type changes with `TABLE.COLUMN=EXPRESSION` (ALTER COLUMN … TYPE … USING EXPRESSION); repeatable"},
			&cli.BoolFlag{Name: "allow-notes", Usage: "with --format sql: write the plan even when it cannot make some changes (listed as NOT PLANNED)"},
			schemaFlag, configFlag, verboseFlag, connectTimeoutFlag, statementTimeoutFlag, lockTimeoutFlag,
			devURLFlag, migrationsFormatFlag, includeMigrationTablesFlag,
		}, migrationFileFlags...),
		Action: func(c *cli.Context) error { return e.diff(c) },
	}
}

func categoryList() string {
	names := make([]string, len(diff.Categories))
	for i, c := range diff.Categories {
		names[i] = string(c)
	}
	return strings.Join(names, ", ")
}

// diff is the diff command: check the command line, read both sides concurrently, compare,
// render, and turn the result into the exit code.
func (e *execution) diff(c *cli.Context) error {
	if err := e.begin(c); err != nil {
		return err
	}
	if c.NArg() != 2 {
		return usagef("diff takes two TARGETs, FROM and TO (got %d arguments)", c.NArg())
	}
	render, err := e.diffRenderer(c)
	if err != nil {
		return err
	}
	opts, err := diffOptions(e.cfg.Diff, diffFlagsOf(c))
	if err != nil {
		return usageError{err.Error()}
	}
	if !c.Bool("include-migration-tables") {
		opts.Exclude = append(opts.Exclude, migrationTables...)
	}
	failOn := strings.ToLower(c.String("fail-on"))
	if failOn != "any" && failOn != "destructive" && failOn != "hazard" {
		return usagef("--fail-on %q: want any, destructive or hazard", failOn)
	}
	if failOn == "hazard" && !strings.EqualFold(c.String("format"), "sql") {
		return usagef("--fail-on hazard needs --format sql: hazards are the plan's")
	}
	from, to, err := e.loadPair(c, c.Args().Get(0), c.Args().Get(1))
	if err != nil {
		return err
	}
	if c.Bool("require-complete") {
		if err := requireComplete(from, to); err != nil {
			return err
		}
	}
	res := diff.Compare(from.db, to.db, opts)
	rep := output.DiffReport{From: from.side(), To: to.side(), Result: res}
	write, err := render(from, to, rep)
	if err != nil {
		return err
	}
	if !c.Bool("quiet") || c.String("output") != "" || writesMigrationFiles(c) {
		if err := e.writeDiff(c, write); err != nil {
			return err
		}
	}
	if c.Bool("exit-zero") {
		return nil
	}
	if failOn == "destructive" && res.HasDestructive() || failOn == "any" && !res.Empty() || failOn == "hazard" && e.planHazards > 0 {
		return errDifferences
	}
	return nil
}

// requireComplete is --require-complete: an error naming what each side could not read.
func requireComplete(sides ...loaded) error {
	var parts []string
	for i, l := range sides {
		var what []string
		for _, u := range l.db.Unread {
			where := "all schemas"
			if u.Schema != "" {
				where = u.Schema
			}
			what = append(what, fmt.Sprintf("%s (%s)", u.Kind, where))
		}
		if len(what) > 0 {
			parts = append(parts, fmt.Sprintf("%s could not read %s", []string{"FROM", "TO"}[i], strings.Join(what, ", ")))
		}
	}
	if len(parts) == 0 {
		return nil
	}
	return fmt.Errorf("--require-complete: %s (grant the privileges the notes name, or drop --require-complete to compare without them)", strings.Join(parts, "; "))
}

// loaded is one side of a comparison: the target as people may see it, and its model.
type loaded struct {
	target *drivers.Target
	db     *schema.Database
}

func (l loaded) side() output.DiffSide {
	return output.DiffSide{Target: l.target.String(), Dialect: l.db.Dialect}
}

// sideGrace is how long the other side of a diff may still run once one side failed.
const sideGrace = time.Second

// loadPair resolves both targets, then inspects them concurrently. The first side to fail
// cancels the other after sideGrace (a stalled server must not hold the run once the answer
// is known); when both fail on their own, both errors are reported.
func (e *execution) loadPair(c *cli.Context, fromArg, toArg string) (from, to loaded, err error) {
	type job struct {
		target *drivers.Target
		opts   inspector.Options
		out    *loaded
		label  string
		err    error
	}
	jobs := []*job{{out: &from, label: "FROM"}, {out: &to, label: "TO"}}
	for i, arg := range []string{fromArg, toArg} {
		if arg == "" {
			jobs[i].err = usagef("the TARGET is empty (give an environment name, a URL or a file)")
			continue
		}
		jobs[i].target, jobs[i].opts, jobs[i].err = e.resolve(c, arg)
	}
	if err := pairError(jobs[0].label, jobs[0].err, jobs[1].label, jobs[1].err); err != nil {
		return from, to, err
	}
	if err := e.checkFileSides(c, jobs[0].target, jobs[1].target); err != nil {
		return from, to, err
	}
	ctx, cancel := context.WithCancel(c.Context)
	defer cancel()
	var wg sync.WaitGroup
	var mu sync.Mutex
	cancelled := false // set when one side's failure cancelled the other
	for _, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := safely(func() error {
				db, err := e.inspect(ctx, j.target, j.opts)
				if err == nil {
					*j.out = loaded{target: j.target, db: db}
				}
				return err
			})
			mu.Lock()
			defer mu.Unlock()
			if err != nil && cancelled && ctx.Err() != nil && byCancel(err) {
				return // a consequence of the other side's failure, not news
			}
			j.err = err
			if err != nil && !cancelled {
				// The other side gets a moment to fail on its own (a refused connection, a
				// missing database: both are reported), then is cut.
				cancelled = true
				time.AfterFunc(sideGrace, cancel)
			}
		}()
	}
	wg.Wait()
	if err := pairError(jobs[0].label, jobs[0].err, jobs[1].label, jobs[1].err); err != nil {
		return from, to, err
	}
	e.sayNotes(from.target, from.db)
	e.sayNotes(to.target, to.db)
	return from, to, nil
}

// byCancel reports whether err is what cancelling a side's context gives (a side that failed
// on its own at the same time, e.g. a refused connection, is reported beside the other).
func byCancel(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) ||
		strings.Contains(err.Error(), "cancel")
}

// pairError reports the errors of the two sides of a diff, each labelled: one, both or nil.
func pairError(labelA string, a error, labelB string, b error) error {
	switch {
	case a != nil && b != nil:
		if isUsage(a) && isUsage(b) {
			return usagef("%s: %v; %s: %v", labelA, a, labelB, b)
		}
		return fmt.Errorf("%s: %w; %s: %w", labelA, a, labelB, b)
	case a != nil:
		return labelled(labelA, a)
	case b != nil:
		return labelled(labelB, b)
	}
	return nil
}

func labelled(label string, err error) error {
	if isUsage(err) {
		return usagef("%s: %v", label, err)
	}
	return fmt.Errorf("%s: %w", label, err)
}

func isUsage(err error) bool {
	var u usageError
	return errors.As(err, &u)
}

// diffRenderFunc turns a comparison into the function that writes it.
type diffRenderFunc func(from, to loaded, rep output.DiffReport) (func(io.Writer) error, error)

// diffRenderer checks the format and the flags that only --format sql takes, and returns what
// renders the comparison: a report renderer (text, JSON, Markdown) or the migration planner.
func (e *execution) diffRenderer(c *cli.Context) (diffRenderFunc, error) {
	format := strings.ToLower(c.String("format"))
	if _, err := migrationFileFormat(c, format); err != nil {
		return nil, err
	}
	if format == "alembic" || c.String("pair") != "" {
		return func(from, to loaded, rep output.DiffReport) (func(io.Writer) error, error) {
			if format == "alembic" {
				return e.alembicRevision(c, from, to, rep.Result)
			}
			return e.sqlPair(c, from, to, rep.Result)
		}, nil
	}
	if format != "sql" {
		for _, flag := range []string{"safe", "split", "concurrently", "allow-notes", "online"} {
			if c.Bool(flag) {
				return nil, usagef("--%s needs --format sql", flag)
			}
		}
		if len(c.StringSlice("using")) > 0 {
			return nil, usagef("--using needs --format sql")
		}
		r, err := output.DiffFor(format, e.style(c))
		if err != nil {
			return nil, usageError{strings.Replace(err.Error(), ")", ", sql)", 1)}
		}
		return func(_, _ loaded, rep output.DiffReport) (func(io.Writer) error, error) {
			return func(w io.Writer) error { return r.Diff(w, rep) }, nil
		}, nil
	}
	return func(from, to loaded, rep output.DiffReport) (func(io.Writer) error, error) {
		return e.migrationScript(c, from, to, rep.Result)
	}, nil
}

// migrationScript plans the SQL that turns FROM into TO. With --safe the destructive
// statements left out are listed on stderr, since the script alone would not show them.
func (e *execution) migrationScript(c *cli.Context, from, to loaded, res *diff.Result) (func(io.Writer) error, error) {
	// The schema pairing is res's: diff made it from the merged options (diffOptions).
	opts := migrate.Options{Safe: c.Bool("safe"), Concurrently: c.Bool("concurrently"), Online: c.Bool("online")}
	if opts.Online {
		opts.LockTimeout = c.Duration("lock-timeout")
		if c.IsSet("statement-timeout") {
			opts.StatementTimeout = c.Duration("statement-timeout")
		}
	}
	for _, u := range c.StringSlice("using") {
		column, expr, ok := strings.Cut(u, "=")
		if !ok || strings.Count(column, ".") < 1 || strings.TrimSpace(expr) == "" {
			return nil, usagef("--using %q: want TABLE.COLUMN=EXPRESSION (or SCHEMA.TABLE.COLUMN=EXPRESSION)", u)
		}
		if opts.Using == nil {
			opts.Using = map[string]string{}
		}
		opts.Using[strings.TrimSpace(column)] = strings.TrimSpace(expr)
	}
	plan, err := migrate.Build(from.db, to.db, res, opts)
	if err != nil {
		return nil, err
	}
	for _, s := range plan.Steps {
		if s.Hazard != "" {
			e.planHazards++
		}
	}
	if len(plan.Refused) > 0 && !c.Bool("allow-notes") {
		return nil, fmt.Errorf("the plan cannot make %d change(s), so none is written (--allow-notes writes the rest): %s",
			len(plan.Refused), strings.Join(plan.Refused, "; "))
	}
	if len(plan.Skipped) > 0 {
		fmt.Fprintf(e.stderr, "dbinspect: --safe left out %d statement(s):\n", len(plan.Skipped))
		for _, s := range plan.Skipped {
			reason := s.Destructive
			switch {
			case reason == "" && s.Needs != "":
				reason = "needs " + s.Needs + ", which --safe leaves out"
			case reason == "":
				reason = "goes with a destructive statement on " + s.Object
			}
			fmt.Fprintf(e.stderr, "  %s\n    -- %s\n", firstLine(s.SQL), reason)
		}
	}
	wo := migrate.WriteOptions{Split: c.Bool("split"), Header: []string{
		fmt.Sprintf("Migration generated by dbinspect: turns %s into %s (%s).", from.target, to.target, from.db.Dialect),
		"Review it before applying; statements that can lose data follow a \"destructive:\" line.",
	}}
	for _, n := range res.Notes {
		wo.Header = append(wo.Header, "Note: "+n)
	}
	if plan.Empty() {
		return func(w io.Writer) error {
			for _, n := range res.Notes {
				if _, err := io.WriteString(w, "-- Note: "+ddl.Comment(n)+"\n"); err != nil {
					return err
				}
			}
			return writeNothingToRun(w, res, plan)
		}, nil
	}
	return func(w io.Writer) error { return plan.Write(w, wo) }, nil
}

// writeNothingToRun is the script of a plan with no statement: one comment saying why, so an
// empty file is never mistaken for a failed run.
func writeNothingToRun(w io.Writer, res *diff.Result, plan *migrate.Plan) error {
	line := "-- no differences\n"
	switch {
	case !res.Empty() && len(plan.Skipped) > 0:
		line = fmt.Sprintf("-- nothing to run: --safe left out %d statement(s)\n", len(plan.Skipped))
	case !res.Empty():
		line = "-- nothing to run: the differences found need no statement\n"
	}
	_, err := io.WriteString(w, line)
	return err
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

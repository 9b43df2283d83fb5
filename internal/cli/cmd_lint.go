package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/dbinspect/dbinspect/drivers"
	"github.com/dbinspect/dbinspect/inspector"
	"github.com/dbinspect/dbinspect/lint"
	"github.com/dbinspect/dbinspect/output"
	"github.com/dbinspect/dbinspect/schema"
)

func lintCommand(e *execution) *cli.Command {
	return &cli.Command{
		Name:      "lint",
		Usage:     "check the schema against rules for ORM-backed applications (docs/lint.md)",
		ArgsUsage: " ",
		Description: `Findings are grouped by table; each names its rule, and most say how to fix it.
The rules, their severities and parameters, excludes and accepted findings are set in the
lint: section of dbinspect.yaml (docs/lint.md). A snapshot is linted like a live database.

Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 error.

Examples:
   dbinspect lint --db testdata/sample.db
   dbinspect lint --db schema.json --format sarif -o lint.sarif    # for code scanning
   dbinspect lint --db schema.json --format github                 # annotations in Actions
   dbinspect lint --db prod --fail-on warning --format markdown > lint.md
   dbinspect lint --list-rules`,
		Flags: readFlags(formatFlag("text", lint.Formats), outputFlag,
			&cli.StringFlag{Name: "fail-on", Value: "error", Usage: "exit 1 when a finding is at least this severe: `error`, warning or notice"},
			&cli.StringSliceFlag{Name: "rule", Aliases: []string{"r"}, Usage: "run only this rule `ID` (opt-in rules included); repeatable"},
			&cli.BoolFlag{Name: "list-rules", Usage: "list the rules (as the config sets them) and exit"},
		),
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usagef("lint takes no arguments (got %q); pass the database with --db", c.Args().First())
			}
			return e.lint(c)
		},
	}
}

func (e *execution) lint(c *cli.Context) error {
	if err := e.begin(c); err != nil {
		return err
	}
	format := c.String("format")
	if err := lint.CheckFormat(format); err != nil {
		return usageError{err.Error()}
	}
	failOn, err := lint.ParseSeverity(c.String("fail-on"))
	if err != nil {
		return usagef("--fail-on: %v", err)
	}
	linter, err := lint.New(lint.Options{
		Settings: e.cfg.Lint, Only: c.StringSlice("rule"),
		Include: e.cfg.Tables.Include, Exclude: e.cfg.Tables.Exclude,
		Comments: e.cfg.Doc.Comments,
	})
	if err != nil {
		var ce *lint.ConfigError
		if errors.As(err, &ce) && !ce.Flag && e.cfg.Path != "" {
			return fmt.Errorf("%s: %w", e.cfg.Path, err)
		}
		return usageError{err.Error()}
	}
	if c.Bool("list-rules") {
		return e.write(c, func(w io.Writer) error { return listRules(w, format, linter) })
	}
	db, t, err := e.loadUnfiltered(c)
	if err != nil {
		return err
	}
	rep := linter.Run(db)
	rep.Target = t.String()
	for _, a := range rep.StaleAccepts {
		fmt.Fprintf(e.stderr, "dbinspect: note: lint.accept %s %s matched no finding (fixed or renamed?): remove the entry\n",
			output.Show(a.Rule), output.Show(a.Object))
	}
	opts := lint.RenderOptions{Color: e.style(c).Color, FailOn: failOn, Version: version(buildInfo())}
	if format == "sarif" || format == "github" {
		opts.File, opts.Locate = locateIn(t)
	}
	if err := e.write(c, func(w io.Writer) error { return lint.Render(w, format, rep, opts) }); err != nil {
		return err
	}
	if rep.Fails(failOn) {
		return errDifferences
	}
	return nil
}

// loadUnfiltered reads the target like every command, but leaves the config's table filter
// to the linter: the rules must see every table (a foreign key to an excluded table is not
// missing), and only findings on excluded tables are dropped.
func (e *execution) loadUnfiltered(c *cli.Context) (*schema.Database, *drivers.Target, error) {
	t, opts, err := e.resolve(c, c.String("db"))
	if err != nil {
		return nil, nil, err
	}
	opts.CloseLater = e.closeLater
	db, err := inspector.Inspect(c.Context, t, opts)
	if err != nil {
		return nil, t, err
	}
	e.sayNotes(t, db)
	return db, t, nil
}

// locateIn returns the file a target was read from and a locator for its lines: snapshots
// and DDL files are text the findings can point into; an SQLite file is named without lines;
// a server has no file.
func locateIn(t *drivers.Target) (string, lint.Locator) {
	name := relativePath(t.Path)
	switch t.Kind {
	case drivers.KindSnapshot, drivers.KindSQLFile:
		data, err := os.ReadFile(t.Path)
		if err != nil {
			return name, nil // it was read a moment ago; without lines the findings still name the file
		}
		if t.Kind == drivers.KindSnapshot {
			return name, lint.SnapshotLocator(data)
		}
		return name, lint.DDLLocator(data)
	case drivers.KindSQLite:
		return name, nil
	}
	return "", nil
}

// relativePath names a file relative to the working directory when it lies below it: code
// scanning and workflow annotations resolve paths from the checkout's root, where CI runs.
func relativePath(path string) string {
	wd, err := os.Getwd()
	if err != nil {
		return path
	}
	if rel, err := filepath.Rel(wd, path); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return rel
	}
	return path
}

// listRules writes the rules: id, severity as configured, whether it runs, where it applies,
// why and how to fix.
func listRules(w io.Writer, format string, l *lint.Linter) error {
	running := map[string]lint.Info{}
	for _, info := range l.Rules() {
		running[info.ID] = info
	}
	type row struct {
		lint.Info
		Enabled bool `json:"enabled"`
	}
	var rows []row
	for _, r := range lint.All() {
		info := r.Info()
		got, on := running[info.ID]
		if on {
			info = got
		}
		rows = append(rows, row{info, on})
	}
	if format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	}
	var b strings.Builder
	for _, r := range rows {
		state := "on"
		if !r.Enabled {
			state = "off"
		}
		where := "all engines"
		if len(r.Dialects) > 0 {
			var ds []string
			for _, d := range r.Dialects {
				ds = append(ds, string(d))
			}
			where = strings.Join(ds, ", ")
		}
		fmt.Fprintf(&b, "%s (%s, %s; %s)\n  why: %s\n  fix: %s\n", r.ID, r.Severity, state, where, r.Why, r.Fix)
		if r.Params != "" {
			fmt.Fprintf(&b, "  parameters: %s\n", r.Params)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

package cli

import (
	"fmt"
	"io"
	"maps"
	"path/filepath"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/migrate"
	alembicrev "github.com/dbinspect/dbinspect/migrate/alembic"
	"github.com/dbinspect/dbinspect/migrate/sqlpair"
	"github.com/dbinspect/dbinspect/output"
)

// Migration files for the user's own tool (issue 18): an Alembic revision (--format alembic)
// and up/down SQL pairs (--format sql --pair TOOL -o DIR). Both need the way back, the plan
// from TO to FROM, beside the plan diff --format sql writes.

// migrationFileFlags are the flags of diff that only these outputs take.
var migrationFileFlags = []cli.Flag{
	&cli.StringFlag{Name: "message", Aliases: []string{"m"}, Usage: "with --format alembic or --pair: the revision's `MESSAGE` (its docstring, and the file name)"},
	&cli.StringFlag{Name: "revision-id", Usage: "with --format alembic: the revision `ID` (default: 12 random hex digits, as Alembic makes them)"},
	&cli.StringFlag{Name: "down-revision", Usage: "with --format alembic: the `ID` this revision follows (default: the head of --alembic-dir, or none)"},
	&cli.StringFlag{Name: "alembic-dir", Usage: "with --format alembic: the versions `DIR`: its head is the down revision, and without -o the revision is written there"},
	&cli.StringFlag{Name: "pair", Usage: "with --format sql: write an up and a down migration for `TOOL` (" + pairTools() + ") into the folder -o names, numbered after its files"},
}

func pairTools() string {
	names := make([]string, len(sqlpair.Tools))
	for i, t := range sqlpair.Tools {
		names[i] = string(t)
	}
	return strings.Join(names, ", ")
}

// migrationFileFormat checks the flags of these outputs against the format and reports
// whether the diff writes files itself (an Alembic revision into --alembic-dir, a pair).
func migrationFileFormat(c *cli.Context, format string) (writesFiles bool, err error) {
	pair := c.String("pair")
	switch {
	case format == "alembic":
		if pair != "" {
			return false, usagef("--pair needs --format sql, not alembic")
		}
		if c.Bool("split") {
			return false, usagef("--split needs --format sql")
		}
		if c.String("alembic-dir") != "" && c.String("down-revision") != "" {
			return false, usagef("--down-revision and --alembic-dir: give one (the folder's head is the down revision)")
		}
		return c.String("alembic-dir") != "" && c.String("output") == "", nil
	case pair != "":
		if format != "sql" {
			return false, usagef("--pair needs --format sql")
		}
		if _, err := sqlpair.ParseTool(pair); err != nil {
			return false, usageError{err.Error()}
		}
		if c.String("output") == "" || c.String("output") == "-" {
			return false, usagef("--pair writes two files: give the migrations folder with -o DIR")
		}
		for _, flag := range []string{"split", "concurrently"} {
			if c.Bool(flag) {
				return false, usagef("--%s does not go with --pair", flag)
			}
		}
		return true, nil
	}
	for _, flag := range []string{"revision-id", "down-revision", "alembic-dir"} {
		if c.String(flag) != "" {
			return false, usagef("--%s needs --format alembic", flag)
		}
	}
	if c.String("message") != "" {
		return false, usagef("--message needs --format alembic or --pair")
	}
	return false, nil
}

// reverseOptions are the options of the comparison TO → FROM: the same filters, the schema
// map turned round.
func (e *execution) reverseOptions(c *cli.Context) (diff.Options, error) {
	opts, err := diffOptions(e.cfg.Diff, diffFlagsOf(c))
	if err != nil {
		return opts, usageError{err.Error()}
	}
	if !c.Bool("include-migration-tables") {
		opts.Exclude = append(opts.Exclude, migrationTables...)
	}
	back := map[string]string{}
	for k, v := range maps.All(opts.SchemaMap) {
		back[v] = k
	}
	opts.SchemaMap = back
	return opts, nil
}

// plans are the way there (FROM → TO) and back.
func (e *execution) plans(c *cli.Context, from, to loaded, res *diff.Result) (up, down *migrate.Plan, err error) {
	mo := migrate.Options{Safe: c.Bool("safe"), Concurrently: c.Bool("concurrently")}
	if up, err = migrate.Build(from.db, to.db, res, mo); err != nil {
		return nil, nil, err
	}
	opts, err := e.reverseOptions(c)
	if err != nil {
		return nil, nil, err
	}
	back := diff.Compare(to.db, from.db, opts)
	if down, err = migrate.Build(to.db, from.db, back, mo); err != nil {
		return nil, nil, err
	}
	// The way back runs in FROM's database: its schemas under FROM's names.
	renames := map[string]string{}
	for _, pair := range res.Schemas {
		if pair.From != pair.To {
			renames[pair.To] = pair.From
		}
	}
	down.RunIn(renames)
	for _, p := range []*migrate.Plan{up, down} {
		if len(p.Skipped) > 0 {
			fmt.Fprintf(e.stderr, "dbinspect: --safe left out %d statement(s) of the %s migration\n", len(p.Skipped), map[bool]string{true: "up", false: "down"}[p == up])
		}
	}
	return up, down, nil
}

// alembicRevision renders the Alembic revision. With --alembic-dir and no -o it is written
// into that folder under the name `alembic revision` would give it.
func (e *execution) alembicRevision(c *cli.Context, from, to loaded, res *diff.Result) (func(io.Writer) error, error) {
	up, down, err := e.plans(c, from, to, res)
	if err != nil {
		return nil, err
	}
	rev := &alembicrev.Revision{ID: c.String("revision-id"), DownRevision: c.String("down-revision"), Message: c.String("message"),
		From: from.target.String(), To: to.target.String(), Created: time.Now(),
		Up: up, Down: down, FromModel: from.db, ToModel: to.db}
	if rev.ID == "" {
		rev.ID = alembicrev.NewID()
	}
	dir := c.String("alembic-dir")
	if dir != "" {
		if rev.DownRevision, err = alembicrev.Head(dir); err != nil {
			return nil, usageError{err.Error()}
		}
	}
	if dir == "" || c.String("output") != "" {
		return rev.Write, nil
	}
	path := filepath.Join(dir, alembicrev.FileName(rev.ID, rev.Message))
	return func(io.Writer) error {
		if err := output.WriteFile(path, rev.Write); err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "dbinspect: wrote %s\n", path)
		return nil
	}, nil
}

// sqlPair writes the up and down migrations into the folder -o names.
func (e *execution) sqlPair(c *cli.Context, from, to loaded, res *diff.Result) (func(io.Writer) error, error) {
	tool, _ := sqlpair.ParseTool(c.String("pair"))
	up, down, err := e.plans(c, from, to, res)
	if err != nil {
		return nil, err
	}
	dir := c.String("output")
	name := c.String("message")
	if name == "" {
		name = "dbinspect diff"
	}
	header := []string{
		fmt.Sprintf("Generated by dbinspect diff: up turns %s into %s (%s), down turns it back.", from.target, to.target, from.db.Dialect),
		"Review it before applying; statements that can lose data follow a \"destructive:\" line.",
	}
	return func(io.Writer) error {
		files, err := sqlpair.Write(dir, sqlpair.Pair{Tool: tool, Name: name, Up: up, Down: down, Header: header, Now: time.Now()})
		if err != nil {
			return err
		}
		for _, f := range files {
			fmt.Fprintf(e.stderr, "dbinspect: wrote %s\n", f)
		}
		return nil
	}, nil
}

// writesMigrationFiles reports a diff that writes its files itself rather than to -o or
// stdout: an Alembic revision into --alembic-dir, a pair into the -o folder.
func writesMigrationFiles(c *cli.Context) bool {
	return c.String("pair") != "" || c.String("alembic-dir") != "" && c.String("output") == ""
}

// writeDiff writes the diff's output: to -o or stdout, or through the files it writes itself.
func (e *execution) writeDiff(c *cli.Context, write func(io.Writer) error) error {
	if writesMigrationFiles(c) {
		return interruptible(c.Context, io.Discard, write)
	}
	return e.write(c, write)
}

package main

import (
	"fmt"
	"io"
	"maps"
	"strings"

	"github.com/urfave/cli/v2"
	"golang.org/x/sync/errgroup"

	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/drivers"
	"github.com/dbinspect/dbinspect/inspector"
	"github.com/dbinspect/dbinspect/output"
	"github.com/dbinspect/dbinspect/schema"
)

func diffCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "diff",
		Usage:     "compare two schemas by meaning: what must change to turn FROM into TO",
		ArgsUsage: "FROM TO",
		Description: `FROM and TO are TARGETs: environment names, URLs, SQLite files, snapshot .json or .sql
files. The output lists what TO has that FROM lacks or has differently; both are read at once.
Exit codes: 0 no differences, 1 differences (with --fail-on destructive: destructive ones),
2 error. The JSON format is described in docs/diff.md.

--ignore takes: ` + categoryList() + `.
Settings under diff: in dbinspect.yaml (ignore, include, exclude, schema_map) apply too.

Examples:
   dbinspect diff prod staging
   dbinspect diff prod schema.json --fail-on destructive      # pre-deploy drift check
   dbinspect diff sqlite:test.db postgres://app@db/app --format markdown
   dbinspect diff mysql://root@h/app_prod mysql://root@h/app_staging --ignore comments,collations
   dbinspect diff prod staging --exclude '*.schema_migrations' --schema-map tenant_a=tenant_b`,
		Flags: []cli.Flag{
			formatFlag("text", output.DiffFormats), outputFlag,
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print nothing; only the exit code tells (-o FILE is still written)"},
			&cli.StringSliceFlag{Name: "ignore", Usage: "ignore these `CATEGORIES` of differences (comma-separated or repeated)"},
			&cli.StringSliceFlag{Name: "include", Usage: "compare only objects matching this `GLOB` (name or schema.name); repeatable"},
			&cli.StringSliceFlag{Name: "exclude", Usage: "skip objects matching this `GLOB` (name, schema.name, table.column); repeatable"},
			&cli.StringSliceFlag{Name: "schema-map", Usage: "compare schema `FROM=TO` of FROM with schema TO of TO; repeatable"},
			&cli.BoolFlag{Name: "column-order", Usage: "also report columns whose position differs"},
			&cli.StringFlag{Name: "fail-on", Value: "any", Usage: "exit 1 on `any` difference, or only on `destructive` ones"},
			schemaFlag, configFlag, verboseFlag, connectTimeoutFlag, statementTimeoutFlag,
		},
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
func (e *env) diff(c *cli.Context) error {
	if err := e.begin(c); err != nil {
		return err
	}
	if c.NArg() != 2 {
		return usagef("diff takes two TARGETs, FROM and TO (got %d arguments)", c.NArg())
	}
	r, err := output.DiffFor(c.String("format"), e.style(c))
	if err != nil {
		return usageError{err.Error()}
	}
	opts, err := e.diffOptions(c)
	if err != nil {
		return usageError{err.Error()}
	}
	failOn := c.String("fail-on")
	if failOn != "any" && failOn != "destructive" {
		return usagef("--fail-on %q: want any or destructive", failOn)
	}
	from, to, err := e.loadPair(c, c.Args().Get(0), c.Args().Get(1))
	if err != nil {
		return err
	}
	res := diff.Compare(from.db, to.db, opts)
	rep := output.DiffReport{From: from.side(), To: to.side(), Result: res}
	if !c.Bool("quiet") || c.String("output") != "" {
		if err := e.write(c, func(w io.Writer) error { return r.Diff(w, rep) }); err != nil {
			return err
		}
	}
	if failOn == "destructive" && res.HasDestructive() || failOn == "any" && !res.Empty() {
		return errDifferences
	}
	return nil
}

// loaded is one side of a comparison: the target as people may see it, and its model.
type loaded struct {
	target *drivers.Target
	db     *schema.Database
}

func (l loaded) side() output.DiffSide {
	return output.DiffSide{Target: l.target.String(), Dialect: l.db.Dialect}
}

// loadPair resolves both targets (in order: resolving records passwords to scrub), then
// inspects them concurrently; the first error cancels the other side.
func (e *env) loadPair(c *cli.Context, fromArg, toArg string) (from, to loaded, err error) {
	type job struct {
		target *drivers.Target
		opts   inspector.Options
		out    *loaded
		label  string
	}
	jobs := []job{{out: &from, label: "FROM"}, {out: &to, label: "TO"}}
	for i, arg := range []string{fromArg, toArg} {
		if arg == "" {
			return from, to, usagef("diff: the %s TARGET is empty", jobs[i].label)
		}
		t, opts, err := e.resolve(c, arg)
		if err != nil {
			return from, to, err
		}
		jobs[i].target, jobs[i].opts = t, opts
	}
	g, ctx := errgroup.WithContext(c.Context)
	for _, j := range jobs {
		g.Go(func() error {
			db, err := inspector.Inspect(ctx, j.target, j.opts)
			if err != nil {
				return fmt.Errorf("%s: %w", j.label, err)
			}
			db.Filter(e.cfg.Tables.Include, e.cfg.Tables.Exclude)
			*j.out = loaded{target: j.target, db: db}
			return nil
		})
	}
	return from, to, g.Wait()
}

// diffOptions merges the config file's diff: settings with the command line's: lists add up,
// and --schema-map entries override the file's for the same schema.
func (e *env) diffOptions(c *cli.Context) (diff.Options, error) {
	set := e.cfg.Diff
	opts := diff.Options{
		Include:     append(append([]string{}, set.Include...), c.StringSlice("include")...),
		Exclude:     append(append([]string{}, set.Exclude...), c.StringSlice("exclude")...),
		SchemaMap:   maps.Clone(set.SchemaMap),
		ColumnOrder: c.Bool("column-order"),
	}
	if opts.SchemaMap == nil {
		opts.SchemaMap = map[string]string{}
	}
	for _, ig := range append(append([]string{}, set.Ignore...), c.StringSlice("ignore")...) {
		cat := diff.ParseCategory(ig)
		if cat == diff.CatColumnOrder && opts.ColumnOrder {
			return opts, fmt.Errorf("--column-order and --ignore column-order contradict each other")
		}
		opts.Ignore = append(opts.Ignore, cat)
	}
	for _, m := range c.StringSlice("schema-map") {
		fromName, toName, ok := strings.Cut(m, "=")
		if !ok || fromName == "" || toName == "" {
			return opts, fmt.Errorf("--schema-map %q: want FROM=TO, e.g. tenant_a=tenant_b", m)
		}
		opts.SchemaMap[fromName] = toName
	}
	return opts, opts.Validate()
}

package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/urfave/cli/v2"
	"golang.org/x/sync/errgroup"

	"github.com/dbinspect/dbinspect/config"
	"github.com/dbinspect/dbinspect/ddl"
	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/drivers"
	"github.com/dbinspect/dbinspect/fleet"
	"github.com/dbinspect/dbinspect/inspector"
	"github.com/dbinspect/dbinspect/internal/secret"
	"github.com/dbinspect/dbinspect/migrate"
	"github.com/dbinspect/dbinspect/output"
	"github.com/dbinspect/dbinspect/schema"
)

func fleetCommand(e *execution) *cli.Command {
	return &cli.Command{
		Name:      "fleet",
		Usage:     "compare every tenant database or schema with one baseline, grouped by drift",
		ArgsUsage: "BASELINE [TARGET…]",
		Description: `BASELINE is any TARGET: a snapshot, an environment, a URL. The TARGETs are the tenants, any
mix of environment names, globs over them ('tenant-*'), fleets of dbinspect.yaml and URLs;
--targets-file FILE adds one TARGET per line (- reads stdin; ${VAR} is expanded, # starts a
comment). Each tenant is compared with the baseline as 'dbinspect diff TENANT BASELINE' would
(the diff settings of dbinspect.yaml and --ignore, --include, --exclude apply), and tenants
that drift alike are reported once, together.

--schemas 'tenant_*' makes each PostgreSQL target one inspection whose matching schemas are
the tenants; --databases 'tenant_*' does the same with the databases of a MySQL/MariaDB server.
Each is compared with the baseline's one schema (or --baseline-schema NAME). However many
tenants a server holds, it is read with one fixed set of catalog queries; different servers
are read concurrently, --jobs at a time.

Exit codes: 0 every tenant matches, 1 some tenant drifts (with --fail-on destructive: some
drift is destructive), 2 some tenant could not be read (the report lists it) or an error.

--format sql -o DIR writes one migration per drifted tenant, DIR/TENANT.sql, turning it into
the baseline; tenants that drift alike get the same plan, and each file says which others
share it. --shard I/N takes every N-th tenant (of each server, and of the single targets),
for a CI matrix; 'dbinspect fleet merge' joins the shards' --format json reports into one.

Examples:
   dbinspect fleet schema.json 'tenant-*'
   dbinspect fleet schema.json postgres://app@db/app --schemas 'tenant_*' --format markdown
   dbinspect fleet mysql://root@db/tenant_template mysql://root@db/ --databases 'tenant_*'
   dbinspect fleet schema.json --targets-file tenants.txt --jobs 8 --fail-on destructive
   dbinspect fleet schema.json tenants --shard 3/8 --format json -o shard-3.json
   dbinspect fleet merge shard-*.json --format markdown`,
		Flags: []cli.Flag{
			formatFlag("text", append(slices.Clone(fleet.Formats), "sql")),
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "write to `FILE` (atomically); with --format sql, the folder DIR for the plans"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print nothing; only the exit code tells (-o is still written)"},
			&cli.StringFlag{Name: "targets-file", Usage: "read more TARGETs from `FILE`, one per line (- for stdin)"},
			&cli.StringSliceFlag{Name: "schemas", Usage: "the tenants are the PostgreSQL schemas matching this `GLOB` (repeatable)"},
			&cli.StringSliceFlag{Name: "databases", Usage: "the tenants are the MySQL/MariaDB databases matching this `GLOB` (repeatable)"},
			&cli.StringFlag{Name: "baseline-schema", Usage: "compare the tenants with this `SCHEMA` of the baseline"},
			&cli.IntFlag{Name: "jobs", Aliases: []string{"j"}, Value: 4, Usage: "read at most `N` servers at once"},
			&cli.StringFlag{Name: "shard", Usage: "take every N-th tenant, starting with the I-th: `I/N`"},
			&cli.StringSliceFlag{Name: "ignore", Usage: "ignore these `CATEGORIES` of differences (comma-separated or repeated)"},
			&cli.StringSliceFlag{Name: "include", Usage: "compare only objects matching this `GLOB` (name or schema.name); repeatable"},
			&cli.StringSliceFlag{Name: "exclude", Usage: "skip objects matching this `GLOB` (name, schema.name, table.column); repeatable"},
			&cli.StringSliceFlag{Name: "schema-map", Usage: "compare schema `FROM=TO` of a tenant with schema TO of the baseline; repeatable"},
			&cli.BoolFlag{Name: "column-order", Usage: "also report columns whose position differs"},
			&cli.BoolFlag{Name: "privileges", Usage: "also compare owners, grants and default privileges (PostgreSQL)"},
			&cli.StringSliceFlag{Name: "role-map", Usage: "role `OLD=NEW` of FROM is role NEW of TO (policies; grants with --privileges); repeatable"},
			&cli.StringFlag{Name: "fail-on", Value: "any", Usage: "exit 1 on `any` drift, or only on `destructive` drift"},
			&cli.BoolFlag{Name: "exit-zero", Usage: "exit 0 even when tenants drift (unreadable tenants still exit 2)"},
			&cli.BoolFlag{Name: "safe", Usage: "with --format sql: leave out destructive statements"},
			&cli.BoolFlag{Name: "split", Usage: "with --format sql: end each statement with a \"-- dbinspect:split\" line, for drivers"},
			&cli.BoolFlag{Name: "concurrently", Usage: "with --format sql: CREATE INDEX CONCURRENTLY on existing PostgreSQL tables, after the transaction"},
			schemaFlag, configFlag, verboseFlag, connectTimeoutFlag, statementTimeoutFlag,
		},
		Action:      func(c *cli.Context) error { return e.fleet(c) },
		Subcommands: []*cli.Command{fleetMergeCommand(e)},
	}
}

func fleetMergeCommand(e *execution) *cli.Command {
	cmd := &cli.Command{
		Name:      "merge",
		Usage:     "join the --format json reports of a fleet's shards into one report",
		ArgsUsage: "REPORT.json…",
		Description: `Each REPORT is the output of 'dbinspect fleet … --shard I/N --format json' (- reads stdin).
The merged report is the one a single run over the whole fleet writes; the exit code is that
run's too (0 all match, 1 drift, 2 a tenant could not be read or a shard is missing).

Example:
   dbinspect fleet merge shard-*.json --format markdown -o drift.md`,
		Flags: []cli.Flag{
			formatFlag("text", fleet.Formats), outputFlag,
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print nothing; only the exit code tells (-o FILE is still written)"},
			&cli.StringFlag{Name: "fail-on", Value: "any", Usage: "exit 1 on `any` drift, or only on `destructive` drift"},
			&cli.BoolFlag{Name: "exit-zero", Usage: "exit 0 even when tenants drift"},
			configFlag, verboseFlag,
		},
		Action: func(c *cli.Context) error { return e.fleetMerge(c) },
	}
	cmd.OnUsageError = func(_ *cli.Context, err error, _ bool) error {
		return usageError{err.Error() + " (see dbinspect fleet merge --help)"}
	}
	return cmd
}

// fleetRun is one fleet command being carried out.
type fleetRun struct {
	e        *execution
	c        *cli.Context
	opts     diff.Options
	shard    fleet.Shard
	baseline loaded
	// baseSchema is the baseline's schema the tenants' schemas are compared with ("" when
	// every target is a tenant of its own).
	baseSchema string
	prog       *progress
	// severalServers is set when the tenants are schemas of more than one server: their
	// names are then prefixed with the server's.
	severalServers bool
	// plans keeps what --format sql needs of each drifted tenant.
	plans map[string]*schema.Database

	mu      sync.Mutex
	tenants []fleet.Tenant
}

// fleetSource is one inspection: a target that is one tenant, or a server whose schemas
// (databases) matching patterns are the tenants.
type fleetSource struct {
	target   *drivers.Target
	opts     inspector.Options
	patterns []string
}

func (s fleetSource) label() string {
	if len(s.patterns) == 0 {
		return s.target.String()
	}
	return s.target.String() + " (" + strings.Join(s.patterns, ", ") + ")"
}

func (e *execution) fleet(c *cli.Context) error {
	if err := e.begin(c); err != nil {
		return err
	}
	r := &fleetRun{e: e, c: c, plans: map[string]*schema.Database{}}
	format := strings.ToLower(c.String("format"))
	if err := r.checkFlags(format); err != nil {
		return err
	}
	baseArg, targets, fromFleets, err := r.arguments()
	if err != nil {
		return err
	}
	sources, err := r.sources(targets, fromFleets)
	if err != nil {
		return err
	}
	if err := r.loadBaseline(baseArg, sources); err != nil {
		return err
	}
	r.prog = e.newProgress(c.Bool("quiet"))
	err = r.inspectAll(sources)
	r.prog.finish()
	if err != nil {
		return err
	}
	rep := fleet.NewReport(fleet.Baseline{Target: r.baseline.target.String(), Dialect: r.baseline.db.Dialect, Schema: r.baseSchema},
		r.shard, r.tenants)
	if format == "sql" {
		err = r.writePlans(rep)
	} else if !c.Bool("quiet") || c.String("output") != "" {
		err = e.write(c, func(w io.Writer) error { return rep.Write(w, format, e.style(c)) })
	}
	if err != nil {
		return err
	}
	return fleetExit(c, rep)
}

// fleetExit turns a report into the exit code: 2 when a tenant could not be read, 1 on drift.
func fleetExit(c *cli.Context, rep *fleet.Report) error {
	switch {
	case rep.Failed():
		return fmt.Errorf("%s could not be read (listed in the report)", plural(rep.Summary.Errors, "tenant", "tenants"))
	case len(rep.MissingShards) > 0:
		return fmt.Errorf("the merged report lacks shard(s) %s", strings.Join(rep.MissingShards, ", "))
	case c.Bool("exit-zero"):
		return nil
	case rep.Drifted(strings.EqualFold(c.String("fail-on"), "destructive")):
		return errDifferences
	}
	return nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// checkFlags checks the flags that do not need the config or a server.
func (r *fleetRun) checkFlags(format string) error {
	c := r.c
	if !slices.Contains(append(slices.Clone(fleet.Formats), "sql", "md"), format) {
		return usagef("--format %q: want %s, sql", format, strings.Join(fleet.Formats, ", "))
	}
	if format == "sql" && c.String("output") == "" {
		return usagef("--format sql writes one plan per drifted tenant: give the folder with -o DIR")
	}
	if format != "sql" {
		for _, flag := range []string{"safe", "split", "concurrently"} {
			if c.Bool(flag) {
				return usagef("--%s needs --format sql", flag)
			}
		}
	}
	if f := strings.ToLower(c.String("fail-on")); f != "any" && f != "destructive" {
		return usagef("--fail-on %q: want any or destructive", f)
	}
	if c.Int("jobs") < 1 {
		return usagef("--jobs %d: want 1 or more", c.Int("jobs"))
	}
	if len(c.StringSlice("schemas")) > 0 && len(c.StringSlice("databases")) > 0 {
		return usagef("--schemas and --databases together: --schemas is for PostgreSQL schemas, --databases for MySQL/MariaDB databases")
	}
	for _, g := range append(c.StringSlice("schemas"), c.StringSlice("databases")...) {
		if _, err := path.Match(g, ""); err != nil {
			return usagef("bad pattern %q: %v", g, err)
		}
	}
	if s := c.String("shard"); s != "" {
		shard, err := fleet.ParseShard(s)
		if err != nil {
			return usageError{err.Error()}
		}
		r.shard = shard
	}
	opts, err := diffOptions(r.e.cfg.Diff, diffFlagsOf(c))
	if err != nil {
		return usageError{err.Error()}
	}
	// Every tenant is compared with the one baseline: its canonical texts are computed once
	// for the run, not once per tenant (and the tenants' own, mostly the same, hit them too).
	opts.Memo = diff.NewMemo()
	r.opts = opts
	return nil
}

// arguments splits the command line into the baseline and the tenant targets: the TARGETs
// (fleets of the config expanded) and the lines of --targets-file. fromFleets holds, for the
// targets a fleet named, that fleet.
func (r *fleetRun) arguments() (baseline string, targets []string, fromFleets map[int]config.Fleet, err error) {
	args := r.c.Args().Slice()
	fromFleets = map[int]config.Fleet{}
	if len(args) == 1 {
		// `dbinspect fleet NAME`: a fleet of the config that names its baseline.
		if f, ok := r.e.cfg.Fleets[args[0]]; ok && f.Baseline != "" {
			args = []string{f.Baseline, args[0]}
		}
	}
	if len(args) == 0 {
		return "", nil, nil, usagef("fleet takes the BASELINE, then the tenants' TARGETs (see dbinspect fleet --help)")
	}
	baseline = args[0]
	for _, a := range args[1:] {
		if f, ok := r.e.cfg.Fleets[a]; ok {
			for _, t := range f.Targets {
				fromFleets[len(targets)] = f
				targets = append(targets, t)
			}
			continue
		}
		targets = append(targets, a)
	}
	if file := r.c.String("targets-file"); file != "" {
		lines, err := r.targetsFile(file)
		if err != nil {
			return "", nil, nil, err
		}
		targets = append(targets, lines...)
	}
	if len(targets) == 0 {
		return "", nil, nil, usagef("fleet: no tenant TARGET given after the BASELINE %q (name environments, a fleet, URLs, or --targets-file)", baseline)
	}
	return baseline, targets, fromFleets, nil
}

// targetsFile reads one TARGET per line; blank lines and # comments are skipped, and ${VAR}
// is expanded as in an environment's URL.
func (r *fleetRun) targetsFile(file string) ([]string, error) {
	var rd io.Reader = os.Stdin
	name := "standard input"
	if file != "-" {
		f, err := os.Open(file)
		if err != nil {
			return nil, fmt.Errorf("%w: --targets-file: %v", drivers.ErrTarget, err)
		}
		defer f.Close()
		rd, name = f, file
	}
	var out []string
	sc := bufio.NewScanner(rd)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		u, err := config.ExpandURL(line, fmt.Sprintf("%s line %d", name, n))
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("--targets-file %s: %w", name, err)
	}
	return out, nil
}

// globChars mark a TARGET that is a glob over the environments.
var globChars = regexp.MustCompile(`[*?\[]`)

// sources resolves the targets, expands globs over the environments, and says which are
// servers of tenant schemas (--schemas, --databases, or the fleet's own patterns).
func (r *fleetRun) sources(targets []string, fromFleets map[int]config.Fleet) ([]fleetSource, error) {
	flagPatterns := append(r.c.StringSlice("schemas"), r.c.StringSlice("databases")...)
	var out []fleetSource
	seen := map[string]bool{}
	for i, arg := range targets {
		patterns, wantMySQL := flagPatterns, len(r.c.StringSlice("databases")) > 0
		if f, ok := fromFleets[i]; ok && len(flagPatterns) == 0 {
			patterns, wantMySQL = append(slices.Clone(f.Schemas), f.Databases...), len(f.Databases) > 0
		}
		names := []string{arg}
		if _, isEnv := r.e.cfg.Environments[arg]; !isEnv && globChars.MatchString(arg) && !strings.Contains(arg, "://") {
			matched, err := r.e.cfg.MatchEnvironments(arg)
			if err != nil {
				return nil, usageError{err.Error()}
			}
			if len(matched) == 0 {
				return nil, usagef("no environment matches %q (the environments are %s)", arg, strings.Join(r.e.cfg.Names(), ", "))
			}
			names = matched
		}
		for _, name := range names {
			t, opts, err := r.e.resolve(r.c, name)
			if err != nil {
				return nil, err
			}
			if seen[t.String()] {
				continue
			}
			seen[t.String()] = true
			if err := checkPatternTarget(t, patterns, wantMySQL); err != nil {
				return nil, err
			}
			out = append(out, fleetSource{target: t, opts: opts, patterns: patterns})
		}
	}
	return out, nil
}

// checkPatternTarget: --schemas needs a PostgreSQL (or MySQL) server, --databases a MySQL one.
func checkPatternTarget(t *drivers.Target, patterns []string, wantMySQL bool) error {
	if len(patterns) == 0 {
		return nil
	}
	e, _ := drivers.EngineOf(t.Dialect)
	switch {
	case t.Kind != drivers.KindURL || !e.Server:
		return usagef("%s is not a database server: --schemas and --databases find the tenants on a PostgreSQL or MySQL/MariaDB server", t)
	case wantMySQL && !e.SchemasAreDatabases:
		return usagef("%s is %s: --databases finds MySQL/MariaDB databases; a PostgreSQL server's tenant schemas are found with --schemas", t, t.Dialect)
	}
	return nil
}

// loadBaseline reads the baseline and picks the schema the tenant schemas are compared with.
func (r *fleetRun) loadBaseline(arg string, sources []fleetSource) error {
	t, opts, err := r.e.resolve(r.c, arg)
	if err != nil {
		return fmt.Errorf("baseline: %w", err)
	}
	name := r.c.String("baseline-schema")
	if name == "" {
		for _, f := range r.e.cfg.Fleets {
			if f.BaselineSchema != "" && f.Baseline == arg {
				name = f.BaselineSchema
			}
		}
	}
	if name != "" && t.Kind != drivers.KindSnapshot {
		opts.Schemas = []string{name}
	}
	db, err := r.e.inspect(r.c.Context, t, opts)
	if err != nil {
		return fmt.Errorf("baseline: %w", err)
	}
	r.e.sayNotes(t, db)
	if name != "" {
		sc := db.Schema(name)
		if sc == nil {
			return fmt.Errorf("baseline: %s has no schema %q (it has %s)", t, name, schemaNames(db))
		}
		db.Schemas = []schema.Schema{*sc}
	}
	r.baseline = loaded{target: t, db: db}
	if slices.ContainsFunc(sources, func(s fleetSource) bool { return len(s.patterns) > 0 }) {
		if len(db.Schemas) != 1 {
			return usagef("baseline %s has %d schemas (%s): name the one the tenant schemas are compared with, --baseline-schema NAME",
				t, len(db.Schemas), schemaNames(db))
		}
		r.baseSchema = db.Schemas[0].Name
	}
	return nil
}

func schemaNames(db *schema.Database) string {
	names := make([]string, len(db.Schemas))
	for i, s := range db.Schemas {
		names[i] = s.Name
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// inspectAll reads every source, at most --jobs at once, and compares its tenants as soon as
// it is read. A source that cannot be read is a row of the report; the others go on.
func (r *fleetRun) inspectAll(sources []fleetSource) error {
	var singles, servers []fleetSource
	for _, s := range sources {
		if len(s.patterns) == 0 {
			singles = append(singles, s)
		} else {
			servers = append(servers, s)
		}
	}
	slices.SortStableFunc(singles, func(a, b fleetSource) int { return strings.Compare(a.target.String(), b.target.String()) })
	singles = fleet.Take(r.shard, singles)
	r.severalServers = len(servers) > 1
	r.prog.add(len(singles) + len(servers)) // a server counts as one until its tenants are known
	g, ctx := errgroup.WithContext(r.c.Context)
	g.SetLimit(r.c.Int("jobs"))
	for _, s := range append(singles, servers...) {
		g.Go(func() error {
			if err := safely(func() error { r.inspectSource(ctx, s); return nil }); err != nil {
				return err // a panic, as one line
			}
			return ctx.Err()
		})
	}
	return g.Wait()
}

// inspectSource reads one source and compares its tenants.
func (r *fleetRun) inspectSource(ctx context.Context, s fleetSource) {
	if len(s.patterns) == 0 {
		t := fleet.Tenant{Name: s.target.String(), Target: s.target.String()}
		db, err := r.e.inspect(ctx, s.target, s.opts)
		if err != nil {
			r.add(fleet.Error(t, r.scrubbed(err)))
			r.prog.tick(1)
			return
		}
		r.e.sayNotes(s.target, db)
		r.compare(t, db)
		r.prog.tick(1)
		return
	}
	opts := s.opts
	known := false
	opts.Choose = func(names []string) []string {
		chosen := fleet.Take(r.shard, r.tenantSchemas(s, names))
		r.prog.add(len(chosen) - 1)
		known = true
		return chosen
	}
	db, err := r.e.inspect(ctx, s.target, opts)
	if err != nil {
		r.add(fleet.Error(fleet.Tenant{Name: s.label(), Target: s.target.String()}, r.scrubbed(err)))
		if !known {
			r.prog.tick(1)
		}
		return
	}
	r.e.sayNotes(s.target, db)
	for _, part := range fleet.Split(db) {
		name := part.Schemas[0].Name
		t := fleet.Tenant{Name: name, Target: s.target.String(), Schema: name}
		if r.severalServers {
			t.Name = s.target.String() + "/" + name // tenant_a may be on each server
		}
		r.compare(t, part)
		r.prog.tick(1)
	}
}

// tenantSchemas are the schemas of a server matching the source's patterns, but the
// baseline's own schema when the baseline is on the same server.
func (r *fleetRun) tenantSchemas(s fleetSource, names []string) []string {
	var out []string
	for _, n := range names {
		if sameDatabase(r.baseline.target, s.target) && n == r.baseSchema {
			continue
		}
		for _, p := range s.patterns {
			if ok, _ := path.Match(p, n); ok {
				out = append(out, n)
				break
			}
		}
	}
	return out
}

// sameDatabase reports whether two targets reach the same database (MySQL: the same server).
func sameDatabase(a, b *drivers.Target) bool {
	if a.Kind != drivers.KindURL || b.Kind != drivers.KindURL || a.Dialect != b.Dialect {
		return false
	}
	if e, _ := drivers.EngineOf(a.Dialect); e.SchemasAreDatabases {
		server := func(dsn string) string { s, _, _ := strings.Cut(dsn, ")/"); return s }
		return server(a.DSN) == server(b.DSN)
	}
	return a.DSN == b.DSN
}

// compare compares one tenant with the baseline and records its row.
func (r *fleetRun) compare(t fleet.Tenant, db *schema.Database) {
	t = fleet.Compare(t, db, r.baseline.db, r.opts)
	if t.Status == fleet.Drift && strings.EqualFold(r.c.String("format"), "sql") {
		r.mu.Lock()
		r.plans[t.Name] = db
		r.mu.Unlock()
	} else {
		t.Result = nil // only plans need it; let the model go
	}
	r.add(t)
}

func (r *fleetRun) add(t fleet.Tenant) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.tenants = append(r.tenants, t)
}

// scrubbed is an error with every password masked (internal/secret), for the report.
func (r *fleetRun) scrubbed(err error) error {
	return fmt.Errorf("%s", secret.Text(err.Error()))
}

// writePlans writes one migration per drifted tenant into the -o folder, and says on stdout
// which files it wrote and which share a plan.
func (r *fleetRun) writePlans(rep *fleet.Report) error {
	dir := r.c.String("output")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("-o %s: %w", dir, err)
	}
	byName := map[string]fleet.Tenant{}
	for _, t := range rep.Tenants {
		byName[t.Name] = t
	}
	files := planFileNames(rep)
	var summary strings.Builder
	for _, g := range rep.Groups {
		if g.Status != fleet.Drift {
			continue
		}
		for _, name := range g.Tenants {
			t := byName[name]
			others := slices.DeleteFunc(slices.Clone(g.Tenants), func(n string) bool { return n == name })
			if err := r.writePlan(filepath.Join(dir, files[name]), t, others); err != nil {
				return fmt.Errorf("plan for %s: %w", name, err)
			}
		}
		fmt.Fprintf(&summary, "%s: %s\n", strings.Join(mapNames(g.Tenants, files), ", "), samePlan(len(g.Tenants)))
	}
	if !r.c.Bool("quiet") {
		fmt.Fprintf(r.e.stdout, "%s\n%s", rep.Headline(), summary.String())
	}
	return nil
}

func samePlan(n int) string {
	if n == 1 {
		return "its own plan"
	}
	if n == 2 {
		return "one plan for both (they drift alike)"
	}
	return fmt.Sprintf("one plan for all %d (they drift alike)", n)
}

func mapNames(names []string, files map[string]string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = files[n]
	}
	return out
}

// unsafeFileChars are replaced in a tenant's name to make its plan's file name.
var unsafeFileChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// planFileNames names each drifted tenant's plan after it, made unique.
func planFileNames(rep *fleet.Report) map[string]string {
	out := map[string]string{}
	used := map[string]bool{}
	for _, t := range rep.Tenants {
		if t.Status != fleet.Drift {
			continue
		}
		base := strings.Trim(unsafeFileChars.ReplaceAllString(t.Name, "_"), "._")
		if base == "" {
			base = "tenant"
		}
		name := base + ".sql"
		for i := 2; used[strings.ToLower(name)]; i++ {
			name = fmt.Sprintf("%s-%d.sql", base, i)
		}
		used[strings.ToLower(name)] = true
		out[t.Name] = name
	}
	return out
}

// writePlan plans one tenant's migration to the baseline and writes it atomically.
func (r *fleetRun) writePlan(file string, t fleet.Tenant, others []string) error {
	from := r.plans[t.Name]
	plan, err := migrate.Build(from, r.baseline.db, t.Result, migrate.Options{Safe: r.c.Bool("safe"), Concurrently: r.c.Bool("concurrently")})
	if err != nil {
		return err
	}
	if e, _ := drivers.EngineOf(from.Dialect); e.SchemasAreDatabases && len(from.Schemas) == 1 && !plan.Empty() {
		// A MySQL plan names no database: it selects the tenant's, whatever the client's is.
		use := migrate.Step{SQL: "USE " + ddl.QuoteIdent(from.Dialect, from.Schemas[0].Name), Object: from.Schemas[0].Name}
		plan.Steps = append([]migrate.Step{use}, plan.Steps...)
	}
	if len(plan.Skipped) > 0 {
		fmt.Fprintf(r.e.stderr, "dbinspect: %s: --safe left out %d statement(s)\n", t.Name, len(plan.Skipped))
	}
	header := []string{
		fmt.Sprintf("Migration generated by dbinspect fleet: turns tenant %s into the baseline %s (%s).", t.Name, r.baseline.target, from.Dialect),
		"Review it before applying; statements that can lose data follow a \"destructive:\" line.",
	}
	if len(others) > 0 {
		header = append(header, fmt.Sprintf("The same plan (in each tenant's own schema) serves %s: they drift alike (drift %s).", strings.Join(others, ", "), t.Drift))
	}
	if plan.Empty() {
		return output.WriteFile(file, func(w io.Writer) error { return writeNothingToRun(w, t.Result, plan) })
	}
	return output.WriteFile(file, func(w io.Writer) error {
		return plan.Write(w, migrate.WriteOptions{Split: r.c.Bool("split"), Header: header})
	})
}

// fleetMerge is `dbinspect fleet merge`: read the shards' reports, merge, render.
func (e *execution) fleetMerge(c *cli.Context) error {
	e.setupLogging(c.Bool("verbose"))
	format := strings.ToLower(c.String("format"))
	if !slices.Contains(append(slices.Clone(fleet.Formats), "md"), format) {
		return usagef("--format %q: want %s", format, strings.Join(fleet.Formats, ", "))
	}
	if f := strings.ToLower(c.String("fail-on")); f != "any" && f != "destructive" {
		return usagef("--fail-on %q: want any or destructive", f)
	}
	if c.NArg() == 0 {
		return usagef("fleet merge takes the --format json reports of the shards (see dbinspect fleet merge --help)")
	}
	var reports []*fleet.Report
	for _, name := range c.Args().Slice() {
		rep, err := readFleetReport(name)
		if err != nil {
			return err
		}
		reports = append(reports, rep)
	}
	rep, err := fleet.Merge(reports)
	if err != nil {
		return err
	}
	if !c.Bool("quiet") || c.String("output") != "" {
		if err := e.write(c, func(w io.Writer) error { return rep.Write(w, format, e.style(c)) }); err != nil {
			return err
		}
	}
	return fleetExit(c, rep)
}

func readFleetReport(name string) (*fleet.Report, error) {
	var rd io.Reader = os.Stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, fmt.Errorf("fleet merge: %w", err)
		}
		defer f.Close()
		rd = f
	}
	rep, err := fleet.ReadReport(rd)
	if err != nil {
		return nil, fmt.Errorf("fleet merge: %s: %w", name, err)
	}
	return rep, nil
}

// Command bench times what users run — dbinspect's commands end to end, each as a process of
// its own — on ../shared/bench/gen_schema.py's schemas at several sizes, with the peak memory
// of each run, and the same command of a baseline build beside it.
//
//	go run ./cmd/bench -baseline /path/to/older/dbinspect            # 500, 5,000 and 20,000 tables
//	go run ./cmd/bench -sizes 500,5000 -runs 5 -only 'export|diff'
//
// It prepares, once, in -dir: an SQLite database per size (and a copy with 50 tables
// altered), PostgreSQL and MySQL databases dbinspect_bench_N (and _N_b, altered) on the
// servers of -postgres and -mysql when they answer, and a snapshot of each. Every case then
// runs -runs times, the build under test and the baseline in turn, and the table shows each
// one's fastest run, its least CPU time (user + system: on a loaded machine the steadier
// measure of the process's own work) and its largest peak RSS (the kernel's accounting of the
// whole process): a Markdown table, as README's benchmark section holds it.
//
// The build under test is this program itself: it runs internal/cli's Main (dbinspect's own
// main) when started with the hidden first argument "-run-cli", so the command line measured
// is the one a user has. With "-run-floor TARGET" it runs inspector.CatalogFloor instead, the
// inspection's floor: the target opened as the CLI opens it and the inspector's own catalog
// queries sent and decoded, no model built, in a process that collects garbage as
// dbinspect's does (cli.DelayFirstGC). Each live inspect case has that floor beside it,
// measured in turn with it ("catalog queries (ENGINE)"), and the inspect row says how far
// above it it is.
package main

import (
	"context"
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/dbinspect/dbinspect/drivers"
	"github.com/dbinspect/dbinspect/inspector"
	"github.com/dbinspect/dbinspect/internal/cli"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "-run-cli" {
		os.Args = append([]string{"dbinspect"}, os.Args[2:]...)
		os.Exit(cli.Main())
	}
	if len(os.Args) == 3 && os.Args[1] == "-run-floor" {
		// The floor's process collects as dbinspect's does.
		cli.DelayFirstGC()
		if err := runFloor(context.Background(), os.Args[2]); err != nil {
			fmt.Fprintln(os.Stderr, "bench -run-floor:", err)
			os.Exit(2)
		}
		return
	}
	var o options
	flag.StringVar(&o.sizes, "sizes", "500,5000,20000", "table counts, comma-separated")
	flag.StringVar(&o.dir, "dir", filepath.Join(os.TempDir(), "dbinspect-bench"), "where the generated databases and snapshots are kept between runs")
	flag.StringVar(&o.gen, "gen", "../shared/bench/gen_schema.py", "the schema generator")
	flag.StringVar(&o.postgres, "postgres", "postgres://root@127.0.0.1:5432/postgres?sslmode=disable", "the PostgreSQL server to bench on (empty: none): the databases are made and loaded there with psql, as the URL's user")
	flag.StringVar(&o.mysql, "mysql", "mysql://root@127.0.0.1:3306/", "the MySQL or MariaDB server to bench on (empty: none): the databases are made and loaded there with mariadb, as the URL's user")
	flag.StringVar(&o.baseline, "baseline", "", "a dbinspect binary to run each command with too, for the column beside")
	flag.IntVar(&o.runs, "runs", 3, "runs of each command (the fastest is shown)")
	flag.DurationVar(&o.limit, "baseline-limit", 0, "stop a baseline run after this long and show the case's baseline as more than it, without running it again (0: no limit); for baselines quadratic at 20,000 tables")
	flag.StringVar(&o.only, "only", "", "run only the cases whose name matches this regular expression")
	flag.Parse()
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(2)
	}
}

type options struct {
	sizes, dir, gen, postgres, mysql, baseline, only string
	runs                                             int
	limit                                            time.Duration
}

// bench is one case: a name and dbinspect's arguments.
type bench struct {
	name string
	args []string
	// floor, when set, is the live target whose catalog floor (-run-floor) is measured in
	// turn with the case and shown in a row of its own before it.
	floor string
}

// runFloor is the catalog floor of an inspection of target: resolved and opened as the CLI
// does with no flags given, the inspector's catalog queries sent and their rows decoded.
func runFloor(ctx context.Context, target string) error {
	// A cancellable context, as cli.Run gives every command: the SQLite driver arms its
	// interrupt watch on each step only for one, and the floor should pay what inspect pays.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	t, err := drivers.Resolve(target)
	if err != nil {
		return err
	}
	rows, err := inspector.CatalogFloor(ctx, t, inspector.Options{})
	if err == nil && rows == 0 {
		err = fmt.Errorf("%s: no catalog rows", t)
	}
	return err
}

func run(o options) error {
	only, err := regexp.Compile(o.only)
	if err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(o.dir, 0o755); err != nil {
		return err
	}
	fmt.Printf("| command | tables | time | CPU | peak RSS |")
	if o.baseline != "" {
		fmt.Printf(" baseline time | baseline CPU | baseline peak RSS | time ratio | CPU ratio |")
	}
	fmt.Printf(" vs floor |\n|---|---|---|---|---|%s---|\n", map[bool]string{true: "---|---|---|---|---|"}[o.baseline != ""])
	for _, s := range strings.Split(o.sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return fmt.Errorf("bad -sizes: %w", err)
		}
		cases, err := prepare(o, n)
		if err != nil {
			return err
		}
		for _, c := range cases {
			if !only.MatchString(c.name) {
				continue
			}
			// One run first, not counted, so that every counted one finds the files and the
			// server's pages in memory: a 20,000-table SQLite file is 260 MB, and its first read
			// from disk (11 s here) passed the connect timeout.
			if c.floor != "" {
				measure(self, []string{"-run-floor", c.floor}, 0)
			} else {
				measure(self, append([]string{"-run-cli"}, c.args...), 0)
			}
			// The floor, the build and the baseline run in turn, so a machine's drift reaches all.
			var floor, cur, base result
			for i := range o.runs {
				if c.floor != "" {
					floor = floor.merge(i, measure(self, []string{"-run-floor", c.floor}, 0))
				}
				cur = cur.merge(i, measure(self, append([]string{"-run-cli"}, c.args...), 0))
				if o.baseline != "" && !base.stopped {
					base = base.merge(i, measure(o.baseline, c.args, o.limit))
				}
			}
			if c.floor != "" {
				fmt.Printf("| `catalog queries (%s)` | %d | %s | %s | %s |", c.engine(), n, floor.timeText(), floor.cpuText(), floor.rssText())
				if o.baseline != "" {
					fmt.Printf(" | | | | |")
				}
				fmt.Println(" |")
			}
			fmt.Printf("| `%s` | %d | %s | %s | %s |", c.name, n, cur.timeText(), cur.cpuText(), cur.rssText())
			if o.baseline != "" {
				ratio, cpuRatio := "–", "–"
				switch {
				case cur.err == "" && base.stopped:
					ratio = fmt.Sprintf("< %.2f×", cur.wall.Seconds()/base.wall.Seconds())
				case cur.err == "" && base.err == "":
					ratio = fmt.Sprintf("%.2f×", cur.wall.Seconds()/base.wall.Seconds())
					cpuRatio = fmt.Sprintf("%.2f×", cur.cpu.Seconds()/max(base.cpu.Seconds(), 0.001))
				}
				fmt.Printf(" %s | %s | %s | %s | %s |", base.timeText(), base.cpuText(), base.rssText(), ratio, cpuRatio)
			}
			fmt.Printf(" %s |\n", vsFloor(c, cur, floor))
		}
	}
	return nil
}

// engine is the engine named in a case's name: "inspect --format json (mysql)" -> "mysql".
func (c bench) engine() string {
	_, e, _ := strings.Cut(c.name, "(")
	e, _, _ = strings.Cut(e, ")")
	return e
}

// vsFloor is a case's time and CPU time over its floor's (issue 16's target: 1.2× at most),
// or nothing for a case without a floor: the median of the runs' ratios, each run of the case
// over the floor's run just before it. A ratio of the two fastest runs would pair runs made
// minutes apart, and a shared machine's speed drifts by more than the ratio's margin in that
// time (seen here: the same floor run at 2.6 s and at 4.4 s within an hour).
func vsFloor(c bench, cur, floor result) string {
	if c.floor == "" {
		return ""
	}
	if cur.err != "" || floor.err != "" {
		return "–"
	}
	return fmt.Sprintf("%.2f× (CPU %.2f×)", medianRatio(cur.walls, floor.walls), medianRatio(cur.cpus, floor.cpus))
}

// medianRatio is the median of a[i]/b[i] over the pairs both have (0 when none).
func medianRatio(a, b []time.Duration) float64 {
	n := min(len(a), len(b))
	if n == 0 {
		return 0
	}
	ratios := make([]float64, n)
	for i := range n {
		ratios[i] = a[i].Seconds() / max(b[i].Seconds(), 0.001)
	}
	slices.Sort(ratios)
	if n%2 == 1 {
		return ratios[n/2]
	}
	return (ratios[n/2-1] + ratios[n/2]) / 2
}

// result is the fastest wall time, the least CPU time (user + system, every thread: the
// process's own work, which a loaded machine delays but does not add to) and the largest peak
// RSS of a case's runs.
type result struct {
	wall, cpu time.Duration
	rss       int64 // KiB
	// walls and cpus are every run's, in order (vsFloor pairs them with the floor's).
	walls, cpus []time.Duration
	err         string
	// stopped: the run passed -baseline-limit (wall) and was killed.
	stopped bool
}

func (r result) timeText() string {
	if r.stopped {
		return "> " + duration(r.wall) + " (stopped)"
	}
	if r.err != "" {
		return r.err
	}
	return duration(r.wall)
}

func (r result) cpuText() string {
	if r.err != "" {
		return "–"
	}
	return duration(r.cpu)
}

func duration(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
	return fmt.Sprintf("%.2f s", d.Seconds())
}

func (r result) rssText() string {
	if r.err != "" {
		return "–"
	}
	return fmt.Sprintf("%d MB", r.rss/1024)
}

// merge adds run i to the runs so far: the fastest time, the largest peak, the first failure.
func (r result) merge(i int, next result) result {
	switch {
	case r.err != "" || r.stopped:
		return r
	case next.err != "" || next.stopped:
		return next
	case i == 0:
		next.walls, next.cpus = []time.Duration{next.wall}, []time.Duration{next.cpu}
		return next
	}
	return result{wall: min(r.wall, next.wall), cpu: min(r.cpu, next.cpu), rss: max(r.rss, next.rss),
		walls: append(r.walls, next.wall), cpus: append(r.cpus, next.cpu)}
}

// measure runs a command once, killed after limit if it is not 0; exit status 1
// (differences found) counts as success.
func measure(bin string, args []string, limit time.Duration) result {
	ctx := context.Background()
	if limit > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, limit)
		defer cancel()
	}
	cmd := exec.CommandContext(ctx, bin, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if ctx.Err() != nil {
		return result{wall: limit, err: "stopped", stopped: true}
	}
	if ee, ok := err.(*exec.ExitError); err != nil && !(ok && ee.ExitCode() == 1) {
		return result{err: "failed: " + strings.SplitN(strings.TrimSpace(stderr.String()+" "+err.Error()), "\n", 2)[0]}
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	return result{wall: wall, cpu: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), rss: ru.Maxrss}
}

// prepare makes the databases and snapshots of one size (once; they are kept in o.dir) and
// returns the cases to run on them.
func prepare(o options, n int) ([]bench, error) {
	snap := func(name string) string { return filepath.Join(o.dir, fmt.Sprintf("%s_%d.json", name, n)) }
	var cases []bench
	lite, liteB := filepath.Join(o.dir, fmt.Sprintf("sqlite_%d.db", n)), filepath.Join(o.dir, fmt.Sprintf("sqlite_%d_b.db", n))
	if err := once(lite, func() error { return loadSQLite(o, n, lite, liteB) }); err != nil {
		return nil, err
	}
	engines := []struct{ name, a, b string }{{"sqlite", lite, liteB}}
	if u, ok := loadServer(o, "postgres", o.postgres, n); ok {
		engines = append(engines, struct{ name, a, b string }{"postgres", u[0], u[1]})
	}
	if u, ok := loadServer(o, "mysql", o.mysql, n); ok {
		engines = append(engines, struct{ name, a, b string }{"mysql", u[0], u[1]})
	}
	for _, e := range engines {
		a, b := snap(e.name), snap(e.name+"_b")
		for _, p := range [][2]string{{e.a, a}, {e.b, b}} {
			if err := once(p[1], func() error { return self(o, "inspect", "--db", p[0], "--format", "json", "-o", p[1]) }); err != nil {
				return nil, err
			}
		}
		cases = append(cases,
			bench{name: "inspect --format json (" + e.name + ")", args: []string{"inspect", "--db", e.a, "--format", "json", "-o", os.DevNull}, floor: e.a},
			bench{name: "diff SNAPSHOT SNAPSHOT (" + e.name + ", 50 tables altered)", args: []string{"diff", a, b}},
		)
		if e.name != "sqlite" {
			cases = append(cases, bench{name: "diff live live (" + e.name + ")", args: []string{"diff", e.a, e.b}})
		}
		cases = append(cases, bench{name: "diff --format sql (" + e.name + ")", args: []string{"diff", a, b, "--format", "sql", "-o", os.DevNull}})
		if e.name == "postgres" || len(engines) == 1 {
			for _, f := range []string{"sql", "sqlalchemy", "gorm"} {
				cases = append(cases, bench{name: "export --format " + f + " (" + e.name + " snapshot)", args: []string{"export", "--db", a, "--format", f, "-o", os.DevNull}})
			}
		}
	}
	return cases, nil
}

// once runs make unless path exists.
func once(path string, make func() error) error {
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	return make()
}

func self(o options, args ...string) error {
	bin, err := os.Executable()
	if err != nil {
		return err
	}
	out, err := exec.Command(bin, append([]string{"-run-cli"}, args...)...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("dbinspect %s: %v: %s", strings.Join(args, " "), err, out)
	}
	return nil
}

// alterations changes 50 tables of a gen_schema.py schema: a column added, an index
// replaced, or an index added.
func alterations(dialect string, n int) string {
	var b strings.Builder
	step := max(n/50, 1)
	for k := 0; k < 50 && k*step < n; k++ {
		t := fmt.Sprintf("t%05d", k*step)
		switch {
		case k%3 == 0:
			fmt.Fprintf(&b, "ALTER TABLE %s ADD COLUMN note TEXT;\n", t)
		case k%3 == 1 && dialect == "mysql":
			fmt.Fprintf(&b, "DROP INDEX ix_%s_c1_c6 ON %[1]s;\nCREATE INDEX ix_%[1]s_c6 ON %[1]s (c6);\n", t)
		case k%3 == 1:
			fmt.Fprintf(&b, "DROP INDEX ix_%s_c1_c6;\nCREATE INDEX ix_%[1]s_c6 ON %[1]s (c6);\n", t)
		default:
			fmt.Fprintf(&b, "CREATE INDEX ix_%s_c7 ON %[1]s (c7, c1);\n", t)
		}
	}
	return b.String()
}

func generate(o options, dialect string, n int) (string, error) {
	out, err := exec.Command("python3", o.gen, dialect, strconv.Itoa(n)).Output()
	if err != nil {
		return "", fmt.Errorf("%s %s %d: %w", o.gen, dialect, n, err)
	}
	return string(out), nil
}

func loadSQLite(o options, n int, a, b string) error {
	script, err := generate(o, "sqlite", n)
	if err != nil {
		return err
	}
	for _, p := range []struct{ path, sql string }{{a + ".tmp", script}, {b, script + alterations("sqlite", n)}} {
		os.Remove(p.path)
		cmd := exec.Command("sqlite3", "-bail", p.path)
		cmd.Stdin = strings.NewReader(p.sql)
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("sqlite3: %v: %s", err, out)
		}
	}
	return os.Rename(a+".tmp", a) // last, so an interrupted load is made again
}

// loadServer loads the schema of n tables and its altered copy on a server (once: a marker
// file in o.dir, or the comment a finished load leaves on the database, says it was done) and
// returns their URLs, or false when the server or its client is not there. The databases are
// shared by every bench run on the server: the load holds a lock file, and a database another
// run finished loading is used as it is instead of being dropped under that run.
func loadServer(o options, dialect, server string, n int) ([2]string, bool) {
	if server == "" {
		return [2]string{}, false
	}
	names := [2]string{fmt.Sprintf("dbinspect_bench_%d", n), fmt.Sprintf("dbinspect_bench_%d_b", n)}
	srv, err := parseServer(dialect, server)
	if err != nil {
		fmt.Fprintf(os.Stderr, "bench: %s left out: %v\n", dialect, err)
		return [2]string{}, false
	}
	var urls [2]string
	for i, name := range names {
		urls[i] = srv.urlOf(name)
	}
	marker := filepath.Join(o.dir, fmt.Sprintf("%s_%d.loaded", dialect, n))
	err = once(marker, func() error {
		unlock, err := lockFile(filepath.Join(os.TempDir(), "dbinspect-bench-load.lock"))
		if err != nil {
			return err
		}
		defer unlock()
		var script string
		for i, name := range names {
			stamp := fmt.Sprintf("dbinspect bench: gen_schema.py %s %d loaded", dialect, n)
			if i == 1 {
				stamp += ", 50 tables altered"
			}
			if srv.loaded(name, stamp) {
				continue
			}
			if script == "" {
				if script, err = generate(o, dialect, n); err != nil {
					return err
				}
			}
			var then string
			if i == 1 {
				then = alterations(dialect, n)
			}
			if err := srv.load(name, script, then, stamp); err != nil {
				return err
			}
		}
		return os.WriteFile(marker, nil, 0o644)
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "bench: %s left out: %v\n", dialect, err)
		return urls, false
	}
	return urls, true
}

// lockFile holds an exclusive lock on path until the returned function is called.
func lockFile(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o666)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return func() { f.Close() }, nil
}

// server is a -postgres or -mysql URL as the engine's client is given it: the bench
// databases are created, loaded and checked on the server the URL names, as its user.
type server struct {
	dialect string
	u       *url.URL
}

func parseServer(dialect, raw string) (server, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return server{}, err
	}
	want := map[string][]string{"postgres": {"postgres", "postgresql"}, "mysql": {"mysql", "mariadb"}}[dialect]
	if !slices.Contains(want, u.Scheme) {
		return server{}, fmt.Errorf("-%s %q: want a %s:// URL", dialect, secret(u), want[0])
	}
	return server{dialect, u}, nil
}

// secret is u with its password hidden, for messages.
func secret(u *url.URL) string { return u.Redacted() }

// urlOf is the server's URL with database name in place of its own.
func (s server) urlOf(name string) string {
	v := *s.u
	v.Path, v.RawPath = "/"+name, ""
	return v.String()
}

// client is the engine's command-line client connected to database db of the server (for
// PostgreSQL, the URL's own database when db is empty; for MySQL, none).
func (s server) client(db string, args ...string) *exec.Cmd {
	if s.dialect == "postgres" {
		target := s.u.String()
		if db != "" {
			target = s.urlOf(db)
		}
		// psql takes the URL as it is (host, port, user, password, sslmode, …).
		return exec.Command("psql", append([]string{"-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", target}, args...)...)
	}
	cmd := exec.Command("mariadb", "--protocol=TCP")
	if h := s.u.Hostname(); h != "" {
		cmd.Args = append(cmd.Args, "-h", h)
	}
	if p := s.u.Port(); p != "" {
		cmd.Args = append(cmd.Args, "-P", p)
	}
	if sock := s.u.Query().Get("socket"); sock != "" {
		cmd.Args = append(cmd.Args[:1], "--protocol=SOCKET", "-S", sock)
	}
	if s.u.User != nil {
		cmd.Args = append(cmd.Args, "-u", s.u.User.Username())
		if pw, ok := s.u.User.Password(); ok {
			cmd.Env = append(os.Environ(), "MYSQL_PWD="+pw) // not on the command line
		}
	}
	cmd.Args = append(cmd.Args, args...)
	if db != "" {
		cmd.Args = append(cmd.Args, db)
	}
	return cmd
}

// loaded reports whether database name holds a finished load: its comment is stamp.
func (s server) loaded(name, stamp string) bool {
	var cmd *exec.Cmd
	if s.dialect == "postgres" {
		cmd = s.client("", "-At", "-c", "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '"+name+"'")
	} else {
		cmd = s.client("", "-N", "-B", "-e", "SELECT SCHEMA_COMMENT FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '"+name+"'")
	}
	out, err := cmd.Output()
	return err == nil && strings.TrimSpace(string(out)) == stamp
}

// load creates database name afresh, runs script and then the statements of then in it
// with the engine's own client (MySQL's script through several, see loadMySQL) and leaves
// stamp as the database's comment, last, so an interrupted load is made again.
func (s server) load(name, script, then, stamp string) error {
	var create, done *exec.Cmd
	if s.dialect == "postgres" {
		create = s.client("", "-c", "DROP DATABASE IF EXISTS "+name, "-c", "CREATE DATABASE "+name)
		done = s.client("", "-c", "COMMENT ON DATABASE "+name+" IS '"+stamp+"'")
	} else {
		create = s.client("", "-e", "DROP DATABASE IF EXISTS "+name+"; CREATE DATABASE "+name)
		// MySQL has no database comments (MariaDB has): there the marker file alone says so.
		done = s.client("", "-e", "ALTER DATABASE "+name+" COMMENT '"+stamp+"'")
	}
	if out, err := create.CombinedOutput(); err != nil {
		return fmt.Errorf("%s: %v: %s", create.Path, err, out)
	}
	var err error
	if s.dialect == "postgres" {
		err = s.runClient(name, script+then)
	} else {
		err = s.loadMySQL(name, script, then)
	}
	if err != nil {
		return err
	}
	if out, err := done.CombinedOutput(); err != nil && s.dialect == "postgres" {
		return fmt.Errorf("%s: %v: %s", done.Path, err, out)
	}
	return nil
}

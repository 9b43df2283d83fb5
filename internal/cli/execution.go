package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"github.com/mattn/go-isatty"
	"github.com/urfave/cli/v2"

	"github.com/dbinspect/dbinspect/config"
	"github.com/dbinspect/dbinspect/drivers"
	"github.com/dbinspect/dbinspect/inspector"
	"github.com/dbinspect/dbinspect/internal/suggest"
	"github.com/dbinspect/dbinspect/output"
	"github.com/dbinspect/dbinspect/schema"
)

// execution is one run of the program, shared by its commands: where output goes, the config
// file and whether to log. (No password is kept here: messages are masked by place, see
// internal/secret.)
type execution struct {
	stdout, stderr io.Writer
	cfg            *config.Config
	verbose        bool
	notFound       string
	// planHazards counts the "-- hazard:" statements of the plan diff --format sql wrote,
	// for --fail-on hazard.
	planHazards int
	// closing holds the connections being closed while the command goes on (closeLater);
	// Run waits for them before it returns.
	closing sync.WaitGroup
}

// Flags shared by the commands that read a schema.
var (
	dbFlag = &cli.StringFlag{Name: "db", Aliases: []string{"d"}, EnvVars: []string{"DBINSPECT_DB"},
		Usage: "the `TARGET` to read (default: the config's default environment)"}
	configFlag = &cli.StringFlag{Name: "config", Aliases: []string{"c"},
		Usage: "the config `FILE` (default: ./dbinspect.yaml when present)"}
	schemaFlag = &cli.StringSliceFlag{Name: "schema", Aliases: []string{"s"},
		Usage: "inspect only this `SCHEMA` (PostgreSQL schema, extra MySQL database); repeatable"}
	verboseFlag        = &cli.BoolFlag{Name: "verbose", Aliases: []string{"v"}, Usage: "log what dbinspect does to stderr"}
	connectTimeoutFlag = &cli.DurationFlag{Name: "connect-timeout", Value: drivers.DefaultOptions.ConnectTimeout,
		Usage: "give up connecting after this long"}
	statementTimeoutFlag = &cli.DurationFlag{Name: "statement-timeout", Value: drivers.DefaultOptions.StatementTimeout,
		Usage: "cancel any catalog query that runs longer (at least 1ms)"}
	lockTimeoutFlag = &cli.DurationFlag{Name: "lock-timeout", Value: drivers.DefaultOptions.LockTimeout,
		Usage: "give up waiting for a table another session has locked after this long (the error names the lock and its holder)"}
	outputFlag = &cli.StringFlag{Name: "output", Aliases: []string{"o"},
		Usage: "write to `FILE` (atomically) instead of stdout"}
	hidePartitionsFlag = &cli.BoolFlag{Name: "hide-partitions",
		Usage: "leave out PostgreSQL partitions (their parent table is still shown)"}
)

func formatFlag(def string, formats []string) *cli.StringFlag {
	return &cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: def,
		Usage: "output format: " + strings.Join(formats, ", ")}
}

// readFlags are the flags of every command that reads one schema.
func readFlags(extra ...cli.Flag) []cli.Flag {
	return append([]cli.Flag{dbFlag, schemaFlag, configFlag, verboseFlag, connectTimeoutFlag, statementTimeoutFlag, lockTimeoutFlag,
		devURLFlag, migrationsFormatFlag}, extra...)
}

// begin loads the config and sets up logging; every command calls it first.
func (e *execution) begin(c *cli.Context) error {
	e.setupLogging(c.Bool("verbose"))
	cfg, err := config.Load(c.String("config"))
	if err != nil {
		return err
	}
	e.cfg = cfg
	return nil
}

// resolveTarget turns a TARGET argument (or, when empty, the config's default environment) into a
// target and the inspection options that go with it.
func (e *execution) resolveTarget(c *cli.Context, arg string) (*drivers.Target, inspector.Options, error) {
	opts, err := inspectOptions(c)
	if err != nil {
		return nil, opts, err
	}
	if arg == "" {
		arg = e.cfg.Default
	}
	if u, ok, err := e.cfg.URL(arg); ok {
		if err != nil {
			return nil, opts, err
		}
		t, err := drivers.Resolve(u)
		if err != nil {
			return nil, opts, fmt.Errorf("environment %q: %w", arg, err)
		}
		password, given, err := e.cfg.Password(arg)
		if err != nil {
			return nil, opts, err
		}
		if given {
			t.Password = password
		}
		t.Display = arg
		opts.Schemas = schemasToInspect(opts.Schemas, e.cfg.Environments[arg])
		return t, opts, nil
	}
	t, err := drivers.Resolve(arg)
	if err != nil && bareWord.MatchString(arg) {
		if _, statErr := os.Stat(arg); statErr != nil {
			return nil, opts, e.notAnEnvironment(arg)
		}
	}
	return t, opts, err
}

// bareWord is a TARGET that can only have been meant as an environment name: no scheme, no
// path, no file extension.
var bareWord = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// notAnEnvironment explains a TARGET that is neither an environment nor a URL or file: it
// names the environments there are and the closest one, or says where the config was looked
// for when there is none.
func (e *execution) notAnEnvironment(name string) error {
	if len(e.cfg.Environments) == 0 {
		where := e.cfg.Path
		if where == "" {
			cwd, _ := os.Getwd()
			where = filepath.Join(cwd, config.FileName) + " (not found; --config FILE names another)"
		}
		return fmt.Errorf("%w: %q is not a database URL or file, and no environment is defined: looked in %s",
			drivers.ErrTarget, name, where)
	}
	return fmt.Errorf("%w: %q is not an environment in %s%s; the environments are %s",
		drivers.ErrTarget, name, e.cfg.Path, suggest.Hint(name, e.cfg.Names()), strings.Join(e.cfg.Names(), ", "))
}

// load reads the schema behind a TARGET, says what could not be read, and applies the
// config's table filter and --hide-partitions.
func (e *execution) load(c *cli.Context, arg string) (*schema.Database, *drivers.Target, error) {
	t, opts, err := e.resolve(c, arg)
	if err != nil {
		return nil, nil, err
	}
	db, err := e.inspect(c.Context, t, opts)
	if err != nil {
		return nil, t, err
	}
	e.sayNotes(t, db)
	if c.Bool("hide-partitions") {
		db.DropPartitions()
	}
	return db, t, nil
}

// inspect reads a resolved target and applies the config's table filter. It writes nothing,
// so two sides of a diff can run it at once.
func (e *execution) inspect(ctx context.Context, t *drivers.Target, opts inspector.Options) (*schema.Database, error) {
	opts.CloseLater = e.closeLater
	db, err := inspector.Inspect(ctx, t, opts)
	if err != nil {
		return nil, err
	}
	db.Filter(e.cfg.Tables.Include, e.cfg.Tables.Exclude)
	return db, nil
}

// closeLater runs close on a goroutine of its own, so that an inspected connection is closed
// while the command renders what it read (see inspector.Options.CloseLater).
func (e *execution) closeLater(close func()) {
	e.closing.Go(func() {
		defer func() { _ = recover() }() // the catalog was read: a failing close may not end the program
		close()
	})
}

// sayNotes prints what the inspection could not read: it must not pass silently, whatever
// the output format.
func (e *execution) sayNotes(t *drivers.Target, db *schema.Database) {
	for _, note := range db.Notes {
		fmt.Fprintf(e.stderr, "dbinspect: note: %s: %s\n", t, output.Show(note))
	}
}

// write sends a rendering to -o FILE (atomically) or to stdout (no -o, or -o -). The
// rendering can be interrupted: see interruptible.
func (e *execution) write(c *cli.Context, render func(io.Writer) error) error {
	if path := c.String("output"); path != "" && path != "-" {
		return output.WriteFile(path, func(w io.Writer) error { return interruptible(c.Context, w, render) })
	}
	return interruptible(c.Context, e.stdout, render)
}

// interruptible runs render in a goroutine of its own and returns as soon as ctx ends, even
// when render has not reached its next write (a 20,000-table export): its writes after that
// are dropped, so the half file is removed and nothing more reaches stdout.
func interruptible(ctx context.Context, w io.Writer, render func(io.Writer) error) error {
	gate := &gatedWriter{w: w}
	done := make(chan error, 1)
	go func() { done <- safely(func() error { return render(gate) }) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		gate.close()
		return ctx.Err()
	}
}

// gatedWriter passes writes through until it is closed.
type gatedWriter struct {
	mu     sync.Mutex
	w      io.Writer
	closed bool
}

func (g *gatedWriter) Write(p []byte) (int, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return 0, context.Canceled
	}
	return g.w.Write(p)
}

func (g *gatedWriter) close() {
	g.mu.Lock()
	g.closed = true
	g.mu.Unlock()
}

// style decides on colour: only on a terminal, only for stdout, never with NO_COLOR.
func (e *execution) style(c *cli.Context) output.Style {
	f, ok := e.stdout.(*os.File)
	toStdout := c.String("output") == "" || c.String("output") == "-"
	color := ok && toStdout && os.Getenv("NO_COLOR") == "" &&
		(isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
	return output.Style{Color: color, Width: e.terminalWidth(c), Partitions: c.Bool("partitions")}
}

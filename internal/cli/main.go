// Package cli is dbinspect's command line: the commands (urfave/cli/v2), their flags, the
// order of flags and arguments, and the turning of every error into one line on stderr and an
// exit code: 0 success or no differences, 1 differences, 2 error.
//
// Data flows one way: a TARGET is resolved and opened read-only by package drivers, read into
// the model (package schema) by package inspector, compared by package diff, planned by
// package migrate and rendered by package output. This package wires them together and holds
// no model logic of its own; it may import every other package of the module. The root
// package main is only Run with the process around it.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"regexp"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/urfave/cli/v2"

	"github.com/dbinspect/dbinspect/internal/secret"
	"github.com/dbinspect/dbinspect/output"
)

// Run is the whole program without the process around it: args as os.Args gives them (the
// program name first), output to stdout and stderr, and the exit code returned. The first
// Ctrl-C or SIGTERM cancels the run, which stops cleanly (the server's query cancelled, no
// temporary file left) and says "interrupted"; a second one exits at once. Tests drive the
// program through Run.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) (code int) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer onSignals(cancel, stderr)()
	e := &execution{stdout: stdout, stderr: stderr}
	flagParsing.Lock()
	var once sync.Once
	release := func() { once.Do(flagParsing.Unlock) }
	defer release()
	err := safely(func() error {
		app := newApp(e)
		releaseBeforeActions(app, release)
		if len(args) == 0 || args[len(args)-1] != completionFlag {
			args = reorderArgs(app, args)
		}
		return app.RunContext(ctx, args)
	})
	e.closing.Wait()
	return e.exitCode(ctx, err)
}

// flagParsing serialises urfave/cli's parsing of flags across Runs that overlap (the CLI
// tests run many at once): while it parses, it writes to flag values shared by every App
// (cli.HelpFlag, cli.VersionFlag and this package's flag variables). A Run holds it from its
// start until its command's action begins (releaseBeforeActions), so actions — the work —
// still run side by side.
var flagParsing sync.Mutex

// releaseBeforeActions makes every action of app call release first.
func releaseBeforeActions(app *cli.App, release func()) {
	wrap := func(a cli.ActionFunc) cli.ActionFunc {
		if a == nil {
			return nil
		}
		return func(c *cli.Context) error {
			release()
			return a(c)
		}
	}
	app.Action = wrap(app.Action)
	var walk func([]*cli.Command)
	walk = func(cs []*cli.Command) {
		for _, c := range cs {
			c.Action = wrap(c.Action)
			walk(c.Subcommands)
		}
	}
	walk(app.Commands)
}

// exit ends the process on a second signal; tests replace it.
var exit = os.Exit

// onSignals cancels the run on the first SIGINT or SIGTERM. On the second it removes the
// temporary files of unfinished atomic writes and exits at once, whatever is still running.
// It returns the function that stops listening.
func onSignals(cancel context.CancelFunc, stderr io.Writer) (stop func()) {
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		defer func() { _ = recover() }() // nothing here may take the program down
		select {
		case <-signals:
			cancel()
		case <-done:
			return
		}
		select {
		case <-signals:
			output.RemoveTemporaries()
			fmt.Fprintln(stderr, "dbinspect: interrupted again: exiting at once")
			exit(2)
		case <-done:
		}
	}()
	return func() {
		signal.Stop(signals)
		close(done)
	}
}

// internalError is a panic caught and turned into an error: a bug, reported in one line
// with where it happened, never with a stack.
type internalError struct {
	value any
	where string
}

func (p internalError) Error() string {
	msg := fmt.Sprint(p.value)
	if p.where != "" {
		msg += " at " + p.where
	}
	return "internal error: " + msg + " (please report this)"
}

// safely runs f, turning a panic into an internalError. Every goroutine of the program runs
// its work through it, so no panic ends the process with a stack trace.
func safely(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = internalError{value: r, where: panicSite()}
		}
	}()
	return f()
}

// panicSite names the file and line that panicked: the first frame below runtime's own
// panic machinery, relative to the module.
func panicSite() string {
	pcs := make([]uintptr, 32)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(3, pcs)])
	for {
		f, more := frames.Next()
		if !strings.HasPrefix(f.Function, "runtime.") && f.File != "" {
			file := f.File
			if i := strings.Index(file, "/dbinspect/"); i >= 0 {
				file = file[i+len("/dbinspect/"):]
			}
			return fmt.Sprintf("%s:%d", file, f.Line)
		}
		if !more {
			return ""
		}
	}
}

// completionFlag ends the command line when a shell asks what may come next (urfave/cli's
// protocol): the words before it stay where the user typed them.
const completionFlag = "--generate-bash-completion"

// errDifferences is returned by commands that found differences: exit 1, nothing printed.
var errDifferences = errors.New("differences found")

// usageError is a mistake in the command line: exit 2 with the message.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// exitCode prints err as one line (no password, no stack) and returns the exit code. Any
// error of a run that was cancelled is "interrupted", whatever the driver called it
// (context canceled, canceling statement due to user request, a cut connection).
func (e *execution) exitCode(ctx context.Context, err error) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errDifferences):
		return 1
	case ctx.Err() != nil:
		fmt.Fprintln(e.stderr, "dbinspect: interrupted")
		return 2
	}
	fmt.Fprintln(e.stderr, "dbinspect: "+oneLine(err.Error()))
	return 2
}

// oneLine makes a message printable as one line with no password in it.
func oneLine(msg string) string {
	return strings.Join(strings.Fields(secret.Text(msg)), " ")
}

// init sets urfave/cli's package-level version flag and printer once: set in newApp, every
// Run wrote them while other Runs (the CLI tests run in parallel) read them — a data race.
func init() {
	// -v is --verbose on every command; the version gets no short form so the two never mix.
	cli.VersionFlag = &cli.BoolFlag{Name: "version", Usage: "print the version"}
	cli.VersionPrinter = func(c *cli.Context) { fmt.Fprintln(c.App.Writer, versionLine(buildInfo())) }
}

func newApp(e *execution) *cli.App {
	app := &cli.App{
		Name:  "dbinspect",
		Usage: "read, compare and export database schemas (PostgreSQL, MySQL/MariaDB, SQLite)",
		Description: `A TARGET is an environment name from dbinspect.yaml, a database URL (postgres://,
mysql://, mariadb://, sqlite:, file:, or SQLAlchemy style such as postgresql+psycopg2://),
a path to an SQLite file, a snapshot .json written by 'inspect --format json', a .sql file
of DDL, or a folder of migrations. DDL is loaded into a scratch database and read from there:
in memory for SQLite, on the development server --dev-url (or dev: in dbinspect.yaml) names
for PostgreSQL and MySQL; dbinspect creates that database, and always drops it.

Exit codes: 0 success or no differences, 1 differences found, 2 error.`,
		Version:              version(buildInfo()),
		Writer:               e.stdout,
		ErrWriter:            e.stderr,
		EnableBashCompletion: true,
		OnUsageError: func(c *cli.Context, err error, _ bool) error {
			return usageError{explainUsage(c.App.Flags, err) + " (see dbinspect --help)"}
		},
		ExitErrHandler: func(*cli.Context, error) {}, // run decides the exit code
		Commands: []*cli.Command{
			tablesCommand(e), describeCommand(e), inspectCommand(e),
			diffCommand(e), fleetCommand(e), exportCommand(e), docCommand(e), envsCommand(e),
			lintCommand(e),
			scratchCommand(e),
			versionCommand(e), completionCommand(e),
		},
		CommandNotFound: func(c *cli.Context, name string) {
			e.notFound = name
		},
	}
	for _, cmd := range app.Commands {
		cmd.OnUsageError = func(c *cli.Context, err error, _ bool) error {
			return usageError{explainUsage(c.Command.Flags, err) + " (see dbinspect " + c.Command.Name + " --help)"}
		}
	}
	app.After = func(*cli.Context) error {
		if e.notFound != "" {
			return usagef("unknown command %q (see dbinspect --help)", e.notFound)
		}
		return nil
	}
	return app
}

func buildInfo() *debug.BuildInfo {
	bi, _ := debug.ReadBuildInfo()
	return bi
}

// badValue is how the flag package reports a value it cannot parse.
var badValue = regexp.MustCompile(`^invalid value "(.*)" for flag -([A-Za-z0-9-]+): `)

// explainUsage rewrites the flag package's "parse error" for a duration flag into what the
// flag wants: `--connect-timeout "5": use a unit, e.g. 5s`.
func explainUsage(flags []cli.Flag, err error) string {
	m := badValue.FindStringSubmatch(err.Error())
	if m == nil {
		return err.Error()
	}
	for _, f := range flags {
		if _, ok := f.(*cli.DurationFlag); !ok || !slices.Contains(f.Names(), m[2]) {
			continue
		}
		example := "10s"
		if _, numErr := strconv.ParseFloat(m[1], 64); numErr == nil {
			example = m[1] + "s"
		}
		return fmt.Sprintf("--%s %q: use a unit, e.g. %s (ms, s, m, h; 1m30s)", m[2], m[1], example)
	}
	return err.Error()
}

// setupLogging sends log/slog to stderr: debug detail with --verbose, warnings otherwise.
func (e *execution) setupLogging(verbose bool) {
	e.verbose = verbose
	level := slog.LevelWarn
	if verbose {
		level = slog.LevelDebug
	}
	slog.SetDefault(slog.New(slog.NewTextHandler(scrubbed{e.stderr}, &slog.HandlerOptions{Level: level})))
}

// scrubbed masks passwords in what is written through it: the log, whose records (one Write
// each) may quote driver messages.
type scrubbed struct{ w io.Writer }

func (s scrubbed) Write(p []byte) (int, error) {
	if _, err := io.WriteString(s.w, secret.Text(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}

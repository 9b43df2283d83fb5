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
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"syscall"

	"github.com/urfave/cli/v2"
)

// Run is the whole program without the process around it: args as os.Args gives them (the
// program name first), output to stdout and stderr, and the exit code returned. Ctrl-C and
// SIGTERM cancel ctx's child, so a run stops cleanly; tests drive the program through Run.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) (code int) {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	e := &execution{stdout: stdout, stderr: stderr}
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "dbinspect: internal error: %s (please report this)\n", e.scrub(fmt.Sprint(r)))
			if e.verbose {
				fmt.Fprintf(stderr, "%s", debug.Stack())
			}
			code = 2
		}
	}()
	app := newApp(e)
	if len(args) == 0 || args[len(args)-1] != completionFlag {
		args = reorderArgs(app, args)
	}
	err := app.RunContext(ctx, args)
	return e.exitCode(ctx, err)
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

// exitCode prints err as one line (no password, no stack) and returns the exit code.
func (e *execution) exitCode(ctx context.Context, err error) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errDifferences):
		return 1
	case ctx.Err() != nil && errors.Is(err, context.Canceled):
		fmt.Fprintln(e.stderr, "dbinspect: interrupted")
		return 2
	}
	msg := strings.Join(strings.Fields(e.scrub(err.Error())), " ")
	fmt.Fprintln(e.stderr, "dbinspect: "+msg)
	return 2
}

func newApp(e *execution) *cli.App {
	// -v is --verbose on every command; the version gets no short form so the two never mix.
	cli.VersionFlag = &cli.BoolFlag{Name: "version", Usage: "print the version"}
	cli.VersionPrinter = func(c *cli.Context) { fmt.Fprintln(c.App.Writer, versionLine(buildInfo())) }
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
	slog.SetDefault(slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: level})))
}

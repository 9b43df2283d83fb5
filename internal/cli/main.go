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
	"runtime/debug"
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
	err := app.RunContext(ctx, reorderArgs(app, args))
	return e.exitCode(ctx, err)
}

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
	app := &cli.App{
		Name:  "dbinspect",
		Usage: "read, compare and export database schemas (PostgreSQL, MySQL/MariaDB, SQLite)",
		Description: `A TARGET is an environment name from dbinspect.yaml, a database URL (postgres://,
mysql://, mariadb://, sqlite:, file:, or SQLAlchemy style such as postgresql+psycopg2://),
a path to an SQLite file, a snapshot .json written by 'inspect --format json', or a .sql
file of DDL (loaded into an in-memory SQLite database).

Exit codes: 0 success or no differences, 1 differences found, 2 error.`,
		Version:              version(),
		Writer:               e.stdout,
		ErrWriter:            e.stderr,
		EnableBashCompletion: false,
		HideHelpCommand:      true,
		OnUsageError: func(_ *cli.Context, err error, _ bool) error {
			return usageError{err.Error() + " (see dbinspect --help)"}
		},
		ExitErrHandler: func(*cli.Context, error) {}, // run decides the exit code
		Commands: []*cli.Command{
			tablesCommand(e), describeCommand(e), inspectCommand(e),
			diffCommand(e), exportCommand(e), envsCommand(e),
		},
		CommandNotFound: func(c *cli.Context, name string) {
			e.notFound = name
		},
	}
	for _, cmd := range app.Commands {
		cmd.OnUsageError = func(c *cli.Context, err error, _ bool) error {
			return usageError{err.Error() + " (see dbinspect " + c.Command.Name + " --help)"}
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

func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
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

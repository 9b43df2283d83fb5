package cli

import (
	"fmt"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/dbinspect/dbinspect/scratch"
)

func scratchCommand(e *execution) *cli.Command {
	return &cli.Command{
		Name:  "scratch",
		Usage: "manage the scratch databases dbinspect makes on a dev server to read .sql files and migrations",
		Subcommands: []*cli.Command{{
			Name:  "clean",
			Usage: "drop the scratch databases a killed run left on the dev server",
			Description: `dbinspect drops every scratch database it makes (dbinspect_scratch_<unix time>_<random>),
on success, error, timeout and Ctrl-C; only a killed process leaves one behind. clean drops those
older than --older-than on the server --dev-url (or dev: in dbinspect.yaml) names, and touches
nothing else.

Example:
   dbinspect scratch clean --dev-url postgres://postgres@localhost:5432/postgres`,
			Flags: []cli.Flag{devURLFlag, configFlag, verboseFlag, connectTimeoutFlag, statementTimeoutFlag,
				&cli.DurationFlag{Name: "older-than", Value: time.Hour, Usage: "drop scratch databases at least this old"},
				&cli.BoolFlag{Name: "dry-run", Usage: "list what would be dropped, drop nothing"},
			},
			Action: func(c *cli.Context) error { return e.scratchClean(c) },
		}},
	}
}

func (e *execution) scratchClean(c *cli.Context) error {
	if err := e.begin(c); err != nil {
		return err
	}
	if c.NArg() > 0 {
		return usagef("scratch clean takes no arguments (got %q); the server is --dev-url", c.Args().First())
	}
	dev, err := e.devServer(c)
	if err != nil {
		return err
	}
	if dev == nil {
		return usagef("scratch clean needs the dev server: pass --dev-url URL (e.g. --dev-url postgres://postgres@localhost:5432/postgres) or set dev: in dbinspect.yaml")
	}
	conn, err := connectionOptions(c)
	if err != nil {
		return err
	}
	o := scratch.Options{ConnectTimeout: conn.ConnectTimeout, StatementTimeout: conn.StatementTimeout}
	left, err := scratch.Clean(c.Context, dev, c.Duration("older-than"), c.Bool("dry-run"), o)
	dropped := 0
	for _, l := range left {
		age := time.Since(l.Created).Round(time.Second)
		switch {
		case l.Dropped:
			dropped++
			fmt.Fprintf(e.stdout, "dropped %s (made %s ago)\n", l.Name, age)
		case c.Bool("dry-run") && age >= c.Duration("older-than"):
			fmt.Fprintf(e.stdout, "would drop %s (made %s ago)\n", l.Name, age)
		default:
			fmt.Fprintf(e.stdout, "kept %s (made %s ago: a run may still use it)\n", l.Name, age)
		}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "dbinspect: %d of %d scratch database(s) on %s dropped\n", dropped, len(left), dev)
	return nil
}

package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/dbinspect/dbinspect/internal/suggest"
	"github.com/dbinspect/dbinspect/output"
	"github.com/dbinspect/dbinspect/schema"
)

// hiddenHidePartitions keeps `tables --hide-partitions` working now that it is the default.
var hiddenHidePartitions = &cli.BoolFlag{Name: "hide-partitions", Hidden: true, Usage: "the default now; --partitions lists them"}

func tablesCommand(e *execution) *cli.Command {
	return &cli.Command{
		Name:      "tables",
		Usage:     "list tables and views: kind, columns, primary key, FK and index counts, comment",
		ArgsUsage: " ",
		Description: `PostgreSQL partitions are counted on their parent's row; --partitions lists them.
The grid fits the terminal (or $COLUMNS): long cells wrap, and columns empty in every row
are left out.

Examples:
   dbinspect tables --db testdata/sample.db
   dbinspect tables --db prod --tables 'billing.*' --exclude '*_archive'   # a part of it
   dbinspect tables --db postgres://app@localhost/app --schema public --format json
   dbinspect tables --db prod          # an environment from dbinspect.yaml`,
		Flags: readFlags(formatFlag("text", output.Formats), outputFlag, tablesFlag, excludeFlag, partitionsFlag, hiddenHidePartitions),
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usagef("tables takes no arguments (got %q); pass the database with --db", c.Args().First())
			}
			return e.render(c, func(r output.Renderer, w io.Writer, db *schema.Database) error { return r.Tables(w, db) })
		},
	}
}

func describeCommand(e *execution) *cli.Command {
	return &cli.Command{
		Name:      "describe",
		Usage:     "show one table or view: columns, keys, constraints, indexes, triggers",
		ArgsUsage: "TABLE",
		Description: `TABLE is a name or schema.name.

Examples:
   dbinspect describe users --db testdata/sample.db
   dbinspect describe public.orders --db prod --format json`,
		Flags:        readFlags(formatFlag("text", output.Formats), outputFlag, tablesFlag, excludeFlag),
		BashComplete: e.completeTables,
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usagef("describe takes one TABLE argument (a name or schema.name)")
			}
			name := c.Args().First()
			return e.render(c, func(r output.Renderer, w io.Writer, db *schema.Database) error {
				rel, err := e.findRelation(db, name)
				if err != nil {
					return err
				}
				return r.Describe(w, db, rel)
			})
		},
	}
}

func inspectCommand(e *execution) *cli.Command {
	return &cli.Command{
		Name:      "inspect",
		Usage:     "the whole schema: tables, views, types, sequences, routines",
		ArgsUsage: " ",
		Description: `--format json writes a snapshot (docs/snapshot-format.md) that every other command,
diff included, accepts as a TARGET.

Examples:
   dbinspect inspect --db testdata/sample.db
   dbinspect inspect --db prod --format json -o schema.json
   dbinspect inspect --db mysql://root@localhost/shop --format markdown > SCHEMA.md`,
		Flags: readFlags(formatFlag("text", output.Formats), outputFlag, tablesFlag, excludeFlag, hidePartitionsFlag),
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usagef("inspect takes no arguments (got %q); pass the database with --db", c.Args().First())
			}
			return e.render(c, func(r output.Renderer, w io.Writer, db *schema.Database) error { return r.Inspect(w, db) })
		},
	}
}

// render is the body shared by tables, describe and inspect: pick the format, read the
// schema, then write the rendering to stdout or -o FILE. The format is checked before the
// database is touched, so a typo costs no connection.
func (e *execution) render(c *cli.Context, draw func(output.Renderer, io.Writer, *schema.Database) error) error {
	if err := e.begin(c); err != nil {
		return err
	}
	r, err := output.For(strings.ToLower(c.String("format")), e.style(c))
	if err != nil {
		return usageError{err.Error()}
	}
	db, _, err := e.load(c, c.String("db"))
	if err != nil {
		return err
	}
	if err := e.narrow(c, db, false); err != nil {
		return err
	}
	return e.write(c, func(w io.Writer) error { return draw(r, w, db) })
}

func envsCommand(e *execution) *cli.Command {
	return &cli.Command{
		Name:  "envs",
		Usage: "list the environments of dbinspect.yaml (passwords hidden)",
		Description: `Example dbinspect.yaml:

   default: dev
   environments:
     dev: sqlite:///dev.db
     staging: postgres://app:${STAGING_PASSWORD}@staging-db/app
     prod:
       url: postgres://app:${PROD_PASSWORD}@prod-db/app
       schemas: [public, billing]
   tables:
     exclude: ["*.schema_migrations"]`,
		Flags: []cli.Flag{configFlag, verboseFlag},
		Action: func(c *cli.Context) error {
			if err := e.begin(c); err != nil {
				return err
			}
			if len(e.cfg.Environments) == 0 {
				where := e.cfg.Path
				if where == "" {
					where = "./dbinspect.yaml (not found)"
				}
				fmt.Fprintf(e.stdout, "no environments in %s\n", where)
				return nil
			}
			for _, name := range e.cfg.Names() {
				mark := " "
				if name == e.cfg.Default {
					mark = "*"
				}
				fmt.Fprintf(e.stdout, "%s %-16s %s\n", mark, output.Show(name), output.Show(e.cfg.Redacted(name)))
			}
			return nil
		},
	}
}

// findRelation finds describe's TABLE. A name that matches nothing exactly but exactly one
// table without regard to case (`describe Film` for PostgreSQL's film) is taken, with a note
// saying so; otherwise the error names the closest tables.
func (e *execution) findRelation(db *schema.Database, name string) (schema.Relation, error) {
	rel, err := db.FindRelation(name)
	if !errors.Is(err, schema.ErrNoRelation) {
		return rel, err
	}
	folded := db.FoldRelations(name)
	if len(folded) == 1 {
		r := folded[0]
		fmt.Fprintf(e.stderr, "dbinspect: note: no table or view is named %q; showing %s, the one whose name matches without regard to case\n",
			name, output.Show(r.Schema+"."+r.Name()))
		return r, nil
	}
	candidates := db.RelationNames()
	if len(folded) > 1 {
		candidates = candidates[:0]
		for _, r := range folded {
			candidates = append(candidates, r.Schema+"."+r.Name())
		}
		return rel, fmt.Errorf("%w named %q; without regard to case it could be %s: name one exactly", schema.ErrNoRelation, name, strings.Join(candidates, ", "))
	}
	return rel, fmt.Errorf("%w%s", err, suggest.Hint(name, candidates))
}

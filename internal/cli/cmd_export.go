package cli

import (
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/dbinspect/dbinspect/output/export"
)

// exportCommand writes the schema as code that recreates it, or as a diagram.
func exportCommand(e *execution) *cli.Command {
	return &cli.Command{
		Name:      "export",
		Usage:     "export the schema as SQLAlchemy or GORM models, SQL, a Mermaid/Graphviz diagram, JSON or YAML",
		ArgsUsage: " ",
		Description: `Formats:
   sqlalchemy  Python models (SQLAlchemy 2 Mapped style; --sqlalchemy 1.4 for Column style)
   gorm        Go structs with gorm tags (--package NAME, --go-nulls pointer|sql)
   sql         CREATE statements in the source dialect, in dependency order
   mermaid     erDiagram of tables, key columns and foreign keys
   dot         the same as a Graphviz digraph
   json, yaml  the snapshot

What a format cannot express is said in a NOTE comment in the output.

Examples:
   dbinspect export --format sqlalchemy --db prod -o models.py
   dbinspect export --format gorm --package models --db app.db -o models/models.go
   dbinspect export --format mermaid --db prod --tables 'billing.*' --tables users
   dbinspect export --format mermaid --db prod --exclude '*_archive' --columns all

Mermaid and DOT draw the key columns of each table (--columns all: every column) and count
PostgreSQL partitions on their parent (--partitions draws them). A --tables GLOB that matches
nothing is an error (exit 2), never an empty diagram; a Mermaid diagram bigger than GitHub
renders gets a warning on stderr.`,
		Flags: readFlags(
			formatFlag("sqlalchemy", export.Formats), outputFlag,
			tablesFlag, excludeFlag, partitionsFlag,
			&cli.StringFlag{Name: "columns", Value: "keys", Usage: "mermaid/dot: draw the `keys` columns of each table (primary, foreign, unique) or all"},
			&cli.StringFlag{Name: "sqlalchemy", Value: "2", Usage: "SQLAlchemy style: 2 (Mapped/mapped_column) or 1.4 (Column, runs on 1.4 and 2.x)"},
			&cli.StringFlag{Name: "package", Value: "models", Usage: "the Go `PACKAGE` name of the gorm output"},
			&cli.StringFlag{Name: "go-nulls", Value: "pointer", Usage: "gorm nullable columns as pointer (*T) or sql (sql.NullT)"},
		),
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usagef("export takes no arguments (got %q); pass the database with --db", c.Args().First())
			}
			if err := e.begin(c); err != nil {
				return err
			}
			format := strings.ToLower(c.String("format"))
			if c.IsSet("columns") && format != "mermaid" && format != "dot" {
				return usagef("--columns is for --format mermaid or dot")
			}
			saVersion, err := export.SQLAlchemyVersion(c.String("sqlalchemy"))
			if err != nil {
				return usageError{err.Error()}
			}
			ex, err := export.For(format, export.Options{
				SQLAlchemy: saVersion, GoPackage: c.String("package"), GoNulls: strings.ToLower(c.String("go-nulls")),
				DiagramColumns: strings.ToLower(c.String("columns")), Partitions: c.Bool("partitions"),
				Warn: func(msg string) { fmt.Fprintf(e.stderr, "dbinspect: warning: %s\n", msg) },
			})
			if err != nil {
				return usageError{err.Error()}
			}
			if err := checkGlobs("--tables", c.StringSlice("tables")); err != nil {
				return err
			}
			if err := checkGlobs("--exclude", c.StringSlice("exclude")); err != nil {
				return err
			}
			db, _, err := e.load(c, c.String("db"))
			if err != nil {
				return err
			}
			if err := e.narrow(c, db, true); err != nil {
				return err
			}
			if len(c.StringSlice("tables"))+len(c.StringSlice("exclude")) > 0 {
				db.DropEmptySchemas() // a partial export creates no empty namespaces
			}
			return e.write(c, func(w io.Writer) error { return ex.Export(w, db) })
		},
	}
}

// checkGlobs refuses a malformed glob before any database is read: path.Match would
// silently match nothing.
func checkGlobs(flag string, globs []string) error {
	for _, g := range globs {
		if _, err := path.Match(g, ""); err != nil {
			return usagef("%s %q: %v (globs use *, ? and [a-z])", flag, g, err)
		}
	}
	return nil
}

package cli

import (
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
   sqlalchemy  Python models (Column style, SQLAlchemy 1.4 and 2.x; --sqlalchemy 2 for Mapped style)
   gorm        Go structs with gorm tags (--package NAME, --go-nulls pointer|sql)
   sql         CREATE statements in the source dialect, in dependency order
   mermaid     erDiagram of tables, key columns and foreign keys
   dot         the same as a Graphviz digraph
   json, yaml  the snapshot

What a format cannot express is said in a NOTE comment in the output.

Examples:
   dbinspect export --format sqlalchemy --db prod -o models.py
   dbinspect export --format gorm --package models --db app.db -o models/models.go
   dbinspect export --format mermaid --db prod --tables 'billing.*' --tables users`,
		Flags: readFlags(
			formatFlag("sqlalchemy", export.Formats), outputFlag,
			&cli.StringSliceFlag{Name: "tables", Aliases: []string{"t"}, Usage: "export only tables and views matching this `GLOB` (name or schema.name); repeatable"},
			&cli.IntFlag{Name: "sqlalchemy", Value: 1, Usage: "SQLAlchemy style: 1 (Column, runs on 1.4 and 2.x) or 2 (Mapped/mapped_column)"},
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
			ex, err := export.For(strings.ToLower(c.String("format")), export.Options{
				SQLAlchemy: c.Int("sqlalchemy"), GoPackage: c.String("package"), GoNulls: strings.ToLower(c.String("go-nulls")),
			})
			if err != nil {
				return usageError{err.Error()}
			}
			globs := c.StringSlice("tables")
			if err := checkGlobs("--tables", globs); err != nil {
				return err
			}
			db, _, err := e.load(c, c.String("db"))
			if err != nil {
				return err
			}
			if len(globs) > 0 {
				db.Filter(globs, nil)
				db.DropEmptySchemas() // a partial export creates no empty namespaces
				if len(db.Schemas) == 0 {
					return usagef("--tables %s matches no table or view", strings.Join(globs, " --tables "))
				}
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

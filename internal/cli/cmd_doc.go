package cli

import (
	"fmt"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/dbinspect/dbinspect/output"
	"github.com/dbinspect/dbinspect/output/doc"
)

// docCommand writes the schema as a browsable site, or checks that a committed one is
// up to date.
func docCommand(e *execution) *cli.Command {
	return &cli.Command{
		Name:      "doc",
		Usage:     "write a browsable documentation site of the schema (HTML with ER diagrams, or Markdown)",
		ArgsUsage: " ",
		Description: `Writes a static site into DIR: an index of schemas and tables with a filter box, a page per
table (columns, keys, indexes, checks, triggers, partitions, foreign keys both ways as links,
an ER diagram of the table and its neighbours), per view and function (definitions
highlighted), types and sequences, and an ER diagram per schema (a big schema is split into
groups of related tables). It opens from file:// and works on GitHub Pages.

--format markdown writes the same pages as GitHub-flavoured Markdown (a README.md per
folder, Mermaid diagrams), for docs kept in the repository.

The same schema always gives byte-identical files. Files are written atomically; pages an
earlier run wrote that no longer exist are removed (DIR/.dbinspect-doc lists them), and no
other file is touched. --check DIR writes nothing and exits 1, listing the pages, when DIR is
out of date with the database: a CI step that keeps committed docs honest.

Comments for databases without them (SQLite) come from the config:
   doc:
     comments:
       users: People who can log in
       users.email: Unique, lower case

Examples:
   dbinspect doc --db prod -o docs/schema
   dbinspect doc --db app.db --format markdown -o docs/schema
   dbinspect doc --db prod --check docs/schema     # in CI: exit 1 when the docs are stale`,
		Flags: readFlags(outputDirFlag,
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "html", Usage: "site format: html or markdown"},
			&cli.StringFlag{Name: "check", Usage: "compare the site that would be written with `DIR` and exit 1 if it differs"},
			&cli.StringFlag{Name: "title", Usage: "the site's `TITLE` on every page (default \"Database schema\")"},
			&cli.StringSliceFlag{Name: "tables", Aliases: []string{"t"}, Usage: "document only tables and views matching this `GLOB` (name or schema.name); repeatable"},
			hidePartitionsFlag,
		),
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usagef("doc takes no arguments (got %q); pass the database with --db and the folder with -o DIR", c.Args().First())
			}
			out, check := c.String("output"), c.String("check")
			switch {
			case out == "" && check == "":
				return usagef("doc needs -o DIR to write the site, or --check DIR to compare it")
			case out != "" && check != "":
				return usagef("doc takes -o DIR to write or --check DIR to compare, not both")
			}
			format, err := doc.ParseFormat(c.String("format"))
			if err != nil {
				return usageError{err.Error()}
			}
			if err := e.begin(c); err != nil {
				return err
			}
			db, _, err := e.load(c, c.String("db"))
			if err != nil {
				return err
			}
			if globs := c.StringSlice("tables"); len(globs) > 0 {
				db.Filter(globs, nil)
				db.DropEmptySchemas()
			}
			for _, key := range doc.ApplyComments(db, e.cfg.Doc.Comments) {
				fmt.Fprintf(e.stderr, "dbinspect: note: doc.comments: %q names no table, view or column\n", key)
			}
			start := time.Now()
			site, err := doc.Generate(db, doc.Options{Format: format, Title: c.String("title")})
			if err != nil {
				return err
			}
			if check != "" {
				return e.checkSite(site, check)
			}
			res, err := site.Write(out)
			if err != nil {
				return fmt.Errorf("write the site: %w", err)
			}
			fmt.Fprintf(e.stderr, "dbinspect: %s: %d files (%.1f MB), %d written, %d unchanged, %d removed, in %s\n",
				output.Show(out), len(site.Files), float64(site.Size())/1e6, res.Written, res.Unchanged, res.Removed, time.Since(start).Round(time.Millisecond))
			return nil
		},
	}
}

var outputDirFlag = &cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "write the site into `DIR`"}

// checkSite prints the pages that differ from dir and returns errDifferences if any do.
func (e *execution) checkSite(site *doc.Site, dir string) error {
	diffs, err := site.Check(dir)
	if err != nil {
		return err
	}
	if len(diffs) == 0 {
		fmt.Fprintf(e.stdout, "%s is up to date (%d files)\n", output.Show(dir), len(site.Files))
		return nil
	}
	fmt.Fprintf(e.stdout, "%s is out of date: %d of its files differ (run dbinspect doc -o %s):\n", output.Show(dir), len(diffs), output.Show(dir))
	for _, d := range diffs {
		fmt.Fprintf(e.stdout, "  %-8s %s\n", d.Kind, d.Path)
	}
	return errDifferences
}

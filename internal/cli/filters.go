package cli

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"
	"golang.org/x/term"

	"github.com/dbinspect/dbinspect/internal/suggest"
	"github.com/dbinspect/dbinspect/schema"
)

// Flags that narrow what a read command or export shows.
var (
	tablesFlag = &cli.StringSliceFlag{Name: "tables", Aliases: []string{"t"},
		Usage: "only tables and views matching this `GLOB` (name or schema.name); repeatable"}
	excludeFlag = &cli.StringSliceFlag{Name: "exclude",
		Usage: "leave out tables and views matching this `GLOB` (name or schema.name); repeatable"}
	partitionsFlag = &cli.BoolFlag{Name: "partitions",
		Usage: "list PostgreSQL partitions as rows (or diagram entities) of their own; by default they are counted on their parent"}
)

// narrow applies --tables and --exclude to db. A glob that matches no table or view is said
// on stderr with the closest names (a typo must not pass for "nothing there"); with strict
// (export) an unmatched --tables glob is an error instead, since the output would be empty
// or partial.
func (e *execution) narrow(c *cli.Context, db *schema.Database, strict bool) error {
	include, exclude := c.StringSlice("tables"), c.StringSlice("exclude")
	if len(include)+len(exclude) == 0 {
		return nil
	}
	for _, list := range [][]string{include, exclude} {
		for _, g := range list {
			if !schema.ValidGlob(g) {
				return usagef("bad pattern %q: use *, ? and [a-z] (path.Match syntax)", g)
			}
		}
	}
	candidates := globCandidates(db)
	for _, g := range db.Unmatched(include) {
		msg := fmt.Sprintf("--tables %q matches no table or view%s", g, suggest.Hint(strings.ReplaceAll(g, "*", ""), candidates))
		if strict {
			return usagef("%s; nothing to export", msg)
		}
		fmt.Fprintf(e.stderr, "dbinspect: warning: %s\n", msg)
	}
	for _, g := range db.Unmatched(exclude) {
		fmt.Fprintf(e.stderr, "dbinspect: warning: --exclude %q matches no table or view%s\n", g, suggest.Hint(strings.ReplaceAll(g, "*", ""), candidates))
	}
	db.Filter(include, exclude)
	return nil
}

// globCandidates are what a mistyped glob may have meant: table names, schema.name, schema.*.
func globCandidates(db *schema.Database) []string {
	out := db.RelationNames()
	for _, sc := range db.Schemas {
		out = append(out, sc.Name+".")
	}
	return out
}

// terminalWidth is the width text output must fit in: $COLUMNS when set, else the width of
// the terminal stdout is, else 0 (no limit: a pipe or file gets whole lines).
func (e *execution) terminalWidth(c *cli.Context) int {
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n > 0 {
		return n
	}
	f, ok := e.stdout.(*os.File)
	if !ok || c.String("output") != "" {
		return 0
	}
	if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 0 {
		return w
	}
	return 0
}

package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/dbinspect/dbinspect/drivers"
	"github.com/dbinspect/dbinspect/inspector"
	"github.com/dbinspect/dbinspect/schema"
	"github.com/dbinspect/dbinspect/scratch"
	"github.com/dbinspect/dbinspect/sqlscript"
)

// Flags for reading .sql files and migration folders.
var (
	devURLFlag = &cli.StringFlag{Name: "dev-url", EnvVars: []string{"DBINSPECT_DEV_URL"},
		Usage: "a development server `URL` (PostgreSQL or MySQL) where dbinspect may create, load and drop scratch databases to read .sql files and migration folders (default: dev: in dbinspect.yaml)"}
	migrationsFormatFlag = &cli.StringFlag{Name: "migrations-format",
		Usage: "a migrations folder's `LAYOUT`: " + formatNames() + " (default: detected from the file names)"}
	includeMigrationTablesFlag = &cli.BoolFlag{Name: "include-migration-tables",
		Usage: "also compare the migration tools' own tables (" + strings.Join(migrationTables, ", ") + ")"}
)

func formatNames() string {
	s := make([]string, len(sqlscript.Formats))
	for i, f := range sqlscript.Formats {
		s[i] = string(f)
	}
	return strings.Join(s, ", ")
}

// migrationTables are the tables migration tools keep for themselves, left out of a
// comparison unless --include-migration-tables: production has them, a schema file has not.
var migrationTables = []string{"alembic_version", "schema_migrations", "goose_db_version", "flyway_schema_history"}

// resolve turns a TARGET argument (or, when empty, the config's default environment) into a
// target and the inspection options that go with it; a .sql file or migrations folder gets
// the dev server and is read as its dialect (SQLite without one).
func (e *execution) resolve(c *cli.Context, arg string) (*drivers.Target, inspector.Options, error) {
	t, opts, err := e.resolveTarget(c, arg)
	if err != nil || !t.IsFiles() {
		return t, opts, err
	}
	format := sqlscript.Format(c.String("migrations-format"))
	if format != "" && !slices.Contains(sqlscript.Formats, format) {
		return nil, opts, usagef("--migrations-format %q: want one of %s", format, formatNames())
	}
	opts.MigrationsFormat = format
	if opts.Dev, err = e.devServer(c); err != nil {
		return nil, opts, err
	}
	t.Dialect = schema.SQLite
	if opts.Dev != nil {
		t.Dialect = opts.Dev.Dialect
	}
	return t, opts, nil
}

// devServer returns the dev server the user named — --dev-url, else dev: in the config — or
// nil. It is never inferred from the other targets.
func (e *execution) devServer(c *cli.Context) (*drivers.Target, error) {
	raw, from := c.String("dev-url"), "--dev-url"
	if raw == "" {
		u, ok, err := e.cfg.DevURL()
		if err != nil || !ok {
			return nil, err
		}
		raw, from = u, "dev: in "+e.cfg.Path
	}
	t, err := drivers.Resolve(raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", from, err)
	}
	if from != "--dev-url" {
		password, given, err := e.cfg.DevPassword()
		if err != nil {
			return nil, err
		}
		if given {
			t.Password = password
		}
	}
	if e, _ := drivers.EngineOf(t.Dialect); t.Kind != drivers.KindURL || !e.Server {
		return nil, usagef("%s %s: a dev server is a PostgreSQL or MySQL/MariaDB URL, e.g. postgres://postgres@localhost:5432/postgres (SQLite files load in memory without one)", from, t)
	}
	return t, nil
}

// checkFileSides applies the rules of a diff with DDL on a side: the dev server must not be
// either side, and without one a file is read in the other side's dialect, which for a
// server engine needs --dev-url.
func (e *execution) checkFileSides(c *cli.Context, sides ...*drivers.Target) error {
	if !slices.ContainsFunc(sides, (*drivers.Target).IsFiles) && c.String("dev-url") == "" {
		return nil // no scratch database will be made, and no dev server was named here
	}
	dev, err := e.devServer(c)
	if err != nil {
		return err
	}
	labels := []string{"FROM", "TO"}
	for i, s := range sides {
		if scratch.SameDatabase(dev, s) {
			return usagef("--dev-url %s names the same database as %s (%s): scratch databases are made on a development server of their own, never on a database being checked", dev, labels[i], s)
		}
	}
	for i, s := range sides {
		if !s.IsFiles() {
			continue
		}
		other := sides[1-i]
		d := sideDialect(other)
		switch e, known := drivers.EngineOf(d); {
		case known && !e.Server:
			s.Dialect = d // compared with SQLite: SQLite DDL, in memory
		case !known:
		case dev == nil:
			return fmt.Errorf("%s is compared with %s %s: %w", s, d, other, scratch.NeedDevError(d, s.String()))
		case dev.Dialect != d:
			return usagef("%s is compared with %s %s, but --dev-url %s is a %s server: name a %s dev server", s, d, other, dev, dev.Dialect, d)
		}
	}
	return nil
}

// sideDialect is the dialect of a target before it is read ("" for DDL files).
func sideDialect(t *drivers.Target) schema.Dialect {
	switch t.Kind {
	case drivers.KindSnapshot:
		data, err := os.ReadFile(t.Path)
		if err != nil {
			return ""
		}
		var head struct {
			Dialect schema.Dialect `json:"dialect"`
		}
		_ = json.Unmarshal(data, &head)
		return head.Dialect
	case drivers.KindURL, drivers.KindSQLite:
		return t.Dialect
	}
	return ""
}

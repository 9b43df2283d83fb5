package cli

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/dbinspect/dbinspect/config"
	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/drivers"
	"github.com/dbinspect/dbinspect/inspector"
)

// Settings come from two places, dbinspect.yaml and the command line. They are merged here,
// once, by pure functions (unit-tested in settings_test.go), and every command and every
// output uses the merged result: the command line wins over the file.

// diffFlags are the diff settings given on the command line.
type diffFlags struct {
	Ignore, Include, Exclude []string
	// SchemaMap holds FROM=TO entries as typed.
	SchemaMap   []string
	ColumnOrder bool
	// Privileges and RoleMap (OLD=NEW entries as typed): owners and grants compared.
	Privileges bool
	RoleMap    []string
}

func diffFlagsOf(c *cli.Context) diffFlags {
	return diffFlags{Ignore: c.StringSlice("ignore"), Include: c.StringSlice("include"), Exclude: c.StringSlice("exclude"),
		SchemaMap: c.StringSlice("schema-map"), ColumnOrder: c.Bool("column-order"),
		Privileges: c.Bool("privileges"), RoleMap: c.StringSlice("role-map")}
}

// diffOptions merges the config file's diff: settings with the command line's: ignore,
// include and exclude lists add up (the file's first), and a --schema-map entry replaces the
// file's entry for the same FROM schema. diff.Compare pairs the schemas from the result, and
// the migration planner reads that pairing (diff.Result.Schemas): there is no second merge.
func diffOptions(file config.DiffSettings, flags diffFlags) (diff.Options, error) {
	opts := diff.Options{
		Include:     slices.Concat(file.Include, flags.Include),
		Exclude:     slices.Concat(file.Exclude, flags.Exclude),
		SchemaMap:   maps.Clone(file.SchemaMap),
		ColumnOrder: flags.ColumnOrder,
		Privileges:  file.Privileges || flags.Privileges,
		RoleMap:     maps.Clone(file.RoleMap),
	}
	if opts.RoleMap == nil {
		opts.RoleMap = map[string]string{}
	}
	for _, m := range flags.RoleMap {
		oldName, newName, ok := strings.Cut(m, "=")
		if !ok || oldName == "" || newName == "" {
			return opts, fmt.Errorf("--role-map %q: want OLD=NEW, e.g. app_prod=app_staging", m)
		}
		opts.RoleMap[oldName] = newName
	}

	if opts.SchemaMap == nil {
		opts.SchemaMap = map[string]string{}
	}
	for _, ig := range slices.Concat(file.Ignore, flags.Ignore) {
		cat := diff.ParseCategory(ig)
		if cat == diff.CatColumnOrder && opts.ColumnOrder {
			return opts, fmt.Errorf("--column-order and --ignore column-order contradict each other")
		}
		opts.Ignore = append(opts.Ignore, cat)
	}
	for _, m := range flags.SchemaMap {
		fromName, toName, ok := strings.Cut(m, "=")
		if !ok || fromName == "" || toName == "" {
			return opts, fmt.Errorf("--schema-map %q: want FROM=TO, e.g. tenant_a=tenant_b", m)
		}
		opts.SchemaMap[fromName] = toName
	}
	return opts, opts.Validate()
}

// inspectOptions are the inspection settings of the command line: --schema and the timeouts
// (a zero or negative timeout means the default).
func inspectOptions(c *cli.Context) (inspector.Options, error) {
	conn, err := connectionOptions(c)
	return inspector.Options{Schemas: c.StringSlice("schema"), Connection: conn}, err
}

// connectionOptions reads the timeout flags. A timeout under a millisecond is refused:
// PostgreSQL counts in whole milliseconds, where 0 means no limit at all.
func connectionOptions(c *cli.Context) (drivers.Options, error) {
	o := drivers.DefaultOptions
	for _, f := range []struct {
		name string
		to   *time.Duration
	}{{"connect-timeout", &o.ConnectTimeout}, {"statement-timeout", &o.StatementTimeout}, {"lock-timeout", &o.LockTimeout}} {
		if !c.IsSet(f.name) {
			continue
		}
		d := c.Duration(f.name)
		if d < time.Millisecond {
			return o, usagef("--%s %s: give at least 1ms (PostgreSQL counts whole milliseconds, and 0 would mean no limit)", f.name, d)
		}
		*f.to = d
	}
	o.LockTimeout = min(o.LockTimeout, o.StatementTimeout)
	return o, nil
}

// schemasToInspect: --schema wins over the schemas an environment of the config names.
func schemasToInspect(flag []string, env config.Environment) []string {
	if len(flag) > 0 {
		return flag
	}
	return env.Schemas
}

package config

import (
	"fmt"
	"os"
	"path"
	"strings"
)

// Fleet is a named group of tenant databases or schemas for `dbinspect fleet`, compared with
// one baseline (docs/fleet.md). A fleet's name may be given wherever the command takes its
// TARGETS.
type Fleet struct {
	// Baseline is the TARGET the tenants are compared with when the command line names none
	// (`dbinspect fleet NAME`): a snapshot, an environment, a URL.
	Baseline string `json:"baseline,omitempty"`
	// Targets are environment names, globs over them ("tenant-*") or TARGETs (URLs, files).
	Targets []string `json:"targets"`
	// Schemas, when set, makes each PostgreSQL target one inspection whose schemas matching
	// these globs are the tenants.
	Schemas []string `json:"schemas,omitempty"`
	// Databases does the same for the databases of each MySQL/MariaDB server.
	Databases []string `json:"databases,omitempty"`
	// BaselineSchema picks the schema of the baseline the tenants' schemas are compared with,
	// when the baseline has several.
	BaselineSchema string `json:"baseline_schema,omitempty"`
}

func (c *Config) checkFleets() error {
	for name, f := range c.Fleets {
		if _, ok := c.Environments[name]; ok {
			return fmt.Errorf("fleet %q has the name of an environment: rename one of them (both may be given as a TARGET)", name)
		}
		if len(f.Targets) == 0 {
			return fmt.Errorf("fleet %q has no targets (write targets: [\"tenant-*\"] or a list of URLs)", name)
		}
		for _, t := range f.Targets {
			if strings.TrimSpace(t) == "" {
				return fmt.Errorf("fleet %q has an empty target", name)
			}
		}
		if len(f.Schemas) > 0 && len(f.Databases) > 0 {
			return fmt.Errorf("fleet %q sets both schemas and databases: schemas are for PostgreSQL targets, databases for MySQL/MariaDB servers", name)
		}
		for _, g := range append(append([]string{}, f.Schemas...), f.Databases...) {
			if _, err := path.Match(g, ""); err != nil {
				return fmt.Errorf("fleet %q: bad pattern %q: %v", name, g, err)
			}
		}
	}
	return nil
}

// MatchEnvironments returns the environments whose names match a glob, in name order.
func (c *Config) MatchEnvironments(glob string) ([]string, error) {
	if _, err := path.Match(glob, ""); err != nil {
		return nil, fmt.Errorf("bad pattern %q: %v", glob, err)
	}
	var out []string
	for _, n := range c.Names() {
		if ok, _ := path.Match(glob, n); ok {
			out = append(out, n)
		}
	}
	return out, nil
}

// ExpandURL replaces ${VAR} references in a URL with the process environment's values,
// exactly as in an environment's URL (Config.URL); where says in an error where the URL came
// from (a file and line), and an unset variable is an error that names it.
func ExpandURL(raw, where string) (string, error) {
	var missing []string
	for _, m := range varRe.FindAllStringSubmatch(raw, -1) {
		if _, set := os.LookupEnv(m[1]); !set {
			missing = append(missing, m[0])
		}
	}
	if len(missing) > 0 {
		return "", fmt.Errorf("%w: %s uses %s, which is not set", ErrConfig, where, strings.Join(missing, ", "))
	}
	only := Config{Environments: map[string]Environment{where: {URL: raw}}}
	u, _, err := only.URL(where)
	return u, err
}

package lint

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/dbinspect/dbinspect/config"
	"github.com/dbinspect/dbinspect/ddl"
	"github.com/dbinspect/dbinspect/internal/suggest"
	"github.com/dbinspect/dbinspect/schema"
)

// ReportFormatVersion is the version of Report's JSON form written by this build.
const ReportFormatVersion = 1

// Options configure a Linter.
type Options struct {
	// Settings is the lint: section of dbinspect.yaml.
	Settings config.LintSettings
	// Only runs just these rules, opt-in ones included (the command's --rule).
	Only []string
	// Include and Exclude are the config's tables: filter. Findings on tables it leaves out
	// are dropped, but the rules still see those tables, so a foreign key to an excluded
	// table is not "missing" and an enum used only there is not "unused".
	Include, Exclude []string
	// Comments supplies comments the database does not hold (doc.comments): keys "table",
	// "table.column", "schema.table" or "schema.table.column".
	Comments map[string]string
}

// Linter runs a configured set of rules.
type Linter struct {
	rules    []configured
	opts     Options
	accept   []Acceptance
	excludes []string
}

type configured struct {
	rule           Rule
	info           Info
	excludeTables  []string
	excludeColumns []string
}

// ConfigError is a mistake in the lint settings or, with Flag set, in the rules named on
// the command line.
type ConfigError struct {
	Msg  string
	Flag bool
}

func (e *ConfigError) Error() string { return e.Msg }

func configErrorf(format string, args ...any) error {
	return &ConfigError{Msg: fmt.Sprintf(format, args...)}
}

// unknownRule says a rule id is not known, with the closest ids.
func unknownRule(id string) string {
	var ids []string
	for _, r := range All() {
		ids = append(ids, r.Info().ID)
	}
	return fmt.Sprintf("unknown rule %q%s; dbinspect lint --list-rules lists them", id, suggest.Hint(id, ids))
}

// New checks the settings against the rules and returns a linter for them.
func New(o Options) (*Linter, error) {
	l := &Linter{opts: o, excludes: o.Settings.ExcludeTables}
	for _, id := range o.Only {
		if _, ok := lookup(id); !ok {
			return nil, &ConfigError{Msg: "--rule: " + unknownRule(id), Flag: true}
		}
	}
	for _, id := range sortedKeys(o.Settings.Rules) {
		if _, ok := lookup(id); !ok {
			return nil, configErrorf("lint.rules: %s", unknownRule(id))
		}
	}
	for _, a := range o.Settings.Accept {
		if _, ok := lookup(a.Rule); !ok {
			return nil, configErrorf("lint.accept (%s): %s", a.Object, unknownRule(a.Rule))
		}
		l.accept = append(l.accept, Acceptance(a))
	}
	for _, r := range All() {
		info := r.Info()
		set, named := o.Settings.Rules[info.ID]
		// Naming a rule in the config turns it on (an opt-in rule given parameters is meant to
		// run), unless the entry says enabled: false.
		enabled := !info.OptIn || named
		if set.Enabled != nil {
			enabled = *set.Enabled
		}
		if len(o.Only) > 0 {
			enabled = slices.Contains(o.Only, info.ID)
		}
		if set.Severity != "" {
			sev, err := ParseSeverity(set.Severity)
			if err != nil {
				return nil, configErrorf("lint.rules.%s: %v", info.ID, err)
			}
			info.Severity = sev
		}
		if err := setParams(r, set.Params); err != nil {
			return nil, configErrorf("lint.rules.%s: %v", info.ID, err)
		}
		if enabled {
			l.rules = append(l.rules, configured{rule: r, info: info,
				excludeTables: set.ExcludeTables, excludeColumns: set.ExcludeColumns})
		}
	}
	return l, nil
}

// setParams decodes a rule's parameters from the config, strictly: a misspelt parameter is
// an error rather than a silently ignored setting.
func setParams(r Rule, params map[string]json.RawMessage) error {
	c, ok := r.(Configurable)
	if !ok {
		if len(params) > 0 {
			return fmt.Errorf("takes no parameters (got %s)", strings.Join(sortedKeys(params), ", "))
		}
		return nil
	}
	if len(params) > 0 {
		raw, err := json.Marshal(params)
		if err != nil {
			return err
		}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(c.Params()); err != nil {
			return fmt.Errorf("parameters: %v (see dbinspect lint --list-rules)", strings.TrimPrefix(err.Error(), "json: "))
		}
	}
	return c.Validate()
}

// Rules returns the rules this linter runs, with the severities they run at.
func (l *Linter) Rules() []Info {
	out := make([]Info, len(l.rules))
	for i, r := range l.rules {
		out[i] = r.info
	}
	return out
}

// Run checks db. It reads the model only.
func (l *Linter) Run(db *schema.Database) *Report {
	rep := &Report{FormatVersion: ReportFormatVersion, Dialect: db.Dialect, Findings: []Finding{}, Rules: []Info{}}
	for _, s := range db.Schemas {
		rep.Relations += len(s.Tables) + len(s.Views)
	}
	skip := tablesJudgedElsewhere(db)
	for _, r := range l.rules {
		if !r.info.AppliesTo(db.Dialect) {
			continue
		}
		rep.Rules = append(rep.Rules, r.info)
		c := &Check{db: db, linter: l, rule: r, out: &rep.Findings, skip: skip}
		r.rule.Check(c)
	}
	used := make([]bool, len(l.accept))
	for i := range rep.Findings {
		f := &rep.Findings[i]
		for j, a := range l.accept {
			if a.Rule == f.Rule && (a.Object == f.Object || a.Object == strings.TrimPrefix(f.Object, f.Schema+".")) {
				f.Accepted = a.Reason
				used[j] = true
			}
		}
	}
	for j, a := range l.accept {
		// An entry for a rule that did not run (turned off, --rule, another engine's) is not stale.
		if _, ran := rep.Rule(a.Rule); ran && !used[j] {
			rep.StaleAccepts = append(rep.StaleAccepts, a)
		}
	}
	sortFindings(rep.Findings)
	return rep
}

// Check is what a rule sees while it runs: the model, helpers to walk it, and Report.
type Check struct {
	db     *schema.Database
	linter *Linter
	rule   configured
	out    *[]Finding
	// skip holds the tables Tables leaves out, as "schema\x00table".
	skip map[string]bool
}

// DB returns the model being checked.
func (c *Check) DB() *schema.Database { return c.db }

// Dialect returns the dialect of the model being checked.
func (c *Check) Dialect() schema.Dialect { return c.db.Dialect }

// Tables calls fn for every base table, leaving out PostgreSQL partitions (their parent
// speaks for them: a partition inherits its keys and indexes) and the shadow tables SQLite
// keeps for a virtual table.
func (c *Check) Tables(fn func(s *schema.Schema, t *schema.Table)) {
	for i := range c.db.Schemas {
		s := &c.db.Schemas[i]
		for j := range s.Tables {
			t := &s.Tables[j]
			if !c.skip[s.Name+"\x00"+t.Name] {
				fn(s, t)
			}
		}
	}
}

// tablesJudgedElsewhere lists the PostgreSQL partitions and SQLite shadow tables, once per
// run (finding shadow tables compares every table with every virtual table's).
func tablesJudgedElsewhere(db *schema.Database) map[string]bool {
	skip := map[string]bool{}
	for i := range db.Schemas {
		s := &db.Schemas[i]
		virtual := false
		for _, t := range s.Tables {
			virtual = virtual || isVirtual(&t)
		}
		for _, t := range s.Tables {
			if t.Postgres != nil && t.Postgres.PartitionOf != nil || virtual && ddl.IsShadowTable(s, t.Name) {
				skip[s.Name+"\x00"+t.Name] = true
			}
		}
	}
	return skip
}

// Views calls fn for every view and materialized view.
func (c *Check) Views(fn func(s *schema.Schema, v *schema.View)) {
	for i := range c.db.Schemas {
		s := &c.db.Schemas[i]
		for j := range s.Views {
			fn(s, &s.Views[j])
		}
	}
}

// Comment returns the comment of a table (column "") or column: the database's own, or
// else the one doc.comments supplies.
func (c *Check) Comment(s *schema.Schema, table, column string, own *string) (string, bool) {
	if own != nil && strings.TrimSpace(*own) != "" {
		return *own, true
	}
	keys := []string{objectPath(table, column), objectPath(s.Name, table, column)}
	for _, k := range keys {
		if v, ok := c.linter.opts.Comments[k]; ok && strings.TrimSpace(v) != "" {
			return v, true
		}
	}
	return "", false
}

// Report records a finding, unless the config excludes its table or columns. Rule, Severity
// and Object are filled in.
func (c *Check) Report(f Finding) {
	f.Rule = c.rule.info.ID
	f.Severity = c.rule.info.Severity
	if f.Object == "" {
		f.Object = objectPath(f.Schema, f.Table, f.Name)
	}
	if c.excluded(f) {
		return
	}
	*c.out = append(*c.out, f)
}

// excluded applies the config's tables: filter, lint.exclude_tables and the rule's own
// exclude_tables and exclude_columns. A finding on a schema-level object (an enum, a
// sequence) is matched against the tables' patterns by its own name.
func (c *Check) excluded(f Finding) bool {
	owner := f.Table
	if owner == "" {
		owner = f.Name
	}
	if owner == "" {
		return false
	}
	l := c.linter
	inc, exc := l.opts.Include, l.opts.Exclude
	if len(inc) > 0 && !matchTable(inc, f.Schema, owner) || matchTable(exc, f.Schema, owner) {
		return true
	}
	if matchTable(l.excludes, f.Schema, owner) || matchTable(c.rule.excludeTables, f.Schema, owner) {
		return true
	}
	if f.Table != "" {
		for _, col := range f.columns() {
			if matchGlobs(c.rule.excludeColumns, f.Table+"."+col, f.Schema+"."+f.Table+"."+col) {
				return true
			}
		}
	}
	return false
}

// columns are the columns a finding is about, for exclude_columns.
func (f Finding) columns() []string {
	if f.Kind == KindColumn {
		return []string{f.Name}
	}
	return f.Columns
}

// matchTable matches "table" or "schema.table" against globs.
func matchTable(globs []string, schemaName, table string) bool {
	return matchGlobs(globs, table, schemaName+"."+table)
}

func matchGlobs(globs []string, subjects ...string) bool {
	for _, g := range globs {
		for _, s := range subjects {
			if ok, _ := path.Match(g, s); ok {
				return true
			}
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

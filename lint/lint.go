// Package lint checks a schema against rules for ORM-backed applications (a table without a
// primary key, a foreign key no index supports, money in a float column, …) and reports what
// it finds as data: findings with a rule id, a severity, the object they are about, a message
// and, where one is known, the SQL that fixes them. The renderings for people and for CI
// systems (text, JSON, SARIF 2.1.0, GitHub workflow commands, Markdown) live here too.
//
// It is a package of its own because its rules are a catalogue that grows on its own (one
// small documented unit per rule, each in its own file, all listed in registry.go), because
// the same checks run on a live database, a snapshot or a DDL file alike (they read only the
// model), and because its output formats belong to findings, not to schemas. It imports
// schema (the model), config (the lint: section of dbinspect.yaml), ddl (quoting, for the
// SQL of fixes) and a colour library; it never talks to a database.
//
// Adding a rule: write a type with Info and Check in rule_<id>.go, add it to registry.go,
// give it a test with a finding and a near miss in rules_test.go, and run
// `go test ./lint -update` to refresh docs/lint.md's table of rules.
package lint

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

// Severity says how bad a finding is. Its JSON form is the lower-case word.
type Severity string

// The severities, from the mildest.
const (
	Notice  Severity = "notice"
	Warning Severity = "warning"
	Error   Severity = "error"
)

// Severities lists the severities from the mildest.
var Severities = []Severity{Notice, Warning, Error}

// rank orders severities: notice 1, warning 2, error 3 (0 for anything else).
func (s Severity) rank() int { return slices.Index(Severities, s) + 1 }

// AtLeast reports whether s is as severe as min or more.
func (s Severity) AtLeast(min Severity) bool { return s.rank() >= min.rank() && min.rank() > 0 }

// ParseSeverity reads "error", "warning" or "notice".
func ParseSeverity(s string) (Severity, error) {
	if sev := Severity(s); sev.rank() > 0 {
		return sev, nil
	}
	return "", fmt.Errorf("unknown severity %q (want error, warning or notice)", s)
}

// Info describes a rule: what it is called, how severe its findings are unless the config
// says otherwise, why it matters and how to fix what it finds.
type Info struct {
	// ID is the rule's stable name, used in the config, in output and in accept entries.
	ID string `json:"id"`
	// Title says in a few words what the rule finds: "table without a primary key".
	Title    string   `json:"title"`
	Severity Severity `json:"severity"`
	// Why is one line: what goes wrong when the finding is left as it is.
	Why string `json:"why"`
	// Fix is one line: what to do about a finding.
	Fix string `json:"fix"`
	// OptIn rules run only when the config (or --rule) turns them on.
	OptIn bool `json:"opt_in,omitempty"`
	// Dialects the rule applies to; empty means every dialect.
	Dialects []schema.Dialect `json:"dialects,omitempty"`
	// Params documents the rule's parameters and their defaults, e.g. "max: 50".
	Params string `json:"params,omitempty"`
	// SeeAlso names the same check in other tools, for people coming from them.
	SeeAlso string `json:"see_also,omitempty"`
}

// AppliesTo reports whether the rule checks schemas of dialect d.
func (i Info) AppliesTo(d schema.Dialect) bool {
	return len(i.Dialects) == 0 || slices.Contains(i.Dialects, d)
}

// Rule is one check. Check reads the model through c and reports what it finds with
// c.Report; it never changes the model.
type Rule interface {
	Info() Info
	Check(c *Check)
}

// Configurable is a rule with parameters. Params returns a pointer to them, defaults filled
// in, for the config's values to be decoded into; Validate checks them afterwards.
type Configurable interface {
	Rule
	Params() any
	Validate() error
}

// Kind names what a finding is about.
type Kind string

// The kinds of object a finding can be about.
const (
	KindSchema     Kind = "schema"
	KindTable      Kind = "table"
	KindView       Kind = "view"
	KindColumn     Kind = "column"
	KindIndex      Kind = "index"
	KindPrimaryKey Kind = "primary_key"
	KindForeignKey Kind = "foreign_key"
	KindUnique     Kind = "unique"
	KindCheck      Kind = "check"
	KindTrigger    Kind = "trigger"
	KindSequence   Kind = "sequence"
	KindEnum       Kind = "enum"
	KindDomain     Kind = "domain"
	KindFunction   Kind = "function"
)

// Finding is one thing a rule found.
type Finding struct {
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	// Object is the dotted path of what the finding is about: "schema.table",
	// "schema.table.column", "schema.table.index", "schema.enum". Accept entries name it.
	Object string `json:"object"`
	Kind   Kind   `json:"kind"`
	Schema string `json:"schema"`
	// Table is the table or view the object belongs to (or is); "" for schema-level objects.
	Table string `json:"table,omitempty"`
	// Name is the object's own name within its table or schema ("" for a table or view itself).
	Name string `json:"name,omitempty"`
	// Columns are the columns a key, index or foreign key finding is about (exclude_columns
	// matches them).
	Columns []string `json:"columns,omitempty"`
	Message string   `json:"message"`
	// Fix is SQL or a concrete step that removes this finding, where one is known.
	Fix string `json:"fix,omitempty"`
	// Accepted is the reason given in the config for accepting this finding.
	Accepted string `json:"accepted,omitempty"`
}

// objectPath joins the non-empty parts of an object's name with dots.
func objectPath(parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, ".")
}

// Report is the result of one lint run.
type Report struct {
	// FormatVersion is the version of the JSON form (docs/lint.md); additions keep it.
	FormatVersion int            `json:"format_version"`
	Target        string         `json:"target,omitempty"`
	Dialect       schema.Dialect `json:"dialect"`
	// Relations is how many tables and views were looked at.
	Relations int `json:"relations"`
	// Findings, grouped by schema and table, the most severe first within a table.
	Findings []Finding `json:"findings"`
	// Rules are the rules that ran, with the severity they ran at.
	Rules []Info `json:"rules"`
	// StaleAccepts are accept entries of the config that matched no finding: the problem was
	// fixed (or renamed) and the entry can go.
	StaleAccepts []Acceptance `json:"stale_accepts,omitempty"`
}

// Acceptance is one accept entry of the config.
type Acceptance struct {
	Rule   string `json:"rule"`
	Object string `json:"object"`
	Reason string `json:"reason"`
}

// Count returns how many findings of severity sev were not accepted.
func (r *Report) Count(sev Severity) int {
	n := 0
	for _, f := range r.Findings {
		if f.Severity == sev && f.Accepted == "" {
			n++
		}
	}
	return n
}

// Accepted returns how many findings the config accepted.
func (r *Report) Accepted() int {
	n := 0
	for _, f := range r.Findings {
		if f.Accepted != "" {
			n++
		}
	}
	return n
}

// Fails reports whether any finding not accepted is at least as severe as min.
func (r *Report) Fails(min Severity) bool {
	for _, f := range r.Findings {
		if f.Accepted == "" && f.Severity.AtLeast(min) {
			return true
		}
	}
	return false
}

// Rule returns the info of a rule that ran, by id.
func (r *Report) Rule(id string) (Info, bool) {
	for _, i := range r.Rules {
		if i.ID == id {
			return i, true
		}
	}
	return Info{}, false
}

// sortFindings puts findings in their canonical order: by schema and table (schema-level
// objects first), then the most severe first, then by rule and object.
func sortFindings(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.Schema, b.Schema), cmp.Compare(a.Table, b.Table),
			cmp.Compare(b.Severity.rank(), a.Severity.rank()), cmp.Compare(a.Rule, b.Rule),
			cmp.Compare(a.Object, b.Object), cmp.Compare(a.Message, b.Message))
	})
}

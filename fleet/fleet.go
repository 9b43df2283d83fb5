// Package fleet compares many tenants — databases, or schemas of one database — with one
// baseline, and groups the tenants that drift alike: "997 tenants match the baseline; 3
// tenants (acme, globex, initech): missing index ix_orders_created".
//
// It is a package of its own because it is the one place that thinks in tenants rather than
// in two models: splitting a model read from one server into one model per tenant schema
// (Split), comparing each with the baseline by diff's own rules (Compare, so every filter,
// ignore and schema pairing of `dbinspect diff` applies), taking every N-th tenant for a CI
// matrix (Shard), building the grouped report and merging the reports of shards (report.go),
// and rendering it as text, Markdown or JSON (render.go). Reading the servers is not its
// business: the command line inspects each server once and hands the models here.
//
// It imports schema, diff and output (for the text of a drift); nothing imports it but the
// command line and tests.
package fleet

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/output"
	"github.com/dbinspect/dbinspect/schema"
)

// Status is what became of one tenant.
type Status string

// The statuses.
const (
	Match  Status = "match" // the same as the baseline
	Drift  Status = "drift" // differs from the baseline
	Failed Status = "error" // could not be read
)

// Tenant is one tenant's row of the report.
type Tenant struct {
	// Name identifies the tenant: an environment name, a URL without its password, or the
	// name of the schema (MySQL database) it is on its server.
	Name string `json:"name"`
	// Target is the TARGET the tenant was read from, as people may see it.
	Target string `json:"target,omitempty"`
	// Schema is the tenant's schema (database) when it is one of a server's.
	Schema string `json:"schema,omitempty"`
	Status Status `json:"status"`
	// Drift identifies what differs: tenants with the same drift have the same id.
	Drift       string `json:"drift,omitempty"`
	Destructive bool   `json:"destructive,omitempty"`
	// Summary counts the changes, as diff's JSON does.
	Summary *diff.Summary `json:"summary,omitempty"`
	// Changes are what must change to turn the tenant into the baseline, in the change
	// format of `dbinspect diff TENANT BASELINE --format json` (docs/diff.md).
	Changes json.RawMessage `json:"changes,omitempty"`
	// Notes say what the inspection could not read.
	Notes []string `json:"notes,omitempty"`
	// Error is why the tenant could not be read, on one line.
	Error string `json:"error,omitempty"`

	// Result is the comparison itself, in the run that made it (for migration plans).
	Result *diff.Result `json:"-"`
	// lines is the drift as the report shows it (the group's Lines).
	lines []string
}

// Compare compares one tenant with the baseline: the changes that turn the tenant into the
// baseline, as `dbinspect diff TENANT BASELINE` finds them with the same options. The
// tenant's drift id and text do not depend on the tenant's schema name, so tenants in
// schemas of their own that drift alike group together.
func Compare(t Tenant, tenant, baseline *schema.Database, opts diff.Options) Tenant {
	res := diff.Compare(tenant, baseline, opts)
	t.Result = res
	t.Notes = tenant.Notes
	t.Status = Match
	if res.Empty() {
		return t
	}
	t.Status = Drift
	t.Destructive = res.HasDestructive()
	sum := res.Summary()
	t.Summary = &sum
	changes, err := json.Marshal(res.Changes)
	if err != nil {
		// Changes hold only model structs, which always marshal; say so loudly if not.
		panic(fmt.Sprintf("fleet: marshal changes of %s: %v", t.Name, err))
	}
	t.Changes = changes
	t.lines = driftLines(res, tenant.Dialect)
	t.Drift = driftID(t.lines, res, tenant.Dialect)
	return t
}

// Error makes the row of a tenant that could not be read.
func Error(t Tenant, err error) Tenant {
	t.Status = Failed
	t.Error = strings.Join(strings.Fields(err.Error()), " ")
	return t
}

// renames maps each tenant schema to the baseline schema it was compared with, where their
// names differ: the tenant's own name in its SQL text is shown as the baseline's.
func renames(res *diff.Result) map[string]string {
	out := map[string]string{}
	for _, p := range res.Schemas {
		if p.From != p.To {
			out[p.From] = p.To
		}
	}
	return out
}

// driftLines renders the changes as the text report shows them, without schema names and
// with the tenant's schema name in SQL text read as the baseline's.
func driftLines(res *diff.Result, d schema.Dialect) []string {
	var b strings.Builder
	shown := *res
	_ = output.DiffText{Unqualified: true}.Diff(&b, output.DiffReport{Result: &shown})
	lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	lines = lines[:len(lines)-1] // the summary line: the report has its own
	rn := renames(res)
	for i, l := range lines {
		lines[i] = diff.RequalifySQL(d, l, rn)
	}
	return lines
}

// driftID is a short hash of what differs: the lines shown and every field's values in full.
func driftID(lines []string, res *diff.Result, d schema.Dialect) string {
	h := sha256.New()
	for _, l := range lines {
		h.Write([]byte(l + "\n"))
	}
	rn := renames(res)
	for _, c := range res.Changes {
		fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00%s\x00%t\x00%t\n", c.Action, c.Object, c.Table, c.Name, c.NewName, c.Destructive, c.OnView)
		for _, f := range c.Fields {
			fmt.Fprintf(h, "%s\x00%s\x00%s\n", f.Field, diff.RequalifySQL(d, f.From, rn), f.To)
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// Split divides a model read from one server into one model per schema (PostgreSQL schema,
// MySQL database), in the model's order: each holds its schema alone, with what belongs to
// the whole database (dialect, version, extensions) and the notes that do not name another
// schema. The copies share the schemas' contents with db.
func Split(db *schema.Database) []*schema.Database {
	index := make(map[string]int, len(db.Schemas))
	for i, s := range db.Schemas {
		index[s.Name] = i
	}
	// A note that names schemas ("…database %q…") goes to those; any other to every schema.
	var everywhere []int
	own := map[int][]int{}
	for n, note := range db.Notes {
		named := false
		for _, q := range quoted.FindAllString(note, -1) {
			if name, err := strconv.Unquote(q); err == nil {
				if i, ok := index[name]; ok && !slices.Contains(own[i], n) {
					own[i] = append(own[i], n)
					named = true
				}
			}
		}
		if !named {
			everywhere = append(everywhere, n)
		}
	}
	out := make([]*schema.Database, len(db.Schemas))
	for i := range db.Schemas {
		part := *db
		part.Schemas = db.Schemas[i : i+1 : i+1]
		part.Notes = nil
		for _, n := range slices.Sorted(slices.Values(append(slices.Clone(everywhere), own[i]...))) {
			part.Notes = append(part.Notes, db.Notes[n])
		}
		out[i] = &part
	}
	return out
}

// quoted finds the Go-quoted names notes are written with (%q).
var quoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

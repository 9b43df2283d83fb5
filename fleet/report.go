package fleet

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/schema"
)

// FormatVersion is the version of the report's JSON (docs/fleet.md).
const FormatVersion = 1

// Report is a fleet compared with its baseline. Its JSON is the contract of
// `dbinspect fleet --format json`, and the input of `dbinspect fleet merge`.
type Report struct {
	FormatVersion int      `json:"format_version"`
	Baseline      Baseline `json:"baseline"`
	// Shard is the part of the fleet this report covers; absent for the whole fleet.
	Shard *Shard `json:"shard,omitempty"`
	// MissingShards lists the parts a merge did not get (absent when it got them all).
	MissingShards []string `json:"missing_shards,omitempty"`
	Summary       Summary  `json:"summary"`
	// Groups are the tenants that compare alike: those that match first, then each drift,
	// most tenants first.
	Groups []Group `json:"groups"`
	// Tenants are every tenant's row, by name.
	Tenants []Tenant `json:"tenants"`
}

// Baseline is what the tenants were compared with.
type Baseline struct {
	Target  string         `json:"target"`
	Dialect schema.Dialect `json:"dialect"`
	// Schema is the baseline's schema the tenants' schemas were compared with, when the
	// tenants are schemas (or databases) of a server.
	Schema string `json:"schema,omitempty"`
}

// Summary counts the tenants.
type Summary struct {
	Tenants int `json:"tenants"`
	Match   int `json:"match"`
	Drift   int `json:"drift"`
	// Destructive counts the drifted tenants whose changes include a destructive one.
	Destructive int `json:"destructive"`
	Errors      int `json:"errors"`
	// Drifts is the number of different drifts (groups of drifted tenants).
	Drifts int `json:"drifts"`
}

// Group is the tenants that compare alike with the baseline.
type Group struct {
	Status Status `json:"status"`
	// Drift is the drift's id (Tenant.Drift); "" for the tenants that match.
	Drift       string        `json:"drift,omitempty"`
	Tenants     []string      `json:"tenants"`
	Destructive bool          `json:"destructive,omitempty"`
	Summary     *diff.Summary `json:"summary,omitempty"`
	// Lines show the drift as the text report does, names without the tenant's schema.
	Lines []string `json:"lines,omitempty"`
}

// NewReport groups the tenants' rows.
func NewReport(baseline Baseline, shard Shard, tenants []Tenant) *Report {
	r := &Report{FormatVersion: FormatVersion, Baseline: baseline, Tenants: tenants}
	if !shard.Whole() {
		r.Shard = &shard
	}
	r.regroup()
	return r
}

// regroup sorts the tenants and builds the groups and the summary from their rows.
func (r *Report) regroup() {
	slices.SortFunc(r.Tenants, func(a, b Tenant) int { return cmp.Compare(a.Name, b.Name) })
	r.Summary = Summary{Tenants: len(r.Tenants)}
	match := Group{Status: Match, Tenants: []string{}}
	drifts := map[string]*Group{}
	var order []*Group
	for _, t := range r.Tenants {
		switch t.Status {
		case Match:
			r.Summary.Match++
			match.Tenants = append(match.Tenants, t.Name)
		case Failed:
			r.Summary.Errors++
		case Drift:
			r.Summary.Drift++
			if t.Destructive {
				r.Summary.Destructive++
			}
			g := drifts[t.Drift]
			if g == nil {
				g = &Group{Status: Drift, Drift: t.Drift, Destructive: t.Destructive, Summary: t.Summary, Lines: t.lines}
				drifts[t.Drift] = g
				order = append(order, g)
			}
			if g.Lines == nil {
				g.Lines = t.lines
			}
			g.Tenants = append(g.Tenants, t.Name)
		}
	}
	slices.SortStableFunc(order, func(a, b *Group) int {
		return cmp.Or(cmp.Compare(len(b.Tenants), len(a.Tenants)), cmp.Compare(a.Tenants[0], b.Tenants[0]))
	})
	r.Groups = []Group{}
	if len(match.Tenants) > 0 {
		r.Groups = append(r.Groups, match)
	}
	for _, g := range order {
		r.Groups = append(r.Groups, *g)
	}
	r.Summary.Drifts = len(order)
}

// Failed reports whether some tenant could not be read.
func (r *Report) Failed() bool { return r.Summary.Errors > 0 }

// Drifted reports whether some tenant drifted (only destructively, with destructiveOnly).
func (r *Report) Drifted(destructiveOnly bool) bool {
	if destructiveOnly {
		return r.Summary.Destructive > 0
	}
	return r.Summary.Drift > 0
}

// ReadReport reads a report written by `dbinspect fleet --format json`.
func ReadReport(rd io.Reader) (*Report, error) {
	var r Report
	dec := json.NewDecoder(rd)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("not a fleet report (dbinspect fleet --format json): %w", err)
	}
	if r.FormatVersion != FormatVersion {
		return nil, fmt.Errorf("fleet report format_version %d: this dbinspect reads version %d", r.FormatVersion, FormatVersion)
	}
	return &r, nil
}

// ErrMerge marks reports that cannot be merged.
var ErrMerge = errors.New("cannot merge")

// Merge joins the reports of a fleet's shards into one report, the same as one run over the
// whole fleet would have written when it has every shard. The reports must share their
// baseline and shard count, and no tenant may be in two of them.
func Merge(reports []*Report) (*Report, error) {
	if len(reports) == 0 {
		return nil, fmt.Errorf("%w: no report given", ErrMerge)
	}
	first := reports[0]
	out := &Report{FormatVersion: FormatVersion, Baseline: first.Baseline}
	seen := map[string]int{}
	shards := map[int]bool{}
	count := 0
	for i, r := range reports {
		if r.Baseline != first.Baseline {
			return nil, fmt.Errorf("%w: report %d compares with %s, report 1 with %s", ErrMerge, i+1, describe(r.Baseline), describe(first.Baseline))
		}
		if err := mergeShard(r, i, shards, &count); err != nil {
			return nil, err
		}
		for _, t := range r.Tenants {
			if j, dup := seen[t.Name]; dup {
				return nil, fmt.Errorf("%w: tenant %q is in report %d and report %d", ErrMerge, t.Name, j+1, i+1)
			}
			seen[t.Name] = i
			out.Tenants = append(out.Tenants, t)
		}
	}
	for i := 1; i <= count; i++ {
		if !shards[i] {
			out.MissingShards = append(out.MissingShards, Shard{Index: i, Count: count}.String())
		}
	}
	lines := map[string][]string{}
	for _, r := range reports {
		for _, g := range r.Groups {
			if g.Drift != "" {
				lines[g.Drift] = g.Lines
			}
		}
	}
	for i := range out.Tenants {
		out.Tenants[i].lines = lines[out.Tenants[i].Drift]
	}
	out.regroup()
	return out, nil
}

// mergeShard checks one report's shard against those merged so far.
func mergeShard(r *Report, i int, shards map[int]bool, count *int) error {
	if r.Shard == nil {
		if len(shards) > 0 || i > 0 {
			return fmt.Errorf("%w: report %d covers the whole fleet, not one shard of it", ErrMerge, i+1)
		}
		return nil
	}
	if *count != 0 && r.Shard.Count != *count {
		return fmt.Errorf("%w: report %d is shard %s, the others are of %d shards", ErrMerge, i+1, r.Shard, *count)
	}
	if shards[r.Shard.Index] {
		return fmt.Errorf("%w: shard %s is given twice", ErrMerge, r.Shard)
	}
	*count = r.Shard.Count
	shards[r.Shard.Index] = true
	return nil
}

func describe(b Baseline) string {
	s := b.Target
	if b.Schema != "" {
		s += " (schema " + b.Schema + ")"
	}
	return strings.TrimSpace(s)
}

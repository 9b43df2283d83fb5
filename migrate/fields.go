package migrate

import (
	"slices"

	"github.com/dbinspect/dbinspect/diff"
)

// The planner's end of the diff → migrate contract. diff declares every field a change can
// report (diff.Fields); each dialect says here which of them its planner turns into
// statements or into deliberate notes, per object kind. A reported field outside those sets
// gets a note saying the plan leaves it out (noteUnplanned): a field is never dropped in
// silence, and TestPlannerHandlesEveryField fails for any declared field that would get one.

// fieldSet tells which fields of a kind a planner plans.
type fieldSet func(diff.Field) bool

// every: the kind's changes are planned whole (the object is dropped and created again, the
// table rebuilt, the column's whole definition written), whatever field changed.
func every(diff.Field) bool { return true }

// only lists the fields planned one by one.
func only(fields ...diff.Field) fieldSet {
	return func(f diff.Field) bool { return slices.Contains(fields, f) }
}

// allBut: every field but these.
func allBut(fields ...diff.Field) fieldSet {
	return func(f diff.Field) bool { return !slices.Contains(fields, f) }
}

// noteUnplanned notes each field of a modify or rename that the dialect does not plan.
func (p *planner) noteUnplanned(c *diff.Change) {
	if c.Action != diff.Modify && c.Action != diff.Rename {
		return
	}
	planned := p.r.fields[c.Object] // a kind that is absent is planned for no field
	for _, f := range c.Fields {
		if planned == nil || !planned(f.Field) {
			p.note("%s: %s %s → %s is not planned on %s (%s): change it by hand", changeLabel(c), f.Field, f.From, f.To, p.d, unplannedReason)
		}
	}
}

// unplannedReason ends every note of noteUnplanned, so tests can tell those notes apart.
const unplannedReason = "dbinspect cannot write this change"

func changeLabel(c *diff.Change) string {
	label := string(c.Object) + " " + c.Schema + "."
	if c.Table != "" {
		label += c.Table + "."
	}
	return label + c.Name
}

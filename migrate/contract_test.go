package migrate

import (
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/diff/difftest"
	"github.com/dbinspect/dbinspect/schema"
)

// TestPlannerHandlesEveryField holds the planner's end of the diff → migrate contract: for
// every field diff declares for an object kind on a dialect, the change its fixture makes is
// planned — statements or a deliberate note, never nothing — and no note says the plan left
// the field out. A field added to diff fails here until the planner plans or notes it.
func TestPlannerHandlesEveryField(t *testing.T) {
	for _, d := range difftest.Dialects {
		for _, obj := range diff.Objects {
			for _, field := range diff.Fields(obj, d) {
				t.Run(string(d)+"/"+string(obj)+"/"+string(field), func(t *testing.T) {
					fx, err := difftest.For(d, obj, field)
					if err != nil {
						t.Fatal(err)
					}
					from, to := fx.Pair(d)
					res := diff.Compare(from, to, fx.Options)
					plan, err := Build(from, to, res, Options{})
					if err != nil {
						t.Fatal(err)
					}
					if len(plan.Steps) == 0 && len(plan.Notes) == 0 && len(plan.Refused) == 0 {
						t.Errorf("the %s of a %s changes and the plan is empty (changes: %v)", field, obj, res.Changes)
					}
					for _, n := range plan.Notes {
						if strings.Contains(n, unplannedReason) {
							t.Errorf("the planner leaves the %s of a %s out: %s", field, obj, n)
						}
					}
				})
			}
		}
	}
}

// TestUnplannedFieldsAreNoted: a field a dialect does not plan (here a MySQL-only column
// setting in a PostgreSQL model) is named in a note, not dropped in silence.
func TestUnplannedFieldsAreNoted(t *testing.T) {
	fx, err := difftest.For(schema.MySQL, diff.ObjColumn, diff.FieldInvisible)
	if err != nil {
		t.Fatal(err)
	}
	from, to := difftest.Base(schema.Postgres), difftest.Base(schema.Postgres)
	fx.Change(to)
	to.Normalize()
	plan, err := Build(from, to, diff.Compare(from, to, diff.Options{}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Notes) != 1 || !strings.Contains(plan.Notes[0], "column public.child.note: invisible false → true is not planned on postgres") {
		t.Errorf("notes = %q, want one naming the unplanned field", plan.Notes)
	}
}

package diff_test

import (
	"slices"
	"testing"

	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/diff/difftest"
)

// TestReportedFieldsAreDeclared holds diff's end of the contract with the migration planner:
// for every field declared for an object kind and a dialect there is a fixture, the fixture
// makes Compare report exactly that field of that kind, and Compare reports no undeclared
// field and no change whose sides are not of its kind's Go type.
func TestReportedFieldsAreDeclared(t *testing.T) {
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
					CheckContract(t, res)
					if !Reports(res, obj, field) {
						t.Errorf("the fixture does not make diff report the %s of a %s; it reports %v", field, obj, res.Changes)
					}
				})
			}
		}
	}
}

// Reports says whether res holds a change of kind obj reporting field (a rename for
// FieldName).
func Reports(res *diff.Result, obj diff.Object, field diff.Field) bool {
	return slices.ContainsFunc(res.Changes, func(c diff.Change) bool {
		return c.Object == obj && slices.ContainsFunc(c.Fields, func(f diff.FieldChange) bool { return f.Field == field })
	})
}

// CheckContract fails t for a reported field that is not declared for its object kind, and for
// a change whose sides are not of its kind's Go type.
func CheckContract(t *testing.T, res *diff.Result) {
	t.Helper()
	for i := range res.Changes {
		c := &res.Changes[i]
		for _, f := range c.Fields {
			if !diff.Declared(c.Object, f.Field) {
				t.Errorf("%s %s %s reports field %q, which diff does not declare for a %s (diff/fields.go)", c.Action, c.Object, c.Name, f.Field, c.Object)
			}
		}
		if (c.Action == diff.Modify || c.Action == diff.Rename) && len(c.Fields) == 0 {
			t.Errorf("%s %s %s reports no field", c.Action, c.Object, c.Name)
		}
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s %s %s: %v", c.Action, c.Object, c.Name, r)
				}
			}()
			from, to := c.Sides()
			diff.NewChange(c.Action, c.Object, c.Schema, c.Table, c.Name, from, to)
		}()
	}
}

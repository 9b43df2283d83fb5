package migrate

import (
	"errors"
	"testing"

	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/schema"
)

// TestDialectPlansConform: every dialect has plan rules with every hook filled in, an apply
// hint, a DROP FOREIGN KEY clause and planned fields, so a new dialect cannot reach the planner
// half described.
func TestDialectPlansConform(t *testing.T) {
	for _, p := range dialectPlans.Problems() {
		t.Error(p)
	}
	for _, d := range schema.Dialects {
		r, err := dialectPlans.Lookup(d)
		if err != nil {
			continue // reported by Problems
		}
		if r.dialect != d || r.applyHint == "" || r.dropForeignKey == "" || len(r.fields) == 0 {
			t.Errorf("%s: rules name dialect %q, apply hint %q, drop foreign key %q, %d planned kinds",
				d, r.dialect, r.applyHint, r.dropForeignKey, len(r.fields))
		}
	}
}

// TestUnknownDialectRefused: Build names a dialect without plan rules instead of planning in
// another dialect's SQL.
func TestUnknownDialectRefused(t *testing.T) {
	db := &schema.Database{Dialect: "oracle"}
	_, err := Build(db, db, &diff.Result{}, Options{})
	if err == nil || errors.Is(err, ErrCrossEngine) {
		t.Fatalf("Build for an unknown dialect: %v", err)
	}
	defer func() {
		if recover() == nil {
			t.Error("a script of an unknown dialect: no panic")
		}
	}()
	applyHint("oracle", false)
}

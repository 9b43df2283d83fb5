package migrate

import (
	"errors"
	"reflect"
	"testing"

	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/schema"
)

// TestDialectPlansConform: every dialect has plan rules with every hook filled in, an apply
// hint, a DROP FOREIGN KEY clause and planned fields, so a new dialect cannot reach the planner
// half described.
func TestDialectPlansConform(t *testing.T) {
	for _, d := range schema.Dialects {
		r, ok := dialectPlans[d]
		if !ok {
			t.Errorf("%s: no dialectPlan registered (add migrate/dialect_%s.go)", d, d)
			continue
		}
		if r.dialect != d || r.applyHint == "" || r.dropForeignKey == "" || len(r.fields) == 0 {
			t.Errorf("%s: rules name dialect %q, apply hint %q, drop foreign key %q, %d planned kinds",
				d, r.dialect, r.applyHint, r.dropForeignKey, len(r.fields))
		}
		v := reflect.ValueOf(*r)
		for i := 0; i < v.NumField(); i++ {
			if f := v.Field(i); f.Kind() == reflect.Func && f.IsNil() {
				t.Errorf("%s: dialectPlan.%s is not set", d, v.Type().Field(i).Name)
			}
		}
	}
	if len(dialectPlans) != len(schema.Dialects) {
		t.Errorf("%d dialects registered, schema.Dialects lists %d", len(dialectPlans), len(schema.Dialects))
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

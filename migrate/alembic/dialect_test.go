package alembic

import (
	"reflect"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/migrate"
	"github.com/dbinspect/dbinspect/schema"
)

// TestDialectsConform: every dialect has revision rules with every function and ddl's rules
// filled in; a plan of a dialect without them is refused, not written in another's terms.
func TestDialectsConform(t *testing.T) {
	for _, d := range schema.Dialects {
		r, ok := dialects[d]
		if !ok {
			t.Errorf("%s: no alembic rules (add its entry to migrate/alembic/dialect.go)", d)
			continue
		}
		if r.ddl == nil || r.ddl.Dialect != d {
			t.Errorf("%s: ddl rules %v", d, r.ddl)
		}
		v := reflect.ValueOf(*r)
		for i := 0; i < v.NumField(); i++ {
			if f := v.Field(i); f.Kind() == reflect.Func && f.IsNil() {
				t.Errorf("%s: dialect.%s is not set", d, v.Type().Field(i).Name)
			}
		}
	}
	plan := &migrate.Plan{Dialect: "oracle", Notes: []string{"x"}}
	err := (&Revision{Up: plan}).Write(&strings.Builder{})
	if err == nil || !strings.Contains(err.Error(), "oracle") {
		t.Errorf("a revision of an unknown dialect: %v", err)
	}
}

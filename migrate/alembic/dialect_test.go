package alembic

import (
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/migrate"
	"github.com/dbinspect/dbinspect/schema"
)

// TestDialectsConform: every dialect has revision rules with every function and ddl's rules
// filled in; a plan of a dialect without them is refused, not written in another's terms.
func TestDialectsConform(t *testing.T) {
	for _, p := range dialects.Problems() {
		t.Error(p)
	}
	for _, d := range schema.Dialects {
		r, err := dialects.Lookup(d)
		if err != nil {
			continue // reported by Problems
		}
		if r.ddl == nil || r.ddl.Dialect != d {
			t.Errorf("%s: ddl rules %v", d, r.ddl)
		}
	}
	plan := &migrate.Plan{Dialect: "oracle", Notes: []string{"x"}}
	err := (&Revision{Up: plan}).Write(&strings.Builder{})
	if err == nil || !strings.Contains(err.Error(), "oracle") {
		t.Errorf("a revision of an unknown dialect: %v", err)
	}
}

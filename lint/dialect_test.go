package lint

import (
	"testing"

	"github.com/dbinspect/dbinspect/schema"
)

// TestDialectsConform: every dialect has an entry with the kinds whose case matters and its
// preferred text type, so a new dialect cannot reach the rules half described.
func TestDialectsConform(t *testing.T) {
	for _, d := range schema.Dialects {
		r, ok := dialects[d]
		if !ok {
			t.Errorf("%s: no lint entry (add it to lint/dialect.go)", d)
			continue
		}
		if len(r.caseKinds) == 0 || r.preferredText == "" || !r.affinities && len(r.floats) == 0 {
			t.Errorf("%s: entry without case kinds, preferred text type or float types: %+v", d, r)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("rules of an unknown dialect: no panic")
		}
	}()
	dialectOf("oracle")
}

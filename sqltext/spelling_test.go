package sqltext

import (
	"testing"

	"github.com/dbinspect/dbinspect/schema"
)

// TestSpellingsCover: every dialect says how it spells referential actions and the current
// timestamp.
func TestSpellingsCover(t *testing.T) {
	for _, d := range schema.Dialects {
		if _, ok := spellings[d]; !ok {
			t.Errorf("%s: no spelling entry (add it to sqltext/rules.go)", d)
		}
	}
}

package diff

import (
	"testing"

	"github.com/dbinspect/dbinspect/schema"
)

// TestDialectRulesConform: every dialect has diff rules with every function filled in, and
// type rules to canonicalise its spellings.
func TestDialectRulesConform(t *testing.T) {
	for _, p := range dialects.Problems() {
		t.Error(p)
	}
	for _, d := range schema.Dialects {
		r, err := dialects.Lookup(d)
		if err != nil {
			continue // reported by Problems
		}
		if r.dialect != d || r.identQuote == "" {
			t.Errorf("%s: rules name dialect %q, identifier quote %q", d, r.dialect, r.identQuote)
		}
		typed := false
		for _, tr := range typeRules {
			typed = typed || tr.dialects != nil && appliesTo(tr.dialects, d)
		}
		if !typed {
			t.Errorf("%s: no type rule of its own in typeRules (its aliases)", d)
		}
	}
}

func TestUnknownDialectFailsLoudly(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("rules of an unknown dialect: no panic")
		}
	}()
	rulesOf(schema.Dialect("oracle"))
}

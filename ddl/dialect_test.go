package ddl

import (
	"testing"

	"github.com/dbinspect/dbinspect/schema"
)

// TestDialectRulesConform: every dialect has rules, with every function filled in and an
// identifier quote, so a new dialect cannot reach ddl half described.
func TestDialectRulesConform(t *testing.T) {
	for _, p := range registry.Problems() {
		t.Error(p)
	}
	for _, d := range schema.Dialects {
		r, err := registry.Lookup(d)
		if err != nil {
			continue // reported by Problems
		}
		if r.Dialect != d || r.IdentQuote == "" {
			t.Errorf("%s: rules name dialect %q, identifier quote %q", d, r.Dialect, r.IdentQuote)
		}
	}
}

func TestUnknownDialectPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("rules of an unknown dialect: no panic")
		}
	}()
	QuoteIdent(schema.Dialect("oracle"), "x")
}

package ddl

import (
	"reflect"
	"testing"

	"github.com/dbinspect/dbinspect/schema"
)

// TestDialectRulesConform: every dialect has rules, with every function filled in and an
// identifier quote, so a new dialect cannot reach ddl half described.
func TestDialectRulesConform(t *testing.T) {
	for _, d := range schema.Dialects {
		r, ok := registry[d]
		if !ok {
			t.Errorf("%s: no ddl.Rules registered (add dialect_%s.go)", d, d)
			continue
		}
		if r.Dialect != d || r.IdentQuote == "" {
			t.Errorf("%s: rules name dialect %q, identifier quote %q", d, r.Dialect, r.IdentQuote)
		}
		v := reflect.ValueOf(*r)
		for i := 0; i < v.NumField(); i++ {
			if f := v.Field(i); f.Kind() == reflect.Func && f.IsNil() {
				t.Errorf("%s: Rules.%s is not set", d, v.Type().Field(i).Name)
			}
		}
	}
	if len(registry) != len(schema.Dialects) {
		t.Errorf("%d dialects registered, schema.Dialects lists %d", len(registry), len(schema.Dialects))
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

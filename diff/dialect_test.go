package diff

import (
	"reflect"
	"testing"

	"github.com/dbinspect/dbinspect/schema"
)

// TestDialectRulesConform: every dialect has diff rules with every function filled in, and
// type rules to canonicalise its spellings.
func TestDialectRulesConform(t *testing.T) {
	for _, d := range schema.Dialects {
		r, ok := dialects[d]
		if !ok {
			t.Errorf("%s: no dialectRules registered (add dialect_%s.go)", d, d)
			continue
		}
		if r.dialect != d || r.identQuote == "" {
			t.Errorf("%s: rules name dialect %q, identifier quote %q", d, r.dialect, r.identQuote)
		}
		v := reflect.ValueOf(*r)
		for i := 0; i < v.NumField(); i++ {
			if f := v.Field(i); f.Kind() == reflect.Func && f.IsNil() {
				t.Errorf("%s: dialectRules.%s is not set", d, v.Type().Field(i).Name)
			}
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

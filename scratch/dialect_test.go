package scratch

import (
	"context"
	"errors"
	"testing"

	"github.com/dbinspect/dbinspect/drivers"
	"github.com/dbinspect/dbinspect/schema"
)

// TestEnginesConform: every dialect says how its DDL is loaded, with every function filled in
// and, for a dev server, the example --dev-url its error gives; a dialect without an entry is
// refused.
func TestEnginesConform(t *testing.T) {
	for _, p := range engines.Problems() {
		t.Error(p)
	}
	for _, d := range schema.Dialects {
		e, err := engines.Lookup(d)
		if err != nil {
			continue // reported by Problems
		}
		if e.name == "" || !e.inMemory && e.example == "" {
			t.Errorf("%s: engine without a name or a --dev-url example: %+v", d, e)
		}
	}
	_, err := Load(context.Background(), "oracle", nil, Source{Name: "x.sql"}, Options{}, nil)
	if !errors.Is(err, drivers.ErrTarget) {
		t.Errorf("Load of an unknown dialect: %v", err)
	}
}

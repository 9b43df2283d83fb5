package scratch

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/dbinspect/dbinspect/drivers"
	"github.com/dbinspect/dbinspect/schema"
)

// TestEnginesConform: every dialect says how its DDL is loaded, with every function filled in
// and, for a dev server, the example --dev-url its error gives; a dialect without an entry is
// refused.
func TestEnginesConform(t *testing.T) {
	for _, d := range schema.Dialects {
		e, ok := engines[d]
		if !ok {
			t.Errorf("%s: no scratch engine (add it to scratch/dialect.go)", d)
			continue
		}
		if e.name == "" || !e.inMemory && e.example == "" {
			t.Errorf("%s: engine without a name or a --dev-url example: %+v", d, e)
		}
		v := reflect.ValueOf(*e)
		for i := 0; i < v.NumField(); i++ {
			if f := v.Field(i); f.Kind() == reflect.Func && f.IsNil() {
				t.Errorf("%s: engine.%s is not set", d, v.Type().Field(i).Name)
			}
		}
	}
	_, err := Load(context.Background(), "oracle", nil, Source{Name: "x.sql"}, Options{}, nil)
	if !errors.Is(err, drivers.ErrTarget) {
		t.Errorf("Load of an unknown dialect: %v", err)
	}
}

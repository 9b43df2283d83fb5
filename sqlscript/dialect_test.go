package sqlscript

import (
	"reflect"
	"testing"

	"github.com/dbinspect/dbinspect/schema"
)

// TestClientsConform: every dialect has a client with every function filled in, so a new
// dialect cannot reach the splitter half described.
func TestClientsConform(t *testing.T) {
	for _, d := range schema.Dialects {
		c, ok := clients[d]
		if !ok {
			t.Errorf("%s: no client registered (add sqlscript/dialect_%s.go)", d, d)
			continue
		}
		if c.dialect != d {
			t.Errorf("%s: client names dialect %q", d, c.dialect)
		}
		v := reflect.ValueOf(*c)
		for i := 0; i < v.NumField(); i++ {
			if f := v.Field(i); f.Kind() == reflect.Func && f.IsNil() {
				t.Errorf("%s: client.%s is not set", d, v.Type().Field(i).Name)
			}
		}
	}
	if _, err := Split("oracle", Script{Text: "SELECT 1;"}); err == nil {
		t.Error("Split of an unknown dialect: no error")
	}
}

package sqlscript

import (
	"testing"

	"github.com/dbinspect/dbinspect/schema"
)

// TestClientsConform: every dialect has a client with every function filled in, so a new
// dialect cannot reach the splitter half described.
func TestClientsConform(t *testing.T) {
	for _, p := range clients.Problems() {
		t.Error(p)
	}
	for _, d := range schema.Dialects {
		c, err := clients.Lookup(d)
		if err != nil {
			continue // reported by Problems
		}
		if c.dialect != d {
			t.Errorf("%s: client names dialect %q", d, c.dialect)
		}
	}
	if _, err := Split("oracle", Script{Text: "SELECT 1;"}); err == nil {
		t.Error("Split of an unknown dialect: no error")
	}
}

package drivers

import (
	"testing"

	"github.com/dbinspect/dbinspect/schema"
)

// TestEnginesCover: every dialect says where its databases live.
func TestEnginesCover(t *testing.T) {
	for _, d := range schema.Dialects {
		if _, ok := EngineOf(d); !ok {
			t.Errorf("%s: no Engine entry (add it to drivers/engines.go)", d)
		}
	}
	if _, ok := EngineOf("oracle"); ok {
		t.Error("an unknown dialect has an Engine entry")
	}
}

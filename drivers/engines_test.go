package drivers

import (
	"testing"

	"github.com/dbinspect/dbinspect/schema"
)

// TestEnginesCover: every dialect says where its databases live.
func TestEnginesCover(t *testing.T) {
	for _, d := range schema.Dialects {
		if e, ok := EngineOf(d); !ok || e.open == nil || e.explainLock == nil {
			t.Errorf("%s: no complete Engine entry (add it to drivers/engines.go)", d)
		}
	}
	if _, ok := EngineOf("oracle"); ok {
		t.Error("an unknown dialect has an Engine entry")
	}
}

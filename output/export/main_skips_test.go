package export

import (
	"testing"

	"github.com/dbinspect/dbinspect/drivers/dbtest"
)

// TestMain says in one line on the terminal how many tests skipped for want of a server or
// the shared corpus: plain go test ./... would show only "ok" (drivers/dbtest.Main).
func TestMain(m *testing.M) { dbtest.Main(m) }

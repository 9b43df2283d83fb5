package migrate_test

import (
	"testing"

	"github.com/dbinspect/dbinspect/drivers/dbtest"
)

// TestMain counts the integration tests' skips (no server, no client) in one summary line.
func TestMain(m *testing.M) { dbtest.Main(m) }

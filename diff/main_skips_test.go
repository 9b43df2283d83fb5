package diff_test

import (
	"testing"

	"github.com/dbinspect/dbinspect/drivers/dbtest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

package sqlpair

import (
	"testing"

	"github.com/dbinspect/dbinspect/migrate"
	"github.com/dbinspect/dbinspect/schema"
	"github.com/dbinspect/dbinspect/sqlscript"
)

// TestDialectsConform: every dialect has an entry with golang-migrate's hint; a pair of a
// dialect without one is refused before any file is written.
func TestDialectsConform(t *testing.T) {
	for _, d := range schema.Dialects {
		if r, ok := dialects[d]; !ok || r.golangMigrateHint == "" {
			t.Errorf("%s: no sqlpair entry with golang-migrate's hint (add it to migrate/sqlpair/dialect.go)", d)
		}
	}
	dir := t.TempDir()
	plan := &migrate.Plan{Dialect: "oracle"}
	if files, err := Write(dir, Pair{Tool: sqlscript.GolangMigrate, Up: plan, Down: plan, Name: "x"}); err == nil {
		t.Errorf("a pair of an unknown dialect was written: %v", files)
	}
}

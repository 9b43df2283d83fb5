package export

import (
	"io"
	"testing"

	"github.com/dbinspect/dbinspect/internal/scalemodel"
	"github.com/dbinspect/dbinspect/schema"
)

// A 20,000-table model exports as SQL, SQLAlchemy and GORM, and the per-table lookups of the
// ORM exports stay map accesses: counted (the foreign keys visited to find each model's
// referrers, the index owner lookups, the passes counting partitions, the type spellings
// classified), not timed. A scan of
// every model per column or per index statement made these exports quadratic (88 s for GORM
// at 5,000 tables).
func TestExportTwentyThousandTables(t *testing.T) {
	const n = 20000
	db := scalemodel.Build(schema.Postgres, n)
	for _, format := range []string{"sql", "sqlalchemy", "gorm"} {
		exportWork.refVisits.Store(0)
		exportWork.indexMaps.Store(0)
		exportWork.tablePasses.Store(0)
		exportWork.classified.Store(0)
		ex, err := For(format, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := ex.Export(io.Discard, db); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		// Each foreign key is visited a bounded number of times per column of its table.
		if got, max := exportWork.refVisits.Load(), int64(n*16); got > max {
			t.Errorf("%s: %d foreign key visits for %d tables, want at most %d", format, got, n, max)
		}
		if got := exportWork.indexMaps.Load(); got > 1 {
			t.Errorf("%s: the index owners were mapped %d times, want once", format, got)
		}
		// The partitions of every table are counted in one pass (GORM's notes), not one
		// scan of every table per table (45% of a 20,000-table GORM export).
		if got := exportWork.tablePasses.Load(); got > 1 {
			t.Errorf("%s: %d passes over every table to count partitions, want at most one", format, got)
		}
		// Each type spelling is classified once per export (diff.Classify per column, in
		// SQLAlchemy's type classes, cost 60% more CPU at 5,000 tables).
		if got := exportWork.classified.Load(); got > 100 {
			t.Errorf("%s: %d type spellings classified for %d tables, want each spelling once", format, got, n)
		}
	}
}

package inspector

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/dbinspect/dbinspect/drivers"
	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/schema"
)

// benchTables is the size of the benchmark schema: the 5,000 tables, about 60k
// columns and 15k indexes.
const benchTables = 5000

// benchDatabase returns an SQLite file holding gen_schema.py's schema of benchTables tables.
// Building it takes seconds, so it is cached in the temp folder across runs.
func sqliteBenchDatabase(b *testing.B) string {
	b.Helper()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("dbinspect-bench-sqlite-%d.db", benchTables))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	dir := dbtest.BenchDir()
	if dir == "" {
		b.Skip("the shared bench folder (../shared/bench/gen_schema.py) is absent")
	}
	python, err := exec.LookPath("python3")
	if err != nil {
		b.Skip("python3 is not installed; it runs ../shared/bench/gen_schema.py")
	}
	ddl, err := exec.Command(python, filepath.Join(dir, "gen_schema.py"), "sqlite", fmt.Sprint(benchTables)).Output()
	if err != nil {
		b.Fatalf("gen_schema.py: %v", err)
	}
	tmp := path + fmt.Sprintf(".%d.tmp", os.Getpid())
	db, err := sql.Open("sqlite", tmp)
	if err != nil {
		b.Fatal(err)
	}
	_, err = db.Exec(string(ddl))
	db.Close()
	if err != nil {
		os.Remove(tmp)
		b.Fatalf("load bench schema: %v", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
	return path
}

// openBench opens the bench database read-only, as dbinspect does, and warms the
// connection so schema parsing on first use is not counted in either benchmark.
func openBench(b *testing.B) *sql.DB {
	b.Helper()
	t, err := drivers.Resolve(sqliteBenchDatabase(b))
	if err != nil {
		b.Fatal(err)
	}
	db, err := drivers.Open(context.Background(), t, drivers.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(1)
	return db
}

// BenchmarkSQLiteInspect measures a whole inspection of the bench schema; compare it with
// BenchmarkSQLiteBulkPragmas, the time SQLite itself needs to answer the same queries.
func BenchmarkSQLiteInspect(b *testing.B) {
	ctx := context.Background()
	db := openBench(b)
	var peak uint64
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		m, err := Live(ctx, db, "sqlite", Options{})
		if err != nil {
			b.Fatal(err)
		}
		if got := len(m.Schemas[0].Tables); got != benchTables {
			b.Fatalf("read %d tables, want %d", got, benchTables)
		}
		peak = max(peak, heapInUse())
	}
	b.ReportMetric(float64(peak)/(1<<20), "heapMB")
}

// BenchmarkSQLiteInspectJSON is what inspect --format json does after opening the file: the
// inspection and the snapshot written (to io.Discard).
func BenchmarkSQLiteInspectJSON(b *testing.B) {
	ctx := context.Background()
	db := openBench(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		m, err := Live(ctx, db, "sqlite", Options{})
		if err != nil {
			b.Fatal(err)
		}
		if err := schema.WriteSnapshot(io.Discard, m); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSQLiteBulkPragmas is the baseline: the inspector's own bulk queries, rows drained
// without being scanned or assembled.
func BenchmarkSQLiteBulkPragmas(b *testing.B) {
	ctx := context.Background()
	db := openBench(b)
	b.ResetTimer()
	for b.Loop() {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		for _, q := range sqliteBulkQueries {
			rows, err := tx.QueryContext(ctx, q)
			if err != nil {
				b.Fatal(err)
			}
			for rows.Next() {
			}
			if err := rows.Err(); err != nil {
				b.Fatal(err)
			}
			rows.Close()
		}
		tx.Rollback()
	}
}

func heapInUse() uint64 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapInuse
}

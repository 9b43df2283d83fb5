package inspector

import (
	"context"
	"database/sql"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dbinspect/dbinspect/drivers/dbtest"
)

// BenchmarkMySQL5000 builds gen_schema.py's 5,000-table schema once, then measures a full
// inspection against a baseline that only runs the plain per-view information_schema queries
// and drains their rows. The two alternate within each iteration, so load from other work on
// the server hits both alike; the ratio is reported as x-baseline. Targets: ≤ 1.5x baseline,
// peak heap under 150 MB. Run:
//
//	go test -run '^$' -bench MySQL5000 -benchtime 5x ./inspector/
//
// DBINSPECT_BENCH_MYSQL_DB names an already loaded database to skip the 40-second load.
func BenchmarkMySQL5000(b *testing.B) {
	name, admin := mysqlBenchDatabase(b)
	b.ReportAllocs()
	var peak uint64
	var baseline, inspect time.Duration
	statements := 0
	for b.Loop() {
		b.StopTimer()
		start := time.Now()
		inTestTx(b, admin, func(q Queryer) { drainBaseline(b, q, name) })
		baseline += time.Since(start)
		b.StartTimer()

		start = time.Now()
		stop := samplePeakHeap(&peak)
		inTestTx(b, admin, func(q Queryer) {
			cq := &countingQueryer{Queryer: q}
			m, err := ReadMySQL(context.Background(), cq, Options{Schemas: []string{name}})
			if err != nil {
				b.Fatal(err)
			}
			if len(m.Schemas[0].Tables) != 5000 {
				b.Fatalf("read %d tables", len(m.Schemas[0].Tables))
			}
			statements = cq.statements
		})
		stop()
		inspect += time.Since(start)
	}
	b.ReportMetric(float64(statements), "statements/op")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(baseline.Milliseconds())/float64(b.N), "baseline-ms/op")
	b.ReportMetric(float64(inspect)/float64(baseline), "x-baseline")
}

// benchDatabase returns the benchmark database: DBINSPECT_BENCH_MYSQL_DB, or a fresh one
// loaded from gen_schema.py.
func mysqlBenchDatabase(b *testing.B) (string, *sql.DB) {
	if name := os.Getenv("DBINSPECT_BENCH_MYSQL_DB"); name != "" {
		u, err := url.Parse(dbtest.MySQLAdminURL())
		if err != nil {
			b.Fatal(err)
		}
		admin, err := sql.Open("mysql", u.User.String()+"@tcp("+u.Host+")/"+name)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { admin.Close() })
		return name, admin
	}
	bench := dbtest.BenchDir()
	script := filepath.Join(bench, "gen_schema.py")
	if _, err := os.Stat(script); bench == "" || err != nil {
		b.Skip("../shared/bench/gen_schema.py is absent: no benchmark schema")
	}
	db := dbtest.MySQL(b)
	sqlFile := filepath.Join(b.TempDir(), "schema.sql")
	out, err := exec.Command("python3", script, "mysql", "5000").Output()
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(sqlFile, out, 0o644); err != nil {
		b.Fatal(err)
	}
	db.LoadMySQLFile(b, sqlFile)
	return db.Name, db.Admin
}

func inTestTx(b *testing.B, db *sql.DB, run func(Queryer)) {
	tx, err := db.BeginTx(context.Background(), &sql.TxOptions{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback() //nolint:errcheck
	run(tx)
}

// drainBaseline runs the same information_schema views the inspector reads, each on its own
// and filtered by schema, and only drains the rows.
func drainBaseline(b *testing.B, q Queryer, name string) {
	for _, query := range []string{
		"SELECT * FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?",
		"SELECT * FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?",
		"SELECT * FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?",
		"SELECT * FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = ? AND REFERENCED_TABLE_NAME IS NOT NULL",
		"SELECT * FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?",
		"SELECT * FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?",
		"SELECT * FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ?",
		"SELECT * FROM information_schema.TRIGGERS WHERE EVENT_OBJECT_SCHEMA = ?",
		"SELECT * FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?",
		"SELECT * FROM information_schema.PARAMETERS WHERE SPECIFIC_SCHEMA = ?",
		"SELECT * FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ?",
	} {
		rows, err := q.QueryContext(context.Background(), query, name)
		if err != nil {
			b.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		for i := range vals {
			vals[i] = new(sql.RawBytes)
		}
		for rows.Next() {
			if err := rows.Scan(vals...); err != nil {
				b.Fatal(err)
			}
		}
		if err := rows.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// samplePeakHeap records the largest live heap seen until the returned stop is called.
func samplePeakHeap(peak *uint64) (stop func()) {
	var done atomic.Bool
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		var ms runtime.MemStats
		for !done.Load() {
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > *peak {
				*peak = ms.HeapAlloc
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	return func() { done.Store(true); <-finished }
}

package cli

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dbinspect/dbinspect/drivers"
	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/inspector"
	"github.com/dbinspect/dbinspect/schema"
)

// The fleet benchmarks measure what a user runs — `dbinspect fleet BASELINE SERVER --schemas
// 'tenant_*' --format json`, end to end in process — next to two figures: the bulk catalog
// queries that one inspection of the server sends, run alone with their rows read and
// dropped (the floor: x-baseline is the report's time over theirs), and the loop of
// single-tenant `dbinspect diff` runs it replaces, timed as separate processes of the built
// binary for a sample of tenants and extrapolated to all of them.
//
//	go test -run '^$' -bench FleetPostgres -benchtime 3x -timeout 60m ./internal/cli/
//	go test -run '^$' -bench FleetMariaDB -benchtime 3x -timeout 60m ./internal/cli/
//
// The fleets are built once per run from ../shared/bench/gen_schema.py's 30-table schema,
// repeated per tenant (1,000 PostgreSQL schemas; 200 MariaDB databases), three tenants
// drifted; that takes minutes. DBINSPECT_BENCH_FLEET_POSTGRES_URL (a database holding schemas
// tenant_0000…) and DBINSPECT_BENCH_FLEET_MYSQL_URL (a server URL whose databases
// DBINSPECT_BENCH_FLEET_MYSQL_PREFIX + 0000… are the tenants) reuse fleets already built;
// DBINSPECT_BENCH_FLEET_TENANTS changes the count; DBINSPECT_BENCH_FLEET_LOOP the sample.

func BenchmarkFleetPostgres(b *testing.B) {
	tenants := benchEnvInt("DBINSPECT_BENCH_FLEET_TENANTS", 1000)
	dbURL := os.Getenv("DBINSPECT_BENCH_FLEET_POSTGRES_URL")
	if dbURL == "" {
		db := dbtest.Postgres(b)
		start := time.Now()
		db.LoadScript(b, fleetBenchScript(b, schema.Postgres, "tenant_", tenants))
		b.Logf("built %d tenant schemas × 30 tables in %s", tenants, time.Since(start).Round(time.Second))
		dbURL = db.URL
	}
	baseline := benchBaseline(b, dbURL, "tenant_0000")
	benchFleet(b, fleetBench{
		dialect: schema.Postgres, tenants: tenants, baseline: baseline, server: dbURL,
		args:    []string{"--schemas", "tenant_*"},
		pattern: "tenant_*",
		loopArgs: func(i int) []string {
			return []string{"diff", dbURL, baseline, "--schema", fmt.Sprintf("tenant_%04d", i)}
		},
	})
}

func BenchmarkFleetMariaDB(b *testing.B) {
	tenants := benchEnvInt("DBINSPECT_BENCH_FLEET_TENANTS", 200)
	server := os.Getenv("DBINSPECT_BENCH_FLEET_MYSQL_URL")
	prefix := os.Getenv("DBINSPECT_BENCH_FLEET_MYSQL_PREFIX")
	if server == "" {
		db := dbtest.MySQL(b) // the tenants are its siblings, dropped with it
		prefix = db.Name + "_"
		start := time.Now()
		db.LoadScript(b, fleetBenchScript(b, schema.MySQL, prefix, tenants))
		b.Logf("built %d tenant databases × 30 tables in %s", tenants, time.Since(start).Round(time.Second))
		server = strings.TrimSuffix(db.URL, db.Name)
	}
	baseline := benchBaseline(b, server+prefix+"0000", "")
	benchFleet(b, fleetBench{
		dialect: schema.MySQL, tenants: tenants, baseline: baseline, server: server + prefix + "0000",
		args:     []string{"--databases", prefix + "*"},
		pattern:  prefix + "*",
		loopArgs: func(i int) []string { return []string{"diff", fmt.Sprintf("%s%s%04d", server, prefix, i), baseline} },
	})
}

// fleetBenchScript is one script that builds the fleet: the generator's 30 tables in each
// tenant, one transaction per tenant; tenants 7 and 500 lack an index, 900 has an extra column.
func fleetBenchScript(b *testing.B, d schema.Dialect, prefix string, tenants int) string {
	dir := dbtest.BenchDir()
	gen := filepath.Join(dir, "gen_schema.py")
	if _, err := os.Stat(gen); dir == "" || err != nil {
		b.Skipf("the schema generator %s is absent; set DBINSPECT_BENCH_FLEET_*_URL or provide ../shared/bench", gen)
	}
	ddl, err := exec.Command("python3", gen, string(d), "30").Output()
	if err != nil {
		b.Skipf("cannot run %s: %v", gen, err)
	}
	var s strings.Builder
	for i := range tenants {
		name := fmt.Sprintf("%s%04d", prefix, i)
		if d == schema.Postgres {
			fmt.Fprintf(&s, "BEGIN;\nCREATE SCHEMA %s;\nSET LOCAL search_path TO %[1]s;\n%s\n", name, ddl)
		} else {
			fmt.Fprintf(&s, "CREATE DATABASE `%s`;\nUSE `%[1]s`;\n%s\n", name, ddl)
		}
		switch {
		case (i == 7 || i == 500) && d == schema.Postgres:
			s.WriteString("DROP INDEX ix_t00003_c1_c6;\n")
		case i == 7 || i == 500:
			s.WriteString("DROP INDEX ix_t00003_c1_c6 ON t00003;\n")
		case i == 900:
			s.WriteString("ALTER TABLE t00010 ADD COLUMN extra int;\n")
		}
		if d == schema.Postgres {
			s.WriteString("COMMIT;\n")
		}
	}
	return s.String()
}

// benchBaseline writes a snapshot of the first tenant: the baseline every tenant is compared with.
func benchBaseline(b *testing.B, target, schemaName string) string {
	snap := filepath.Join(b.TempDir(), "baseline.json")
	args := []string{"dbinspect", "inspect", "--db", target, "--format", "json", "-o", snap}
	if schemaName != "" {
		args = append(args, "--schema", schemaName)
	}
	var errOut bytes.Buffer
	if code := Run(context.Background(), args, io.Discard, &errOut); code != 0 {
		b.Fatalf("baseline snapshot: %s", errOut.String())
	}
	return snap
}

type fleetBench struct {
	dialect          schema.Dialect
	tenants          int
	baseline, server string
	args             []string
	pattern          string
	loopArgs         func(i int) []string
}

func benchFleet(b *testing.B, fb fleetBench) {
	statements := recordInspection(b, fb)
	report := append([]string{"dbinspect", "fleet", fb.baseline, fb.server, "--format", "json"}, fb.args...)
	runReport := func() {
		var out, errOut bytes.Buffer
		if code := Run(context.Background(), report, &out, &errOut); code != 1 {
			b.Fatalf("fleet: exit %d (want 1: three tenants drift): %s", code, errOut.String())
		}
		if !strings.Contains(out.String(), fmt.Sprintf(`"tenants": %d,`, fb.tenants)) {
			b.Fatalf("fleet report does not hold %d tenants", fb.tenants)
		}
	}
	runReport() // warm: connections, caches
	var queries time.Duration
	var peak uint64
	// b.Loop runs the benchmark function once, so the fleet is built once per run.
	for b.Loop() {
		b.StopTimer()
		start := time.Now()
		replay(b, fb, statements)
		queries += time.Since(start)
		runtime.GC()
		stop := sampleHeap(&peak)
		b.StartTimer()
		runReport()
		b.StopTimer()
		stop()
		b.StartTimer()
	}
	b.StopTimer()
	perOp := float64(queries.Milliseconds()) / float64(b.N)
	b.ReportMetric(perOp, "catalog-queries-ms")
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)/perOp, "x-catalog-queries")
	b.ReportMetric(float64(len(statements)), "statements")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(fb.tenants), "tenants")
	if loop := diffLoop(b, fb); loop > 0 {
		b.ReportMetric(loop.Seconds(), "diff-loop-s")
	}
}

// recorded is one statement an inspection sent.
type recorded struct {
	query string
	args  []any
	exec  bool
}

// recordingQueryer keeps the statements an inspection sends, to send them again alone.
type recordingQueryer struct {
	inspector.Queryer
	sent []recorded
}

func (r *recordingQueryer) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	r.sent = append(r.sent, recorded{query: query, args: args})
	return r.Queryer.QueryContext(ctx, query, args...)
}

func (r *recordingQueryer) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	r.sent = append(r.sent, recorded{query: query, args: args, exec: true})
	return r.Queryer.ExecContext(ctx, query, args...)
}

// recordInspection inspects the server as the fleet command does (every tenant chosen) and
// returns the statements it sent.
func recordInspection(b *testing.B, fb fleetBench) []recorded {
	var rec []recorded
	inBenchTx(b, fb, func(tx *sql.Tx) {
		q := &recordingQueryer{Queryer: tx}
		o := inspector.Options{Choose: func(names []string) []string {
			var out []string
			for _, n := range names {
				if ok, _ := path.Match(fb.pattern, n); ok {
					out = append(out, n)
				}
			}
			return out
		}}
		var m *schema.Database
		var err error
		if fb.dialect == schema.Postgres {
			m, err = inspector.ReadPostgres(context.Background(), q, o)
		} else {
			m, err = inspector.ReadMySQL(context.Background(), q, o)
		}
		if err != nil {
			b.Fatal(err)
		}
		if len(m.Schemas) != fb.tenants {
			b.Fatalf("the inspection read %d schemas, want %d", len(m.Schemas), fb.tenants)
		}
		rec = q.sent
	})
	return rec
}

// replay sends the recorded statements in one read-only transaction, reading every row.
func replay(b *testing.B, fb fleetBench, statements []recorded) {
	inBenchTx(b, fb, func(tx *sql.Tx) {
		ctx := context.Background()
		for _, s := range statements {
			if s.exec {
				if _, err := tx.ExecContext(ctx, s.query, s.args...); err != nil {
					b.Fatal(err)
				}
				continue
			}
			rows, err := tx.QueryContext(ctx, s.query, s.args...)
			if err != nil {
				b.Fatal(err)
			}
			cols, _ := rows.Columns()
			dest := make([]any, len(cols))
			for i := range dest {
				dest[i] = new(sql.RawBytes)
			}
			for rows.Next() {
				if err := rows.Scan(dest...); err != nil {
					b.Fatal(err)
				}
			}
			if err := rows.Err(); err != nil {
				b.Fatal(err)
			}
			rows.Close()
		}
	})
}

// inBenchTx runs f in a read-only transaction on the server, opened as dbinspect opens it.
func inBenchTx(b *testing.B, fb fleetBench, f func(*sql.Tx)) {
	t, err := drivers.Resolve(fb.server)
	if err != nil {
		b.Fatal(err)
	}
	db, err := drivers.Open(context.Background(), t, drivers.DefaultOptions)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	opts := &sql.TxOptions{ReadOnly: true}
	if fb.dialect == schema.Postgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	tx, err := db.BeginTx(context.Background(), opts)
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only
	f(tx)
}

// sampleHeap records the largest live Go heap seen until the returned stop is called.
func sampleHeap(peak *uint64) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	go func() {
		defer close(finished)
		for {
			metrics.Read(sample)
			*peak = max(*peak, sample[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	return func() { close(done); <-finished }
}

// diffLoop times `dbinspect diff TENANT BASELINE` as separate processes of the built binary
// for a sample of tenants, and extrapolates to the whole fleet.
func diffLoop(b *testing.B, fb fleetBench) time.Duration {
	sample := min(benchEnvInt("DBINSPECT_BENCH_FLEET_LOOP", 20), fb.tenants)
	if sample <= 0 {
		return 0
	}
	bin := filepath.Join(b.TempDir(), "dbinspect")
	if out, err := exec.Command("go", "build", "-o", bin, "../..").CombinedOutput(); err != nil {
		b.Logf("diff loop not measured: go build: %v\n%s", err, out)
		return 0
	}
	start := time.Now()
	for k := range sample {
		i := k * fb.tenants / sample // spread over the fleet
		cmd := exec.Command(bin, fb.loopArgs(i)...)
		if err := cmd.Run(); err != nil {
			if exit, ok := err.(*exec.ExitError); !ok || exit.ExitCode() == 2 {
				b.Fatalf("%v: %v", cmd.Args, err)
			}
		}
	}
	per := time.Since(start) / time.Duration(sample)
	b.Logf("dbinspect diff per tenant: %s (mean of %d processes); the loop over %d tenants: %s (extrapolated)",
		per.Round(time.Millisecond), sample, fb.tenants, (per * time.Duration(fb.tenants)).Round(time.Second))
	return per * time.Duration(fb.tenants)
}

func benchEnvInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return v
	}
	return def
}

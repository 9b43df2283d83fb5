package inspector

import (
	"context"
	"database/sql"
	"errors"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dbinspect/dbinspect/drivers"
	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/schema"
)

// BenchmarkPostgresGenerated inspects the synthetic schema of ../shared/bench/gen_schema.py
// (5,000 tables, 60k columns, 15k indexes; DBINSPECT_BENCH_TABLES changes the number) and
// reports, per inspection, the time, the statements sent and the peak Go heap, next to a
// baseline that only runs the same bulk catalog queries and discards the rows. Each iteration
// runs the baseline and then the inspection back to back, so the two see the same load on a
// shared machine; ns/op is the inspection, baseline-ms and x-baseline the comparison. Both run
// again through a proxy that adds 2 ms of round-trip latency.
//
// Building the schema takes about 20 s, so it happens once per run; set
// DBINSPECT_BENCH_POSTGRES_URL to a database that already holds it to skip the build.
//
//	go test -run '^$' -bench PostgresGenerated -benchtime 5x ./inspector/
func BenchmarkPostgresGenerated(b *testing.B) {
	dbURL := benchDatabaseURL(b)
	b.Run("inspect", func(b *testing.B) { benchInspect(b, dbURL) })

	proxy := startLatencyProxy(b, hostOf(b, dbURL), time.Millisecond)
	b.Run("inspect-2ms-rtt", func(b *testing.B) { benchInspect(b, withHost(b, dbURL, proxy.addr())) })
}

// benchDatabaseURL returns a database holding the generated schema, building it if needed.
func benchDatabaseURL(b *testing.B) string {
	if u := os.Getenv("DBINSPECT_BENCH_POSTGRES_URL"); u != "" {
		return u
	}
	dir := dbtest.BenchDir()
	script := filepath.Join(dir, "gen_schema.py")
	if _, err := os.Stat(script); dir == "" || err != nil {
		b.Skipf("the schema generator %s is absent; set DBINSPECT_BENCH_POSTGRES_URL or provide ../shared/bench", script)
	}
	n := os.Getenv("DBINSPECT_BENCH_TABLES")
	if n == "" {
		n = "5000"
	}
	ddl, err := exec.Command("python3", script, "postgres", n).Output()
	if err != nil {
		b.Skipf("cannot run %s: %v", script, err)
	}
	path := filepath.Join(b.TempDir(), "schema.sql")
	if err := os.WriteFile(path, ddl, 0o600); err != nil {
		b.Fatal(err)
	}
	db := dbtest.Postgres(b)
	start := time.Now()
	// psql -f runs each statement in its own transaction, as the generator requires.
	db.LoadPostgresFile(b, path)
	b.Logf("built %s tables in %s", n, time.Since(start).Round(time.Second))
	return db.URL
}

// benchRun is one inspection (or baseline) in its own read-only transaction; it returns the
// number of statements sent.
type benchRun func(ctx context.Context, q Queryer) (int, error)

func benchInspect(b *testing.B, dbURL string) {
	target, err := drivers.Resolve(dbURL)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	db, err := drivers.Open(ctx, target, drivers.DefaultOptions)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.SetMaxIdleConns(1) // the connection is made once, outside the timed loop
	if _, err := oneRun(ctx, db, inspectCounting); err != nil {
		b.Fatal(err)
	}
	var statements, baselineStatements int
	var peak uint64
	var baseline time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		start := time.Now()
		baselineStatements, err = oneRun(ctx, db, baselineQueries)
		baseline += time.Since(start)
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		sampler := startHeapSampler()
		b.StartTimer()
		statements, err = oneRun(ctx, db, inspectCounting)
		b.StopTimer()
		peak = max(peak, sampler.stop())
		b.StartTimer()
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if statements != baselineStatements {
		b.Errorf("inspection sent %d statements, baseline %d", statements, baselineStatements)
	}
	perOp := float64(baseline.Milliseconds()) / float64(b.N)
	b.ReportMetric(perOp, "baseline-ms")
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)/perOp, "x-baseline")
	b.ReportMetric(float64(statements), "statements/op")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(maxRSSMB(), "max-RSS-MB")
}

func oneRun(ctx context.Context, db *sql.DB, run benchRun) (int, error) {
	tx, err := db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return 0, err
	}
	defer tx.Rollback() //nolint:errcheck // read-only
	return run(ctx, tx)
}

// inspectCounting is a full inspection, as Live does it, counting statements.
func inspectCounting(ctx context.Context, q Queryer) (int, error) {
	c := &countingQueryer{Queryer: q}
	m, err := ReadPostgres(ctx, c, Options{})
	if err != nil {
		return c.statements, err
	}
	m.Normalize()
	if len(m.Schemas) == 0 {
		return c.statements, errors.New("no schema read")
	}
	return c.statements, nil
}

// baselineQueries sends the inspection's statements and reads every row without building
// anything: the cost of the catalog queries themselves, server and transfer included.
func baselineQueries(ctx context.Context, q Queryer) (int, error) {
	c := &countingQueryer{Queryer: q}
	r := &pgReader{q: c, db: &schema.Database{}}
	if err := r.readSettings(ctx); err != nil {
		return 0, err
	}
	if err := r.readSchemas(ctx, nil, nil); err != nil {
		return 0, err
	}
	for _, step := range r.steps() {
		if err := r.query(ctx, step.query, func(*sql.Rows) error { return nil }); err != nil {
			return 0, err
		}
	}
	return c.statements, nil
}

// heapSampler records the largest live heap seen while an inspection runs.
type heapSampler struct {
	done chan struct{}
	peak atomic.Uint64
	wg   sync.WaitGroup
}

func startHeapSampler() *heapSampler {
	s := &heapSampler{done: make(chan struct{})}
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() {
		metrics.Read(sample)
		if v := sample[0].Value.Uint64(); v > s.peak.Load() {
			s.peak.Store(v)
		}
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			read()
			select {
			case <-s.done:
				return
			case <-tick.C:
			}
		}
	}()
	return s
}

func (s *heapSampler) stop() uint64 {
	close(s.done)
	s.wg.Wait()
	return s.peak.Load()
}

// maxRSSMB is the process's peak resident memory (VmHWM), or 0 where /proc is absent.
func maxRSSMB() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			return float64(kb) / 1024
		}
	}
	return 0
}

// latencyProxy forwards TCP connections from a loopback port to upstream, holding every chunk
// of data for a fixed delay in each direction: 1 ms each way is 2 ms of added round trip.
// netem is not available on the test machines. It serves at most maxConns connections at a
// time, never lives longer than maxLife, and stops when the benchmark ends.
type latencyProxy struct {
	ln       net.Listener
	upstream string
	delay    time.Duration
	slots    chan struct{}
	mu       sync.Mutex
	conns    map[net.Conn]struct{}
	wg       sync.WaitGroup
	once     sync.Once
}

const (
	proxyMaxConns = 8
	proxyMaxLife  = 15 * time.Minute
)

func startLatencyProxy(tb testing.TB, upstream string, oneWay time.Duration) *latencyProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("latency proxy: %v", err)
	}
	p := &latencyProxy{ln: ln, upstream: upstream, delay: oneWay, slots: make(chan struct{}, proxyMaxConns),
		conns: map[net.Conn]struct{}{}}
	timer := time.AfterFunc(proxyMaxLife, p.stop)
	tb.Cleanup(func() { timer.Stop(); p.stop() })
	p.wg.Add(1)
	go p.serve()
	return p
}

func (p *latencyProxy) addr() string { return p.ln.Addr().String() }

func (p *latencyProxy) serve() {
	defer p.wg.Done()
	for {
		client, err := p.ln.Accept()
		if err != nil {
			return // listener closed by stop
		}
		p.slots <- struct{}{}
		server, err := net.Dial("tcp", p.upstream)
		if err != nil {
			client.Close()
			<-p.slots
			continue
		}
		if !p.track(client, server) {
			return
		}
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			defer func() { <-p.slots }()
			var pair sync.WaitGroup
			pair.Add(2)
			go func() { defer pair.Done(); p.pipe(server, client) }()
			go func() { defer pair.Done(); p.pipe(client, server) }()
			pair.Wait()
			p.untrack(client, server)
		}()
	}
}

// track registers a connection pair so stop can close it; false once stopping.
func (p *latencyProxy) track(conns ...net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.conns == nil {
		for _, c := range conns {
			c.Close()
		}
		return false
	}
	for _, c := range conns {
		p.conns[c] = struct{}{}
	}
	return true
}

func (p *latencyProxy) untrack(conns ...net.Conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range conns {
		c.Close()
		delete(p.conns, c)
	}
}

// pipe copies src to dst, each chunk written delay after it was read. Reading goes on while
// earlier chunks wait, so the link keeps its bandwidth and only gains latency.
func (p *latencyProxy) pipe(dst, src net.Conn) {
	type chunk struct {
		data []byte
		due  time.Time
	}
	queue := make(chan chunk, 256) // bounded: a full queue makes the reader wait
	go func() {
		defer close(queue)
		for {
			buf := make([]byte, 32<<10)
			n, err := src.Read(buf)
			if n > 0 {
				queue <- chunk{buf[:n], time.Now().Add(p.delay)}
			}
			if err != nil {
				return
			}
		}
	}()
	for c := range queue {
		time.Sleep(time.Until(c.due))
		if _, err := dst.Write(c.data); err != nil {
			break
		}
	}
	// Closing both ends stops the other direction and the reader above.
	src.Close()
	dst.Close()
	for range queue {
	}
}

func (p *latencyProxy) stop() {
	p.once.Do(func() {
		p.ln.Close()
		p.mu.Lock()
		for c := range p.conns {
			c.Close()
		}
		p.conns = nil
		p.mu.Unlock()
		p.wg.Wait()
	})
}

func hostOf(tb testing.TB, raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		tb.Fatal(err)
	}
	host := u.Host
	if u.Port() == "" {
		host = net.JoinHostPort(u.Hostname(), "5432")
	}
	return host
}

func withHost(tb testing.TB, raw, host string) string {
	u, err := url.Parse(raw)
	if err != nil {
		tb.Fatal(err)
	}
	u.Host = host
	return u.String()
}

// TestLatencyProxy: every round trip through the proxy takes at least the 2 ms it adds.
func TestLatencyProxy(t *testing.T) {
	db := dbtest.Postgres(t)
	proxy := startLatencyProxy(t, hostOf(t, db.URL), time.Millisecond)
	slow, err := sql.Open("postgres", withHost(t, db.URL, proxy.addr()))
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	if err := slow.Ping(); err != nil {
		t.Fatal(err)
	}
	const trips = 10
	start := time.Now()
	for range trips {
		var one int
		if err := slow.QueryRow("SELECT 1").Scan(&one); err != nil {
			t.Fatal(err)
		}
	}
	if per := time.Since(start) / trips; per < 2*time.Millisecond {
		t.Errorf("round trip through the proxy took %s, want at least 2ms", per)
	}
}

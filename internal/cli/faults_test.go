package cli

import (
	"bytes"
	"context"
	"database/sql"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dbinspect/dbinspect/drivers/dbtest"
)

// TestMain lets the fault tests run the real program in a child process (to send it real
// signals): with DBINSPECT_TEST_AS_CLI=1 the test binary is dbinspect. Otherwise it runs the
// tests through dbtest.Main, which says in one line how many skipped for want of a server.
func TestMain(m *testing.M) {
	if os.Getenv("DBINSPECT_TEST_AS_CLI") == "1" {
		os.Exit(Run(context.Background(), append([]string{"dbinspect"}, os.Args[1:]...), os.Stdout, os.Stderr))
	}
	dbtest.Main(m)
}

// run runs the program in-process under ctx and times it.
func runCtx(ctx context.Context, args ...string) (stdout, stderr string, code int, took time.Duration) {
	var out, errOut bytes.Buffer
	start := time.Now()
	code = Run(ctx, append([]string{"dbinspect"}, args...), &out, &errOut)
	return out.String(), errOut.String(), code, time.Since(start)
}

// stalledPostgres is a fresh PostgreSQL database reached through a proxy that stalls the
// connection when the inspection sends its column query: after login, inside the
// read-only transaction.
func stalledPostgres(t *testing.T) (*dbtest.DB, *dbtest.Proxy, string) {
	t.Helper()
	db := dbtest.Postgres(t)
	db.Exec(t, "CREATE TABLE t (id int PRIMARY KEY, note text DEFAULT 'x')")
	u, _ := url.Parse(db.URL)
	proxy := dbtest.NewProxy(t, u.Host)
	proxy.StallOn("FROM pg_attribute a")
	return db, proxy, proxy.URL(db.URL)
}

// oneLineError checks the run failed with exit 2 and one line on stderr saying want.
func oneLineError(t *testing.T, code int, stderr string, wants ...string) {
	t.Helper()
	if code != 2 || strings.Count(stderr, "\n") != 1 {
		t.Fatalf("exit %d, stderr %q; want exit 2 and one line", code, stderr)
	}
	for _, w := range wants {
		if !strings.Contains(stderr, w) {
			t.Errorf("stderr %q does not say %q", stderr, w)
		}
	}
}

// TestPostgresStallAfterLogin: a connection that goes silent after login ends at the
// client's deadline (statement timeout plus a margin), says what was being read, and the
// server backend left idle in its transaction ends itself.
func TestPostgresStallAfterLogin(t *testing.T) {
	t.Parallel()
	db, proxy, target := stalledPostgres(t)
	_, stderr, code, took := runCtx(context.Background(), "tables", "--db", target, "--statement-timeout", "1s")
	oneLineError(t, code, stderr, "read columns", "stalled", "sent nothing for 1.5s")
	if took > 5*time.Second {
		t.Errorf("took %s; the deadline is 1.5s", took)
	}
	select {
	case <-proxy.Fired():
	default:
		t.Fatal("the proxy never stalled the connection: the test tested nothing")
	}
	// The proxy still holds the server's side open, as a dead network would: the backend is
	// idle in transaction until idle_in_transaction_session_timeout ends it.
	waitNoBackend(t, db, 10*time.Second)
}

// waitNoBackend waits for the database to have no dbinspect backend left.
func waitNoBackend(t *testing.T, db *dbtest.DB, within time.Duration) {
	t.Helper()
	admin, err := sql.Open("postgres", dbtest.PostgresAdminURL())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	deadline := time.Now().Add(within)
	for {
		var n int
		if err := admin.QueryRow("SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'dbinspect'", db.Name).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d dbinspect backend(s) still open after %s", n, within)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// TestPostgresStallInterrupted: Ctrl-C (the context ending) stops a stalled run at once and
// says "interrupted", even with a long statement timeout.
func TestPostgresStallInterrupted(t *testing.T) {
	t.Parallel()
	_, proxy, target := stalledPostgres(t)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-proxy.Fired()
		time.Sleep(100 * time.Millisecond)
		cancel()
	}()
	_, stderr, code, took := runCtx(ctx, "tables", "--db", target, "--statement-timeout", "60s")
	if code != 2 || stderr != "dbinspect: interrupted\n" {
		t.Errorf("exit %d, stderr %q; want 2 and interrupted", code, stderr)
	}
	if took > 4*time.Second {
		t.Errorf("took %s to stop after Ctrl-C", took)
	}
}

// TestDiffOneSideStalledOtherFailed: when one side fails, the other's stalled connection
// does not hold the run, and only the real failure is reported.
func TestDiffOneSideStalledOtherFailed(t *testing.T) {
	t.Parallel()
	_, proxy, target := stalledPostgres(t)
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`{"format_version": 1, "dialect": "oracle", "schemas": []}`), 0o644)
	_, stderr, code, took := runCtx(context.Background(), "diff", target, bad, "--statement-timeout", "60s")
	oneLineError(t, code, stderr, "TO:", "bad.json")
	if strings.Contains(stderr, "FROM") {
		t.Errorf("the stalled side was reported too: %q", stderr)
	}
	if took > 5*time.Second {
		t.Errorf("took %s: the stalled side held the run", took)
	}
	_ = proxy // the snapshot side may fail before the stall: either way nothing may wait
}

// TestPostgresLockWaitNamesTheLock: a table held ACCESS EXCLUSIVE fails the inspection at
// --lock-timeout, naming the table and the session holding it.
func TestPostgresLockWaitNamesTheLock(t *testing.T) {
	t.Parallel()
	db := dbtest.Postgres(t)
	// Plain keys and defaults are read without opening the table (issue 16: index definitions
	// written in Go, defaults through pg_get_expr without the relation), so a locked table with
	// only those is read at once; a CHECK's expression still needs the relation, and waits.
	db.Exec(t, "CREATE TABLE locked_one (id int PRIMARY KEY CHECK (id > 0), note text DEFAULT 'x')")
	tx, err := db.Admin.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec("LOCK TABLE locked_one IN ACCESS EXCLUSIVE MODE"); err != nil {
		t.Fatal(err)
	}
	_, stderr, code, took := runCtx(context.Background(), "tables", "--db", db.URL, "--lock-timeout", "300ms")
	oneLineError(t, code, stderr, "lock timeout", "waited 300ms (--lock-timeout)", "locked_one, held ACCESS EXCLUSIVE by pid", "longer --lock-timeout")
	if took > 5*time.Second {
		t.Errorf("took %s", took)
	}
}

// mysqlThroughProxy is a fresh MariaDB database behind a proxy.
func mysqlThroughProxy(t *testing.T) (*dbtest.Proxy, string) {
	t.Helper()
	db := dbtest.MySQL(t)
	db.Exec(t, "CREATE TABLE t (id int PRIMARY KEY, note varchar(10))")
	u, _ := url.Parse(db.URL)
	proxy := dbtest.NewProxy(t, u.Host)
	return proxy, proxy.URL(db.URL)
}

// TestMySQLConnectionCutMidInspection: the driver's own log lines stay off stderr, and the
// one error line says what was being read.
func TestMySQLConnectionCutMidInspection(t *testing.T) {
	t.Parallel()
	proxy, target := mysqlThroughProxy(t)
	proxy.CutOn("information_schema.COLUMNS")
	_, stderr, code, _ := runCtx(context.Background(), "tables", "--db", target)
	oneLineError(t, code, stderr, "read columns: invalid connection (the connection to the server broke")
	if strings.Contains(stderr, "[mysql]") || strings.Contains(stderr, "packets.go") {
		t.Errorf("driver log lines reach stderr: %q", stderr)
	}
}

// TestMySQLStall: a silent MariaDB connection ends at the client's deadline.
func TestMySQLStall(t *testing.T) {
	t.Parallel()
	proxy, target := mysqlThroughProxy(t)
	proxy.StallOn("information_schema.COLUMNS")
	_, stderr, code, took := runCtx(context.Background(), "tables", "--db", target, "--statement-timeout", "1s")
	oneLineError(t, code, stderr, "read columns")
	if strings.Contains(stderr, "[mysql]") {
		t.Errorf("driver log lines reach stderr: %q", stderr)
	}
	if took > 5*time.Second {
		t.Errorf("took %s; the deadline is 1.5s", took)
	}
}

// TestSignals sends real signals to the program: the first stops a stalled run cleanly
// ("interrupted", the -o file untouched, no temporary file); a second exits at once.
func TestSignals(t *testing.T) {
	t.Parallel()
	for _, twice := range []bool{false, true} {
		_, proxy, target := stalledPostgres(t)
		dir := t.TempDir()
		out := filepath.Join(dir, "out.json")
		os.WriteFile(out, []byte("previous"), 0o644)
		cmd := exec.Command(os.Args[0], "inspect", "--db", target, "--format", "json", "-o", out, "--statement-timeout", "60s")
		cmd.Env = append(os.Environ(), "DBINSPECT_TEST_AS_CLI=1")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		select {
		case <-proxy.Fired():
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			t.Fatal("the child never reached the stall")
		}
		start := time.Now()
		cmd.Process.Signal(syscall.SIGINT)
		if twice {
			time.Sleep(50 * time.Millisecond)
			cmd.Process.Signal(syscall.SIGTERM)
		}
		err := cmd.Wait()
		took := time.Since(start)
		want, limit := "dbinspect: interrupted\n", 4*time.Second
		if twice {
			want, limit = "dbinspect: interrupted again: exiting at once\n", 700*time.Millisecond
		}
		if code := cmd.ProcessState.ExitCode(); code != 2 || stderr.String() != want {
			t.Errorf("twice=%v: exit %d (%v), stderr %q; want 2 and %q", twice, code, err, stderr.String(), want)
		}
		if took > limit {
			t.Errorf("twice=%v: took %s after the signal", twice, took)
		}
		if got, _ := os.ReadFile(out); string(got) != "previous" {
			t.Errorf("twice=%v: the -o file changed: %q", twice, got)
		}
		if left, _ := filepath.Glob(filepath.Join(dir, ".out.json.tmp*")); len(left) > 0 {
			t.Errorf("twice=%v: temporary files left: %v", twice, left)
		}
	}
}

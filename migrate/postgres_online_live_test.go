package migrate_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/drivers"
	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/migrate"
	"github.com/dbinspect/dbinspect/migrate/migratetest"
	"github.com/dbinspect/dbinspect/schema"
)

// Issue 13: lock-aware plans. Statements that hold a lock long say so in a "-- hazard:"
// line; --fail-on hazard exits 1 on them; --online uses the lock-light forms and bounds every
// statement with lock_timeout.

const onlineFrom = `CREATE TABLE ref (id int PRIMARY KEY);
CREATE TABLE t (id int PRIMARY KEY, a int, b text, r int);
CREATE INDEX t_old ON t (b);`

const onlineTo = `CREATE TABLE ref (id int PRIMARY KEY);
CREATE TABLE t (id int PRIMARY KEY, a int NOT NULL, b text, r int REFERENCES ref (id), CONSTRAINT a_pos CHECK (a > 0));
CREATE INDEX t_a ON t (a);`

var postgresOnlineMigrations = []migratetest.Case{
	{
		Name:  "--online: indexes CONCURRENTLY, checks and foreign keys validated after, NOT NULL through a check",
		From:  onlineFrom,
		Rows:  `INSERT INTO ref VALUES (1); INSERT INTO t VALUES (1, 1, 'x', 1), (2, 2, 'y', NULL);`,
		To:    onlineTo,
		Plan:  onlineOptions(0),
		Query: `SELECT id, a, b, r FROM t ORDER BY id`,
		Want:  "1|1|x|1\n2|2|y|NULL",
	},
}

func TestMigratePostgresOnline(t *testing.T) {
	for _, c := range postgresOnlineMigrations {
		t.Run(c.Name, func(t *testing.T) {
			migratetest.Run(t, schema.Postgres, c)
		})
	}
}

// TestPostgresHazards: the plain plan marks what locks long, and the --online plan takes no
// ACCESS EXCLUSIVE scan inside its transaction. (--fail-on hazard's exit codes are the CLI's:
// internal/cli TestDiffFailOnHazard.)
func TestPostgresHazards(t *testing.T) {
	from, to := dbtest.Fresh(t, schema.Postgres), dbtest.Fresh(t, schema.Postgres)
	migratetest.Exec(t, from.Admin, onlineFrom)
	migratetest.Exec(t, to.Admin, onlineTo)
	plain := migratetest.Script(t, from, to, diff.Options{}, migrate.Options{}, false)
	for _, want := range []string{"-- hazard: scans public.t to validate a_pos under an ACCESS EXCLUSIVE lock",
		"-- hazard: builds the index on public.t holding a SHARE lock", "-- hazard: scans public.t to check for NULLs"} {
		if !strings.Contains(plain, want) {
			t.Errorf("plan lacks %q:\n%s", want, plain)
		}
	}
	online := migratetest.Script(t, from, to, diff.Options{}, onlineOptions(0), false)
	body, after, _ := strings.Cut(online, "COMMIT;")
	for _, want := range []string{"SET LOCAL lock_timeout", "NOT VALID"} {
		if !strings.Contains(body, want) {
			t.Errorf("the --online transaction lacks %q:\n%s", want, online)
		}
	}
	for _, want := range []string{"SET lock_timeout", "VALIDATE CONSTRAINT", "CREATE INDEX CONCURRENTLY", "DROP INDEX CONCURRENTLY"} {
		if !strings.Contains(after, want) {
			t.Errorf("after the --online transaction, no %q:\n%s", want, online)
		}
	}
	if strings.Contains(body, "-- hazard:") {
		t.Errorf("the --online transaction still holds a hazard:\n%s", online)
	}
}

// onlineOptions are the planner's options of --online with --lock-timeout (0: the default).
func onlineOptions(lockTimeout time.Duration) migrate.Options {
	if lockTimeout == 0 {
		lockTimeout = drivers.DefaultOptions.LockTimeout
	}
	return migrate.Options{Online: true, LockTimeout: lockTimeout}
}

// TestPostgresOnlineLockTimeout: while another session holds a lock on the table, the
// --online plan fails within its lock_timeout instead of queueing behind it.
func TestPostgresOnlineLockTimeout(t *testing.T) {
	from, to := dbtest.Fresh(t, schema.Postgres), dbtest.Fresh(t, schema.Postgres)
	migratetest.Exec(t, from.Admin, onlineFrom)
	migratetest.Exec(t, to.Admin, onlineTo)
	script := migratetest.Script(t, from, to, diff.Options{}, onlineOptions(time.Second), false)
	path := filepath.Join(t.TempDir(), "online.sql")
	if err := os.WriteFile(path, []byte(script), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	holder, err := from.Admin.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	tx, err := holder.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback() //nolint:errcheck // the lock only
	if _, err := tx.Exec(`LOCK TABLE t IN ACCESS SHARE MODE`); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	out, err := exec.Command("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", from.URL, "-f", path).CombinedOutput()
	elapsed := time.Since(start)
	if err == nil || !strings.Contains(string(out), "lock timeout") {
		t.Fatalf("the plan ran (or failed otherwise) while the table was locked: %v\n%s", err, out)
	}
	if elapsed > 20*time.Second {
		t.Errorf("the plan waited %v for the lock; lock_timeout is 1s", elapsed)
	}
}

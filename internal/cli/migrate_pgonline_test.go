package cli

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
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

var postgresOnlineMigrations = []migrationCase{
	{
		name:    "--online: indexes CONCURRENTLY, checks and foreign keys validated after, NOT NULL through a check",
		from:    onlineFrom,
		rows:    `INSERT INTO ref VALUES (1); INSERT INTO t VALUES (1, 1, 'x', 1), (2, 2, 'y', NULL);`,
		to:      onlineTo,
		sqlArgs: []string{"--online"},
		query:   `SELECT id, a, b, r FROM t ORDER BY id`,
		want:    "1|1|x|1\n2|2|y|NULL",
	},
}

func TestMigratePostgresOnline(t *testing.T) {
	for _, c := range postgresOnlineMigrations {
		t.Run(c.name, func(t *testing.T) {
			runMigrationCase(t, freshPostgres, c)
		})
	}
}

// TestPostgresHazards: the plain plan marks what locks long, --fail-on hazard exits 1 for
// it, and the --online plan takes no ACCESS EXCLUSIVE scan inside its transaction.
func TestPostgresHazards(t *testing.T) {
	from, to := freshPostgres(t), freshPostgres(t)
	execScript(t, from.conn, onlineFrom)
	execScript(t, to.conn, onlineTo)
	plain := migrationSQL(t, from.url, to.url, false)
	for _, want := range []string{"-- hazard: scans public.t to validate a_pos under an ACCESS EXCLUSIVE lock",
		"-- hazard: builds the index on public.t holding a SHARE lock", "-- hazard: scans public.t to check for NULLs"} {
		if !strings.Contains(plain, want) {
			t.Errorf("plan lacks %q:\n%s", want, plain)
		}
	}
	if _, stderr, code := dbinspect(t, "diff", "--format", "sql", "--fail-on", "hazard", from.url, to.url); code != 1 {
		t.Errorf("--fail-on hazard: exit %d (%s), want 1", code, stderr)
	}
	online := migrationSQL(t, from.url, to.url, false, "--online")
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
	// No difference left that a hazard could come from: --fail-on hazard exits 0.
	execScript(t, to.conn, `DROP INDEX t_a`)
	execScript(t, from.conn, `DROP INDEX t_old`)
	execScript(t, from.conn, `ALTER TABLE t ALTER COLUMN a SET NOT NULL, ADD CONSTRAINT t_r_fkey FOREIGN KEY (r) REFERENCES ref (id), ADD CONSTRAINT a_pos CHECK (a > 0), ADD COLUMN c text`)
	if stdout, stderr, code := dbinspect(t, "diff", "--format", "sql", "--fail-on", "hazard", from.url, to.url); code != 0 {
		t.Errorf("--fail-on hazard with a plan free of hazards: exit %d (%s)\n%s", code, stderr, stdout)
	}
}

// TestPostgresOnlineLockTimeout: while another session holds a lock on the table, the
// --online plan fails within its lock_timeout instead of queueing behind it.
func TestPostgresOnlineLockTimeout(t *testing.T) {
	from, to := freshPostgres(t), freshPostgres(t)
	execScript(t, from.conn, onlineFrom)
	execScript(t, to.conn, onlineTo)
	script := migrationSQL(t, from.url, to.url, false, "--online", "--lock-timeout", "1s")
	path := filepath.Join(t.TempDir(), "online.sql")
	if err := os.WriteFile(path, []byte(script), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	holder, err := from.conn.Conn(ctx)
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
	out, err := exec.Command("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", from.url, "-f", path).CombinedOutput()
	elapsed := time.Since(start)
	if err == nil || !strings.Contains(string(out), "lock timeout") {
		t.Fatalf("the plan ran (or failed otherwise) while the table was locked: %v\n%s", err, out)
	}
	if elapsed > 20*time.Second {
		t.Errorf("the plan waited %v for the lock; lock_timeout is 1s", elapsed)
	}
}

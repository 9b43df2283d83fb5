package cli

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/schema"
	"github.com/dbinspect/dbinspect/sqlscript"
)

// The tests of .sql files and migration folders read on a dev server (issue 17): the test
// servers are the dev servers, and the live databases they are compared with are fresh
// databases on the same servers (a different database, so the dev URL is not a side).

var serverDialects = []schema.Dialect{schema.Postgres, schema.MySQL}

// toolOrder is the order in which each tool applies the fixture folders, written out from
// the tools' documentation rather than computed by the code under test. Down, undo and
// non-migration files are absent: the tools do not apply them when migrating up.
var toolOrder = map[sqlscript.Format][]string{
	sqlscript.GolangMigrate: {"1_create_users.up.sql", "2_create_orders.up.sql", "3_add_user_name.up.sql",
		"10_touch_trigger.up.sql", "11_order_totals.up.sql", "12_order_totals_view.up.sql"},
	sqlscript.Goose: {"20240101120000_create_users.sql", "20240102120000_create_orders.sql", "20240103120000_add_user_name.sql",
		"20240104120000_touch_trigger.sql", "20240105120000_order_totals.sql", "20240106120000_order_totals_view.sql"},
	sqlscript.Flyway: {"V1__create_users.sql", "V1.1__create_orders.sql", "V2__add_user_name.sql", "V2_1__touch_trigger.sql",
		"V10__order_totals.sql", "R__order_totals_view.sql"},
	sqlscript.Dbmate: {"20240101120000_create_users.sql", "20240102120000_create_orders.sql", "20240103120000_add_user_name.sql",
		"20240104120000_touch_trigger.sql", "20240105120000_order_totals.sql", "20240106120000_order_totals_view.sql"},
	sqlscript.Plain: {"001_create_users.sql", "002_create_orders.sql", "003_add_user_name.sql", "004_touch_trigger.sql",
		"005_order_totals.sql", "006_order_totals_view.sql"},
}

// upPart is the part of a migration file its tool runs when migrating up.
func upPart(format sqlscript.Format, text string) string {
	marker := map[sqlscript.Format]string{sqlscript.Goose: "-- +goose Down", sqlscript.Dbmate: "-- migrate:down"}[format]
	if marker != "" {
		text, _, _ = strings.Cut(text, marker)
	}
	return text
}

// applyLikeTheTool migrates a live database with the fixture folder as its tool would:
// PostgreSQL files through psql; MySQL files whole through the driver with multiStatements,
// as golang-migrate and dbmate send them (the server reads the routines' BEGIN … END), and
// plain MySQL files, written with DELIMITER, through the mariadb client.
func applyLikeTheTool(t *testing.T, db *dbtest.DB, d schema.Dialect, format sqlscript.Format, dir string) {
	t.Helper()
	for _, name := range toolOrder[format] {
		text := upPart(format, readFile(t, filepath.Join(dir, name)))
		switch {
		case d == schema.Postgres, format == sqlscript.Plain:
			db.LoadScript(t, text)
		default:
			if _, err := db.Admin.Exec(text); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
	}
}

func fixtureDir(d schema.Dialect, f sqlscript.Format) string {
	return filepath.Join("testdata", "migrations", string(d), string(f))
}

// TestMigrationFoldersEqualTheDatabaseTheyMake: a folder of each format, of six migrations
// whose later ones alter the earlier tables, read through a scratch database equals the live
// database its tool makes; the tools' own tables are left out unless asked for.
func TestMigrationFoldersEqualTheDatabaseTheyMake(t *testing.T) {
	for _, d := range serverDialects {
		for _, format := range sqlscript.Formats {
			t.Run(string(d)+"/"+string(format), func(t *testing.T) {
				dev := dbtest.Server(t, d)
				live := dbtest.Fresh(t, d)
				dir := fixtureDir(d, format)
				applyLikeTheTool(t, live, d, format, dir)
				stdout, stderr, code := dbinspect(t, "diff", live.URL, dir, "--dev-url", dev)
				if code != 0 {
					t.Fatalf("diff live %s: exit %d, want 0\n%s%s", dir, code, stdout, stderr)
				}
				// The format is detected; naming it gives the same result.
				if _, stderr, code := dbinspect(t, "diff", live.URL, dir, "--dev-url", dev, "--migrations-format", string(format), "-q"); code != 0 {
					t.Errorf("--migrations-format %s: exit %d: %s", format, code, stderr)
				}
				// The tool's own table on the live side is no difference, unless asked for.
				live.Exec(t, "CREATE TABLE schema_migrations (version bigint PRIMARY KEY, dirty boolean NOT NULL)")
				if _, stderr, code := dbinspect(t, "diff", live.URL, dir, "--dev-url", dev, "-q"); code != 0 {
					t.Errorf("with schema_migrations on the live side: exit %d, want 0: %s", code, stderr)
				}
				if _, _, code := dbinspect(t, "diff", live.URL, dir, "--dev-url", dev, "-q", "--include-migration-tables"); code != 1 {
					t.Errorf("--include-migration-tables: exit %d, want 1", code)
				}
			})
		}
	}
}

// Read in another tool's order, the folder fails: the order is what makes it work.
func TestMigrationFolderInTheWrongOrderFails(t *testing.T) {
	dev := dbtest.Server(t, schema.Postgres)
	_, stderr, code := dbinspect(t, "inspect", "--db", fixtureDir(schema.Postgres, sqlscript.GolangMigrate), "--dev-url", dev, "--migrations-format", "plain")
	if code != 2 || !strings.Contains(stderr, "10_touch_trigger.down.sql:1: ERROR:") {
		t.Errorf("plain order over a golang-migrate folder: exit %d, stderr %q", code, stderr)
	}
}

// createdName finds the scratch database a --verbose run says it created.
var createdName = regexp.MustCompile(`scratch database created" name=(dbinspect_scratch_[0-9]+_[0-9a-f]+)`)

// scratchExists reports whether a scratch database is still on the test server.
func scratchExists(t *testing.T, d schema.Dialect, name string) bool {
	t.Helper()
	driver, dsn, q := "postgres", dbtest.PostgresAdminURL(), "SELECT count(*) FROM pg_database WHERE datname = $1"
	if d == schema.MySQL {
		u, err := url.Parse(dbtest.MySQLAdminURL())
		if err != nil {
			t.Fatal(err)
		}
		user := u.User.Username()
		if p, ok := u.User.Password(); ok {
			user += ":" + p
		}
		driver, dsn, q = "mysql", user+"@tcp("+u.Host+")/", "SELECT count(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(q, name).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n > 0
}

// A migration that fails: one line naming the file, the line and the server's message, and
// no scratch database left.
func TestFailingMigrationNamesFileAndLine(t *testing.T) {
	broken := map[schema.Dialect]string{
		schema.Postgres: "ALTER TABLE users ADD COLUMN nickname text;\n\nALTER TABLE orders\n  ADD COLUMN shipped_on date,\n  ADD CONSTRAINT shipped_after CHECK (shipped_on > created_att);\n",
		schema.MySQL:    "ALTER TABLE users ADD COLUMN nickname text;\n\nALTER TABLE orders\n  ADD COLUMN shipped_on date,\n  ADD CONSTRAINT shipped_after CHEK (shipped_on > created_at);\n",
	}
	want := map[schema.Dialect]*regexp.Regexp{
		// The server gives no position for this error: the line is the statement's first.
		schema.Postgres: regexp.MustCompile(`^dbinspect: .*11_ship\.up\.sql:3: ERROR: column "created_att" does not exist \(SQLSTATE 42703\)\n$`),
		schema.MySQL:    regexp.MustCompile(`^dbinspect: .*11_ship\.up\.sql:5: ERROR 1064 \(42000\): You have an error in your SQL syntax; .*\n$`),
	}
	for _, d := range serverDialects {
		t.Run(string(d), func(t *testing.T) {
			dev := dbtest.Server(t, d)
			dir := t.TempDir()
			for _, name := range toolOrder[sqlscript.GolangMigrate][:4] {
				copyFile(t, filepath.Join(fixtureDir(d, sqlscript.GolangMigrate), name), filepath.Join(dir, name))
			}
			os.WriteFile(filepath.Join(dir, "11_ship.up.sql"), []byte(broken[d]), 0o644)
			_, stderr, code := dbinspect(t, "tables", "--db", dir, "--dev-url", dev)
			if code != 2 || !want[d].MatchString(stderr) {
				t.Errorf("exit %d, stderr %q, want it to match %s", code, stderr, want[d])
			}
			_, stderr, _ = dbinspect(t, "tables", "--db", dir, "--dev-url", dev, "--verbose")
			m := createdName.FindStringSubmatch(stderr)
			if m == nil {
				t.Fatalf("no scratch database named in --verbose output: %s", stderr)
			}
			if scratchExists(t, d, m[1]) {
				t.Errorf("scratch database %s left behind after a failed load", m[1])
			}
		})
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	if err := os.WriteFile(to, []byte(readFile(t, from)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestHelperDbinspect is not a test: run by the test binary itself with DBINSPECT_AS_CLI=1,
// it is the dbinspect command, so a test can send it a real signal.
func TestHelperDbinspect(t *testing.T) {
	if os.Getenv("DBINSPECT_AS_CLI") != "1" {
		t.Skip("the dbinspect command for the signal tests, not a test")
	}
	args := os.Args
	for i, a := range args {
		if a == "--" {
			args = args[i+1:]
			break
		}
	}
	os.Exit(Run(context.Background(), append([]string{"dbinspect"}, args...), os.Stdout, os.Stderr))
}

// Ctrl-C while the file loads: the command says "interrupted", exits 2, and the scratch
// database is gone.
func TestInterruptDuringLoadLeavesNothing(t *testing.T) {
	sleep := map[schema.Dialect]string{schema.Postgres: "SELECT pg_sleep(60)", schema.MySQL: "SELECT SLEEP(60)"}
	for _, d := range serverDialects {
		for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
			t.Run(string(d)+"/"+sig.String(), func(t *testing.T) {
				dev := dbtest.Server(t, d)
				file := filepath.Join(t.TempDir(), "slow.sql")
				os.WriteFile(file, []byte("CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n"+sleep[d]+";\nCREATE TABLE c (id int);\n"), 0o644)
				cmd := exec.Command(os.Args[0], "-test.run=^TestHelperDbinspect$", "--", "tables", "--db", file, "--dev-url", dev, "--verbose")
				cmd.Env = append(os.Environ(), "DBINSPECT_AS_CLI=1")
				stderr, err := cmd.StderrPipe()
				if err != nil {
					t.Fatal(err)
				}
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				lines := bufio.NewScanner(stderr)
				var name string
				var rest strings.Builder
				for lines.Scan() {
					if m := createdName.FindStringSubmatch(lines.Text()); m != nil {
						name = m[1]
						break
					}
				}
				if name == "" {
					cmd.Process.Kill()
					t.Fatal("the command never said which scratch database it created")
				}
				time.Sleep(700 * time.Millisecond) // into the sleep
				if err := cmd.Process.Signal(sig); err != nil {
					t.Fatal(err)
				}
				done := make(chan error, 1)
				go func() {
					for lines.Scan() {
						rest.WriteString(lines.Text() + "\n")
					}
					done <- cmd.Wait()
				}()
				select {
				case <-done:
				case <-time.After(30 * time.Second):
					cmd.Process.Kill()
					t.Fatal("the command did not end within 30 s of the signal")
				}
				if code := cmd.ProcessState.ExitCode(); code != 2 || !strings.Contains(rest.String(), "dbinspect: interrupted") {
					t.Errorf("exit %d, stderr %q; want 2 and interrupted", code, rest.String())
				}
				if scratchExists(t, d, name) {
					t.Errorf("scratch database %s left behind after %s", name, sig)
				}
			})
		}
	}
}

// The refusals: a dev URL that is a side of the diff, a server-dialect file without a dev
// server, a dev URL that is no server, a file that reaches outside its scratch database.
func TestScratchRefusals(t *testing.T) {
	pgAdmin := dbtest.Server(t, schema.Postgres)
	live := dbtest.Postgres(t)
	live.Exec(t, "CREATE TABLE t (id int)")
	dir := t.TempDir()
	schemaSQL := filepath.Join(dir, "schema.sql")
	os.WriteFile(schemaSQL, []byte("CREATE TABLE t (id int);\n"), 0o644)
	roleSQL := filepath.Join(dir, "role.sql")
	os.WriteFile(roleSQL, []byte("CREATE TABLE t (id int);\nCREATE ROLE intruder SUPERUSER;\n"), 0o644)
	snapshot := filepath.Join(dir, "snap.json")
	if _, stderr, code := dbinspect(t, "inspect", "--db", live.URL, "--format", "json", "-o", snapshot); code != 0 {
		t.Fatal(stderr)
	}
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"dev URL is the FROM side", []string{"diff", live.URL, schemaSQL, "--dev-url", live.URL}, "names the same database as FROM"},
		{"dev URL is the TO side, spelt otherwise", []string{"diff", schemaSQL, live.URL, "--dev-url", strings.Replace(live.URL, "postgres://", "postgresql+psycopg2://", 1)}, "names the same database as TO"},
		{"PostgreSQL side, no dev server", []string{"diff", live.URL, schemaSQL}, "pass --dev-url (e.g. --dev-url postgres://"},
		{"PostgreSQL snapshot side, no dev server", []string{"diff", snapshot, schemaSQL}, "pass --dev-url (e.g. --dev-url postgres://"},
		{"dev server of another engine", []string{"diff", live.URL, schemaSQL, "--dev-url", "mysql://root@127.0.0.1:3306/"}, "but --dev-url mysql://root@127.0.0.1:3306/ is a mysql server: name a postgres dev server"},
		{"dev URL is an SQLite file", []string{"inspect", "--db", schemaSQL, "--dev-url", filepath.Join(dir, "x.db")}, "a dev server is a PostgreSQL or MySQL/MariaDB URL"},
		{"a role is the server's", []string{"inspect", "--db", roleSQL, "--dev-url", pgAdmin}, "role.sql:2: CREATE ROLE is refused"},
		{"scratch clean needs a server", []string{"scratch", "clean"}, "scratch clean needs the dev server"},
	}
	os.WriteFile(filepath.Join(dir, "x.db"), nil, 0o644)
	// Compared with an SQLite database, the file is SQLite DDL, in memory, dev server or not.
	lite := dbtest.SQLite(t, "CREATE TABLE t (id int);")
	if stdout, stderr, code := dbinspect(t, "diff", lite, schemaSQL, "--dev-url", pgAdmin, "--verbose"); code != 0 || createdName.MatchString(stderr) {
		t.Errorf("SQLite side with a dev server: exit %d, want 0 and no scratch database\n%s%s", code, stdout, stderr)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, stderr, code := dbinspect(t, append(c.args, "--verbose")...)
			if code != 2 || !strings.Contains(stderr, c.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, c.want)
			}
			if createdName.MatchString(stderr) {
				t.Errorf("a scratch database was created before the refusal: %s", stderr)
			}
			if lines := strings.Count(strings.TrimSpace(lastLines(stderr)), "\n"); lines != 0 {
				t.Errorf("the error is not one line: %q", stderr)
			}
		})
	}
}

// lastLines drops --verbose log lines, leaving what dbinspect itself printed.
func lastLines(stderr string) string {
	var keep []string
	for _, l := range strings.Split(stderr, "\n") {
		if !strings.HasPrefix(l, "time=") && l != "" {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

// corpusChange is a change made to the live copy of a corpus schema, and what the diff from
// the live copy to the file must then say.
type corpusChange struct {
	alter []string
	want  []string // action object table.name, as in the JSON report
}

// TestCorpusFileAgainstLiveCopies: a corpus schema as a .sql file equals its live copy loaded
// with the engine's client, and against a changed copy names exactly the changes.
func TestCorpusFileAgainstLiveCopies(t *testing.T) {
	cases := map[schema.Dialect]struct {
		corpus string
		change corpusChange
	}{
		schema.Postgres: {"pagila", corpusChange{
			alter: []string{"ALTER TABLE public.actor ADD COLUMN nickname text", "DROP INDEX public.idx_actor_last_name",
				"ALTER TABLE public.film ALTER COLUMN rental_duration SET DEFAULT 5"},
			want: []string{"drop column actor.nickname", "add index actor.idx_actor_last_name", "modify column film.rental_duration"}}},
		schema.MySQL: {"sakila", corpusChange{
			alter: []string{"ALTER TABLE actor ADD COLUMN nickname varchar(20)", "DROP INDEX idx_actor_last_name ON actor",
				"ALTER TABLE film MODIFY title varchar(300) NOT NULL"},
			want: []string{"drop column actor.nickname", "add index actor.idx_actor_last_name", "modify column film.title"}}},
	}
	for _, d := range serverDialects {
		t.Run(string(d), func(t *testing.T) {
			c := cases[d]
			dev := dbtest.Server(t, d)
			file := dbtest.Corpus(t, c.corpus, string(d))
			live := dbtest.Fresh(t, d)
			live.LoadFile(t, file)
			stdout, stderr, code := dbinspect(t, "diff", live.URL, file, "--dev-url", dev)
			if code != 0 {
				t.Fatalf("live copy vs the file: exit %d, want 0\n%s%s", code, stdout, stderr)
			}
			live.Exec(t, c.change.alter...)
			stdout, stderr, code = dbinspect(t, "diff", live.URL, file, "--dev-url", dev, "--format", "json")
			if code != 1 {
				t.Fatalf("changed copy vs the file: exit %d, want 1\n%s", code, stderr)
			}
			var rep struct {
				Changes []struct{ Action, Object, Table, Name string }
			}
			if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, ch := range rep.Changes {
				got = append(got, fmt.Sprintf("%s %s %s.%s", ch.Action, ch.Object, ch.Table, ch.Name))
			}
			if strings.Join(got, "\n") != strings.Join(c.change.want, "\n") {
				t.Errorf("changes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.change.want, "\n"))
			}
		})
	}
}

// TestPreDeployRecipeMigrationsFolder runs the README's "prod vs migrations folder" recipe end
// to end: with dev: in dbinspect.yaml, `dbinspect diff prod migrations/` exits 0 while prod is
// what the migrations make, and 1, naming the column, after a hotfix on prod.
func TestPreDeployRecipeMigrationsFolder(t *testing.T) {
	for _, d := range serverDialects {
		t.Run(string(d), func(t *testing.T) {
			dev := dbtest.Server(t, d)
			prod := dbtest.Fresh(t, d)
			src := fixtureDir(d, sqlscript.GolangMigrate)
			applyLikeTheTool(t, prod, d, sqlscript.GolangMigrate, src)
			prod.Exec(t, "CREATE TABLE schema_migrations (version bigint PRIMARY KEY, dirty boolean NOT NULL)")
			dir := t.TempDir()
			if err := os.CopyFS(filepath.Join(dir, "migrations"), os.DirFS(src)); err != nil {
				t.Fatal(err)
			}
			t.Chdir(dir)
			os.WriteFile("dbinspect.yaml", []byte("dev: "+dev+"\nenvironments:\n  prod: "+prod.URL+"\n"), 0o644)
			if stdout, stderr, code := dbinspect(t, "diff", "prod", "migrations/"); code != 0 {
				t.Fatalf("prod as the migrations make it: exit %d, want 0\n%s%s", code, stdout, stderr)
			}
			prod.Exec(t, "ALTER TABLE orders ADD COLUMN hotfix_note text")
			stdout, stderr, code := dbinspect(t, "diff", "prod", "migrations/")
			if code != 1 || !strings.Contains(stdout, "hotfix_note") {
				t.Errorf("after a hotfix on prod: exit %d, want 1 naming the column\n%s%s", code, stdout, stderr)
			}
		})
	}
}

// An SQLite migrations folder needs no dev server: it loads in memory like a .sql file.
func TestSQLiteMigrationFolderInMemory(t *testing.T) {
	steps := []string{
		"CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE);",
		"CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id));\nINSERT INTO users (email) VALUES ('seed@example.com');",
		"ALTER TABLE users ADD COLUMN name TEXT;\nCREATE INDEX orders_user ON orders (user_id);",
		"CREATE TRIGGER orders_check BEFORE INSERT ON orders BEGIN\n  SELECT CASE WHEN NEW.user_id IS NULL THEN RAISE(ABORT, 'user') END;\nEND;",
		"ALTER TABLE orders ADD COLUMN total NUMERIC NOT NULL DEFAULT 0;\nCREATE VIEW totals AS SELECT user_id, sum(total) AS total FROM orders GROUP BY user_id;",
	}
	dir := t.TempDir()
	live := dbtest.SQLiteFile(t)
	for i, s := range steps {
		v := []int{1, 2, 3, 10, 11}[i]
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("%d_step.up.sql", v)), []byte(s+"\n"), 0o644)
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("%d_step.down.sql", v)), []byte("DROP TABLE users;\n"), 0o644)
		live.LoadScript(t, s)
	}
	if stdout, stderr, code := dbinspect(t, "diff", live.URL, dir); code != 0 {
		t.Errorf("live SQLite vs the folder: exit %d, want 0\n%s%s", code, stdout, stderr)
	}
}

// Issue 10: a .sql file loaded into SQLite obeys --statement-timeout (a recursive CTE that
// never ends) and Ctrl-C, which says "interrupted", not "context canceled".
func TestSQLiteLoadTimeoutAndInterrupt(t *testing.T) {
	file := filepath.Join(t.TempDir(), "spin.sql")
	os.WriteFile(file, []byte("CREATE TABLE a (x);\nWITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c;\n"), 0o644)
	_, stderr, code := dbinspect(t, "tables", "--db", file, "--statement-timeout", "1s")
	if code != 2 || stderr != "dbinspect: cannot load: "+file+":2: the statement ran longer than --statement-timeout 1s\n" {
		t.Errorf("--statement-timeout: exit %d, stderr %q", code, stderr)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperDbinspect$", "--", "tables", "--db", file)
	cmd.Env = append(os.Environ(), "DBINSPECT_AS_CLI=1")
	var out strings.Builder
	cmd.Stderr = &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1500 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGINT)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatal("Ctrl-C did not stop the load within 30 s")
	}
	if code := cmd.ProcessState.ExitCode(); code != 2 || out.String() != "dbinspect: interrupted\n" {
		t.Errorf("Ctrl-C: exit %d, stderr %q; want 2 and interrupted", code, out.String())
	}
}

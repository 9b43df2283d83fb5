// Package dbtest gives tests real databases: a fresh, uniquely named database on the test
// PostgreSQL or MariaDB server for each test, dropped when the test ends, or an empty SQLite
// file (Fresh picks by dialect); scripts are applied with each engine's own client (LoadFile);
// and access to the shared schema corpus (Corpus, CorpusNames). It is a package of its own (like net/http/httptest) because the
// inspector, diff and output tests all need it, and production code must not import it.
//
// Servers are found through environment variables:
//
//	DBINSPECT_TEST_POSTGRES  admin URL, default postgres://root@127.0.0.1:5432/postgres?sslmode=disable
//	DBINSPECT_TEST_MYSQL     admin URL, default mysql://root@127.0.0.1:3306/
//	DBINSPECT_CORPUS         corpus folder, default ../shared/corpus beside the repository
//
// Outside CI a test whose server is unreachable is skipped with a message that says how to
// start the server; under CI (CI=true) it fails instead, so integration tests never skip there.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	_ "github.com/go-sql-driver/mysql" // the MySQL/MariaDB driver
	_ "github.com/lib/pq"              // the PostgreSQL driver
	_ "modernc.org/sqlite"             // the SQLite driver

	"github.com/dbinspect/dbinspect/schema"
)

// DB is a fresh database created for one test.
type DB struct {
	// Name is the database's name.
	Name string
	// URL reaches the database as a dbinspect TARGET.
	URL string
	// Admin is a writable connection to the database, for setting up fixtures.
	Admin *sql.DB
	// load applies a script file with the engine's own client.
	load func(t testing.TB, path string)
}

// Fresh creates a fresh database of the dialect: a database on the test PostgreSQL or
// MariaDB server, or an empty SQLite file.
func Fresh(t testing.TB, dialect schema.Dialect) *DB {
	t.Helper()
	switch dialect {
	case schema.Postgres:
		return Postgres(t)
	case schema.MySQL:
		return MySQL(t)
	case schema.SQLite:
		return SQLiteFile(t)
	}
	t.Fatalf("dbtest: no test database for dialect %q", dialect)
	return nil
}

// LoadFile applies a script file with the engine's own client, as a user would: psql -v
// ON_ERROR_STOP=1, the mariadb client (DELIMITER blocks), sqlite3 -bail.
func (db *DB) LoadFile(t testing.TB, path string) {
	t.Helper()
	db.load(t, path)
}

// LoadScript writes a script to a temporary file and applies it like LoadFile.
func (db *DB) LoadScript(t testing.TB, script string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "script.sql")
	if err := os.WriteFile(path, []byte(script), 0o600); err != nil {
		t.Fatalf("dbtest: %v", err)
	}
	db.LoadFile(t, path)
}

// SQLiteFile creates an empty SQLite file whose scripts are applied with the sqlite3 shell
// (which, unlike the pure-Go driver, has fts4, and is many times faster under -race).
// Its URL is the file's path.
func SQLiteFile(t testing.TB) *DB {
	t.Helper()
	shell, err := exec.LookPath("sqlite3")
	if err != nil {
		unavailable(t, "no sqlite3 client", "the sqlite3 command-line client is not installed (apt-get install sqlite3)")
	}
	path := filepath.Join(t.TempDir(), "test.db")
	admin, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatalf("dbtest: %v", err)
	}
	admin.SetMaxOpenConns(1) // PRAGMA foreign_keys and BEGIN … COMMIT hold per connection
	t.Cleanup(func() { admin.Close() })
	if err := admin.Ping(); err != nil { // opening creates the (empty) file, a valid target
		t.Fatalf("dbtest: create %s: %v", path, err)
	}
	db := &DB{Name: path, URL: path, Admin: admin}
	db.load = func(t testing.TB, script string) {
		t.Helper()
		f, err := os.Open(script)
		if err != nil {
			t.Fatalf("dbtest: %v", err)
		}
		defer f.Close()
		cmd := exec.Command(shell, "-bail", path)
		cmd.Stdin = f
		run(t, cmd, script)
	}
	return db
}

// InCI reports whether the tests run under CI, where nothing may be skipped.
func InCI() bool { return os.Getenv("CI") == "true" || os.Getenv("CI") == "1" }

// unavailable skips the test, or fails it under CI.
// serverReason is the skip reason for a missing server, as the summary counts it.
var serverReason = map[schema.Dialect]string{schema.Postgres: "no PostgreSQL server", schema.MySQL: "no MariaDB server"}

// reason is the few words Main's summary counts the skip under.
func unavailable(t testing.TB, reason, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if InCI() {
		t.Fatalf("CI=true and %s", msg)
	}
	countSkip(reason)
	t.Skip(msg)
}

const (
	defaultPostgres = "postgres://root@127.0.0.1:5432/postgres?sslmode=disable"
	defaultMySQL    = "mysql://root@127.0.0.1:3306/"
)

// PostgresAdminURL is the URL of the test PostgreSQL server's maintenance database.
func PostgresAdminURL() string {
	if u := os.Getenv("DBINSPECT_TEST_POSTGRES"); u != "" {
		return u
	}
	return defaultPostgres
}

// MySQLAdminURL is the URL of the test MariaDB/MySQL server.
func MySQLAdminURL() string {
	if u := os.Getenv("DBINSPECT_TEST_MYSQL"); u != "" {
		return u
	}
	return defaultMySQL
}

var unsafeChars = regexp.MustCompile(`[^a-z0-9]+`)

// uniqueName makes a database name from the test's name and random bytes.
func uniqueName(t testing.TB) string {
	base := unsafeChars.ReplaceAllString(strings.ToLower(t.Name()), "_")
	if len(base) > 40 {
		base = base[:40]
	}
	var b [4]byte
	_, _ = rand.Read(b[:])
	return "dbi_" + strings.Trim(base, "_") + "_" + hex.EncodeToString(b[:])
}

// Postgres creates a fresh database on the test PostgreSQL server.
func Postgres(t testing.TB) *DB {
	t.Helper()
	adminURL := PostgresAdminURL()
	server, err := sql.Open("postgres", adminURL)
	if err != nil {
		t.Fatalf("dbtest: %v", err)
	}
	t.Cleanup(func() { server.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := server.PingContext(ctx); err != nil {
		unavailable(t, "no PostgreSQL server", "PostgreSQL is unreachable at %s (%v); start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` or set DBINSPECT_TEST_POSTGRES", redact(adminURL), err)
	}
	name := uniqueName(t)
	if _, err := server.Exec(`CREATE DATABASE "` + name + `"`); err != nil {
		t.Fatalf("dbtest: create database %s: %v", name, err)
	}
	u, _ := url.Parse(adminURL)
	u.Path = "/" + name
	db := &DB{Name: name, URL: u.String()}
	db.load = db.LoadPostgresFile
	db.Admin, err = sql.Open("postgres", db.URL)
	if err != nil {
		t.Fatalf("dbtest: %v", err)
	}
	t.Cleanup(func() {
		db.Admin.Close()
		if _, err := server.Exec(`DROP DATABASE IF EXISTS "` + name + `" WITH (FORCE)`); err != nil {
			t.Errorf("dbtest: drop database %s: %v", name, err)
		}
	})
	return db
}

// MySQL creates a fresh database on the test MariaDB/MySQL server. Databases the test creates
// beside it, named after it (db.Name + "_tenant1"), are dropped with it.
func MySQL(t testing.TB) *DB {
	t.Helper()
	adminURL := MySQLAdminURL()
	u, err := url.Parse(adminURL)
	if err != nil {
		t.Fatalf("dbtest: DBINSPECT_TEST_MYSQL: %v", err)
	}
	server, err := sql.Open("mysql", mysqlDSN(u, ""))
	if err != nil {
		t.Fatalf("dbtest: %v", err)
	}
	t.Cleanup(func() { server.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := server.PingContext(ctx); err != nil {
		unavailable(t, "no MariaDB server", "MariaDB is unreachable at %s (%v); start it with `start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd` or set DBINSPECT_TEST_MYSQL", redact(adminURL), err)
	}
	name := uniqueName(t)
	if _, err := server.Exec("CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci"); err != nil {
		t.Fatalf("dbtest: create database %s: %v", name, err)
	}
	u.Path = "/" + name
	db := &DB{Name: name, URL: u.String()}
	db.load = db.LoadMySQLFile
	db.Admin, err = sql.Open("mysql", mysqlDSN(u, name)+"&multiStatements=true")
	if err != nil {
		t.Fatalf("dbtest: %v", err)
	}
	t.Cleanup(func() {
		db.Admin.Close()
		for _, n := range append(siblings(t, server, name), name) {
			if _, err := server.Exec("DROP DATABASE IF EXISTS `" + n + "`"); err != nil {
				t.Errorf("dbtest: drop database %s: %v", n, err)
			}
		}
	})
	return db
}

// siblings lists the databases a test created beside its own, named after it (NAME_…), as a
// server of tenant databases has them; they are dropped with it. The name's random suffix
// keeps them apart from every other test's.
func siblings(t testing.TB, server *sql.DB, name string) []string {
	rows, err := server.Query(`SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE ?`,
		strings.ReplaceAll(name, "_", `\_`)+`\_%`)
	if err != nil {
		t.Errorf("dbtest: list the databases beside %s: %v", name, err)
		return nil
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Errorf("dbtest: %v", err)
			return out
		}
		out = append(out, n)
	}
	return out
}

// mysqlDSN builds a go-sql-driver DSN from a mysql:// URL.
func mysqlDSN(u *url.URL, database string) string {
	user := u.User.Username()
	if p, ok := u.User.Password(); ok {
		user += ":" + p
	}
	return fmt.Sprintf("%s@tcp(%s)/%s?charset=utf8mb4", user, u.Host, database)
}

// SQLite creates an SQLite database file in a temporary folder from DDL and returns its path.
func SQLite(t testing.TB, ddl string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatalf("dbtest: %v", err)
	}
	defer db.Close()
	if _, err := db.Exec(ddl); err != nil {
		t.Fatalf("dbtest: load DDL into %s: %v", path, err)
	}
	return path
}

// Exec runs statements on the database as its administrator, failing the test on error.
func (db *DB) Exec(t testing.TB, statements ...string) {
	t.Helper()
	for _, s := range statements {
		if _, err := db.Admin.Exec(s); err != nil {
			t.Fatalf("dbtest: %v\n%s", err, s)
		}
	}
}

// LoadPostgresFile loads a .sql file into db with psql, as the corpus README prescribes.
func (db *DB) LoadPostgresFile(t testing.TB, path string) {
	t.Helper()
	run(t, exec.Command("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db.URL, "-f", path), "")
}

// LoadMySQLFile loads a .sql file into db with the mariadb client (which understands the
// DELIMITER blocks the corpus uses).
func (db *DB) LoadMySQLFile(t testing.TB, path string) {
	t.Helper()
	u, _ := url.Parse(db.URL)
	host, port := u.Hostname(), u.Port()
	if port == "" {
		port = "3306"
	}
	args := []string{"-h", host, "-P", port, "-u", u.User.Username()}
	if p, ok := u.User.Password(); ok {
		args = append(args, "-p"+p)
	}
	args = append(args, db.Name)
	cmd := exec.Command(mysqlClient(), args...)
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("dbtest: %v", err)
	}
	defer f.Close()
	cmd.Stdin = f
	run(t, cmd, path)
}

func mysqlClient() string {
	if p, err := exec.LookPath("mariadb"); err == nil {
		return p
	}
	return "mysql"
}

func run(t testing.TB, cmd *exec.Cmd, what string) {
	t.Helper()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("dbtest: %s %s: %v\n%s", filepath.Base(cmd.Path), what, err, out)
	}
}

// Corpus returns the path of a corpus schema file, e.g. Corpus(t, "sakila", "postgres").
// Where the corpus is absent (a user's clone) the test is skipped; under CI it fails.
func Corpus(t testing.TB, name, dialect string) string {
	t.Helper()
	path := filepath.Join(CorpusDir(t), name, dialect+".sql")
	if _, err := os.Stat(path); err != nil {
		unavailable(t, "no ../shared corpus", "corpus file %s is missing: %v", path, err)
	}
	return path
}

// CorpusNames lists the corpus schemas that have a file for the dialect, in name order.
func CorpusNames(t testing.TB, dialect schema.Dialect) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(CorpusDir(t), "*", string(dialect)+".sql"))
	if err != nil {
		t.Fatalf("dbtest: %v", err)
	}
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = filepath.Base(filepath.Dir(f))
	}
	return names
}

// CorpusDir returns the shared corpus folder, skipping (or failing under CI) when absent.
func CorpusDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("DBINSPECT_CORPUS")
	if dir == "" {
		root, err := repoRoot()
		if err != nil {
			t.Fatalf("dbtest: %v", err)
		}
		dir = filepath.Join(root, "..", "shared", "corpus")
	}
	if _, err := os.Stat(dir); err != nil {
		unavailable(t, "no ../shared corpus", "the shared schema corpus is not at %s (set DBINSPECT_CORPUS to its folder)", dir)
	}
	return dir
}

// BenchDir returns the shared bench folder (gen_schema.py), or "" when absent.
func BenchDir() string {
	root, err := repoRoot()
	if err != nil {
		return ""
	}
	dir := filepath.Join(root, "..", "shared", "bench")
	if _, err := os.Stat(dir); err != nil {
		return ""
	}
	return dir
}

// repoRoot finds the folder holding go.mod, walking up from the working directory.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the working directory")
		}
		dir = parent
	}
}

// redact hides the password of a URL for messages.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparseable URL)"
	}
	return u.Redacted()
}

// Server returns the admin URL of the test server of the dialect (PostgreSQL or MariaDB)
// once it answers, for tests that need a server but no fresh database of their own (the
// scratch-database tests make theirs); it skips, or fails under CI, like Fresh.
func Server(t testing.TB, dialect schema.Dialect) string {
	t.Helper()
	driver, admin, dsn := "postgres", PostgresAdminURL(), PostgresAdminURL()
	hint := "start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` or set DBINSPECT_TEST_POSTGRES"
	if dialect == schema.MySQL {
		u, err := url.Parse(MySQLAdminURL())
		if err != nil {
			t.Fatalf("dbtest: DBINSPECT_TEST_MYSQL: %v", err)
		}
		driver, admin, dsn = "mysql", MySQLAdminURL(), mysqlDSN(u, "")
		hint = "start it with `start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd` or set DBINSPECT_TEST_MYSQL"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatalf("dbtest: %v", err)
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		unavailable(t, serverReason[dialect], "%s is unreachable at %s (%v); %s", dialect, redact(admin), err, hint)
	}
	return admin
}

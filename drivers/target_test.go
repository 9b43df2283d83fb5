package drivers

import (
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/schema"
)

// files makes a folder with one file of each kind a TARGET can name.
func files(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("app.db", append([]byte("SQLite format 3\x00"), make([]byte, 100)...))
	write("noext", append([]byte("SQLite format 3\x00"), make([]byte, 100)...))
	write("empty.db", nil)
	write("snap.json", []byte(`{"format_version":1,"dialect":"postgres","schemas":[]}`))
	write("snapshot", []byte(`  {"format_version":1}`))
	write("schema.sql", []byte("CREATE TABLE t (id int);"))
	write("notes.txt", []byte("hello"))
	if err := os.Mkdir(filepath.Join(dir, "folder"), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestResolveTargets(t *testing.T) {
	dir := files(t)
	t.Chdir(dir)
	cases := []struct {
		arg      string
		kind     Kind
		dialect  schema.Dialect
		path     string // for files, relative to dir
		dsn      string // substring the DSN must contain
		password string
		display  string
		database string
	}{
		{arg: "postgres://u:secret@db.example:5433/app?sslmode=disable", kind: KindURL, dialect: schema.Postgres,
			dsn: "postgres://u@db.example:5433/app?sslmode=disable", password: "secret", display: "postgres://u:xxxxx@db.example:5433/app?sslmode=disable", database: "app"},
		{arg: "postgres://u:secret@db/app#pasted-note", kind: KindURL, dialect: schema.Postgres,
			dsn: "postgres://u@db/app?sslmode=prefer", password: "secret", display: "postgres://u:xxxxx@db/app?sslmode=prefer", database: "app"},
		{arg: "postgresql://u@db/app", kind: KindURL, dialect: schema.Postgres, dsn: "sslmode=prefer", database: "app"},
		{arg: "postgresql+psycopg2://u:pw9@db/app", kind: KindURL, dialect: schema.Postgres, dsn: "postgres://u@db/app", password: "pw9", display: "postgres://u:xxxxx@db/app?sslmode=prefer", database: "app"},
		{arg: "mysql://root:pw@127.0.0.1:3306/shop", kind: KindURL, dialect: schema.MySQL, dsn: "root@tcp(127.0.0.1:3306)/shop", password: "pw", database: "shop"},
		{arg: "mariadb://root@localhost/shop", kind: KindURL, dialect: schema.MySQL, dsn: "root@tcp(localhost:3306)/shop", database: "shop"},
		{arg: "mysql+pymysql://root:pw@db/shop?charset=utf8mb4", kind: KindURL, dialect: schema.MySQL, dsn: "root@tcp(db:3306)/shop", password: "pw", database: "shop"},
		{arg: "sqlite:///app.db", kind: KindSQLite, dialect: schema.SQLite, path: "app.db"},
		{arg: "sqlite:////" + strings.TrimPrefix(filepath.Join(dir, "app.db"), "/"), kind: KindSQLite, dialect: schema.SQLite, path: "app.db"},
		{arg: "sqlite:app.db", kind: KindSQLite, dialect: schema.SQLite, path: "app.db"},
		{arg: "sqlite+pysqlite:///app.db", kind: KindSQLite, dialect: schema.SQLite, path: "app.db"},
		{arg: "file:app.db", kind: KindSQLite, dialect: schema.SQLite, path: "app.db"},
		{arg: "file://" + filepath.Join(dir, "app.db"), kind: KindSQLite, dialect: schema.SQLite, path: "app.db"},
		{arg: "app.db", kind: KindSQLite, dialect: schema.SQLite, path: "app.db"},
		{arg: "noext", kind: KindSQLite, dialect: schema.SQLite, path: "noext"},
		{arg: "empty.db", kind: KindSQLite, dialect: schema.SQLite, path: "empty.db"},
		{arg: "snap.json", kind: KindSnapshot, path: "snap.json"},
		{arg: "snapshot", kind: KindSnapshot, path: "snapshot"},
		{arg: "schema.sql", kind: KindSQLFile, path: "schema.sql"},
		{arg: "folder", kind: KindMigrations, path: "folder"},
	}
	for _, c := range cases {
		t.Run(c.arg, func(t *testing.T) {
			got, err := Resolve(c.arg)
			if err != nil {
				t.Fatalf("Resolve: %v", err)
			}
			if got.Kind != c.kind || got.Dialect != c.dialect {
				t.Errorf("kind, dialect = %v, %q; want %v, %q", got.Kind, got.Dialect, c.kind, c.dialect)
			}
			if c.path != "" && got.Path != filepath.Join(dir, c.path) {
				t.Errorf("path = %q, want %q", got.Path, filepath.Join(dir, c.path))
			}
			if !strings.Contains(got.DSN, c.dsn) {
				t.Errorf("DSN = %q, want it to contain %q", got.DSN, c.dsn)
			}
			if got.Password != c.password {
				t.Errorf("password = %q, want %q", got.Password, c.password)
			}
			if c.password != "" && strings.Contains(got.DSN, c.password) {
				t.Errorf("DSN %q holds the password", got.DSN)
			}
			if c.display != "" && got.Display != c.display {
				t.Errorf("display = %q, want %q", got.Display, c.display)
			}
			if strings.Contains(got.String(), "secret") || strings.Contains(got.String(), ":pw@") {
				t.Errorf("String() shows the password: %q", got.String())
			}
			if got.Database != c.database {
				t.Errorf("database = %q, want %q", got.Database, c.database)
			}
		})
	}
}

func TestResolveRejectsBadTargets(t *testing.T) {
	dir := files(t)
	t.Chdir(dir)
	cases := []struct{ arg, want string }{
		{"", "no database given"},
		{"oracle://scott:tiger@db/orcl", "dbinspect reads PostgreSQL, MySQL/MariaDB and SQLite, not oracle"},
		{"nosuch://:hunter2@localhost/0", "unknown URL scheme"},
		{"missing.db", "not a database URL, an environment in the config, or an existing file"},
		{"sqlite:///missing.db", "missing.db is not a database URL"},
		{"sqlite://", "names no file"},
		{"notes.txt", "neither an SQLite database, a snapshot .json nor a .sql file"},
		{"sqlite:schema.sql", "is not an SQLite database"},
	}
	for _, c := range cases {
		t.Run(c.arg, func(t *testing.T) {
			_, err := Resolve(c.arg)
			if err == nil {
				t.Fatalf("Resolve(%q) succeeded; want an error", c.arg)
			}
			if !errors.Is(err, ErrTarget) {
				t.Errorf("error %v does not wrap ErrTarget", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not say %q", err, c.want)
			}
			for _, secret := range []string{"tiger", "hunter2"} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("error shows a password: %q", err)
				}
			}
		})
	}
}

// FuzzResolve: no argument may panic, and no error may repeat a URL's password.
func FuzzResolve(f *testing.F) {
	for _, s := range []string{"postgres://u:pw@h/db", "mysql://u:pw@h:3306/db?x=1", "sqlite:///a.db",
		"file:x", "postgresql+psycopg2://a:b@c/d", "mariadb://", "x://y", "C:\\db.sqlite", "::", "sqlite:////"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, arg string) {
		tgt, err := Resolve(arg)
		if err == nil && tgt == nil {
			t.Fatal("nil target without error")
		}
		if tgt == nil || tgt.Kind != KindURL {
			return
		}
		// What is shown, read back as a URL, carries no password but the redaction mark.
		if u, err := url.Parse(tgt.String()); err == nil && u.User != nil {
			if p, ok := u.User.Password(); ok && p != "xxxxx" {
				t.Fatalf("display %q shows the password %q", tgt.String(), p)
			}
		}
	})
}

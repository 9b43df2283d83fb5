package scratch

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dbinspect/dbinspect/drivers"
	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/schema"
)

// devServer returns the test server as a dev target and an admin connection to check it.
func devServer(t *testing.T, d schema.Dialect) (*drivers.Target, *sql.DB) {
	t.Helper()
	dev, err := drivers.Resolve(dbtest.Server(t, d))
	if err != nil {
		t.Fatal(err)
	}
	srv, err := connect(context.Background(), dev, Options{ConnectTimeout: 5 * time.Second, StatementTimeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.close() })
	switch s := srv.(type) {
	case *pgServer:
		return dev, s.admin
	case *myServer:
		return dev, s.admin
	}
	return nil, nil
}

// watchNames records the scratch databases this test's loads create (tests in this package
// run one at a time: afterCreate is global).
func watchNames(t *testing.T) func() []string {
	var mu sync.Mutex
	var names []string
	afterCreate = func(n string) { mu.Lock(); names = append(names, n); mu.Unlock() }
	t.Cleanup(func() { afterCreate = nil })
	return func() []string { mu.Lock(); defer mu.Unlock(); return append([]string(nil), names...) }
}

// assertGone fails when a scratch database still exists after its load returned.
func assertGone(t *testing.T, d schema.Dialect, admin *sql.DB, names []string) {
	t.Helper()
	if len(names) == 0 {
		t.Fatal("no scratch database was created")
	}
	q := "SELECT count(*) FROM pg_database WHERE datname = $1"
	if d == schema.MySQL {
		q = "SELECT count(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?"
	}
	for _, n := range names {
		var c int
		if err := admin.QueryRow(q, n).Scan(&c); err != nil {
			t.Fatal(err)
		}
		if c != 0 {
			t.Errorf("scratch database %s was left behind", n)
		}
	}
}

var serverDialects = []schema.Dialect{schema.Postgres, schema.MySQL}

func TestServerLoadDeclaredOptionsAndDrop(t *testing.T) {
	files := map[schema.Dialect]string{
		schema.Postgres: "SET client_min_messages = warning;\nCREATE DATABASE app WITH TEMPLATE = template0 ENCODING = 'LATIN1' LC_COLLATE = 'C' LC_CTYPE = 'C';\n\\connect app\nCREATE TABLE t (id int PRIMARY KEY);\nCREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;\n",
		schema.MySQL:    "/*!40101 SET NAMES utf8mb4 */;\nCREATE DATABASE /*!32312 IF NOT EXISTS*/ `shop` /*!40100 DEFAULT CHARACTER SET latin1 COLLATE latin1_swedish_ci */;\nUSE `shop`;\nCREATE TABLE t (id int PRIMARY KEY);\nDELIMITER //\nCREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END//\nDELIMITER ;\n",
	}
	want := map[schema.Dialect]string{schema.Postgres: "LATIN1 C", schema.MySQL: "latin1 latin1_swedish_ci"}
	for _, d := range serverDialects {
		t.Run(string(d), func(t *testing.T) {
			dev, admin := devServer(t, d)
			names := watchNames(t)
			var got string
			m, err := Load(context.Background(), d, dev, Source{Name: "f.sql", Statements: split(t, d, files[d]), SchemaName: "f"}, Options{},
				func(ctx context.Context, db *sql.DB, schemas []string) (*schema.Database, error) {
					q := "SELECT pg_encoding_to_char(encoding) || ' ' || datcollate FROM pg_database WHERE datname = current_database()"
					if d == schema.MySQL {
						q = "SELECT CONCAT(DEFAULT_CHARACTER_SET_NAME, ' ', DEFAULT_COLLATION_NAME) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE()"
					}
					if err := db.QueryRowContext(ctx, q).Scan(&got); err != nil {
						return nil, err
					}
					name := "public"
					if d == schema.MySQL {
						name = schemas[0]
					}
					return &schema.Database{Dialect: d, Schemas: []schema.Schema{{Name: name, Tables: []schema.Table{{Name: "t",
						ForeignKeys: []schema.ForeignKey{{RefSchema: name, RefTable: "t"}}}}}}}, nil
				})
			if err != nil {
				t.Fatal(err)
			}
			if got != want[d] {
				t.Errorf("scratch database made with %q, want %q (what the file declares)", got, want[d])
			}
			if d == schema.MySQL {
				if s := m.Schemas[0]; s.Name != "shop" || s.Tables[0].ForeignKeys[0].RefSchema != "shop" {
					t.Errorf("the MySQL schema is shown as %q (FK to %q), want the declared name shop", s.Name, s.Tables[0].ForeignKeys[0].RefSchema)
				}
			}
			assertGone(t, d, admin, names())
		})
	}
}

func TestServerLoadErrorNamesFileLineAndMessage(t *testing.T) {
	files := map[schema.Dialect]string{
		schema.Postgres: "CREATE TABLE a (id int);\n\nCREATE TABLE b (\n  id int,\n  a_id int REFERENCES missing (id)\n);\n",
		schema.MySQL:    "CREATE TABLE a (id int);\n\nCREATE TABLE b (\n  id int,\n  a_id int REFERENCE a (id\n);\n",
	}
	want := map[schema.Dialect]string{
		schema.Postgres: `f.sql:3: ERROR: relation "missing" does not exist (SQLSTATE 42P01)`,
		schema.MySQL:    "f.sql:5: ERROR 1064 (42000): You have an error in your SQL syntax",
	}
	for _, d := range serverDialects {
		t.Run(string(d), func(t *testing.T) {
			dev, admin := devServer(t, d)
			names := watchNames(t)
			_, err := Load(context.Background(), d, dev, Source{Name: "f.sql", Statements: split(t, d, files[d])}, Options{}, nil)
			if err == nil || !errors.Is(err, ErrLoad) || !strings.Contains(err.Error(), want[d]) {
				t.Errorf("err = %v, want it to say %q", err, want[d])
			}
			assertGone(t, d, admin, names())
		})
	}
}

// A statement that runs past --statement-timeout, or a run cancelled (Ctrl-C) mid-statement,
// stops at once and leaves no database behind.
func TestServerTimeoutAndCancelLeaveNothing(t *testing.T) {
	sleep := map[schema.Dialect]string{schema.Postgres: "CREATE TABLE a (id int);\nSELECT pg_sleep(30);\n", schema.MySQL: "CREATE TABLE a (id int);\nSELECT SLEEP(30);\n"}
	for _, d := range serverDialects {
		t.Run(string(d), func(t *testing.T) {
			dev, admin := devServer(t, d)
			names := watchNames(t)
			src := Source{Name: "f.sql", Statements: split(t, d, sleep[d])}
			start := time.Now()
			_, err := Load(context.Background(), d, dev, src, Options{StatementTimeout: time.Second}, nil)
			if err == nil || !strings.Contains(err.Error(), "f.sql:2: the statement ran longer than --statement-timeout 1s") {
				t.Errorf("timeout: err = %v", err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(time.Second, cancel)
			_, err = Load(ctx, d, dev, src, Options{}, nil)
			if !errors.Is(err, context.Canceled) {
				t.Errorf("cancelled: err = %v, want context.Canceled", err)
			}
			if el := time.Since(start); el > 45*time.Second { // unstopped, the two sleeps take 60 s
				t.Errorf("the two loads took %s: the sleeps were not stopped", el)
			}
			assertGone(t, d, admin, names())
		})
	}
}

func TestClean(t *testing.T) {
	for _, d := range serverDialects {
		t.Run(string(d), func(t *testing.T) {
			dev, admin := devServer(t, d)
			old := newName(time.Now().Add(-3 * time.Hour))
			young := newName(time.Now())
			for _, n := range []name{old, young} {
				q := fmt.Sprintf(`CREATE DATABASE "%s"`, n)
				if d == schema.MySQL {
					q = fmt.Sprintf("CREATE DATABASE `%s`", n)
				}
				if _, err := admin.Exec(q); err != nil {
					t.Fatal(err)
				}
			}
			t.Cleanup(func() {
				srv, _ := connect(context.Background(), dev, Options{ConnectTimeout: 5 * time.Second})
				srv.drop(context.Background(), young)
				srv.drop(context.Background(), old)
				srv.close()
			})
			left, err := Clean(context.Background(), dev, time.Hour, false, Options{})
			if err != nil {
				t.Fatal(err)
			}
			seen := map[string]bool{}
			for _, l := range left {
				seen[l.Name] = l.Dropped
			}
			if dropped, ok := seen[string(old)]; !ok || !dropped {
				t.Errorf("the three-hour-old %s was not dropped: %+v", old, left)
			}
			if dropped, ok := seen[string(young)]; !ok || dropped {
				t.Errorf("the new %s was dropped or not listed: %+v", young, left)
			}
			assertGone(t, d, admin, []string{string(old)})
		})
	}
}

func TestSameDatabase(t *testing.T) {
	resolve := func(s string) *drivers.Target {
		tg, err := drivers.Resolve(s)
		if err != nil {
			t.Fatal(err)
		}
		return tg
	}
	cases := []struct {
		dev, side string
		same      bool
	}{
		{"postgres://u@db:5432/app", "postgres://other:pw@DB/app?sslmode=require", true},
		{"postgres://u@db/app", "postgresql+psycopg2://u@db:5432/app", true},
		{"postgres://app@db", "postgres://x@db/app", true},
		{"postgres://u@db/postgres", "postgres://u@db/app", false},
		{"postgres://u@dev/app", "postgres://u@prod/app", false},
		{"mysql://root@db:3306/shop", "mariadb://app:pw@db/shop", true},
		{"mysql://root@db/", "mysql://root@db/shop", false},
		{"mysql://root@db/shop", "postgres://root@db/shop", false},
	}
	for _, c := range cases {
		if got := SameDatabase(resolve(c.dev), resolve(c.side)); got != c.same {
			t.Errorf("SameDatabase(%s, %s) = %v, want %v", c.dev, c.side, got, c.same)
		}
	}
}

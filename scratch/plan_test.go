package scratch

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/dbinspect/dbinspect/schema"
	"github.com/dbinspect/dbinspect/sqlscript"
)

func split(t *testing.T, d schema.Dialect, text string) []sqlscript.Statement {
	t.Helper()
	stmts, err := sqlscript.Split(d, sqlscript.Script{File: "f.sql", Text: text})
	if err != nil {
		t.Fatal(err)
	}
	return stmts
}

func TestPlanDeclaresTheFilesDatabase(t *testing.T) {
	cases := []struct {
		name    string
		dialect schema.Dialect
		text    string
		want    declaration
		runs    int
	}{
		{"mysqldump", schema.MySQL, "/*!40101 SET NAMES utf8mb4 */;\nDROP DATABASE IF EXISTS `shop`;\nCREATE DATABASE /*!32312 IF NOT EXISTS*/ `shop` /*!40100 DEFAULT CHARACTER SET latin1 COLLATE latin1_swedish_ci */;\nUSE `shop`;\nCREATE TABLE t (a int);",
			declaration{database: "shop", charset: "latin1", collation: "latin1_swedish_ci"}, 2},
		{"mysql USE only", schema.MySQL, "USE app;\nCREATE TABLE t (a int);\nUSE app;", declaration{database: "app"}, 1},
		{"mysql CHARSET =", schema.MySQL, "CREATE SCHEMA s CHARSET = utf8mb4 COLLATE = utf8mb4_bin;", declaration{database: "s", charset: "utf8mb4", collation: "utf8mb4_bin"}, 0},
		{"mysql ALTER DATABASE without a name runs", schema.MySQL, "ALTER DATABASE CHARACTER SET utf8mb4;", declaration{}, 1},
		{"pg_dump -C", schema.Postgres, "CREATE DATABASE pagila WITH TEMPLATE = template0 ENCODING = 'UTF8' LOCALE_PROVIDER = libc LOCALE = 'en_US.UTF-8';\nALTER DATABASE pagila OWNER TO postgres;\n\\connect pagila\n\\restrict abc\nCREATE TABLE t (a int);",
			declaration{database: "pagila", charset: "UTF8", locale: "en_US.UTF-8", provider: "libc"}, 1},
		{"psql \\c alone", schema.Postgres, "\\c app\nCREATE TABLE t (a int);\n\\set ON_ERROR_STOP 1\n", declaration{database: "app"}, 1},
		{"grants on objects run", schema.Postgres, "GRANT SELECT ON ALL TABLES IN SCHEMA public TO PUBLIC;\nCREATE USER MAPPING FOR PUBLIC SERVER s;", declaration{}, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := plan(c.dialect, split(t, c.dialect, c.text))
			if err != nil {
				t.Fatal(err)
			}
			if p.decl != c.want {
				t.Errorf("declaration = %+v, want %+v", p.decl, c.want)
			}
			if len(p.statements) != c.runs {
				t.Errorf("%d statements run, want %d: %v", len(p.statements), c.runs, p.statements)
			}
		})
	}
}

func TestPlanRefusesWhatReachesOutside(t *testing.T) {
	cases := []struct {
		dialect schema.Dialect
		text    string
		want    string
	}{
		{schema.Postgres, "CREATE TABLE a (x int);\nCREATE DATABASE other;", "f.sql:2: CREATE DATABASE other is refused"},
		{schema.Postgres, "CREATE DATABASE a;\nCREATE DATABASE b;", "f.sql:2: CREATE DATABASE b is refused"},
		{schema.Postgres, "DROP DATABASE prod;", "f.sql:1: DROP DATABASE prod is refused"},
		{schema.Postgres, "ALTER DATABASE prod SET work_mem = '1GB';", "ALTER DATABASE prod is refused"},
		{schema.Postgres, "CREATE DATABASE app;\n\\connect app\nCREATE TABLE t (a int);\nDROP DATABASE app;", "f.sql:4: DROP DATABASE app is refused"},
		{schema.Postgres, "CREATE ROLE app LOGIN;", "CREATE ROLE is refused: it changes the server"},
		{schema.Postgres, "ALTER USER app PASSWORD 'x';", "ALTER USER is refused"},
		{schema.Postgres, "CREATE TABLESPACE t LOCATION '/tmp';", "CREATE TABLESPACE is refused"},
		{schema.Postgres, "ALTER SYSTEM SET fsync = off;", "ALTER SYSTEM is refused"},
		{schema.Postgres, "COPY t FROM '/etc/passwd';", "COPY is refused"},
		{schema.Postgres, "GRANT admin TO app;", "GRANT of a role is refused"},
		{schema.Postgres, "LOAD 'plugin';", "LOAD is refused"},
		{schema.Postgres, "\\c app\n\\c other\n", "f.sql:2: psql's \\c to another database is refused"},
		{schema.Postgres, "\\i other.sql\n", "psql's \\i is refused"},
		{schema.Postgres, "\\! rm -rf /\n", "psql's \\! is refused"},
		{schema.MySQL, "USE a;\nUSE b;", "f.sql:2: USE b is refused"},
		{schema.MySQL, "DROP DATABASE mysql;\n", "DROP DATABASE mysql is refused"},
		{schema.MySQL, "CREATE TABLE t (a int);\nUSE other;", "f.sql:2: USE other is refused"},
		{schema.MySQL, "DROP DATABASE IF EXISTS a;\nCREATE DATABASE b;", "f.sql:1: DROP DATABASE a is refused"},
		{schema.MySQL, "CREATE DATABASE a;\nCREATE DATABASE b;", "CREATE DATABASE b is refused"},
		{schema.MySQL, "ALTER DATABASE other CHARACTER SET latin1;", "ALTER DATABASE other is refused"},
		{schema.MySQL, "CREATE USER 'x'@'%';", "CREATE USER is refused"},
		{schema.MySQL, "GRANT ALL ON *.* TO 'x'@'%';", "GRANT is refused"},
		{schema.MySQL, "SET GLOBAL max_connections = 1;", "SET GLOBAL is refused"},
		{schema.MySQL, "SET @@global.sql_mode = '';", "SET GLOBAL is refused"},
		{schema.MySQL, "SELECT * FROM t INTO OUTFILE '/tmp/x';", "reading or writing server files is refused"},
		{schema.MySQL, "LOAD DATA INFILE '/etc/passwd' INTO TABLE t;", "LOAD DATA is refused"},
		{schema.MySQL, "INSTALL PLUGIN x SONAME 'x.so';", "INSTALL PLUGIN is refused"},
		{schema.MySQL, "CREATE DATABASE s CHARACTER SET `latin1; DROP`;", "is not a name"},
	}
	for _, c := range cases {
		t.Run(c.text, func(t *testing.T) {
			_, err := plan(c.dialect, split(t, c.dialect, c.text))
			if err == nil || !errors.Is(err, ErrLoad) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want it to say %q", err, c.want)
			}
		})
	}
}

// Statements that only look like the refused ones run.
func TestPlanLetsLookalikesRun(t *testing.T) {
	for _, c := range []struct {
		dialect schema.Dialect
		text    string
	}{
		{schema.MySQL, "CREATE TABLE t (outfile int, dumpfile int, `global` int);"},
		{schema.MySQL, "SET @global = 1;"},
		{schema.MySQL, "SET SESSION sql_mode = 'ANSI';"},
		{schema.MySQL, "START TRANSACTION;"},
		{schema.Postgres, "CREATE TABLE copy (database text, role text);"},
		{schema.Postgres, "SET ROLE app;"},
	} {
		p, err := plan(c.dialect, split(t, c.dialect, c.text))
		if err != nil || len(p.statements) != 1 {
			t.Errorf("%s: err = %v, statements = %d", c.text, err, len(p.statements))
		}
	}
}

func TestScratchNames(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	n := newName(now)
	got, created, ok := parseName(string(n))
	if !ok || got != n || !created.Equal(now) {
		t.Errorf("parseName(%s) = %s, %v, %v", n, got, created, ok)
	}
	if newName(now) == n {
		t.Error("two names made in the same second are equal")
	}
	for _, s := range []string{"prod", "dbinspect_scratch_", "dbinspect_scratch_1_abc", "dbinspect_scratch_1_ABCDEF01", "x_dbinspect_scratch_1_abcdef01", "dbinspect_scratch_1_abcdef01; DROP"} {
		if _, _, ok := parseName(s); ok {
			t.Errorf("%q taken for a scratch name", s)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("name.check accepted a name that is not a scratch name")
		}
	}()
	name("prod").check()
}

package export

import (
	"bytes"
	"flag"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/ddl"
	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/schema"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden/")

// goldenFormats are the outputs kept as golden files, by file extension.
var goldenFormats = []struct {
	name, ext string
	opts      Options
}{
	{"sql", "sql", Options{}},
	{"sqlalchemy", "py", Options{}},
	{"sqlalchemy", "v14.py", Options{SQLAlchemy: 1}},
	{"gorm", "go.txt", Options{}},
	{"gorm", "sqlnull.go.txt", Options{GoNulls: "sql", GoPackage: "shop"}},
	{"mermaid", "mmd", Options{}},
	{"dot", "dot", Options{}},
}

func render(t *testing.T, format string, o Options, db *schema.Database) []byte {
	t.Helper()
	ex, err := For(format, o)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := ex.Export(&b, db); err != nil {
		t.Fatalf("%s: %v", format, err)
	}
	return b.Bytes()
}

func TestGolden(t *testing.T) {
	for dialect, db := range fixtures() {
		for _, f := range goldenFormats {
			t.Run(dialect+"."+f.ext, func(t *testing.T) {
				got := render(t, f.name, f.opts, db)
				path := filepath.Join("testdata", "golden", dialect+"."+f.ext)
				if *update {
					os.MkdirAll(filepath.Dir(path), 0o755)
					if err := os.WriteFile(path, got, 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (go test ./output/export -update creates it)", err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s differs from the golden file (go test ./output/export -update refreshes it after review):\n%s", path, got)
				}
			})
		}
	}
}

func TestUnknownFormatAndOptions(t *testing.T) {
	for _, c := range []struct {
		format string
		o      Options
	}{{"xml", Options{}}, {"sqlalchemy", Options{SQLAlchemy: 3}}, {"gorm", Options{GoNulls: "maybe"}}, {"gorm", Options{GoPackage: "no-dash"}}} {
		if _, err := For(c.format, c.o); err == nil {
			t.Errorf("For(%q, %+v) accepted", c.format, c.o)
		}
	}
}

// need finds a program, skipping the test outside CI (failing under CI) when it is missing.
func need(t *testing.T, program string, args ...string) string {
	t.Helper()
	path, err := exec.LookPath(program)
	if err == nil && len(args) > 0 {
		err = exec.Command(path, args...).Run()
	}
	if err != nil {
		msg := program + " " + strings.Join(args, " ") + " is not available (" + err.Error() + ")"
		if dbtest.InCI() {
			t.Fatalf("CI=true and %s", msg)
		}
		t.Skip(msg + "; .ci/run installs it")
	}
	return path
}

// python is Debian's python3 with SQLAlchemy 1.4 and the drivers (apt-get install
// python3-sqlalchemy python3-psycopg2 python3-pymysql).
func python(t *testing.T) string {
	t.Helper()
	py := "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		py = "python3"
	}
	return need(t, py, "-c", "import sqlalchemy, psycopg2, pymysql")
}

func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func runCmd(t *testing.T, cmd *exec.Cmd, what string) {
	t.Helper()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", what, err, out)
	}
}

// applySQL loads an SQL export into a fresh database of its dialect with the dialect's own
// client and returns the database's dbinspect target.
func applySQL(t *testing.T, d schema.Dialect, script []byte) string {
	t.Helper()
	db := dbtest.Fresh(t, d)
	db.LoadScript(t, string(script))
	return db.URL
}

func TestSQLExportApplies(t *testing.T) {
	for dialect, db := range fixtures() {
		t.Run(dialect, func(t *testing.T) {
			applySQL(t, db.Dialect, render(t, "sql", Options{}, db))
		})
	}
}

// sqlalchemyURL turns a test database's URL into a SQLAlchemy one.
func sqlalchemyURL(d schema.Dialect, target string) string {
	switch d {
	case schema.SQLite:
		return "sqlite:///" + target
	case schema.Postgres:
		u, _ := url.Parse(target)
		u.Scheme = "postgresql+psycopg2"
		u.RawQuery = ""
		return u.String()
	}
	u, _ := url.Parse(target)
	u.Scheme = "mysql+pymysql"
	u.RawQuery = "charset=utf8mb4"
	return u.String()
}

const createAllScript = `
import importlib.util, sys
import sqlalchemy as sa
from sqlalchemy import orm
spec = importlib.util.spec_from_file_location("models", sys.argv[1])
models = importlib.util.module_from_spec(spec)
spec.loader.exec_module(models)
orm.configure_mappers()  # relationships resolve: names, foreign_keys, back_populates
engine = sa.create_engine(sys.argv[2])
models.Base.metadata.create_all(engine)
`

// createAll runs a generated module's Base.metadata.create_all on a fresh database and
// returns the database's dbinspect target.
// pythonPath, when given, goes in front of Debian's packages (SQLAlchemy 2.0: sqlalchemy2).
func createAll(t *testing.T, d schema.Dialect, module []byte, pythonPath ...string) string {
	t.Helper()
	py := python(t)
	modelPath := writeTemp(t, "models.py", module)
	var target string
	switch d {
	case schema.SQLite:
		target = filepath.Join(t.TempDir(), "sa.db")
	case schema.Postgres:
		target = dbtest.Postgres(t).URL
	default:
		target = dbtest.MySQL(t).URL
	}
	cmd := exec.Command(py, "-c", createAllScript, modelPath, sqlalchemyURL(d, target))
	if len(pythonPath) > 0 {
		cmd.Env = append(os.Environ(), "PYTHONPATH="+strings.Join(pythonPath, ":"))
	}
	runCmd(t, cmd, "create_all of "+modelPath)
	return target
}

// TestSQLAlchemyCreateAll runs the Column-style models on Debian's SQLAlchemy 1.4 and the
// default Mapped-style ones on SQLAlchemy 2.0.
func TestSQLAlchemyCreateAll(t *testing.T) {
	for dialect, db := range fixtures() {
		t.Run(dialect+"/1.4", func(t *testing.T) {
			createAll(t, db.Dialect, render(t, "sqlalchemy", Options{SQLAlchemy: 1}, db))
		})
		t.Run(dialect+"/2.0", func(t *testing.T) {
			createAll(t, db.Dialect, render(t, "sqlalchemy", Options{}, db), sqlalchemy2(t))
		})
	}
}

func TestSQLAlchemy2Compiles(t *testing.T) {
	py := python(t)
	for dialect, db := range fixtures() {
		t.Run(dialect, func(t *testing.T) {
			path := writeTemp(t, "models2.py", render(t, "sqlalchemy", Options{SQLAlchemy: 2}, db))
			runCmd(t, exec.Command(py, "-m", "py_compile", path), "py_compile")
		})
	}
}

// autoMigrate compiles the GORM export inside testdata/gormcheck (a module of its own that
// requires gorm and its drivers, so they stay test-only) and runs AutoMigrate on a fresh
// database.
func autoMigrate(t *testing.T, db *schema.Database, code []byte) string {
	t.Helper()
	d := db.Dialect
	goCmd := need(t, "go")
	dir := t.TempDir()
	for _, f := range []string{"go.mod", "go.sum"} {
		data, err := os.ReadFile(filepath.Join("testdata", "gormcheck", f))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, f), data, 0o644)
	}
	main, _ := os.ReadFile(filepath.Join("testdata", "gormcheck", "main.go.txt"))
	os.WriteFile(filepath.Join(dir, "main.go"), main, 0o644)
	os.MkdirAll(filepath.Join(dir, "models"), 0o755)
	os.WriteFile(filepath.Join(dir, "models", "models.go"), code, 0o644)
	var target, dsn string
	switch d {
	case schema.SQLite:
		target = filepath.Join(t.TempDir(), "gorm.db")
		dsn = target
	case schema.Postgres:
		pg := dbtest.Postgres(t)
		// AutoMigrate creates no schemas or types; the SQL export's prelude does.
		pg.LoadPostgresFile(t, writeTemp(t, "prelude.sql", []byte(prelude(db))))
		target = pg.URL
		dsn = target
	default:
		target = dbtest.MySQL(t).URL
		u, _ := url.Parse(target)
		dsn = "root@tcp(" + u.Host + ")" + u.Path + "?charset=utf8mb4&parseTime=true"
	}
	cmd := exec.Command(goCmd, "run", ".", string(d), dsn)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "CGO_ENABLED=0")
	runCmd(t, cmd, "gorm AutoMigrate")
	return target
}

func TestGORMAutoMigrate(t *testing.T) {
	for dialect, db := range fixtures() {
		t.Run(dialect, func(t *testing.T) {
			autoMigrate(t, db, render(t, "gorm", Options{}, db))
		})
	}
}

// prelude is the part of the SQL export that comes before the tables: schemas, extensions,
// types and functions, which GORM cannot create.
// Sequences that the models' serial columns create are left out, and schema comments are
// kept.
func prelude(db *schema.Database) string {
	var b strings.Builder
	serial := gormSequences(db)
	tables := false
	for _, s := range ddl.Create(db) {
		tables = tables || s.Kind == ddl.KindTable
		switch {
		case s.Kind == ddl.KindNote || (s.Kind == ddl.KindSequence && serial[s.Name]):
		case !tables || (s.Kind == ddl.KindComment && strings.HasPrefix(s.SQL, "COMMENT ON SCHEMA")):
			b.WriteString(s.SQL + ";\n")
		}
	}
	return b.String()
}

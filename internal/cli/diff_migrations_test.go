package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/schema"
)

func TestMigrationFileFlagErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--format", "sql", "--pair", "goose"}, "give the migrations folder with -o DIR"},
		{[]string{"--format", "sql", "--pair", "liquibase", "-o", "x"}, `--pair "liquibase": want one of golang-migrate, goose, flyway, dbmate`},
		{[]string{"--format", "json", "--pair", "goose", "-o", "x"}, "--pair needs --format sql"},
		{[]string{"--format", "alembic", "--pair", "goose"}, "--pair needs --format sql, not alembic"},
		{[]string{"--format", "sql", "--revision-id", "x"}, "--revision-id needs --format alembic"},
		{[]string{"--alembic-dir", "x"}, "--alembic-dir needs --format alembic"},
		{[]string{"--format", "sql", "-m", "x"}, "--message needs --format alembic or --pair"},
		{[]string{"--format", "alembic", "--split"}, "--split needs --format sql"},
		{[]string{"--format", "alembic", "--alembic-dir", "x", "--down-revision", "y"}, "give one"},
		{[]string{"--format", "sql", "--pair", "goose", "-o", "x", "--concurrently"}, "--concurrently does not go with --pair"},
	} {
		_, stderr, code := dbinspect(t, append([]string{"diff", "a.db", "b.db"}, c.args...)...)
		if code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, %q; want exit 2 saying %q", c.args, code, stderr, c.want)
		}
	}
}

// TestAlembicDir: with --alembic-dir the revision follows the folder's head and is written
// there under the name alembic revision gives it; two heads are an error.
func TestAlembicDir(t *testing.T) {
	from, to := dbtest.Fresh(t, schema.SQLite), dbtest.Fresh(t, schema.SQLite)
	execScript(t, from.Admin, "CREATE TABLE t (id INTEGER PRIMARY KEY)")
	execScript(t, to.Admin, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)")
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a1_first.py"), []byte("revision = 'a1'\ndown_revision = None\n"), 0o644)
	args := []string{"diff", from.URL, to.URL, "--format", "alembic", "--alembic-dir", dir, "-m", "Add name", "--revision-id", "b2c3"}
	stdout, stderr, code := dbinspect(t, args...)
	path := filepath.Join(dir, "b2c3_add_name.py")
	if code != 1 || stdout != "" || !strings.Contains(stderr, "wrote "+path) {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	rev := readFile(t, path)
	for _, want := range []string{`revision = "b2c3"`, `down_revision = "a1"`, "Revises: a1", `op.add_column("t", sa.Column("name", sa.Text(), nullable=True))`} {
		if !strings.Contains(rev, want) {
			t.Errorf("the revision lacks %q:\n%s", want, rev)
		}
	}
	os.WriteFile(filepath.Join(dir, "c4_other.py"), []byte("revision = 'c4'\ndown_revision = 'a1'\n"), 0o644)
	args[len(args)-1] = "d5"
	if _, stderr, code := dbinspect(t, args...); code != 2 || !strings.Contains(stderr, "2 heads (b2c3, c4)") {
		t.Errorf("two heads: exit %d, %q", code, stderr)
	}
}

package cli

import (
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/schema"
)

// An Alembic project of three revisions: a table, a second one with a foreign key, then an
// ALTER of the first and an index.
var alembicProject = map[string]string{
	"alembic.ini": "[alembic]\nscript_location = %(here)s\n",
	"env.py": `import os
from alembic import context
from sqlalchemy import create_engine

url = os.environ["TEST_DB_URL"]
if context.is_offline_mode():
    context.configure(url=url, literal_binds=True, target_metadata=None)
    with context.begin_transaction():
        context.run_migrations()
else:
    with create_engine(url).connect() as connection:
        context.configure(connection=connection, target_metadata=None)
        with context.begin_transaction():
            context.run_migrations()
`,
	"versions/a1_users.py": `import sqlalchemy as sa
from alembic import op
revision, down_revision, branch_labels, depends_on = "a1", None, None, None
def upgrade():
    op.create_table("users", sa.Column("id", sa.Integer, primary_key=True), sa.Column("email", sa.String(120), nullable=False, unique=True))
def downgrade():
    op.drop_table("users")
`,
	"versions/b2_orders.py": `import sqlalchemy as sa
from alembic import op
revision, down_revision, branch_labels, depends_on = "b2", "a1", None, None
def upgrade():
    op.create_table("orders", sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", name="orders_user_fk"), nullable=False),
        sa.Column("total", sa.Numeric(10, 2), nullable=False, server_default="0"))
def downgrade():
    op.drop_table("orders")
`,
	"versions/c3_names.py": `import sqlalchemy as sa
from alembic import op
revision, down_revision, branch_labels, depends_on = "c3", "b2", None, None
def upgrade():
    op.add_column("users", sa.Column("name", sa.String(100)))
    op.create_index("orders_user_idx", "orders", ["user_id"])
def downgrade():
    op.drop_index("orders_user_idx", "orders")
    op.drop_column("users", "name")
`,
}

// alembic returns Debian's python3 when it has Alembic and the drivers (.ci/run installs
// python3-alembic python3-psycopg2 python3-pymysql).
func alembic(t *testing.T) string {
	t.Helper()
	py := "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		py = "python3"
	}
	if out, err := exec.Command(py, "-c", "import alembic, sqlalchemy, psycopg2, pymysql").CombinedOutput(); err != nil {
		msg := "python3 with alembic, psycopg2 and pymysql is needed (apt-get install python3-alembic python3-psycopg2 python3-pymysql): " + strings.TrimSpace(string(out))
		if dbtest.InCI() {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return py
}

// sqlalchemyURL spells a test database's URL for SQLAlchemy.
func sqlalchemyURL(t *testing.T, d schema.Dialect, target string) string {
	if d == schema.SQLite {
		abs, _ := filepath.Abs(target)
		return "sqlite:///" + abs
	}
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	u.Scheme = map[schema.Dialect]string{schema.Postgres: "postgresql+psycopg2", schema.MySQL: "mysql+pymysql"}[d]
	u.RawQuery = ""
	return u.String()
}

// TestAlembicOfflineSQLRecipe runs the README's Alembic recipe for real: `alembic upgrade
// head` migrates a live database, `alembic upgrade head --sql` writes the same migrations as
// SQL (BEGIN … COMMIT, alembic_version rows), and dbinspect finds the two equal — through a
// scratch database on PostgreSQL and MariaDB, in memory for SQLite.
func TestAlembicOfflineSQLRecipe(t *testing.T) {
	py := alembic(t)
	for _, d := range []schema.Dialect{schema.Postgres, schema.MySQL, schema.SQLite} {
		t.Run(string(d), func(t *testing.T) {
			live := dbtest.Fresh(t, d)
			dir := t.TempDir()
			for name, content := range alembicProject {
				os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755)
				os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644)
			}
			run := func(args ...string) []byte {
				cmd := exec.Command(py, append([]string{"-m", "alembic", "-c", filepath.Join(dir, "alembic.ini")}, args...)...)
				cmd.Env = append(os.Environ(), "TEST_DB_URL="+sqlalchemyURL(t, d, live.URL))
				out, err := cmd.Output()
				if err != nil {
					t.Fatalf("alembic %s: %v\n%s", strings.Join(args, " "), err, out)
				}
				return out
			}
			run("upgrade", "head")
			expected := filepath.Join(dir, "expected.sql")
			os.WriteFile(expected, run("upgrade", "head", "--sql"), 0o644)
			if sql := readFile(t, expected); !strings.Contains(sql, "INSERT INTO alembic_version") {
				t.Fatalf("the offline SQL has no alembic_version rows:\n%s", sql)
			}
			args := []string{"diff", live.URL, expected}
			if d != schema.SQLite {
				args = append(args, "--dev-url", dbtest.Server(t, d))
			}
			if stdout, stderr, code := dbinspect(t, args...); code != 0 {
				t.Errorf("live database vs alembic upgrade head --sql: exit %d, want 0\n%s%s", code, stdout, stderr)
			}
			// Both sides have alembic_version, so including it changes nothing here.
			if _, stderr, code := dbinspect(t, append(args, "--include-migration-tables", "-q")...); code != 0 {
				t.Errorf("--include-migration-tables: exit %d: %s", code, stderr)
			}
		})
	}
}

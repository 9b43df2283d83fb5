package alembic

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/drivers/dbtest"
)

func TestHead(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		want  string
		err   string
	}{
		{name: "empty folder: the first revision", files: map[string]string{}, want: ""},
		{name: "a chain", files: map[string]string{
			"a1_first.py":  "revision = 'a1'\ndown_revision = None\n",
			"b2_second.py": "revision: str = \"b2\"\ndown_revision: Union[str, None] = \"a1\"\n",
			"c3_third.py":  "revision = 'c3'\ndown_revision = 'b2'\n",
			"__init__.py":  "",
			"helpers.py":   "x = 1\n",
		}, want: "c3"},
		{name: "a merge revision names two parents", files: map[string]string{
			"a1.py": "revision = 'a1'\ndown_revision = None\n",
			"b2.py": "revision = 'b2'\ndown_revision = 'a1'\n",
			"c3.py": "revision = 'c3'\ndown_revision = 'a1'\n",
			"d4.py": "revision = 'd4'\ndown_revision = ('b2', 'c3')\n",
		}, want: "d4"},
		{name: "two heads", files: map[string]string{
			"a1.py": "revision = 'a1'\ndown_revision = None\n",
			"b2.py": "revision = 'b2'\ndown_revision = 'a1'\n",
			"c3.py": "revision = 'c3'\ndown_revision = 'a1'\n",
		}, err: "2 heads (b2, c3): give --down-revision"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, text := range c.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			got, err := Head(dir)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("Head: %v, want an error with %q", err, c.err)
				}
				return
			}
			if err != nil || got != c.want {
				t.Fatalf("Head = %q, %v; want %q", got, err, c.want)
			}
		})
	}
	if _, err := Head(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("Head of a missing folder: no error")
	}
}

func TestFileName(t *testing.T) {
	for msg, want := range map[string]string{
		"Add nick to users":  "ab12_add_nick_to_users.py",
		"":                   "ab12.py",
		"  --hotfix: prod!!": "ab12_hotfix_prod.py",
		"ünïcode / ../x":     "ab12_n_code_x.py",
	} {
		if got := FileName("ab12", msg); got != want {
			t.Errorf("FileName(%q) = %q, want %q", msg, got, want)
		}
	}
}

// TestSQLLiteral checks the Python literals of op.execute by having Python read them back:
// quotes, backslashes, bind-like colons, triple quotes, control characters and non-ASCII.
func TestSQLLiteral(t *testing.T) {
	py := "/usr/bin/python3" // Debian's, with python3-sqlalchemy (.ci/run installs it)
	if err := exec.Command(py, "-c", "import sqlalchemy").Run(); err != nil {
		if dbtest.InCI() {
			t.Fatal("python3 with SQLAlchemy is needed (apt-get install python3-sqlalchemy)")
		}
		t.Skip("python3 with SQLAlchemy is needed (apt-get install python3-sqlalchemy)")
	}
	sqls := []string{
		`SELECT 1`,
		`ALTER TABLE "a"."b" ALTER COLUMN "c" SET DEFAULT 'x'::text`,
		`COMMENT ON TABLE "t" IS 'it''s "quoted" \ and :name and ::int'`,
		"CREATE VIEW v AS\nSELECT ':x' AS a,\n    \"b\" FROM t",
		"CREATE FUNCTION f() RETURNS text AS $$ SELECT '\"\"\"' $$ LANGUAGE sql",
		"SELECT '\\n' AS backslash,\n 2",
		"SELECT 'tab\there',\n 'bell\a', 'é €'",
		`SELECT '"'`,
		"SELECT 1,\n'\"'",
	}
	var prog strings.Builder
	prog.WriteString("import sys\nfrom sqlalchemy import text\nout = []\n")
	for _, s := range sqls {
		lit := sqlLiteral(s)
		lit = strings.ReplaceAll(lit, "\n\x00", "\n")
		prog.WriteString("t = text(" + lit + ")\nassert not t._bindparams, t._bindparams\nout.append(t.text)\n")
	}
	prog.WriteString("sys.stdout.write('\\x01'.join(out))\n")
	out, err := exec.Command(py, "-c", prog.String()).CombinedOutput()
	if err != nil {
		t.Fatalf("python: %v\n%s\n%s", err, out, prog.String())
	}
	got := strings.Split(string(out), "\x01")
	if len(got) != len(sqls) {
		t.Fatalf("python returned %d strings, want %d:\n%s", len(got), len(sqls), out)
	}
	for i, s := range sqls {
		// text() keeps the escaped colons' backslashes in .text; it drops them when compiled.
		if g := strings.ReplaceAll(got[i], `\:`, `:`); g != s {
			t.Errorf("literal %s reads back as\n%q\nwant\n%q", sqlLiteral(s), g, s)
		}
	}
}

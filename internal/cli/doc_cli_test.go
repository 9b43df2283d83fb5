package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDocWritesAndChecks runs doc as a user does: write the site of a DDL file, check it is
// up to date, change the schema, see --check exit 1 naming the pages, write again.
func TestDocWritesAndChecks(t *testing.T) {
	dir := t.TempDir()
	ddl := filepath.Join(dir, "app.sql")
	write := func(sql string) {
		if err := os.WriteFile(ddl, []byte(sql), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(`CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE);
CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id), body TEXT);
CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT);`)
	site := filepath.Join(dir, "site")
	for _, format := range []string{"html", "markdown"} {
		out := filepath.Join(site, format)
		if _, stderr, code := dbinspect(t, "doc", "--db", ddl, "-o", out, "--format", format); code != 0 {
			t.Fatalf("doc --format %s: exit %d: %s", format, code, stderr)
		}
		if stdout, stderr, code := dbinspect(t, "doc", "--db", ddl, "--check", out, "--format", format); code != 0 || !strings.Contains(stdout, "up to date") {
			t.Fatalf("check right after writing: exit %d: %s%s", code, stdout, stderr)
		}
	}
	index, err := os.ReadFile(filepath.Join(site, "html", "index.html"))
	if err != nil || !strings.Contains(string(index), `href="main/tables/posts.html"`) {
		t.Fatalf("index.html does not link the posts page: %v", err)
	}
	if _, err := os.Stat(filepath.Join(site, "markdown", "main", "tables", "posts.md")); err != nil {
		t.Fatal(err)
	}
	// The schema changes: a column is added, a table dropped.
	write(`CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT);
CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id), body TEXT);`)
	html := filepath.Join(site, "html")
	stdout, _, code := dbinspect(t, "doc", "--db", ddl, "--check", html)
	if code != 1 {
		t.Fatalf("check after a change: exit %d, want 1\n%s", code, stdout)
	}
	for _, want := range []string{"changed  main/tables/users.html", "stale    main/tables/tags.html", "changed  index.html"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("check output lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "posts.html") {
		t.Errorf("posts.html did not change, but check lists it:\n%s", stdout)
	}
	if _, stderr, code := dbinspect(t, "doc", "--db", ddl, "-o", html); code != 0 {
		t.Fatalf("second write: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(html, "main", "tables", "tags.html")); !os.IsNotExist(err) {
		t.Errorf("the page of the dropped table is still there: %v", err)
	}
	if _, _, code := dbinspect(t, "doc", "--db", ddl, "--check", html); code != 0 {
		t.Errorf("check after the second write: exit %d", code)
	}
}

// TestDocCommentsFromConfig: doc.comments fill in what SQLite cannot store, and a key that
// names nothing is reported, not ignored.
func TestDocCommentsFromConfig(t *testing.T) {
	dir := copySample(t)
	cfg := filepath.Join(dir, "dbinspect.yaml")
	if err := os.WriteFile(cfg, []byte("doc:\n  comments:\n    customers: People who buy\n    customers.email: Where receipts go\n    custmers.name: typo\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "site")
	_, stderr, code := dbinspect(t, "doc", "--db", "sample.db", "-o", out)
	if code != 0 {
		t.Fatalf("doc: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, `"custmers.name" names no table`) {
		t.Errorf("stderr does not report the unmatched key: %s", stderr)
	}
	page, err := os.ReadFile(filepath.Join(out, "main", "tables", "customers.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<p class="comment">People who buy</p>`, "<td>Where receipts go</td>"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("customers.html lacks %q", want)
		}
	}
}

func TestDocUsageErrors(t *testing.T) {
	copySample(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"doc", "--db", "sample.db"}, "needs -o DIR"},
		{[]string{"doc", "--db", "sample.db", "-o", "a", "--check", "b"}, "not both"},
		{[]string{"doc", "--db", "sample.db", "-o", "a", "--format", "pdf"}, `unknown doc format "pdf"`},
		{[]string{"doc", "--db", "sample.db", "--check", "nosuchdir"}, "nosuchdir is not a folder written by dbinspect doc"},
		{[]string{"doc", "--db", "sample.db", "-o", "."}, "not empty and was not written by dbinspect doc"},
	} {
		_, stderr, code := dbinspect(t, c.args...)
		if code != 2 || !strings.Contains(stderr, c.want) || strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
			t.Errorf("%v: exit %d, stderr %q; want 2 and one line with %q", c.args, code, stderr, c.want)
		}
	}
}

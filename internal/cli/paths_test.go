package cli

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dbinspect/dbinspect/output"
)

// TestOutputFileCases: -o follows a symbolic link (the link stays, the file it points to is
// replaced), refuses a read-only file, and -o - is stdout.
func TestOutputFileCases(t *testing.T) {
	copySample(t)
	os.Mkdir("real", 0o755)
	os.WriteFile("real/schema.json", []byte("old"), 0o644)
	os.Symlink("real/schema.json", "link.json")
	if _, stderr, code := dbinspect(t, "inspect", "--db", "sample.db", "--format", "json", "-o", "link.json"); code != 0 {
		t.Fatalf("through a link: exit %d: %s", code, stderr)
	}
	if st, err := os.Lstat("link.json"); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced by a file (%v, %v)", st.Mode(), err)
	}
	if data, _ := os.ReadFile("real/schema.json"); !strings.Contains(string(data), "customers") {
		t.Errorf("the file the link points to was not written: %q", data)
	}

	os.WriteFile("locked.json", []byte("keep"), 0o444)
	_, stderr, code := dbinspect(t, "inspect", "--db", "sample.db", "--format", "json", "-o", "locked.json")
	oneLineError(t, code, stderr, "cannot write locked.json: it is read-only (mode 0444)")
	if data, _ := os.ReadFile("locked.json"); string(data) != "keep" {
		t.Errorf("a read-only file was replaced: %q", data)
	}

	stdout, stderr, code := dbinspect(t, "tables", "--db", "sample.db", "--format", "json", "-o", "-")
	if code != 0 || !strings.Contains(stdout, "customers") {
		t.Errorf("-o -: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if _, err := os.Stat("-"); err == nil {
		t.Error("-o - wrote a file named -")
	}
	if left, _ := filepath.Glob(".*.tmp*"); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestCommandLineMistakes are mistakes of the probe: each exits 2 with one line that
// says what was wrong.
func TestCommandLineMistakes(t *testing.T) {
	copySample(t)
	cases := []struct {
		args  []string
		wants []string
	}{
		{[]string{"tables", "--db", "sample.db", "--statement-timeout", "500us"}, []string{"--statement-timeout 500µs: give at least 1ms"}},
		{[]string{"tables", "--db", "sample.db", "--statement-timeout", "0s"}, []string{"--statement-timeout 0s: give at least 1ms"}},
		{[]string{"tables", "--db", "sample.db", "--lock-timeout", "-1s"}, []string{"--lock-timeout -1s"}},
		{[]string{"export", "--db", "sample.db", "--tables", "["}, []string{`--tables "[": syntax error in pattern`}},
		{[]string{"export", "--db", "sample.db", "--tables", "nothing_*"}, []string{`--tables "nothing_*" matches no table or view`}},
		{[]string{"diff", "missing1.db", "missing2.db"}, []string{"FROM: bad target: missing1.db", "TO: bad target: missing2.db"}},
		{[]string{"diff", "", "sample.db"}, []string{"FROM: the TARGET is empty"}},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			_, stderr, code := dbinspect(t, c.args...)
			oneLineError(t, code, stderr, c.wants...)
		})
	}
}

// TestPostgresBareSchemeMeansLibpqDefaults: --db postgres:// connects where psql would (the
// libpq defaults and PG* variables), instead of failing on a mangled parameter.
func TestPostgresBareSchemeMeansLibpqDefaults(t *testing.T) {
	t.Setenv("PGHOST", "127.0.0.1")
	t.Setenv("PGDATABASE", "dbi_no_such_database_for_bare_scheme")
	_, stderr, code := dbinspect(t, "tables", "--db", "postgres://", "--connect-timeout", "3s")
	oneLineError(t, code, stderr, `database "dbi_no_such_database_for_bare_scheme" does not exist`)
	if strings.Contains(stderr, "unrecognized configuration parameter") {
		t.Errorf("stderr %q", stderr)
	}
	t.Setenv("PGDATABASE", "postgres")
	if _, stderr, code := dbinspect(t, "tables", "--db", "postgres://"); code != 0 {
		t.Errorf("postgres:// with PGHOST and PGDATABASE: exit %d, %s", code, stderr)
	}
}

// TestRenderingIsInterruptible: Ctrl-C during a long rendering stops it at once; with -o the
// old file stays and no temporary file is left.
func TestRenderingIsInterruptible(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "models.go")
	os.WriteFile(path, []byte("old"), 0o644)
	ctx, cancel := context.WithCancel(context.Background())
	started := make(chan struct{})
	never := make(chan struct{})
	slowRender := func(w io.Writer) error {
		io.WriteString(w, "package models\n")
		close(started)
		<-never // a renderer busy in memory, not writing: it must not hold the run
		return nil
	}
	go func() { <-started; cancel() }()
	begin := time.Now()
	err := output.WriteFile(path, func(w io.Writer) error { return interruptible(ctx, w, slowRender) })
	if !errors.Is(err, context.Canceled) || time.Since(begin) > 2*time.Second {
		t.Errorf("err %v after %s; want context.Canceled at once", err, time.Since(begin))
	}
	if data, _ := os.ReadFile(path); string(data) != "old" {
		t.Errorf("the output file changed: %q", data)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".models.go.tmp*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}

	var stdout bytes.Buffer
	ctx2, cancel2 := context.WithCancel(context.Background())
	chatty := func(w io.Writer) error {
		for i := 0; ; i++ {
			if _, err := io.WriteString(w, "line\n"); err != nil {
				return err
			}
			if i == 10 {
				cancel2()
			}
		}
	}
	if err := interruptible(ctx2, &stdout, chatty); !errors.Is(err, context.Canceled) {
		t.Errorf("err %v", err)
	}
	n := stdout.Len()
	time.Sleep(50 * time.Millisecond)
	if stdout.Len() != n {
		t.Error("the renderer kept writing to stdout after the run was interrupted")
	}
	close(never)
}

// TestPanicsBecomeOneLine: a panic anywhere (here in a rendering goroutine) is one line,
// with where it happened, no stack and no password, even with --verbose.
func TestPanicsBecomeOneLine(t *testing.T) {
	var stderr bytes.Buffer
	e := &execution{stderr: &stderr, verbose: true}
	err := interruptible(context.Background(), io.Discard, func(io.Writer) error {
		panic("connect to postgres://u:hunter2@db/app failed")
	})
	if code := e.exitCode(context.Background(), err); code != 2 {
		t.Errorf("exit %d", code)
	}
	got := stderr.String()
	if strings.Count(got, "\n") != 1 || !strings.Contains(got, "internal error") || !strings.Contains(got, "paths_test.go:") ||
		strings.Contains(got, "hunter2") || strings.Contains(got, "goroutine") {
		t.Errorf("stderr %q", got)
	}
}

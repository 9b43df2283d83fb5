package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/drivers/dbtest"
)

// openFiles counts this process's file descriptors open on path (Linux's /proc).
func openFiles(t *testing.T, path string) int {
	t.Helper()
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatalf("list open files: %v", err)
	}
	n := 0
	for _, fd := range fds {
		if to, err := os.Readlink(filepath.Join("/proc/self/fd", fd.Name())); err == nil && to == path {
			n++
		}
	}
	return n
}

// TestRunClosesWhatItInspected: the inspected connection, closed while the output is written
// (execution.closeLater), is closed when Run returns, for every command that inspects.
func TestRunClosesWhatItInspected(t *testing.T) {
	var ddl strings.Builder
	for i := range 300 {
		fmt.Fprintf(&ddl, "CREATE TABLE t%d (id INTEGER PRIMARY KEY, v TEXT);\n", i)
	}
	path := dbtest.SQLite(t, ddl.String())
	if abs, err := filepath.EvalSymlinks(path); err == nil {
		path = abs
	}
	for _, args := range [][]string{
		{"inspect", "--format", "json", "--db", path},
		{"tables", "--db", path},
		{"lint", "--db", path},
		{"diff", path, path},
	} {
		for range 5 {
			if _, stderr, code := dbinspect(t, args...); code > 1 {
				t.Fatalf("%s: exit %d: %s", args[0], code, stderr)
			}
			if n := openFiles(t, path); n != 0 {
				t.Fatalf("%s: %d files are still open on the database when Run returns", args[0], n)
			}
		}
	}
}

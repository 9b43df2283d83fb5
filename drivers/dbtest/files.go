package dbtest

import (
	"os"
	"path/filepath"
	"testing"
)

// OpenFiles counts this process's file descriptors open on the file at path (Linux's /proc),
// for tests that a connection to an SQLite file was closed.
func OpenFiles(t testing.TB, path string) int {
	t.Helper()
	if resolved, err := filepath.EvalSymlinks(path); err == nil {
		path = resolved
	}
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatalf("dbtest: list open files: %v", err)
	}
	n := 0
	for _, fd := range fds {
		if to, err := os.Readlink(filepath.Join("/proc/self/fd", fd.Name())); err == nil && to == path {
			n++
		}
	}
	return n
}

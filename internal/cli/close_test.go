package cli

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/drivers/dbtest"
)

// TestRunClosesWhatItInspected: the inspected connection, closed while the output is written
// (execution.closeLater), is closed when Run returns, for every command that inspects.
func TestRunClosesWhatItInspected(t *testing.T) {
	var ddl strings.Builder
	for i := range 300 {
		fmt.Fprintf(&ddl, "CREATE TABLE t%d (id INTEGER PRIMARY KEY, v TEXT);\n", i)
	}
	path := dbtest.SQLite(t, ddl.String())
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
			if n := dbtest.OpenFiles(t, path); n != 0 {
				t.Fatalf("%s: %d files are still open on the database when Run returns", args[0], n)
			}
		}
	}
}

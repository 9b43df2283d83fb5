package diff_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/schema"
)

var updateV1 = flag.Bool("update", false, "rewrite testdata/v1/*.changes")

// TestFormatVersion1Snapshots: snapshots written in format_version 1 before the model's enums
// became named types (testdata/v1, written from difftest's base models with foreign key
// actions, trigger timing and events, a generated column, index parts and a type changed)
// still load, write back byte for byte, and diff to the same changes as they did then.
func TestFormatVersion1Snapshots(t *testing.T) {
	for _, d := range []schema.Dialect{schema.Postgres, schema.MySQL, schema.SQLite} {
		t.Run(string(d), func(t *testing.T) {
			from, to := readV1(t, string(d)+"-from.json"), readV1(t, string(d)+"-to.json")
			var b strings.Builder
			for _, c := range diff.Compare(from, to, diff.Options{}).Changes {
				fmt.Fprintf(&b, "%s %s %s.%s.%s", c.Action, c.Object, c.Schema, c.Table, c.Name)
				for _, f := range c.Fields {
					fmt.Fprintf(&b, " [%s: %q → %q]", f.Field, f.From, f.To)
				}
				b.WriteString("\n")
			}
			golden := filepath.Join("testdata", "v1", string(d)+".changes")
			if *updateV1 {
				if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if b.String() != string(want) {
				t.Errorf("changes differ from %s:\n%s\nwant:\n%s", golden, b.String(), want)
			}
		})
	}
}

// readV1 reads a committed snapshot and checks that writing it again gives the same bytes.
func readV1(t *testing.T, name string) *schema.Database {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "v1", name))
	if err != nil {
		t.Fatal(err)
	}
	db, err := schema.ReadSnapshot(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var out bytes.Buffer
	if err := schema.WriteSnapshot(&out, db); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), data) {
		t.Errorf("%s written back differs:\n%s", name, out.Bytes())
	}
	return db
}

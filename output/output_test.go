package output

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteFileIsAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "schema.json")
	if err := os.WriteFile(path, []byte("old content"), 0o640); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := WriteFile(path, func(w io.Writer) error {
		io.WriteString(w, "half of the new")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "old content" {
		t.Errorf("a failed write changed the file to %q", got)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("a failed write left files behind: %v", entries)
	}
	if err := WriteFile(path, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	st, _ := os.Stat(path)
	if string(got) != "new" || st.Mode().Perm() != 0o640 {
		t.Errorf("after success: %q mode %v; want \"new\" and the old mode 0640", got, st.Mode().Perm())
	}
}

func TestWriteFileStreamsToDevices(t *testing.T) {
	if _, err := os.Stat("/dev/null"); err != nil {
		t.Skip("no /dev/null")
	}
	if err := WriteFile("/dev/null", func(w io.Writer) error { _, err := io.WriteString(w, "x"); return err }); err != nil {
		t.Fatalf("writing to /dev/null: %v", err)
	}
}

func TestShowEscapesControlCharacters(t *testing.T) {
	cases := map[string]string{
		"users":          "users",
		"my table":       "my table",
		"naïve":          "naïve",
		"two\nlines":     `"two\nlines"`,
		"esc\x1b[31mred": `"esc\x1b[31mred"`,
	}
	for in, want := range cases {
		if got := Show(in); got != want {
			t.Errorf("Show(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMarkdownCellCannotBreakTable(t *testing.T) {
	got := mdCell("a|b\nc\\")
	if strings.ContainsAny(got, "\n") || strings.Count(got, "|") != strings.Count(got, "\\|") {
		t.Errorf("mdCell = %q", got)
	}
}

// Package output renders the model and diff results for people and machines: a model as text
// tables fitted to the terminal, JSON and YAML snapshots and Markdown (one file per format,
// each a Renderer: text.go, json.go, yaml.go, markdown.go, with sections.go shared); a diff's
// changes as text, Markdown and JSON (diff_*.go), changed definitions as unified diffs.
//
// output imports schema and diff (plus formatting libraries); it never talks to a database.
// WriteFile writes any rendering atomically. Code generation lives in output/export, the
// static site in output/doc.
package output

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/dbinspect/dbinspect/schema"
)

// Renderer renders the model in one format.
type Renderer interface {
	// Inspect writes the whole model.
	Inspect(w io.Writer, db *schema.Database) error
	// Tables writes one row per table and view.
	Tables(w io.Writer, db *schema.Database) error
	// Describe writes one table or view in full.
	Describe(w io.Writer, db *schema.Database, rel schema.Relation) error
}

// Style holds presentation settings for the text formats.
type Style struct {
	// Color turns on ANSI colours (only ever on a terminal, never with NO_COLOR).
	Color bool
	// Width is the width text grids must fit in (the terminal's, or $COLUMNS); 0 is no limit.
	Width int
	// Partitions lists PostgreSQL partitions as rows of their own in `tables`; otherwise
	// they are counted on their parent's row.
	Partitions bool
}

// Formats lists the formats For accepts.
var Formats = []string{"text", "json", "yaml", "markdown"}

// For returns the renderer for a format name.
func For(format string, st Style) (Renderer, error) {
	switch format {
	case "text", "":
		return Text{Style: st}, nil
	case "json":
		return JSON{Partitions: st.Partitions}, nil
	case "yaml":
		return YAML{Partitions: st.Partitions}, nil
	case "markdown", "md":
		return Markdown{Style: st}, nil
	}
	return nil, fmt.Errorf("unknown format %q (want %s)", format, strings.Join(Formats, ", "))
}

// WriteFile writes what write produces to path. A regular file (or a new one) is written
// atomically: to a temporary file in the same folder, then renamed over the target, so a
// failed or interrupted run leaves the old file as it was and no half file. A symbolic link
// is followed: the file it points to is replaced and the link kept, as the shell's > would.
// A read-only file is refused, not replaced. A non-regular path (/dev/stdout, a pipe) is
// written straight through.
//
// Errors name path, never the temporary file: "cannot write out.sql: permission denied".
func WriteFile(path string, write func(io.Writer) error) error {
	if err := writeFile(path, write); err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return fmt.Errorf("cannot write %s: %w", path, pe.Err)
		}
		var le *os.LinkError
		if errors.As(err, &le) {
			return fmt.Errorf("cannot write %s: %w", path, le.Err)
		}
		return err
	}
	return nil
}

// errReadOnly refuses to replace a file whose mode says nobody may write it.
var errReadOnly = errors.New("it is read-only")

func writeFile(path string, write func(io.Writer) error) (err error) {
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	st, statErr := os.Stat(path)
	if statErr == nil && !st.Mode().IsRegular() {
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		if err := write(f); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	mode := os.FileMode(0o644)
	if statErr == nil {
		mode = st.Mode().Perm()
		if mode&0o222 == 0 {
			return &fs.PathError{Op: "write", Path: path, Err: fmt.Errorf("%w (mode %04o): make it writable or remove it first", errReadOnly, mode)}
		}
	}
	tmp, err := createTemp(path)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			removeTemp(tmp.Name())
		}
	}()
	if err = write(tmp); err != nil {
		return err
	}
	if err = tmp.Chmod(mode); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return err // the deferred clean-up removes the temporary file
	}
	forgetTemp(tmp.Name())
	return nil
}

// temporaries are the temporary files of writes in progress, so that a program ending in a
// hurry (a second Ctrl-C) can remove them with RemoveTemporaries.
var temporaries sync.Map

func createTemp(path string) (*os.File, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err == nil {
		temporaries.Store(tmp.Name(), true)
	}
	return tmp, err
}

func removeTemp(name string) {
	os.Remove(name)
	temporaries.Delete(name)
}

func forgetTemp(name string) { temporaries.Delete(name) }

// RemoveTemporaries removes the temporary files of every write still in progress.
func RemoveTemporaries() {
	temporaries.Range(func(name, _ any) bool {
		removeTemp(name.(string))
		return true
	})
}

// Show makes a name safe to print in text: a name holding control characters (a newline, an
// escape sequence) is printed Go-quoted so it cannot break a table or a terminal.
func Show(s string) string {
	for _, r := range s {
		if unicode.IsControl(r) || r == unicode.ReplacementChar {
			return strconv.Quote(s)
		}
	}
	return s
}

// qualified joins a schema and a name for display.
func qualified(schemaName, name string) string {
	if schemaName == "" {
		return Show(name)
	}
	return Show(schemaName) + "." + Show(name)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// showList shows names joined by ", ".
func showList(names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = Show(n)
	}
	return strings.Join(out, ", ")
}

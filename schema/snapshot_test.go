package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

// wholeDocument is the snapshot as one Encoder call over the model writes it: the bytes the
// streaming WriteSnapshot must reproduce.
func wholeDocument(t *testing.T, db *Database) []byte {
	t.Helper()
	db.Normalize()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(db); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestWriteSnapshotStreamsTheEncodersBytes: the streamed snapshot is byte for byte the one
// encoding/json writes for the whole model, for models with no schema, empty schemas, views
// only, names that look like the keys the writer splices at, and the checked-in snapshots.
func TestWriteSnapshotStreamsTheEncodersBytes(t *testing.T) {
	hostile := `"tables": []` + "\n" + `  "schemas": []`
	models := map[string]*Database{
		"no schema":    {Dialect: Postgres, ServerVersion: "15"},
		"empty schema": {Dialect: Postgres, Schemas: []Schema{{Name: "a"}, {Name: "b", Comment: Ptr("")}}},
		"views only":   {Dialect: MySQL, Schemas: []Schema{{Name: "app", Views: []View{{Name: "v", Definition: "SELECT 1"}}}}},
		"hostile names": {Dialect: Postgres, Notes: []string{hostile}, Schemas: []Schema{{
			Name: hostile, Comment: Ptr(hostile), Access: Access{Owner: hostile},
			Tables: []Table{{Name: hostile, Comment: Ptr("<&>"), Columns: []Column{{Name: hostile, Type: "text", Default: Ptr(`'"views": []'`)}},
				PrimaryKey: &PrimaryKey{Columns: []string{hostile}}}, {Name: "t2"}},
			Views:     []View{{Name: `"views": []`, Definition: "SELECT '\n  \"views\": []'"}},
			Sequences: []Sequence{{Name: "s"}},
		}}},
	}
	files, _ := filepath.Glob("testdata/v1/*.json")
	files = append(files, "../output/testdata/render/inspect.json")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			continue // a file of another package that moved: the built models still run
		}
		db, err := ReadSnapshot(bytes.NewReader(data))
		if err != nil {
			continue // a fixture of an edited, invalid snapshot
		}
		models[f] = db
	}
	for name, db := range models {
		t.Run(name, func(t *testing.T) {
			want := wholeDocument(t, db)
			var got bytes.Buffer
			if err := WriteSnapshot(&got, db); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("streamed snapshot differs from the Encoder's:\n%s\nwant:\n%s", got.Bytes(), want)
			}
		})
	}
}

// failingWriter fails after n bytes.
type failingWriter struct{ n int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		return 0, os.ErrClosed
	}
	w.n -= len(p)
	return len(p), nil
}

// TestWriteSnapshotReportsWriteErrors: a writer that fails part way is an error, not a
// truncated document reported as written.
func TestWriteSnapshotReportsWriteErrors(t *testing.T) {
	db := &Database{Dialect: SQLite, Schemas: []Schema{{Name: "main"}}}
	for i := range 200 {
		db.Schemas[0].Tables = append(db.Schemas[0].Tables, Table{Name: "t" + string(rune('a'+i%26)) + string(rune('a'+i/26))})
	}
	if err := WriteSnapshot(&failingWriter{n: 1000}, db); err == nil {
		t.Error("WriteSnapshot to a failing writer returned no error")
	}
}

// TestReadSnapshotIndexByColumnsAlone: an index a hand-written snapshot lists by columns only
// keeps its key (a column of the table, or else an expression) instead of losing it when the
// model is normalized, and an empty column name there is an error.
func TestReadSnapshotIndexByColumnsAlone(t *testing.T) {
	doc := `{"format_version": 1, "dialect": "postgres", "schemas": [{"name": "public", "tables": [{"name": "t",
		"columns": [{"name": "a", "type": "text", "nullable": true}],
		"indexes": [{"name": "ix", "unique": false, "columns": ["a", "lower(a)"]}]}]}]}`
	db, err := ReadSnapshot(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	x := db.Schemas[0].Tables[0].Indexes[0]
	want := []IndexPart{{Column: "a"}, {Expression: "lower(a)"}}
	if !reflect.DeepEqual(x.Parts, want) || !reflect.DeepEqual(x.Columns, []string{"a", "lower(a)"}) {
		t.Errorf("index read as parts %+v, columns %v; want parts %+v", x.Parts, x.Columns, want)
	}
	bad := strings.Replace(doc, `"a", "lower(a)"`, `"a", " "`, 1)
	if _, err := ReadSnapshot(strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "indexes[0].columns[1]") {
		t.Errorf("an empty key column: err = %v, want one naming indexes[0].columns[1]", err)
	}
}

// paddedSnapshot is a valid snapshot of n tables with pad bytes of whitespace before each,
// produced as it is read, so the document need not be in memory for the test.
type paddedSnapshot struct {
	n, pad, table int
	pending       []byte
	left          int // whitespace still to write before pending
	done          bool
}

func (p *paddedSnapshot) Read(b []byte) (int, error) {
	for p.left == 0 && len(p.pending) == 0 {
		switch {
		case p.done:
			return 0, io.EOF
		case p.table == 0:
			p.pending = []byte(`{"format_version": 1, "dialect": "sqlite", "schemas": [{"name": "main", "views": [], "tables": [`)
		case p.table > p.n:
			p.pending, p.done = []byte(`]}]}`), true
			continue
		default:
			sep := ","
			if p.table == 1 {
				sep = ""
			}
			p.pending = fmt.Appendf(nil, `%s{"name": "t%d", "columns": [{"name": "id", "type": "INTEGER", "nullable": false}]}`, sep, p.table)
			p.left = p.pad
		}
		p.table++
	}
	if p.left > 0 {
		n := min(len(b), p.left)
		for i := range n {
			b[i] = ' '
		}
		p.left -= n
		return n, nil
	}
	n := copy(b, p.pending)
	p.pending = p.pending[n:]
	return n, nil
}

// TestReadSnapshotStreams: the reader does not hold the document in memory. A 32 MB snapshot
// (32 tables, each after 1 MB of whitespace) is read with a few MB of allocation; reading
// the file whole (io.ReadAll, as the reader did) allocates more than the document.
func TestReadSnapshotStreams(t *testing.T) {
	const tables, pad = 32, 1 << 20
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	db, err := ReadSnapshot(&paddedSnapshot{n: tables, pad: pad})
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(db.Schemas[0].Tables); got != tables {
		t.Fatalf("read %d tables, want %d", got, tables)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8<<20 {
		t.Errorf("reading a %d MB snapshot allocated %d MB: the document is held whole", tables*pad>>20, alloc>>20)
	}
}

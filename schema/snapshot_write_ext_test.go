package schema_test

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/dbinspect/dbinspect/internal/scalemodel"
	"github.com/dbinspect/dbinspect/schema"
)

// TestWriteSnapshotIsEncodingJSON: WriteSnapshot, which writes tables without encoding/json,
// gives encoding/json's bytes for the whole model, on the scale models of every dialect and on
// every snapshot kept as test data (the inspector tests check the corpus models the same way).
func TestWriteSnapshotIsEncodingJSON(t *testing.T) {
	models := map[string]*schema.Database{}
	for _, d := range schema.Dialects {
		models["scalemodel "+string(d)] = scalemodel.Build(d, 300)
	}
	files, _ := filepath.Glob("../*/testdata/*/*.json")
	more, _ := filepath.Glob("../*/testdata/*/*/*.json")
	for _, f := range append(files, more...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if db, err := schema.ReadSnapshot(bytes.NewReader(b)); err == nil {
			models[f] = db
		}
	}
	if len(models) < 10 {
		t.Fatalf("only %d models found", len(models))
	}
	for name, db := range models {
		var got, want bytes.Buffer
		if err := schema.WriteSnapshot(&got, db); err != nil {
			t.Fatal(err)
		}
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(db); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("%s: WriteSnapshot differs from encoding/json", name)
		}
	}
	t.Logf("%d models", len(models))
}

// BenchmarkWriteSnapshot writes a 5,000-table model (gen_schema's shape) as a snapshot.
func BenchmarkWriteSnapshot(b *testing.B) {
	for _, d := range []schema.Dialect{schema.Postgres, schema.SQLite} {
		b.Run(string(d), func(b *testing.B) {
			db := scalemodel.Build(d, 5000)
			b.ReportAllocs()
			for b.Loop() {
				if err := schema.WriteSnapshot(io.Discard, db); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkReadSnapshot reads a 5,000-table snapshot (gen_schema's shape) as the CLI does,
// from a stream.
func BenchmarkReadSnapshot(b *testing.B) {
	for _, d := range []schema.Dialect{schema.Postgres, schema.SQLite} {
		b.Run(string(d), func(b *testing.B) {
			var doc bytes.Buffer
			if err := schema.WriteSnapshot(&doc, scalemodel.Build(d, 5000)); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(doc.Len()))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := schema.ReadSnapshot(bytes.NewReader(doc.Bytes())); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

package schema

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

// manyTables is a schema of n tables filled at random (hostile strings, every optional part
// set or not), so that its chunks differ in size and content.
func manyTables(n int, seed uint64) *Database {
	r := rand.New(rand.NewPCG(seed, 3))
	sc := Schema{Name: "main", Views: []View{{Name: "v", Definition: "SELECT 1"}}}
	for i := range n {
		var t Table
		randomize(reflect.ValueOf(&t).Elem(), r, strings.Join(hostileStrings, "|"), 0)
		t.Name = fmt.Sprintf("t%05d", i) // distinct names keep Normalize's order fixed
		sc.Tables = append(sc.Tables, t)
	}
	return &Database{FormatVersion: FormatVersion, Dialect: Postgres, Schemas: []Schema{sc, {Name: "other", Tables: sc.Tables[:3]}}}
}

// TestWriteSnapshotInChunks: a schema of many tables, encoded in chunks on two goroutines,
// is byte for byte the document encoding/json writes, for table counts around the chunk
// boundaries (one chunk, two, an even and an odd number of chunks, a last one of one table).
func TestWriteSnapshotInChunks(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Log("one CPU: WriteSnapshot writes every table on one goroutine")
	}
	for _, n := range []int{chunkElements, chunkElements + 1, 2 * chunkElements, 3*chunkElements + 1, 5*chunkElements + 77} {
		db := manyTables(n, uint64(n))
		want := wholeDocument(t, db)
		var got bytes.Buffer
		if err := WriteSnapshot(&got, db); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			g, w := got.Bytes(), want
			i := 0
			for i < len(g) && i < len(w) && g[i] == w[i] {
				i++
			}
			t.Fatalf("%d tables: the snapshot differs from encoding/json's at byte %d of %d", n, i, len(w))
		}
	}
}

// TestWriteSnapshotInChunksReportsWriteErrors: the output failing in any chunk, written by
// either goroutine, is WriteSnapshot's error.
func TestWriteSnapshotInChunksReportsWriteErrors(t *testing.T) {
	db := manyTables(4*chunkElements+5, 1)
	var whole bytes.Buffer
	if err := WriteSnapshot(&whole, db); err != nil {
		t.Fatal(err)
	}
	for _, at := range []int{10, whole.Len() / 5, whole.Len() / 3, whole.Len() / 2, whole.Len() - 10} {
		if err := WriteSnapshot(&failingWriter{n: at}, db); !errors.Is(err, os.ErrClosed) {
			t.Errorf("output failing at byte %d of %d: WriteSnapshot returned %v", at, whole.Len(), err)
		}
	}
}

// TestOddChunkPanicIsAnError: a panic encoding an element on the second goroutine, which
// would end the program, is the writer's error, and the elements before it are written.
func TestOddChunkPanicIsAnError(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("one CPU: the chunks are all encoded on this goroutine")
	}
	var b bytes.Buffer
	sw := &snapshotWriter{w: &b}
	sw.elements(splice{n: 3 * chunkElements, parallel: true, elem: func(sw *snapshotWriter, i int, _ string) {
		if i == chunkElements+5 { // in the first odd chunk
			panic("boom")
		}
		sw.writeString("x")
	}}, "")
	if sw.err == nil || !strings.Contains(sw.err.Error(), "boom") {
		t.Fatalf("err = %v, want the panic", sw.err)
	}
	if got := strings.Count(b.String(), "x"); got != chunkElements {
		t.Errorf("%d elements written before the failing chunk, want %d", got, chunkElements)
	}
}

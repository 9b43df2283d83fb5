package export

import (
	"bytes"
	"go/format"
	"testing"

	"github.com/dbinspect/dbinspect/internal/scalemodel"
	"github.com/dbinspect/dbinspect/schema"
)

// The GORM export formats its models in chunks (gormChunk), not the file whole: the file is
// gofmt-clean as a whole (formatting it again changes nothing) and the same whatever the chunk
// size, on the fixtures (notes, comments, hostile names, relation fields) and on a generated
// schema larger than one chunk.
func TestGORMFormattedInChunks(t *testing.T) {
	dbs := fixtures()
	for _, d := range []schema.Dialect{schema.Postgres, schema.MySQL, schema.SQLite} {
		dbs["generated "+string(d)] = scalemodel.Build(d, 700)
	}
	defer func(n int) { gormChunk = n }(gormChunk)
	for name, db := range dbs {
		var first []byte
		for _, chunk := range []int{1, 3, 256, 1 << 30} {
			gormChunk = chunk
			var out bytes.Buffer
			if err := (GORM{}).Export(&out, db); err != nil {
				t.Fatalf("%s, chunk %d: %v", name, chunk, err)
			}
			formatted, err := format.Source(out.Bytes())
			if err != nil {
				t.Fatalf("%s, chunk %d: not Go: %v", name, chunk, err)
			}
			if !bytes.Equal(formatted, out.Bytes()) {
				t.Errorf("%s, chunk %d: gofmt changes the file", name, chunk)
			}
			if first == nil {
				first = out.Bytes()
			} else if !bytes.Equal(first, out.Bytes()) {
				t.Errorf("%s: chunk %d gives another file than chunk 1", name, chunk)
			}
		}
	}
}

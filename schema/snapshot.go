package schema

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// ErrNotSnapshot is returned by ReadSnapshot for JSON that is not a dbinspect snapshot.
var ErrNotSnapshot = errors.New("not a dbinspect snapshot (no format_version and dialect)")

// indentUnit is the snapshot's indentation per level.
const indentUnit = "  "

// WriteSnapshot writes db as an indented snapshot document. The model is normalized first, so
// the bytes depend only on the schema.
//
// The document is streamed: schemas, tables and views are encoded one at a time into a
// small buffer and written out, so the whole document is never held in memory (a 20,000-table
// snapshot is about 90 MB of JSON). The bytes are those of encoding/json's Encoder with
// SetIndent("", "  ") and SetEscapeHTML(false) over the whole model.
func WriteSnapshot(w io.Writer, db *Database) error {
	db.Normalize()
	bw := bufio.NewWriterSize(w, 64<<10)
	sw := &snapshotWriter{w: bw}
	sw.database(db)
	if sw.err != nil {
		return sw.err
	}
	return bw.Flush()
}

// snapshotWriter streams a snapshot. It keeps the first error; later writes do nothing.
type snapshotWriter struct {
	w   *bufio.Writer
	buf bytes.Buffer
	err error
	// enc writes compact JSON into buf, which indent spreads over lines into out. Both
	// buffers are reused from one value to the next (a new Encoder per table would grow
	// its buffers from nothing each time: 40 MB of garbage at 5,000 tables).
	enc *json.Encoder
	out []byte
	jw  jsonWriter // reused, so that it is not allocated per table
	// shells writes the database's and the schemas' own members (fastEncode).
	shells jsonWriter
}

func (sw *snapshotWriter) database(db *Database) {
	shell := *db
	shell.Schemas = []Schema{}
	sw.spliced("", &shell, true, splice{"schemas", len(db.Schemas), func(i int, prefix string) {
		sw.schema(&db.Schemas[i], prefix)
	}})
}

func (sw *snapshotWriter) schema(sc *Schema, prefix string) {
	shell := *sc
	shell.Tables, shell.Views = []Table{}, []View{}
	sw.spliced(prefix, &shell, false,
		splice{"tables", len(sc.Tables), func(i int, prefix string) { sw.value(&sc.Tables[i], prefix, false) }},
		splice{"views", len(sc.Views), func(i int, prefix string) { sw.value(&sc.Views[i], prefix, false) }})
}

// splice is a slice field of a struct written element by element: the struct is encoded with
// the field empty and the elements are written where encoding/json put "[]".
type splice struct {
	key  string
	n    int
	elem func(i int, prefix string)
}

// spliced writes shell, a struct whose spliced fields are empty slices, with each splice's
// elements in place of its "[]". encoding/json writes a field of the struct as a line of its
// own: a newline, prefix and one indent unit, then the quoted key; a value nested deeper is
// indented further and a string never holds a raw newline, so that line is found only where
// the field itself is.
func (sw *snapshotWriter) spliced(prefix string, shell any, top bool, parts ...splice) {
	doc := bytes.Clone(sw.encode(shell, prefix, top)) // elements reuse the buffer
	if sw.err != nil {
		return
	}
	inner := prefix + indentUnit
	for _, p := range parts {
		marker := "\n" + inner + `"` + p.key + `": []`
		at := bytes.Index(doc, []byte(marker))
		if at < 0 {
			sw.err = fmt.Errorf("snapshot writer: field %q not found", p.key)
			return
		}
		sw.write(doc[:at+len(marker)-2]) // up to the key and its ": "
		doc = doc[at+len(marker):]
		if p.n == 0 {
			sw.writeString("[]")
			continue
		}
		sw.writeString("[")
		elemPrefix := inner + indentUnit // built once, not once per element
		elemLine := "\n" + elemPrefix
		for i := range p.n {
			sw.writeString(elemLine)
			p.elem(i, elemPrefix)
			if i < p.n-1 {
				sw.writeString(",")
			}
		}
		sw.writeString("\n" + inner + "]")
	}
	sw.write(doc)
}

// value writes v at prefix (its first line unprefixed, as inside an array). A table, nearly
// all of a snapshot, is written by jsonWriter straight to the output; a view by jsonWriter
// through encode.
func (sw *snapshotWriter) value(v any, prefix string, top bool) {
	if t, ok := v.(*Table); ok && !top && sw.err == nil {
		if done := sw.fastTable(t, prefix); done || sw.err != nil {
			return
		}
	}
	sw.write(sw.encode(v, prefix, top))
}

// encode is v as the Encoder writes it with that prefix, without the final newline unless
// it ends the document (top). The bytes are valid until the next encode. What jsonWriter
// knows (fastEncode: views and the shells) it writes; the rest goes to encoding/json.
//
// The Encoder writes compact JSON and indent lays it out: the Encoder's own indenting runs
// its validating scanner over every byte again, two thirds of the time of writing a
// snapshot, for JSON it has just written itself.
func (sw *snapshotWriter) encode(v any, prefix string, top bool) []byte {
	if sw.err != nil {
		return nil
	}
	if b, ok := sw.fastEncode(v, prefix); ok {
		if top && sw.err == nil {
			b = append(b, '\n')
			sw.out = b
		}
		return b
	}
	compact, err := sw.compactJSON(v)
	if err != nil {
		sw.err = err
		return nil
	}
	sw.out = indent(sw.out[:0], compact, prefix, indentUnit)
	if top {
		sw.out = append(sw.out, '\n')
	}
	return sw.out
}

// indentSpaces are enough indentUnits for any depth a snapshot reaches.
const indentSpaces = "                                                                "

// indent appends src, compact JSON as encoding/json writes it (no space outside strings but
// a final newline), to dst laid out as json.Indent lays it out: each element and member on a
// line of its own, prefix and one indent per level before it, ": " after keys, empty
// objects and arrays kept as {} and [].
func indent(dst, src []byte, prefix, unit string) []byte {
	depth := 0
	open := false // after { or [: the line break waits for the first element
	newline := func() {
		dst = append(dst, '\n')
		dst = append(dst, prefix...)
		if n := depth * len(unit); unit == indentUnit && n <= len(indentSpaces) {
			dst = append(dst, indentSpaces[:n]...) // one copy, not one per level
			return
		}
		for range depth {
			dst = append(dst, unit...)
		}
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		if open && c != '}' && c != ']' {
			open = false
			depth++
			newline()
		}
		switch c {
		case '"':
			end := stringEnd(src, i)
			dst = append(dst, src[i:end]...)
			i = end - 1
		case '{', '[':
			open = true
			dst = append(dst, c)
		case ',':
			dst = append(dst, c)
			newline()
		case ':':
			dst = append(dst, ':', ' ')
		case '}', ']':
			if open {
				open = false
			} else {
				depth--
				newline()
			}
			dst = append(dst, c)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// stringEnd is the index just past the JSON string that starts with the quote at src[i].
func stringEnd(src []byte, i int) int {
	for j := i + 1; j < len(src); {
		q := bytes.IndexByte(src[j:], '"')
		if q < 0 {
			break
		}
		// Most strings hold no backslash: two vectorised scans find the end.
		b := bytes.IndexByte(src[j:j+q], '\\')
		if b < 0 {
			return j + q + 1
		}
		j += b + 2 // a backslash and the character it escapes
	}
	return len(src)
}

func (sw *snapshotWriter) write(b []byte) {
	if sw.err == nil {
		_, sw.err = sw.w.Write(b)
	}
}

func (sw *snapshotWriter) writeString(s string) {
	if sw.err == nil {
		_, sw.err = sw.w.WriteString(s)
	}
}

// ReadSnapshot reads a snapshot document written by WriteSnapshot (by this or an older build)
// and validates it (see Database.Validate): a hand-edited or corrupt file is an error naming
// the place in the JSON, never a model that crashes a later step.
//
// The document is streamed (see decodeSnapshot): the file is never held in memory beside the
// model, and it is decoded once. When that fails, or the result lacks a format version or a
// known dialect, its top-level fields are probed for those two, to say which it is: not a
// snapshot, a newer format, an unknown dialect, or a snapshot with invalid content.
func ReadSnapshot(r io.Reader) (*Database, error) {
	db, err := decodeSnapshot(r)
	if err != nil {
		return nil, err
	}
	if err := db.Validate(); err != nil {
		return nil, err
	}
	db.partsFromColumns()
	db.Normalize()
	return db, nil
}

// partsFromColumns gives an index that a hand-written snapshot lists by "columns" alone its
// key parts: a column of the table, or else an expression. Normalize derives Columns from
// Parts, so without this such an index would lose its key.
func (db *Database) partsFromColumns() {
	for i := range db.Schemas {
		for j := range db.Schemas[i].Tables {
			t := &db.Schemas[i].Tables[j]
			for k := range t.Indexes {
				x := &t.Indexes[k]
				if len(x.Parts) > 0 {
					continue
				}
				for _, c := range x.Columns {
					if t.Column(c) != nil {
						x.Parts = append(x.Parts, IndexPart{Column: c})
					} else {
						x.Parts = append(x.Parts, IndexPart{Expression: c})
					}
				}
			}
		}
	}
}

// knownHeader says whether a decoded model has a format version this build reads and a known
// dialect, so the probe can be skipped.
func knownHeader(db *Database) bool {
	if db.FormatVersion < 1 || db.FormatVersion > FormatVersion {
		return false
	}
	switch db.Dialect {
	case SQLite, Postgres, MySQL:
		return true
	}
	return false
}

// probeSnapshot reads only format_version and dialect and says what is wrong with them, or
// nil when they are fine.
func probeSnapshot(data []byte) error {
	var probe struct {
		FormatVersion *int    `json:"format_version"`
		Dialect       Dialect `json:"dialect"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return fmt.Errorf("%w: %v", ErrNotSnapshot, err)
	}
	if probe.FormatVersion == nil || probe.Dialect == "" {
		return ErrNotSnapshot
	}
	if *probe.FormatVersion > FormatVersion {
		return fmt.Errorf("snapshot format_version %d is newer than this dbinspect reads (%d): upgrade dbinspect", *probe.FormatVersion, FormatVersion)
	}
	switch probe.Dialect {
	case SQLite, Postgres, MySQL:
	default:
		return fmt.Errorf("snapshot has unknown dialect %q (want sqlite, postgres or mysql)", probe.Dialect)
	}
	return nil
}

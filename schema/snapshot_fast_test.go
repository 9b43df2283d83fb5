package schema

import (
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
)

// fill sets every field reachable from v to a value of its own (strings unique, bools true,
// numbers 7, pointers allocated, slices of two), so a decoder that maps a key to the wrong
// field or misses one is seen.
func fill(v reflect.Value, n *int) {
	switch v.Kind() {
	case reflect.String:
		*n++
		v.SetString(fmt.Sprintf("s%d", *n))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64, reflect.Int16, reflect.Int32:
		v.SetInt(7)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), n)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			fill(v.Index(i), n)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			fill(v.Field(i), n)
		}
	}
}

// TestFastTableDecodesAsEncodingJSON: the reflection-free table decoder gives the model
// encoding/json gives, for a table with every field set (through the engine sub-structs), for
// one with every field empty or null, and for spellings it leaves to encoding/json (a key in
// other case, a key twice, \u escapes, non-ASCII, invalid UTF-8, numbers where a string is).
func TestFastTableDecodesAsEncodingJSON(t *testing.T) {
	fullJSON, indented, docs := hostileTables()
	for _, doc := range docs {
		var want, got Table
		wantErr := json.Unmarshal([]byte(doc), &want)
		if !fastTable([]byte(doc), &got, &Interner{}, &fastScratch{}) {
			continue // left to encoding/json
		}
		if wantErr != nil {
			t.Errorf("fastTable accepted %s, which encoding/json refuses: %v", doc, wantErr)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("fastTable(%.200s) = %+v\nwant %+v", doc, got, want)
		}
	}
	if !fastTable(fullJSON, new(Table), &Interner{}, &fastScratch{}) || !fastTable(indented, new(Table), &Interner{}, &fastScratch{}) {
		t.Error("fastTable leaves a table as WriteSnapshot writes it to encoding/json")
	}
	if strings.Count(string(fullJSON), `"s`) < 50 {
		t.Fatalf("the full table sets too few fields: %s", fullJSON)
	}
}

// hostileTables are tables' JSON that the fast decoder must read as encoding/json does or
// leave to it: a table with every field set (compact and indented, also returned alone), one
// with every field empty, and spellings it leaves to encoding/json (a key in other case, a key
// twice, \u escapes, non-ASCII, invalid UTF-8, numbers where a string is, invalid JSON).
func hostileTables() (fullJSON, indented []byte, docs []string) {
	var full Table
	n := 0
	fill(reflect.ValueOf(&full).Elem(), &n)
	fullJSON, _ = json.Marshal(full)
	indented, _ = json.MarshalIndent(full, "    ", "  ")
	empty, _ := json.Marshal(Table{})
	odd, _ := json.MarshalIndent(full, "       ", "         ") // runs of spaces of every length past eight
	docs = []string{string(fullJSON), string(indented), string(empty), `{}`, string(odd),
		strings.ReplaceAll(string(indented), "\n", "\r\n \t        "), strings.ReplaceAll(string(fullJSON), ",", " ,\n\t"),
		`{"name": "t", "NAME": "u"}`, `{"name": "t", "name": "u"}`, `{"Columns": [{"name": "a"}]}`,
		`{"name": "caf\u00e9 \"q\" \\ \/ \n\t", "comment": "é ü", "columns": [{"name": "\xff\xfe", "type": "int"}]}`,
		`{"name": 5}`, `{"columns": [null]}`, `{"columns": null, "indexes": [], "primary_key": null}`,
		`{"columns": [{"name": "a", "nullable": null, "default": null}], "checks": [{"name": "c", "not_valid": false}]}`,
		`{"indexes": [{"name": "i", "parts": [{"column": "a", "length": 10, "desc": true}]}]}`,
		`{"indexes": [{"name": "i", "parts": [{"column": "a", "length": 1.5}]}]}`,
		`{"sqlite": {"definition": "CREATE TABLE t (\n  a int\n)"}, "postgres": null}`,
		`{"grants": [{"grantee": "app", "privileges": ["SELECT"]}], "owner": "app"}`,
		`{"name": "t",}`, `{"name": "t" "comment": null}`, `{"columns": [{"name": "a"},]}`, `{"name": tru}`,
		`{"name": "a` + "\x01" + `"}`, `{"name": "t"} x`,
		`{"stats": {"row_estimate": -5, "size_bytes": 0, "auto_increment": null}}`, `{"stats": {"row_estimate": 01}}`,
		`{"stats": {"row_estimate": 1e3}}`, `{"stats": {"row_estimate": 9223372036854775808}}`, `{"stats": {"size_bytes": -0}}`,
		`{"columns": [{"name": "id", "identity": {"generation": "ALWAYS", "start": 1, "max": 9223372036854775807, "cycle": true}}]}`,
		`{"na\u006de": "t"}`, `{"name": "t", "n\u0061me": "u"}`, `{"name": "t", "c\u00f6lumns": []}`, `{"colümns": []}`,
	}
	return fullJSON, indented, docs
}

// chunkReader gives its bytes n at a time, so the decoder's window ends at every place.
type chunkReader struct {
	b []byte
	n int
}

func (r *chunkReader) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	k := copy(p[:min(len(p), r.n)], r.b)
	r.b = r.b[k:]
	return k, nil
}

// TestReadSnapshotDecodesTablesAsEncodingJSON: the reader, which decodes a table where it
// lies in its window of the document (and cuts out one that runs past the window's end),
// gives json.Unmarshal's model for every hostile table, placed after a table bigger than the
// window that ends at every offset of a stretch (in a key, a string, an escape, a number, a
// literal, a value handed to encoding/json), read in chunks of several sizes.
func TestReadSnapshotDecodesTablesAsEncodingJSON(t *testing.T) {
	_, indented, docs := hostileTables()
	var big Table
	n := 0
	fill(reflect.ValueOf(&big).Elem(), &n)
	columns := big.Columns
	var bigJSON []byte
	for len(bigJSON) < tableWindow+4096 { // past the window wherever it ends
		big.Columns = append(big.Columns, columns...)
		bigJSON, _ = json.MarshalIndent(big, "      ", "  ")
	}
	type run struct {
		doc   string
		pad   int
		chunk int
	}
	var runs []run
	for pad := 0; pad < 1021; pad += 3 {
		runs = append(runs, run{string(indented), pad, 1021}) // the window ends 0-1020 bytes past its minimum
	}
	for _, doc := range docs {
		for _, chunk := range []int{1, 4093, 1 << 20} {
			runs = append(runs, run{doc, 0, chunk})
		}
	}
	for _, r := range runs {
		doc := `{"format_version": 1, "dialect": "postgres", "schemas": [{"name": "s", "tables": [` +
			strings.Repeat(" ", r.pad) + string(bigJSON) + ", " + r.doc + ", " + string(bigJSON) + ", " + r.doc + `]}]}`
		var want Database
		wantErr := json.Unmarshal([]byte(doc), &want)
		got, err := decodeSnapshot(&chunkReader{b: []byte(doc), n: r.chunk})
		switch {
		case (err != nil) != (wantErr != nil):
			t.Errorf("table %.100s, pad %d, chunks of %d: error %v, encoding/json's %v", r.doc, r.pad, r.chunk, err, wantErr)
		case err == nil && !reflect.DeepEqual(*got, want):
			t.Errorf("table %.100s, pad %d, chunks of %d: the model differs from encoding/json's", r.doc, r.pad, r.chunk)
		}
	}
}

// FuzzReadSnapshotWindow: a document read with tables cut off by a window of a few bytes, in
// chunks of a few bytes, decodes as it does held whole (the same model, or an error both
// ways): a table the fast decoder reads where it lies is the table it reads cut out.
func FuzzReadSnapshotWindow(f *testing.F) {
	_, indented, docs := hostileTables()
	for _, doc := range append(docs, string(indented)) {
		f.Add(`{"format_version": 1, "dialect": "sqlite", "schemas": [{"name": "main", "tables": [`+doc+`, `+doc+`]}]}`, uint8(7), uint8(3))
	}
	f.Fuzz(func(t *testing.T, doc string, window, chunk uint8) {
		whole, wholeErr := decodeSnapshot(strings.NewReader(doc))
		saved := tableWindow
		defer func() { tableWindow = saved }()
		tableWindow = int(window)
		cut, cutErr := decodeSnapshot(&chunkReader{b: []byte(doc), n: int(chunk) + 1})
		if (wholeErr != nil) != (cutErr != nil) {
			t.Fatalf("held whole: %v; window %d, chunks of %d: %v", wholeErr, window, chunk+1, cutErr)
		}
		if wholeErr == nil && !reflect.DeepEqual(whole, cut) {
			t.Fatalf("window %d, chunks of %d: the model differs from the one read whole", window, chunk+1)
		}
	})
}

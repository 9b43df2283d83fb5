package schema

import (
	"bufio"
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// hostileStrings are strings whose JSON spelling has every rule of encoding/json's quoting:
// quotes and backslashes, each control character, HTML characters (not escaped in a
// snapshot), non-ASCII, U+2028/U+2029, invalid UTF-8 and truncated sequences.
var hostileStrings = func() []string {
	s := []string{"", "plain", `q"uo\te`, "<a href='x'>&amp;</a>", "é ü 字 😀", "\u2028\u2029 x",
		"\xff\xfe", "a\xc3", "\xe2\x80", "\xed\xa0\x80", "\x7f", "tab\there\nnl\r\b\f"}
	var ctl strings.Builder
	for c := range 0x20 {
		ctl.WriteByte(byte(c))
	}
	return append(s, ctl.String())
}()

// encodingJSON is t laid out by encoding/json as a snapshot is, at prefix.
func encodingJSON(t *testing.T, v any, prefix string) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent(prefix, indentUnit)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

func checkFastTable(t *testing.T, tb *Table) {
	t.Helper()
	for _, prefix := range []string{"", "      ", strings.Repeat(" ", 90)} { // the last longer than indentSpaces
		var b bytes.Buffer
		sw := &snapshotWriter{w: bufio.NewWriter(&b)}
		if !sw.fastTable(tb, prefix) || sw.err != nil {
			t.Fatalf("fastTable: %v", sw.err)
		}
		if sw.jw.misplaced != 0 { // a member's depth in its declaration is wrong
			t.Fatalf("fastTable wrote %d keys at a depth other than their own", sw.jw.misplaced)
		}
		if err := sw.w.Flush(); err != nil {
			t.Fatal(err)
		}
		got := b.Bytes()
		if want := encodingJSON(t, tb, prefix); !bytes.Equal(got, want) {
			i := 0
			for i < len(got) && i < len(want) && got[i] == want[i] {
				i++
			}
			t.Fatalf("fastTable differs from encoding/json at byte %d (prefix %q):\n got %s\nwant %s", i, prefix, got, want)
		}
	}
}

// checkFastEncode: encode writes v (a view, a schema or the database) as encoding/json does,
// by jsonWriter, at every prefix, with the final newline of a document when top; every key
// at its declared depth when v is a view or a shell, as WriteSnapshot has them (a schema's
// tables and views and the database's schemas empty: spliced writes those at their own
// prefix). A schema or database with those inside is written right, key by key.
func checkFastEncode(t *testing.T, v any) {
	t.Helper()
	shell := true
	switch v := v.(type) {
	case *Schema:
		shell = len(v.Tables)+len(v.Views) == 0
	case *Database:
		shell = len(v.Schemas) == 0
	}
	for _, prefix := range []string{"", "    ", strings.Repeat(" ", 90)} {
		for _, top := range []bool{false, true} {
			sw := &snapshotWriter{}
			if _, ok := sw.fastEncode(v, prefix); !ok {
				t.Fatalf("jsonWriter does not write %T", v)
			}
			got := sw.encode(v, prefix, top)
			if sw.err != nil {
				t.Fatal(sw.err)
			}
			if shell && sw.jw.misplaced+sw.shells.misplaced != 0 {
				t.Fatalf("jsonWriter wrote %d keys of a %T at a depth other than their own", sw.jw.misplaced+sw.shells.misplaced, v)
			}
			want := encodingJSON(t, v, prefix)
			if top {
				want = append(want, '\n')
			}
			if !bytes.Equal(got, want) {
				i := 0
				for i < len(got) && i < len(want) && got[i] == want[i] {
					i++
				}
				t.Fatalf("%T differs from encoding/json at byte %d (prefix %q):\n got %s\nwant %s", v, i, prefix, got, want)
			}
		}
	}
}

// TestFastWriterWritesViewsAndShells: views, schemas and the database, with every field set,
// every field empty, nil beside empty slices and hostile strings everywhere, byte for byte as
// encoding/json writes them.
func TestFastWriterWritesViewsAndShells(t *testing.T) {
	for _, v := range []any{&View{}, &Schema{}, &Database{}} {
		checkFastEncode(t, v)
		full := reflect.New(reflect.TypeOf(v).Elem())
		n := 0
		fill(full.Elem(), &n)
		checkFastEncode(t, full.Interface())
		checkFastEncode(t, shellOf(full.Interface()))
		for _, s := range hostileStrings {
			hostile := reflect.New(reflect.TypeOf(v).Elem())
			setStrings(hostile.Elem(), s)
			checkFastEncode(t, hostile.Interface())
		}
	}
	checkFastEncode(t, &View{Columns: []Column{}, Indexes: []Index{}, Triggers: []Trigger{}})
	checkFastEncode(t, &Schema{Tables: []Table{}, Views: []View{}, Functions: []Function{}})
	checkFastEncode(t, &Database{Schemas: []Schema{}, Notes: []string{}})
	for seed := range uint64(150) { // FuzzFastWriter goes further
		r := rand.New(rand.NewPCG(seed, 17))
		for _, v := range []any{&View{}, &Schema{}, &Database{}} {
			randomize(reflect.ValueOf(v).Elem(), r, strings.Join(hostileStrings, "|"), 0)
			checkFastEncode(t, v)
			checkFastEncode(t, shellOf(v))
		}
	}
}

// shellOf is v as WriteSnapshot has it written: a schema with no tables or views, the
// database with no schemas (empty, not nil).
func shellOf(v any) any {
	switch v := v.(type) {
	case *Schema:
		s := *v
		s.Tables, s.Views = []Table{}, []View{}
		return &s
	case *Database:
		d := *v
		d.Schemas = []Schema{}
		return &d
	}
	return v
}

// TestSnapshotOfKnownTypesBuildsNoEncoder: a snapshot of tables and views only, as SQLite's
// are, is written without encoding/json, whose first Encode builds the encoders of every type
// the model reaches (1-2 ms of each run, a third of an inspection's fixed cost).
func TestSnapshotOfKnownTypesBuildsNoEncoder(t *testing.T) {
	db := &Database{FormatVersion: FormatVersion, Dialect: SQLite, ServerVersion: "3.50", Notes: []string{"n"},
		Schemas: []Schema{{Name: "main", Tables: []Table{{Name: "t", Columns: []Column{{Name: "id", Type: "INTEGER"}},
			PrimaryKey: &PrimaryKey{Columns: []string{"id"}}, Indexes: []Index{{Name: "i", Columns: []string{"id"}}},
			SQLite: &SQLiteTable{Strict: true}}},
			Views: []View{{Name: "v", Definition: "SELECT 1", Columns: []Column{{Name: "x"}}}}}}}
	db.Normalize() // as WriteSnapshot does
	var b bytes.Buffer
	sw := &snapshotWriter{w: bufio.NewWriter(&b)}
	sw.database(db)
	if err := sw.w.Flush(); sw.err != nil || err != nil {
		t.Fatal(sw.err, err)
	}
	if sw.enc != nil {
		t.Error("the snapshot writer used encoding/json for a model of tables and views")
	}
	if want := wholeDocument(t, db); !bytes.Equal(b.Bytes(), want) {
		t.Errorf("snapshot differs from encoding/json's:\n%s\nwant\n%s", b.Bytes(), want)
	}
}

// TestFastWriterKnowsTheModel: jsonWriter writes the members the model's types have; a field
// added to one of them turns the fast writer off, and this test says which type to teach it.
func TestFastWriterKnowsTheModel(t *testing.T) {
	for typ, want := range fastWriteFields {
		if got := jsonTags(typ); got != want {
			t.Errorf("%v has the JSON members\n%s\njsonWriter writes\n%s", typ, got, want)
		}
	}
	if !fastWriteMatches() {
		t.Error("the fast table writer is off")
	}
}

// TestFastWriterWritesAsEncodingJSON: every field set (the sub-structs it leaves to
// encoding/json too), every field empty, nil beside empty slices, and every hostile string in
// every string field, byte for byte as encoding/json.
func TestFastWriterWritesAsEncodingJSON(t *testing.T) {
	var full Table
	n := 0
	fill(reflect.ValueOf(&full).Elem(), &n)
	checkFastTable(t, &full)
	checkFastTable(t, &Table{})
	checkFastTable(t, &Table{Columns: []Column{}, ForeignKeys: []ForeignKey{}, Uniques: []Unique{}, Checks: []Check{},
		Indexes: []Index{{Columns: []string{}, Parts: []IndexPart{{}}, Include: []string{}, Postgres: &PostgresIdx{With: []string{}}}},
		Stats:   &TableStats{}, SQLite: &SQLiteTable{ImplicitNotNull: []string{}}, Access: Access{Grants: []Grant{{Privileges: nil}}},
		PrimaryKey: &PrimaryKey{}, Triggers: []Trigger{}, Postgres: &PostgresTable{}, MySQL: &MySQLTable{}})
	for _, s := range hostileStrings {
		var tb Table
		setStrings(reflect.ValueOf(&tb).Elem(), s)
		checkFastTable(t, &tb)
	}
	// Numbers at their limits.
	lo, hi, zero := int64(-1<<63), int64(1<<63-1), int64(0)
	stat := -1
	checkFastTable(t, &Table{Stats: &TableStats{RowEstimate: &lo, SizeBytes: &hi, AutoIncrement: &zero},
		Columns: []Column{{Identity: &Identity{SequenceOptions: SequenceOptions{Start: lo, Max: hi, Min: -1}},
			Postgres: &PostgresColumn{Statistics: &stat}}},
		Indexes: []Index{{Parts: []IndexPart{{Length: -3}, {Length: 1 << 40}}}}})
}

// setStrings fills v as fill does, with s in every string.
func setStrings(v reflect.Value, s string) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(s)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		setStrings(v.Elem(), s)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		setStrings(v.Index(0), s)
	case reflect.Struct:
		for i := range v.NumField() {
			setStrings(v.Field(i), s)
		}
	}
}

// randomize fills v at random from r: pointers nil or set, slices nil, empty or of one to
// three elements, strings hostile or cut from data, numbers of every size and sign.
func randomize(v reflect.Value, r *rand.Rand, data string, depth int) {
	switch v.Kind() {
	case reflect.String:
		if r.IntN(2) == 0 || data == "" {
			v.SetString(hostileStrings[r.IntN(len(hostileStrings))])
			return
		}
		i := r.IntN(len(data))
		v.SetString(data[i : i+r.IntN(len(data)-i+1)])
	case reflect.Bool:
		v.SetBool(r.IntN(2) == 0)
	case reflect.Int, reflect.Int64:
		v.SetInt([]int64{0, 1, -1, r.Int64(), -r.Int64(), 1<<63 - 1, -1 << 63}[r.IntN(7)])
	case reflect.Pointer:
		if r.IntN(3) == 0 || depth > 6 {
			return
		}
		v.Set(reflect.New(v.Type().Elem()))
		randomize(v.Elem(), r, data, depth+1)
	case reflect.Slice:
		switch k := r.IntN(5); {
		case k == 0 || depth > 6:
		case k == 1:
			v.Set(reflect.MakeSlice(v.Type(), 0, 0))
		default:
			v.Set(reflect.MakeSlice(v.Type(), k-1, k-1))
			for i := range k - 1 {
				randomize(v.Index(i), r, data, depth+1)
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			randomize(v.Field(i), r, data, depth+1)
		}
	}
}

// FuzzFastWriter: on tables filled at random (seeded and cut from the input), jsonWriter
// and encoding/json write the same bytes.
func FuzzFastWriter(f *testing.F) {
	for i, s := range hostileStrings {
		f.Add(uint64(i), s)
	}
	f.Fuzz(func(t *testing.T, seed uint64, data string) {
		var tb Table
		r := rand.New(rand.NewPCG(seed, 16))
		randomize(reflect.ValueOf(&tb).Elem(), r, data, 0)
		checkFastTable(t, &tb)
		for _, v := range []any{&View{}, &Schema{}, &Database{}} {
			randomize(reflect.ValueOf(v).Elem(), r, data, 0)
			checkFastEncode(t, v)
			checkFastEncode(t, shellOf(v))
		}
	})
}

// TestFastWriterRandomTables runs FuzzFastWriter's property on a few thousand seeds in every
// ordinary test run.
func TestFastWriterRandomTables(t *testing.T) {
	for seed := range uint64(3000) {
		var tb Table
		randomize(reflect.ValueOf(&tb).Elem(), rand.New(rand.NewPCG(seed, 16)), strings.Join(hostileStrings, "|"), 0)
		checkFastTable(t, &tb)
	}
}

// encodingJSONString is s as a snapshot's Encoder (SetEscapeHTML(false)) quotes it.
func encodingJSONString(t *testing.T, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// checkString: jsonWriter.string quotes s as encoding/json does, appending to what the buffer
// already holds.
func checkString(t *testing.T, s string) {
	t.Helper()
	w := jsonWriter{b: []byte("x")}
	w.string(s)
	if want := append([]byte("x"), encodingJSONString(t, s)...); !bytes.Equal(w.b, want) {
		t.Fatalf("string(%q) = %s, encoding/json: %s", s, w.b, want)
	}
}

// TestJSONWriterStringEachByte: every byte alone, between safe bytes, doubled and at the end
// of a run, and every hostile string, quoted as encoding/json quotes them; so is jsonSafe's
// table against encoding/json's verdict on each ASCII byte.
func TestJSONWriterStringEachByte(t *testing.T) {
	for c := range 256 {
		b := string([]byte{byte(c)})
		for _, s := range []string{b, "ab" + b + "cd", b + b, "name_" + b, b + "é", "é" + b + "\u2028"} {
			checkString(t, s)
		}
		if c < 0x80 {
			if quoted := encodingJSONString(t, b); (jsonSafe[c] == 1) != (len(quoted) == 3) {
				t.Errorf("jsonSafe[%#x] = %v, encoding/json writes %s", c, jsonSafe[c], quoted)
			}
		} else if jsonSafe[c] != 0 {
			t.Errorf("jsonSafe[%#x]: a byte of a UTF-8 sequence must be checked", c)
		}
	}
	for _, s := range hostileStrings {
		checkString(t, s)
	}
}

// FuzzJSONWriterString: on arbitrary bytes (invalid and truncated UTF-8, control characters,
// U+2028/2029, HTML characters, long safe runs), jsonWriter.string writes encoding/json's bytes.
func FuzzJSONWriterString(f *testing.F) {
	for _, s := range hostileStrings {
		f.Add(s)
	}
	f.Add(strings.Repeat("column_name_", 40) + "\x00")
	f.Fuzz(checkString)
}

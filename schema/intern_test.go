package schema

import (
	"bytes"
	"strings"
	"testing"
	"unsafe"
)

// TestReadSnapshotInternsRepeatedStrings: the type names and column names that repeat across
// tables are one string each in the model read, not one per table.
func TestReadSnapshotInternsRepeatedStrings(t *testing.T) {
	doc := `{"format_version": 1, "dialect": "sqlite", "schemas": [{"name": "main", "tables": [
		{"name": "a", "columns": [{"name": "id", "type": "INTEGER", "nullable": false, "default": "0"}], "primary_key": {"columns": ["id"]}},
		{"name": "b", "columns": [{"name": "id", "type": "INTEGER", "nullable": false, "default": "0"}], "primary_key": {"columns": ["id"]}}]}]}`
	db, err := ReadSnapshot(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	a, b := db.Schemas[0].Tables[0], db.Schemas[0].Tables[1]
	same := func(what, x, y string) {
		if x != y || unsafe.StringData(x) != unsafe.StringData(y) {
			t.Errorf("%s: %q and %q are two copies", what, x, y)
		}
	}
	same("column type", a.Columns[0].Type, b.Columns[0].Type)
	same("column name", a.Columns[0].Name, b.Columns[0].Name)
	same("default", *a.Columns[0].Default, *b.Columns[0].Default)
	same("key column", a.PrimaryKey.Columns[0], b.Columns[0].Name)
	if a.Columns[0].Default == b.Columns[0].Default {
		t.Error("two columns share one Default pointer: changing one would change both")
	}
}

// TestReadSnapshotNamesTheMistypedValue: a value of the wrong type deep in the tables is an
// invalid snapshot naming the table it is in.
func TestReadSnapshotNamesTheMistypedValue(t *testing.T) {
	doc := `{"format_version": 1, "dialect": "sqlite", "schemas": [{"name": "main", "tables": [
		{"name": "a", "columns": [{"name": "id", "type": "INTEGER"}]}, {"name": "b", "columns": [{"name": 5}]}]}]}`
	_, err := ReadSnapshot(strings.NewReader(doc))
	if err == nil || !strings.Contains(err.Error(), "invalid snapshot: schemas[0].tables[1]: ") {
		t.Errorf("err = %v, want an invalid snapshot at schemas[0].tables[1]", err)
	}
}

// TestCompactKeepsTheModel: Compact changes no byte of the snapshot, fits the slices a reader
// grew to their length, and shares the strings that repeat.
func TestCompactKeepsTheModel(t *testing.T) {
	db := &Database{Dialect: Postgres, Schemas: []Schema{{Name: "public"}}}
	s := &db.Schemas[0]
	for i := range 5 {
		tb := Table{Name: "t" + string(rune('a'+i)), Access: Access{Owner: string([]byte("app"))}}
		for j := range 5 {
			tb.Columns = append(tb.Columns, Column{Name: "c" + string(rune('0'+j)), Type: string([]byte("integer")), Default: Ptr(string([]byte("0")))})
		}
		tb.Indexes = append(tb.Indexes, Index{Name: tb.Name + "_ix", Parts: []IndexPart{{Column: "c0"}}})
		s.Tables = append(s.Tables, tb)
	}
	s.Views = append(s.Views, View{Name: "v", Definition: "SELECT 1"}, View{Name: "w", Definition: "SELECT 2"}, View{Name: "x"})
	var before, after bytes.Buffer
	if err := WriteSnapshot(&before, db); err != nil {
		t.Fatal(err)
	}
	db.Compact()
	if err := WriteSnapshot(&after, db); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before.Bytes(), after.Bytes()) {
		t.Errorf("Compact changed the snapshot:\n%s\nwant:\n%s", after.Bytes(), before.Bytes())
	}
	if cap(s.Tables) != len(s.Tables) || cap(s.Views) != len(s.Views) || cap(s.Tables[0].Columns) != len(s.Tables[0].Columns) {
		t.Errorf("capacities %d/%d tables, %d/%d views, %d/%d columns: not fitted", cap(s.Tables), len(s.Tables),
			cap(s.Views), len(s.Views), cap(s.Tables[0].Columns), len(s.Tables[0].Columns))
	}
	a, b := s.Tables[0], s.Tables[4]
	if unsafe.StringData(a.Columns[2].Type) != unsafe.StringData(b.Columns[2].Type) || unsafe.StringData(a.Owner) != unsafe.StringData(b.Owner) {
		t.Error("the type and owner strings of two tables are still two copies")
	}
}

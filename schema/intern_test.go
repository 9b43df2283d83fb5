package schema

import (
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

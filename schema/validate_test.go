package schema

import (
	"errors"
	"strings"
	"testing"
)

// badSnapshots are the hand-edited and corrupt snapshots of the probe, each with the
// JSON path its one-line error must name. They are also the seed of the CLI fuzz target.
var badSnapshots = []struct{ name, doc, path string }{
	{"version 0", `{"format_version": 0, "dialect": "sqlite", "schemas": []}`, "format_version: 0 is not a format version"},
	{"version negative", `{"format_version": -3, "dialect": "sqlite", "schemas": []}`, "format_version: -3"},
	{"schema without name", `{"format_version": 1, "dialect": "postgres", "schemas": [{"name": ""}]}`, "schemas[0].name: the schema has no name"},
	{"schema twice", `{"format_version": 1, "dialect": "postgres", "schemas": [{"name": "a"}, {"name": "a"}]}`, "schemas[1].name: schema \"a\" appears twice"},
	{"table without name", sq(`{"name": "", "columns": [{"name": "a", "type": "int"}]}`), "schemas[0].tables[0].name: the table has no name"},
	{"NUL in a table name", sq(`{"name": "a\u0000b", "columns": [{"name": "a", "type": "int"}]}`), "schemas[0].tables[0].name: the table name \"a\\x00b\" holds a NUL byte"},
	{"table twice", sq(`{"name": "t", "columns": [{"name": "a"}]}, {"name": "t", "columns": [{"name": "a"}]}`), "schemas[0].tables[1].name: \"t\" is already a table"},
	{"view named as a table", `{"format_version": 1, "dialect": "sqlite", "schemas": [{"name": "main", "tables": [{"name": "t", "columns": [{"name": "a"}]}], "views": [{"name": "t", "definition": "SELECT 1"}]}]}`, "schemas[0].views[0].name: \"t\" is already a table"},
	{"columns null", sq(`{"name": "t", "columns": null}`), "schemas[0].tables[0].columns: table \"t\" has no columns"},
	{"columns empty", sq(`{"name": "t", "columns": []}`), "schemas[0].tables[0].columns: table \"t\" has no columns"},
	{"column without name", sq(`{"name": "t", "columns": [{"name": ""}]}`), "schemas[0].tables[0].columns[0].name: the column has no name"},
	{"NUL in a column name", sq(`{"name": "t", "columns": [{"name": "\u0000"}]}`), "schemas[0].tables[0].columns[0].name: the column name \"\\x00\" holds a NUL byte"},
	{"column twice", sq(`{"name": "t", "columns": [{"name": "a"}, {"name": "a"}]}`), "schemas[0].tables[0].columns[1].name: column \"a\" appears twice"},
	{"column twice among many", sq(`{"name": "t", "columns": [{"name": "a"}, {"name": "b"}, {"name": "c"}, {"name": "d"}, {"name": "e"}, {"name": "f"}, {"name": "g"}, {"name": "h"}, {"name": "i"}, {"name": "j"}, {"name": "k"}, {"name": "l"}, {"name": "m"}, {"name": "n"}, {"name": "o"}, {"name": "p"}, {"name": "q"}, {"name": "c"}]}`), "schemas[0].tables[0].columns[17].name: column \"c\" appears twice"},
	{"column twice, the 16th", sq(`{"name": "t", "columns": [{"name": "a"}, {"name": "b"}, {"name": "c"}, {"name": "d"}, {"name": "e"}, {"name": "f"}, {"name": "g"}, {"name": "h"}, {"name": "i"}, {"name": "j"}, {"name": "k"}, {"name": "l"}, {"name": "m"}, {"name": "n"}, {"name": "o"}, {"name": "a"}]}`), "schemas[0].tables[0].columns[15].name: column \"a\" appears twice"},
	{"column without type", `{"format_version": 1, "dialect": "mysql", "schemas": [{"name": "db", "tables": [{"name": "t", "columns": [{"name": "a", "type": ""}]}]}]}`, "schemas[0].tables[0].columns[0].type: column \"a\" has no type"},
	{"primary key without columns", sq(`{"name": "t", "columns": [{"name": "a"}], "primary_key": {"columns": []}}`), "schemas[0].tables[0].primary_key.columns: the primary key of table \"t\" has no columns"},
	{"primary key columns null", sq(`{"name": "t", "columns": [{"name": "a"}], "primary_key": {"columns": null}}`), "schemas[0].tables[0].primary_key.columns: the primary key"},
	{"primary key on a missing column", sq(`{"name": "t", "columns": [{"name": "a"}], "primary_key": {"columns": ["a", "b"]}}`), "schemas[0].tables[0].primary_key.columns[1]: \"b\" is not a column of table \"t\""},
	{"primary key column twice", sq(`{"name": "t", "columns": [{"name": "a"}], "primary_key": {"columns": ["a", "a"]}}`), "schemas[0].tables[0].primary_key.columns[1]: column \"a\" appears twice"},
	{"unique on a missing column", sq(`{"name": "t", "columns": [{"name": "a"}], "uniques": [{"name": "u", "columns": ["x"]}]}`), "schemas[0].tables[0].uniques[0].columns[0]: \"x\" is not a column"},
	{"index without parts", sq(`{"name": "t", "columns": [{"name": "a"}], "indexes": [{"name": "i", "columns": [], "parts": []}]}`), "schemas[0].tables[0].indexes[0].parts: index \"i\" has no key parts"},
	{"index on a missing column", sq(`{"name": "t", "columns": [{"name": "a"}], "indexes": [{"name": "i", "parts": [{"column": "x"}]}]}`), "schemas[0].tables[0].indexes[0].parts[0].column: \"x\" is not a column"},
	{"index twice", sq(`{"name": "t", "columns": [{"name": "a"}], "indexes": [{"name": "i", "parts": [{"column": "a"}]}, {"name": "i", "parts": [{"column": "a"}]}]}`), "schemas[0].tables[0].indexes[1].name: index \"i\" appears twice"},
	{"foreign key to a missing table", sq(`{"name": "t", "columns": [{"name": "a"}], "foreign_keys": [{"columns": ["a"], "ref_schema": "main", "ref_table": "gone", "ref_columns": ["id"]}]}`), "schemas[0].tables[0].foreign_keys[0].ref_table: \"main\".\"gone\" is not a table of the snapshot"},
	{"foreign key to a missing column", sq(`{"name": "t", "columns": [{"name": "a"}], "foreign_keys": [{"columns": ["a"], "ref_schema": "main", "ref_table": "t", "ref_columns": ["zz"]}]}`), "schemas[0].tables[0].foreign_keys[0].ref_columns[0]: \"zz\" is not a column"},
	{"foreign key without columns", sq(`{"name": "t", "columns": [{"name": "a"}], "foreign_keys": [{"columns": [], "ref_schema": "main", "ref_table": "t", "ref_columns": []}]}`), "schemas[0].tables[0].foreign_keys[0].columns: the foreign key of table \"t\" has no columns"},
	{"foreign key column counts", sq(`{"name": "t", "columns": [{"name": "a"}], "foreign_keys": [{"columns": ["a"], "ref_schema": "main", "ref_table": "t", "ref_columns": ["a", "a"]}]}`), "schemas[0].tables[0].foreign_keys[0].ref_columns: 2 referenced columns for 1 columns"},
	{"inheritance cycle", `{"format_version": 1, "dialect": "postgres", "schemas": [{"name": "s", "tables": [
		{"name": "a", "columns": [{"name": "x", "type": "int"}], "postgres": {"inherits": [{"schema": "s", "name": "b"}]}},
		{"name": "b", "columns": [{"name": "x", "type": "int"}], "postgres": {"inherits": [{"schema": "s", "name": "a"}]}}]}]}`, "schemas[0].tables[0].postgres: table \"s\".\"a\" inherits from itself"},
	{"partition of itself", `{"format_version": 1, "dialect": "postgres", "schemas": [{"name": "s", "tables": [
		{"name": "a", "columns": [{"name": "x", "type": "int"}], "postgres": {"partition_of": {"schema": "s", "name": "a"}}}]}]}`, "schemas[0].tables[0].postgres: table \"s\".\"a\" inherits from itself"},
	{"partition of a missing table", `{"format_version": 1, "dialect": "postgres", "schemas": [{"name": "s", "tables": [
		{"name": "a", "columns": [{"name": "x", "type": "int"}], "postgres": {"partition_of": {"schema": "s", "name": "gone"}}}]}]}`, "schemas[0].tables[0].postgres.partition_of: table \"a\" is a partition of \"s\".\"gone\""},
	{"enum value twice", `{"format_version": 1, "dialect": "postgres", "schemas": [{"name": "s", "enums": [{"name": "e", "values": ["a", "a"]}]}]}`, "schemas[0].enums[0].values[1]: enum value \"a\" appears twice"},
	{"function twice", `{"format_version": 1, "dialect": "postgres", "schemas": [{"name": "s", "functions": [{"name": "f", "arguments": "a int", "definition": "x"}, {"name": "f", "arguments": "a int", "definition": "x"}]}]}`, "schemas[0].functions[1]: function f(a int) appears twice"},
	{"wrong JSON type", `{"format_version": 1, "dialect": "sqlite", "schemas": [{"name": "main", "tables": "t"}]}`, "cannot unmarshal string"},
}

// sq wraps tables into an SQLite snapshot with one schema, main.
func sq(tables string) string {
	return `{"format_version": 1, "dialect": "sqlite", "schemas": [{"name": "main", "tables": [` + tables + `]}]}`
}

func TestReadSnapshotRejectsWhatNoDatabaseHolds(t *testing.T) {
	for _, c := range badSnapshots {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadSnapshot(strings.NewReader(c.doc))
			if err == nil {
				t.Fatal("accepted")
			}
			if !errors.Is(err, ErrInvalidSnapshot) {
				t.Errorf("%v is not ErrInvalidSnapshot", err)
			}
			if !strings.Contains(err.Error(), c.path) || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q does not name %q on one line", err, c.path)
			}
		})
	}
}

// TestReadSnapshotAcceptsWhatDatabasesHold: the edge cases that are real.
func TestReadSnapshotAcceptsWhatDatabasesHold(t *testing.T) {
	good := map[string]string{
		"PostgreSQL table without columns": `{"format_version": 1, "dialect": "postgres", "schemas": [{"name": "s", "tables": [{"name": "t", "columns": []}]}]}`,
		"SQLite column without type":       sq(`{"name": "t", "columns": [{"name": "a", "type": ""}]}`),
		"foreign key into a schema not inspected": `{"format_version": 1, "dialect": "postgres", "schemas": [{"name": "app", "tables": [
			{"name": "t", "columns": [{"name": "a", "type": "int"}], "foreign_keys": [{"columns": ["a"], "ref_schema": "billing", "ref_table": "c", "ref_columns": ["id"]}]}]}]}`,
		"foreign key to a table a filter left out": `{"format_version": 1, "dialect": "sqlite", "filtered": {"exclude": ["gone"]}, "schemas": [{"name": "main", "tables": [
			{"name": "t", "columns": [{"name": "a"}], "foreign_keys": [{"columns": ["a"], "ref_schema": "main", "ref_table": "gone", "ref_columns": ["id"]}]}]}]}`,
		"index on an expression":                sq(`{"name": "t", "columns": [{"name": "a"}], "indexes": [{"name": "i", "parts": [{"expression": "lower(a)"}]}]}`),
		"SQLite foreign key to the primary key": sq(`{"name": "t", "columns": [{"name": "a"}], "foreign_keys": [{"columns": ["a"], "ref_schema": "main", "ref_table": "t", "ref_columns": []}]}`),
	}
	for name, doc := range good {
		if _, err := ReadSnapshot(strings.NewReader(doc)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestFilterIsRecorded: a filtered model says so, and its snapshot still reads back.
func TestFilterIsRecorded(t *testing.T) {
	db := &Database{FormatVersion: 1, Dialect: SQLite, Schemas: []Schema{{Name: "main", Tables: []Table{
		{Name: "a", Columns: []Column{{Name: "id"}}},
		{Name: "b", Columns: []Column{{Name: "a_id"}}, ForeignKeys: []ForeignKey{{Columns: []string{"a_id"}, RefSchema: "main", RefTable: "a", RefColumns: []string{"id"}}}},
	}}}}
	db.Filter(nil, []string{"a"})
	if db.Filtered == nil || db.Filtered.Exclude[0] != "a" {
		t.Fatalf("Filtered = %+v", db.Filtered)
	}
	var b strings.Builder
	if err := WriteSnapshot(&b, db); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadSnapshot(strings.NewReader(b.String())); err != nil {
		t.Errorf("a filtered snapshot does not read back: %v", err)
	}
}

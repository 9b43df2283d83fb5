package cli

import (
	"os"
	"strings"
	"testing"
)

// crashingSnapshots crashed export --format sql|sqlalchemy and diff --format sql (index out
// of range, nil dereference) before snapshots were validated on reading.
var crashingSnapshots = map[string]struct{ doc, path string }{
	"pk-no-columns.json":       {sqliteSnap(`{"name": "t", "columns": [{"name": "a", "type": "int"}], "primary_key": {"columns": []}}`), "schemas[0].tables[0].primary_key.columns"},
	"pk-null-columns.json":     {sqliteSnap(`{"name": "t", "columns": [{"name": "a", "type": "int"}], "primary_key": {"columns": null}}`), "schemas[0].tables[0].primary_key.columns"},
	"pk-missing-column.json":   {sqliteSnap(`{"name": "t", "columns": [{"name": "a", "type": "int"}], "primary_key": {"columns": ["b"]}}`), "schemas[0].tables[0].primary_key.columns[0]"},
	"columns-null.json":        {sqliteSnap(`{"name": "t", "columns": null}`), "schemas[0].tables[0].columns"},
	"columns-empty.json":       {sqliteSnap(`{"name": "t", "columns": []}`), "schemas[0].tables[0].columns"},
	"empty-table-name.json":    {sqliteSnap(`{"name": "", "columns": [{"name": "a", "type": "int"}]}`), "schemas[0].tables[0].name"},
	"empty-column-name.json":   {sqliteSnap(`{"name": "t", "columns": [{"name": "", "type": "int"}]}`), "schemas[0].tables[0].columns[0].name"},
	"nul-table-name.json":      {sqliteSnap(`{"name": "t\u0000", "columns": [{"name": "a", "type": "int"}]}`), "schemas[0].tables[0].name"},
	"nul-column-name.json":     {sqliteSnap(`{"name": "t", "columns": [{"name": "a\u0000", "type": "int"}]}`), "schemas[0].tables[0].columns[0].name"},
	"fk-missing-table.json":    {sqliteSnap(`{"name": "t", "columns": [{"name": "a", "type": "int"}], "foreign_keys": [{"columns": ["a"], "ref_schema": "main", "ref_table": "x", "ref_columns": ["id"]}]}`), "schemas[0].tables[0].foreign_keys[0].ref_table"},
	"fk-no-columns.json":       {sqliteSnap(`{"name": "t", "columns": [{"name": "a", "type": "int"}], "foreign_keys": [{"columns": [], "ref_schema": "main", "ref_table": "t", "ref_columns": ["a"]}]}`), "schemas[0].tables[0].foreign_keys[0].columns"},
	"duplicate-column.json":    {sqliteSnap(`{"name": "t", "columns": [{"name": "a", "type": "int"}, {"name": "a", "type": "int"}]}`), "schemas[0].tables[0].columns[1].name"},
	"format-version-zero.json": {`{"format_version": 0, "dialect": "sqlite", "schemas": []}`, "format_version"},
}

func sqliteSnap(tables string) string {
	return `{"format_version": 1, "dialect": "sqlite", "schemas": [{"name": "main", "tables": [` + tables + `]}]}`
}

// TestBadSnapshotsAreOneLineErrors: every command that reads such a snapshot exits 2 with
// one line naming the place in the JSON, never a panic.
func TestBadSnapshotsAreOneLineErrors(t *testing.T) {
	copySample(t)
	for name, c := range crashingSnapshots {
		os.WriteFile(name, []byte(c.doc), 0o644)
		for _, args := range [][]string{
			{"export", "--db", name, "--format", "sql"},
			{"export", "--db", name, "--format", "sqlalchemy"},
			{"export", "--db", name, "--format", "gorm"},
			{"export", "--db", name, "--format", "mermaid"},
			{"diff", name, "sample.db", "--format", "sql"},
			{"diff", "sample.db", name, "--format", "sql"},
			{"inspect", "--db", name},
		} {
			t.Run(strings.Join(args, " "), func(t *testing.T) {
				_, stderr, code := dbinspect(t, args...)
				oneLineError(t, code, stderr, "invalid snapshot: "+c.path)
				if strings.Contains(stderr, "panic") || strings.Contains(stderr, "internal error") {
					t.Errorf("stderr %q", stderr)
				}
			})
		}
	}
}

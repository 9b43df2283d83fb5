package cli

import (
	"os"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/schema"
)

// TestSchemaMapCommandLineWinsInEveryFormat: with diff.schema_map {a: x} in the config and
// --schema-map a=y on the command line, every format pairs FROM's a with TO's y (issue 11,
// bug 1: --format sql paired it with x).
func TestSchemaMapCommandLineWinsInEveryFormat(t *testing.T) {
	// The TO tables differ from FROM's only in their comment, which the plan reads from the
	// TO table it pairs (COMMENT ON TABLE … IS …).
	table := func(comment ...string) schema.Table {
		t := schema.Table{Name: "t", Columns: []schema.Column{{Name: "id", Type: "integer"}}}
		if len(comment) > 0 {
			t.Comment = &comment[0]
		}
		return t
	}
	pg := func(schemas ...schema.Schema) *schema.Database {
		db := &schema.Database{Dialect: schema.Postgres, ServerVersion: "15.19", Schemas: schemas}
		db.Normalize()
		return db
	}
	dir := t.TempDir()
	t.Chdir(dir)
	from := writeSnapshot(t, dir, "from.json", pg(
		schema.Schema{Name: "a", Tables: []schema.Table{table()}},
		schema.Schema{Name: "x", Tables: []schema.Table{table("from_config")}}))
	to := writeSnapshot(t, dir, "to.json", pg(
		schema.Schema{Name: "x", Tables: []schema.Table{table("from_config")}},
		schema.Schema{Name: "y", Tables: []schema.Table{table("from_command_line")}}))
	if err := os.WriteFile("dbinspect.yaml", []byte("diff:\n  schema_map: {a: x}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"text", "json", "sql"} {
		t.Run(format, func(t *testing.T) {
			stdout, stderr, code := dbinspect(t, "diff", "--format", format, "--schema-map", "a=y", from, to)
			if code != 1 {
				t.Fatalf("exit %d, want 1: %s", code, stderr)
			}
			if !strings.Contains(stdout, "from_command_line") || strings.Contains(stdout, "from_config") {
				t.Errorf("FROM's a is not paired with y (the command line) alone:\n%s", stdout)
			}
		})
	}
}

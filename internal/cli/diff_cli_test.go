package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/schema"
)

// snapshotModel is a small schema: users and orders, as a snapshot would hold it.
func snapshotModel(dbName string) *schema.Database {
	db := &schema.Database{Dialect: schema.MySQL, ServerVersion: "10.11.19-MariaDB", Schemas: []schema.Schema{{
		Name: dbName,
		Tables: []schema.Table{
			{Name: "users", Comment: schema.Ptr("people"),
				Columns: []schema.Column{
					{Name: "id", Type: "int(11)", AutoIncrement: true},
					{Name: "email", Type: "varchar(200)"},
				},
				PrimaryKey: &schema.PrimaryKey{Columns: []string{"id"}},
				Uniques:    []schema.Unique{{Name: "email", Columns: []string{"email"}}},
				Indexes: []schema.Index{
					{Name: "PRIMARY", Unique: true, Parts: []schema.IndexPart{{Column: "id"}}, Method: "btree"},
					{Name: "email", Unique: true, Parts: []schema.IndexPart{{Column: "email"}}, Method: "btree", Constraint: "email"},
				}},
			{Name: "orders",
				Columns: []schema.Column{
					{Name: "id", Type: "int", AutoIncrement: true},
					{Name: "user_id", Type: "int"},
					{Name: "note", Type: "text", Nullable: true},
				},
				PrimaryKey:  &schema.PrimaryKey{Columns: []string{"id"}},
				ForeignKeys: []schema.ForeignKey{{Name: "orders_ibfk_1", Columns: []string{"user_id"}, RefSchema: dbName, RefTable: "users", RefColumns: []string{"id"}, OnDelete: "RESTRICT", OnUpdate: "RESTRICT"}},
				Indexes: []schema.Index{
					{Name: "PRIMARY", Unique: true, Parts: []schema.IndexPart{{Column: "id"}}, Method: "btree"},
					{Name: "user_id", Parts: []schema.IndexPart{{Column: "user_id"}}, Method: "btree"},
				}},
		},
	}}}
	db.Normalize()
	return db
}

func writeSnapshot(t *testing.T, dir, name string, db *schema.Database) string {
	t.Helper()
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := schema.WriteSnapshot(f, db); err != nil {
		t.Fatal(err)
	}
	return path
}

// snapshotPair writes prod.json and, changed by change, staging.json into a fresh folder that
// is also the working directory.
func snapshotPair(t *testing.T, change func(*schema.Database)) (string, string) {
	t.Helper()
	dir := t.TempDir()
	t.Chdir(dir)
	staging := snapshotModel("app_staging")
	if change != nil {
		change(staging)
		staging.Normalize()
	}
	return writeSnapshot(t, dir, "prod.json", snapshotModel("app_prod")), writeSnapshot(t, dir, "staging.json", staging)
}

func TestDiffSameSchemaDifferentDatabaseNamesExitsZero(t *testing.T) {
	prod, staging := snapshotPair(t, func(db *schema.Database) {
		// the same schema as another server spells it: MySQL 8 widths, implied FK actions,
		// an explicit FK name instead of a generated one, an explicit index for it
		users, orders := &db.Schemas[0].Tables[1], &db.Schemas[0].Tables[0]
		users.Columns[0].Type = "int"
		orders.ForeignKeys[0].OnDelete, orders.ForeignKeys[0].OnUpdate = "NO ACTION", "NO ACTION"
		orders.ForeignKeys[0].Name = "orders_ibfk_2"
	})
	stdout, stderr, code := dbinspect(t, "diff", prod, staging)
	if code != 0 || strings.TrimSpace(stdout) != "no differences" {
		t.Errorf("exit %d, stdout %q, stderr %q; want 0 and no differences", code, stdout, stderr)
	}
}

func TestDiffDifferencesExitOne(t *testing.T) {
	prod, staging := snapshotPair(t, func(db *schema.Database) {
		orders := db.Schemas[0].Table("orders")
		orders.Columns = orders.Columns[:2] // drop note: destructive
		orders.Columns = append(orders.Columns, schema.Column{Name: "total", Type: "decimal(10,2)", Nullable: true})
		db.Schemas[0].Table("users").Comment = schema.Ptr("customers")
	})
	stdout, stderr, code := dbinspect(t, "diff", prod, staging)
	if code != 1 {
		t.Fatalf("exit %d, want 1; stderr %q", code, stderr)
	}
	for _, want := range []string{"~ table app_prod.orders", "- column note", "[destructive]", "+ column total", "~ comment: people → customers",
		"2 tables changed: 2 modified; 1 destructive change"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	if stderr != "" {
		t.Errorf("stderr %q", stderr)
	}

	// --quiet: nothing printed, same exit code
	stdout, _, code = dbinspect(t, "diff", prod, staging, "--quiet")
	if code != 1 || stdout != "" {
		t.Errorf("--quiet: exit %d, stdout %q", code, stdout)
	}
	// --ignore comments and --exclude orders.note: only the added column is left
	stdout, _, code = dbinspect(t, "diff", "--ignore", "comments", prod, staging, "--exclude", "orders.note")
	if code != 1 || strings.Contains(stdout, "comment") || strings.Contains(stdout, "note") || !strings.Contains(stdout, "+ column total") {
		t.Errorf("--ignore/--exclude: exit %d:\n%s", code, stdout)
	}
	// --fail-on destructive: the drop of note fails, without it nothing does
	if _, _, code = dbinspect(t, "diff", prod, staging, "--fail-on", "destructive", "-q"); code != 1 {
		t.Errorf("--fail-on destructive with a dropped column: exit %d, want 1", code)
	}
	if _, _, code = dbinspect(t, "diff", prod, staging, "--fail-on", "destructive", "--exclude", "orders.note", "-q"); code != 0 {
		t.Errorf("--fail-on destructive without destructive changes: exit %d, want 0", code)
	}
}

func TestDiffConfigSettingsApply(t *testing.T) {
	prod, staging := snapshotPair(t, func(db *schema.Database) {
		db.Schemas[0].Table("users").Comment = schema.Ptr("customers")
	})
	os.WriteFile("dbinspect.yaml", []byte("environments:\n  prod: "+prod+"\n  staging: "+staging+"\ndiff:\n  ignore: [comments]\n"), 0o644)
	stdout, stderr, code := dbinspect(t, "diff", "prod", "staging")
	if code != 0 {
		t.Errorf("with diff.ignore: [comments] in the config: exit %d\n%s%s", code, stdout, stderr)
	}
}

func TestDiffJSONNamesTargetsWithoutPasswords(t *testing.T) {
	prod, staging := snapshotPair(t, func(db *schema.Database) {
		db.Schemas[0].Tables = db.Schemas[0].Tables[1:] // drop orders
	})
	os.WriteFile("dbinspect.yaml", []byte("environments:\n  prod: "+prod+"\n"), 0o644)
	stdout, stderr, code := dbinspect(t, "diff", "prod", staging, "--format", "json", "-o", "out.json")
	if code != 1 || stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	data, _ := os.ReadFile("out.json")
	var doc struct {
		From, To struct{ Target, Dialect string }
		Changes  []struct {
			Action, Object, Schema, Name string
			Destructive                  bool
			From                         json.RawMessage
		}
		Summary struct{ Changes, Destructive int }
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if doc.From.Target != "prod" || doc.From.Dialect != "mysql" || doc.To.Target != staging {
		t.Errorf("from %+v to %+v", doc.From, doc.To)
	}
	if len(doc.Changes) != 1 || doc.Changes[0].Action != "drop" || doc.Changes[0].Object != "table" || doc.Changes[0].Name != "orders" ||
		!doc.Changes[0].Destructive || !strings.Contains(string(doc.Changes[0].From), `"columns"`) {
		t.Errorf("changes = %+v", doc.Changes)
	}
	if doc.Summary.Changes != 1 || doc.Summary.Destructive != 1 {
		t.Errorf("summary = %+v", doc.Summary)
	}
}

func TestDiffUsageErrorsExitTwo(t *testing.T) {
	prod, staging := snapshotPair(t, nil)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"diff", prod}, "diff takes two TARGETs"},
		{[]string{"diff", prod, staging, "extra"}, "diff takes two TARGETs"},
		{[]string{"diff", prod, staging, "--format", "yaml"}, `unknown format "yaml"`},
		{[]string{"diff", prod, staging, "--ignore", "colours"}, `unknown --ignore category "colours"`},
		{[]string{"diff", prod, staging, "--schema-map", "a"}, "want FROM=TO"},
		{[]string{"diff", prod, staging, "--fail-on", "never"}, "want any, destructive or hazard"},
		{[]string{"diff", prod, staging, "--exclude", "[x"}, "bad pattern"},
		{[]string{"diff", prod, "missing.json"}, "missing.json is not a database URL"},
		{[]string{"diff", "postgres://u:hunter2@127.0.0.1:1/db", staging, "--connect-timeout", "2s"}, "cannot connect"},
	}
	for _, c := range cases {
		t.Run(c.want, func(t *testing.T) {
			stdout, stderr, code := dbinspect(t, c.args...)
			if code != 2 || !strings.Contains(stderr, c.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, c.want)
			}
			if strings.Contains(stdout+stderr, "hunter2") {
				t.Errorf("a password leaked: %q", stderr)
			}
		})
	}
}

package output

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"

	"github.com/dbinspect/dbinspect/schema"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// fixture is a small model that touches every section the renderers draw, with a hostile
// name among the columns.
func fixture() *schema.Database {
	db := &schema.Database{
		Dialect: schema.Postgres, ServerVersion: "15.20",
		Notes: []string{"no privilege to read functions in schema audit"},
		Schemas: []schema.Schema{{
			Name: "public",
			Tables: []schema.Table{{
				Name:    "orders",
				Comment: schema.Ptr("customer orders"),
				Columns: []schema.Column{
					{Name: "id", Type: "bigint", Identity: &schema.Identity{Generation: "ALWAYS",
						SequenceOptions: schema.SequenceOptions{Start: 1, Increment: 1, Min: 1, Max: 9223372036854775807, Cache: 1}}},
					{Name: "customer_id", Type: "integer"},
					{Name: "status", Type: "public.order_status", Default: schema.Ptr("'new'::public.order_status")},
					{Name: "note | \"x\"\nline", Type: "text", Nullable: true, Collation: "C", Comment: schema.Ptr("free text")},
					{Name: "total_cents", Type: "bigint", Nullable: true, Generated: &schema.Generated{Expression: "(total * 100)", Kind: "STORED"}},
				},
				PrimaryKey:  &schema.PrimaryKey{Name: schema.Ptr("orders_pkey"), Columns: []string{"id"}},
				ForeignKeys: []schema.ForeignKey{{Name: "orders_customer_fk", Columns: []string{"customer_id"}, RefSchema: "public", RefTable: "customers", RefColumns: []string{"id"}, OnDelete: "CASCADE", OnUpdate: "NO ACTION", Deferrable: true}},
				Uniques:     []schema.Unique{{Name: "orders_customer_status_key", Columns: []string{"customer_id", "status"}, NullsNotDistinct: true}},
				Checks:      []schema.Check{{Name: "orders_total_check", Expression: "(total_cents >= 0)", NotValid: true}},
				Indexes: []schema.Index{
					{Name: "orders_pkey", Unique: true, Method: "btree", Constraint: "orders_pkey", Parts: []schema.IndexPart{{Column: "id"}}},
					{Name: "orders_open_idx", Method: "btree", Where: "(status = 'new'::public.order_status)", Include: []string{"status"},
						Parts: []schema.IndexPart{{Column: "customer_id", Desc: true, Nulls: "LAST"}, {Expression: "lower(note)"}}},
				},
				Triggers: []schema.Trigger{{Name: "orders_audit", Timing: "AFTER", Events: []schema.TriggerEvent{"INSERT", "UPDATE"}, UpdateColumns: []string{"status"}, Level: "ROW", Function: "audit.log_change()"}},
				Postgres: &schema.PostgresTable{PartitionKey: "RANGE (id)"},
			}},
			Views:      []schema.View{{Name: "open_orders", Definition: " SELECT id FROM orders WHERE status = 'new'", Columns: []schema.Column{{Name: "id", Type: "bigint", Nullable: true}}}},
			Enums:      []schema.Enum{{Name: "order_status", Values: []string{"new", "paid"}}},
			Collations: []schema.Collation{{Name: "natural", Provider: "icu", Locale: "und-u-kn-true", Deterministic: true}},
			TextSearchConfigs: []schema.TextSearchConfig{{Name: "simple_unaccent", Parser: `pg_catalog."default"`,
				Mappings: []schema.TextSearchMapping{{Token: "word", Dictionaries: []string{"public.unaccent", "simple"}}}}},
			Sequences: []schema.Sequence{{Name: "invoice_no", Type: "bigint",
				SequenceOptions: schema.SequenceOptions{Start: 1000, Increment: 1, Min: 1, Max: 99999, Cache: 1},
				OwnedBy:         &schema.ColumnRef{Schema: "public", Table: "orders", Column: "id"}}},
			Functions: []schema.Function{{Name: "order_total", Kind: "function", Arguments: "o bigint", Returns: "numeric", Language: "sql", Definition: "CREATE FUNCTION …"}},
		}},
	}
	db.Normalize()
	return db
}

// golden compares got with testdata/NAME, rewriting it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./output -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test ./output -update refreshes it after review):\n--- got\n%s", path, got)
	}
}

func TestRenderGolden(t *testing.T) {
	db := fixture()
	rel, err := db.FindRelation("public.orders")
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range Formats {
		r, err := For(format, Style{})
		if err != nil {
			t.Fatal(err)
		}
		for _, doc := range []struct {
			name string
			draw func(*bytes.Buffer) error
		}{
			{"tables", func(b *bytes.Buffer) error { return r.Tables(b, db) }},
			{"describe", func(b *bytes.Buffer) error { return r.Describe(b, db, rel) }},
			{"inspect", func(b *bytes.Buffer) error { return r.Inspect(b, db) }},
		} {
			t.Run(format+"/"+doc.name, func(t *testing.T) {
				var b bytes.Buffer
				if err := doc.draw(&b); err != nil {
					t.Fatal(err)
				}
				golden(t, filepath.Join("render", doc.name+"."+format), b.Bytes())
			})
		}
	}
}

// TestTextShowsWhatTheModelHolds checks the facts a reader needs, independent of layout.
func TestTextShowsWhatTheModelHolds(t *testing.T) {
	db := fixture()
	var b bytes.Buffer
	if err := (Text{}).Inspect(&b, db); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"partitioned table public.orders — customer orders",
		`"note | \"x\"\nline"`, // the hostile name, quoted onto one line
		"identity always", "generated stored: (total * 100)", "collate C",
		"public.customers (id)", "CASCADE", "deferrable",
		"customer_id DESC NULLS LAST, (lower(note))", "include (status)", "backs orders_pkey",
		"orders_total_check", "not valid", "nulls not distinct",
		"INSERT OR UPDATE OF status", "audit.log_change()",
		"partition key", "RANGE (id)",
		"order_status", "new, paid", "invoice_no", "public.orders.id", "order_total",
		"natural", "und-u-kn-true", "simple_unaccent", "word: public.unaccent, simple",
		"note: no privilege",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text output lacks %q", want)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("colour codes without Style.Color")
	}
}

func TestColourOnlyWhenAsked(t *testing.T) {
	var b bytes.Buffer
	if err := (Text{Style: Style{Color: true}}).Tables(&b, fixture()); err != nil {
		t.Fatal(err)
	}
	rel, _ := fixture().FindRelation("orders")
	b.Reset()
	(Text{Style: Style{Color: true}}).Describe(&b, fixture(), rel)
	if !strings.Contains(b.String(), "\x1b[1m") {
		t.Error("Style.Color did not colour the title")
	}
}

func TestJSONAndYAMLAreTheSnapshot(t *testing.T) {
	db := fixture()
	// The fixture's foreign key points at a table it leaves out: a snapshot says so, or its
	// reader refuses the reference (schema.Database.Validate).
	db.Filtered = &schema.TableFilter{Exclude: []string{"public.customers"}}
	var js, ym bytes.Buffer
	if err := (JSON{}).Inspect(&js, db); err != nil {
		t.Fatal(err)
	}
	back, err := schema.ReadSnapshot(bytes.NewReader(js.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	(JSON{}).Inspect(&again, back)
	if !bytes.Equal(js.Bytes(), again.Bytes()) {
		t.Error("snapshot → model → snapshot is not byte-identical")
	}
	if err := (YAML{}).Inspect(&ym, db); err != nil {
		t.Fatal(err)
	}
	fromYAML, err := yaml.YAMLToJSON(ym.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	var a, b any
	json.Unmarshal(js.Bytes(), &a)
	json.Unmarshal(fromYAML, &b)
	if !jsonEqual(a, b) {
		t.Error("the YAML document does not hold the same data as the JSON snapshot")
	}
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

package output

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/schema"
)

// diffFixture compares the render fixture with a changed copy: a table added, a column
// dropped, added and narrowed, an index renamed, a check added, an enum value dropped.
func diffFixture() DiffReport {
	from, to := fixture(), fixture()
	sc := &to.Schemas[0]
	orders := sc.Table("orders")
	orders.Comment = schema.Ptr("all orders")
	orders.Columns = orders.Columns[:4] // drop total_cents
	orders.Columns = append(orders.Columns, schema.Column{Name: "paid_at", Type: "timestamp with time zone", Nullable: true})
	orders.Columns[1].Type = "smallint"
	orders.Index("orders_open_idx").Name = "orders_open_customer_idx"
	orders.Checks = append(orders.Checks, schema.Check{Name: "orders_status_check", Expression: "status <> 'void'"})
	sc.Tables = append(sc.Tables, schema.Table{Name: "customers", Columns: []schema.Column{{Name: "id", Type: "integer"}}}, coupon())
	sc.Enums[0].Values = []string{"new", "paid", "shipped"}
	sc.Functions = nil
	// A view whose query gains a condition, and a function whose body changes one line.
	from.Schemas[0].Views[0].Definition = openOrdersView
	sc.Views[0].Definition = strings.Replace(openOrdersView, "WHERE (orders.status = 'new'::public.order_status);",
		"WHERE ((orders.status = 'new'::public.order_status) AND (orders.total_cents > 0));", 1)
	from.Schemas[0].Functions = append(from.Schemas[0].Functions, touchFunction("NEW.updated_at := now();"))
	sc.Functions = append(sc.Functions, touchFunction("NEW.updated_at := clock_timestamp();"))
	from.Normalize()
	to.Normalize()
	return DiffReport{
		From:   DiffSide{Target: "prod", Dialect: schema.Postgres},
		To:     DiffSide{Target: "schema.json", Dialect: schema.Postgres},
		Result: diff.Compare(from, to, diff.Options{}),
	}
}

// openOrdersView is a view definition as PostgreSQL prints it.
const openOrdersView = ` SELECT orders.id,
    orders.customer_id
   FROM orders
  WHERE (orders.status = 'new'::public.order_status);`

func touchFunction(line string) schema.Function {
	return schema.Function{Name: "touch", Kind: "function", Returns: "trigger", Language: "plpgsql",
		Definition: "CREATE OR REPLACE FUNCTION public.touch()\n RETURNS trigger\n LANGUAGE plpgsql\nAS $function$\nBEGIN\n  IF NEW IS DISTINCT FROM OLD THEN\n    " +
			line + "\n  END IF;\n  RETURN NEW;\nEND\n$function$\n"}
}

// coupon is an added table whose columns and index carry everything an added object must
// say: identity, generation, collation, default; INCLUDE, WHERE, method, DESC.
func coupon() schema.Table {
	return schema.Table{Name: "coupon",
		Columns: []schema.Column{
			{Name: "id", Type: "bigint", Identity: &schema.Identity{Generation: "ALWAYS"}},
			{Name: "code", Type: "character varying(32)", Collation: "C"},
			{Name: "percent", Type: "integer", Default: schema.Ptr("10")},
			{Name: "order_id", Type: "bigint", Nullable: true},
			{Name: "code_lower", Type: "text", Nullable: true, Generated: &schema.Generated{Expression: "lower((code)::text)", Kind: "STORED"}},
			{Name: "tags", Type: "jsonb", Nullable: true},
		},
		PrimaryKey:  &schema.PrimaryKey{Name: schema.Ptr("coupon_pkey"), Columns: []string{"id"}},
		ForeignKeys: []schema.ForeignKey{{Name: "coupon_order_fk", Columns: []string{"order_id"}, RefSchema: "public", RefTable: "orders", RefColumns: []string{"id"}}},
		Uniques:     []schema.Unique{{Name: "coupon_code_key", Columns: []string{"code"}}},
		Checks:      []schema.Check{{Name: "coupon_percent_check", Expression: "((percent > 0) AND (percent <= 100))"}},
		Indexes: []schema.Index{
			{Name: "coupon_pkey", Unique: true, Constraint: "coupon_pkey", Parts: []schema.IndexPart{{Column: "id"}}},
			{Name: "coupon_order_idx", Method: "btree", Include: []string{"percent"}, Where: "(order_id IS NOT NULL)",
				Parts: []schema.IndexPart{{Column: "order_id", Desc: true}}},
			{Name: "coupon_tags_idx", Method: "gin", Parts: []schema.IndexPart{{Column: "tags", OpClass: "jsonb_path_ops"}}},
		},
	}
}

func TestDiffRenderGolden(t *testing.T) {
	rep := diffFixture()
	empty := DiffReport{From: rep.From, To: rep.To, Result: diff.Compare(fixture(), fixture(), diff.Options{})}
	for _, format := range DiffFormats {
		r, err := DiffFor(format, Style{})
		if err != nil {
			t.Fatal(err)
		}
		for name, rp := range map[string]DiffReport{"changes": rep, "none": empty} {
			t.Run(format+"/"+name, func(t *testing.T) {
				var b bytes.Buffer
				if err := r.Diff(&b, rp); err != nil {
					t.Fatal(err)
				}
				golden(t, filepath.Join("diff", name+"."+format), b.Bytes())
			})
		}
	}
}

func TestDiffTextSaysWhatChanged(t *testing.T) {
	var b bytes.Buffer
	if err := (DiffText{}).Diff(&b, diffFixture()); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"+ table public.customers",
		"~ table public.orders",
		"~ comment: customer orders → all orders",
		"- column total_cents bigint NULL GENERATED ALWAYS AS (total * 100) STORED  [destructive]",
		"+ table public.coupon",
		"    + column id bigint NOT NULL GENERATED ALWAYS AS IDENTITY",
		"    + column code character varying(32) NOT NULL COLLATE C",
		"    + column percent integer NOT NULL DEFAULT 10",
		"    + column code_lower text NULL GENERATED ALWAYS AS (lower((code)::text)) STORED",
		"    + index coupon_order_idx (order_id DESC) INCLUDE (percent) WHERE (order_id IS NOT NULL)",
		"    + index coupon_tags_idx USING gin (tags jsonb_path_ops)",
		"    + primary key coupon_pkey (id)",
		"    + foreign key coupon_order_fk (order_id) → public.orders (id)",
		"~ view public.open_orders\n    ~ definition changed\n        @@ -1,4 +1,5 @@\n         SELECT orders.id,\n           orders.customer_id\n         FROM orders\n        -WHERE (orders.status = 'new'::public.order_status);\n        +WHERE ((orders.status = 'new'::public.order_status)\n        +    AND (orders.total_cents > 0));\n",
		"    ~ function touch(): definition changed\n        @@ -4,7 +4,7 @@\n         AS $function$\n         BEGIN\n           IF NEW IS DISTINCT FROM OLD THEN\n        -    NEW.updated_at := now();\n        +    NEW.updated_at := clock_timestamp();\n           END IF;\n",
		"+ column paid_at timestamp with time zone NULL",
		"~ column customer_id: type integer → smallint  [destructive]",
		"~ index orders_open_idx renamed to orders_open_customer_idx",
		"+ check orders_status_check status <> 'void'  [destructive]",
		"schema public",
		"~ enum order_status: values new, paid → new, paid, shipped",
		"- function order_total",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text diff lacks %q:\n%s", want, out)
		}
	}
	last := out[strings.LastIndex(strings.TrimRight(out, "\n"), "\n")+1:]
	if want := "3 tables changed: 2 added, 1 modified; 4 other changes; 4 destructive changes\n"; last != want {
		t.Errorf("summary line %q, want %q", last, want)
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("colour codes without Style.Color")
	}
	var c bytes.Buffer
	(DiffText{Style: Style{Color: true}}).Diff(&c, diffFixture())
	if !strings.Contains(c.String(), "\x1b[") {
		t.Error("no colour codes with Style.Color")
	}
}

func TestDiffJSONContract(t *testing.T) {
	var b bytes.Buffer
	if err := (DiffJSON{}).Diff(&b, diffFixture()); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		From    map[string]string `json:"from"`
		To      map[string]string `json:"to"`
		Changes []map[string]any  `json:"changes"`
		Summary map[string]any    `json:"summary"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.From["target"] != "prod" || doc.From["dialect"] != "postgres" || doc.To["target"] != "schema.json" {
		t.Errorf("from/to = %v / %v", doc.From, doc.To)
	}
	if len(doc.Changes) == 0 {
		t.Fatal("no changes")
	}
	for _, c := range doc.Changes {
		for _, key := range []string{"action", "object", "schema", "table", "name", "from", "to", "destructive"} {
			if _, ok := c[key]; !ok {
				t.Errorf("change %v lacks %q", c, key)
			}
		}
		switch c["action"] {
		case "add":
			if c["from"] != nil || c["to"] == nil {
				t.Errorf("add change from/to: %v", c)
			}
		case "drop":
			if c["from"] == nil || c["to"] != nil {
				t.Errorf("drop change from/to: %v", c)
			}
		}
	}
	if doc.Summary["destructive"] != float64(4) {
		t.Errorf("summary = %v", doc.Summary)
	}
}

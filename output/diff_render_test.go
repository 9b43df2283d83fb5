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
	sc.Tables = append(sc.Tables, schema.Table{Name: "customers", Columns: []schema.Column{{Name: "id", Type: "integer"}}})
	sc.Enums[0].Values = []string{"new", "paid", "shipped"}
	sc.Functions = nil
	to.Normalize()
	return DiffReport{
		From:   DiffSide{Target: "prod", Dialect: schema.Postgres},
		To:     DiffSide{Target: "schema.json", Dialect: schema.Postgres},
		Result: diff.Compare(from, to, diff.Options{}),
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
		"- column total_cents bigint NULL  [destructive]",
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
	if want := "2 tables changed: 1 added, 1 modified; 2 other changes; 3 destructive changes\n"; last != want {
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
	if doc.Summary["destructive"] != float64(3) {
		t.Errorf("summary = %v", doc.Summary)
	}
}

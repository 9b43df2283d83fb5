package fleet

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/output"
	"github.com/dbinspect/dbinspect/schema"
)

func TestShards(t *testing.T) {
	for n := 0; n <= 11; n++ {
		items := make([]int, n)
		for i := range items {
			items[i] = i
		}
		for count := 1; count <= 4; count++ {
			var all []int
			for i := 1; i <= count; i++ {
				part := Take(Shard{Index: i, Count: count}, items)
				if len(part) < n/count || len(part) > n/count+1 {
					t.Errorf("%d items, shard %d/%d holds %d", n, i, count, len(part))
				}
				all = append(all, part...)
			}
			slices.Sort(all)
			if !slices.Equal(all, items) {
				t.Errorf("%d items over %d shards: %v", n, count, all)
			}
		}
	}
	for _, bad := range []string{"", "0/3", "4/3", "1/0", "a/b", "1-3", "-1/3"} {
		if _, err := ParseShard(bad); err == nil {
			t.Errorf("ParseShard(%q) accepted", bad)
		}
	}
	if s, err := ParseShard(" 2/8 "); err != nil || s != (Shard{2, 8}) || s.String() != "2/8" {
		t.Errorf("ParseShard(2/8) = %v, %v", s, err)
	}
}

func TestSplitKeepsEachSchemasNotes(t *testing.T) {
	db := &schema.Database{Dialect: schema.MySQL, ServerVersion: "10.11",
		Schemas: []schema.Schema{{Name: "t1"}, {Name: "t2"}},
		Notes:   []string{"checks not read", `no SELECT privilege on all of database "t2"`}}
	parts := Split(db)
	if len(parts) != 2 || parts[0].Schemas[0].Name != "t1" || parts[1].ServerVersion != "10.11" {
		t.Fatalf("parts = %+v", parts)
	}
	if !slices.Equal(parts[0].Notes, db.Notes[:1]) || !slices.Equal(parts[1].Notes, db.Notes) {
		t.Errorf("notes: t1 %v, t2 %v", parts[0].Notes, parts[1].Notes)
	}
}

// tenant is a PostgreSQL tenant schema whose own name is in its view's text.
func tenant(name string, withIndex bool) *schema.Database {
	orders := schema.Table{Name: "orders", Columns: []schema.Column{{Name: "id", Type: "integer"}, {Name: "created", Type: "date"}}}
	if withIndex {
		orders.Indexes = []schema.Index{{Name: "ix_created", Parts: []schema.IndexPart{{Column: "created"}}, Columns: []string{"created"}}}
	}
	db := &schema.Database{Dialect: schema.Postgres, Schemas: []schema.Schema{{Name: name, Tables: []schema.Table{orders},
		Views: []schema.View{{Name: "v", Definition: "SELECT o.id FROM " + name + ".orders o"}}}}}
	db.Normalize()
	return db
}

func TestReportGroupsTenantsThatDriftAlike(t *testing.T) {
	base := tenant("template", true)
	var rows []Tenant
	for _, n := range []string{"b", "a", "c", "d"} {
		rows = append(rows, Compare(Tenant{Name: n, Schema: n}, tenant(n, n == "a" || n == "b"), base, diff.Options{}))
	}
	rows = append(rows, Error(Tenant{Name: "e"}, errors.New("cannot connect:\n  refused")))
	rep := NewReport(Baseline{Target: "schema.json", Dialect: schema.Postgres, Schema: "template"}, Shard{}, rows)
	if got := fmt.Sprint(rep.Summary); got != "{5 2 2 0 1 1}" {
		t.Errorf("summary = %s", got)
	}
	if len(rep.Groups) != 2 || !slices.Equal(rep.Groups[0].Tenants, []string{"a", "b"}) || !slices.Equal(rep.Groups[1].Tenants, []string{"c", "d"}) {
		t.Fatalf("groups = %+v", rep.Groups)
	}
	if lines := strings.Join(rep.Groups[1].Lines, "\n"); lines != "~ table orders\n    + index ix_created (created)" {
		t.Errorf("drift lines:\n%s", lines)
	}
	var b bytes.Buffer
	if err := rep.Write(&b, "text", output.Style{}); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"Fleet against schema.json (schema template): 5 tenants: 2 match, 2 drift, 1 could not be read",
		"2 tenants match the baseline", "2 tenants (c, d): 1 table changed: 1 modified", "    e: cannot connect: refused"} {
		if !strings.Contains(b.String(), w) {
			t.Errorf("text lacks %q:\n%s", w, b.String())
		}
	}
	b.Reset()
	if err := rep.Write(&b, "markdown", output.Style{}); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"| 2: `c`, `d` | ⚠️ | [drift 1](#drift-1): 1 table changed: 1 modified |", "### Drift 1", "```diff\n~ table orders\n", "| `e` | cannot connect: refused |"} {
		if !strings.Contains(b.String(), w) {
			t.Errorf("markdown lacks %q:\n%s", w, b.String())
		}
	}
}

func TestMergeRefusesWhatIsNotOneFleet(t *testing.T) {
	base := Baseline{Target: "schema.json", Dialect: schema.Postgres}
	shard := func(i int, names ...string) *Report {
		var rows []Tenant
		for _, n := range names {
			rows = append(rows, Tenant{Name: n, Status: Match})
		}
		return NewReport(base, Shard{Index: i, Count: 2}, rows)
	}
	other := shard(2, "b")
	other.Baseline.Target = "other.json"
	cases := []struct {
		reports []*Report
		want    string
	}{
		{[]*Report{shard(1, "a"), other}, "report 2 compares with other.json"},
		{[]*Report{shard(1, "a"), shard(2, "a")}, `tenant "a" is in report 1 and report 2`},
		{[]*Report{shard(1, "a"), shard(1, "b")}, "shard 1/2 is given twice"},
		{[]*Report{shard(1, "a"), NewReport(base, Shard{}, nil)}, "report 2 covers the whole fleet"},
		{nil, "no report given"},
	}
	for _, c := range cases {
		if _, err := Merge(c.reports); !errors.Is(err, ErrMerge) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Merge: %v, want %q", err, c.want)
		}
	}
	rep, err := Merge([]*Report{shard(2, "b"), shard(1, "a")})
	if err != nil || rep.Shard != nil || len(rep.MissingShards) != 0 || !slices.Equal(rep.Groups[0].Tenants, []string{"a", "b"}) {
		t.Errorf("Merge of both shards: %+v, %v", rep, err)
	}
	if rep, _ := Merge([]*Report{shard(2, "b")}); !slices.Equal(rep.MissingShards, []string{"1/2"}) {
		t.Errorf("missing shards = %v", rep.MissingShards)
	}
}

func TestReadReportRejects(t *testing.T) {
	for _, doc := range []string{"", "{}", `{"format_version": 2}`, `{"format_version": 1, "x": 1}`, "[]"} {
		if _, err := ReadReport(strings.NewReader(doc)); err == nil {
			t.Errorf("ReadReport(%q) accepted", doc)
		}
	}
}

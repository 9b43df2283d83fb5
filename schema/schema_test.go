package schema

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestNormalizeOrdersByNameAndKeepsColumnOrder(t *testing.T) {
	db := &Database{Schemas: []Schema{
		{Name: "zeta"},
		{Name: "alpha", Tables: []Table{
			{Name: "b", Columns: []Column{{Name: "z"}, {Name: "a"}},
				Indexes: []Index{{Name: "i2", Parts: []IndexPart{{Expression: "lower(z)"}}}, {Name: "i1", Parts: []IndexPart{{Column: "a"}}}},
				Checks:  []Check{{Expression: "b > 0"}, {Expression: "a > 0"}}},
			{Name: "a"},
		}},
	}}
	db.Normalize()
	if db.FormatVersion != FormatVersion {
		t.Errorf("format_version = %d", db.FormatVersion)
	}
	if db.Schemas[0].Name != "alpha" || db.Schemas[0].Tables[0].Name != "a" {
		t.Errorf("schemas/tables not sorted: %s, %s", db.Schemas[0].Name, db.Schemas[0].Tables[0].Name)
	}
	b := db.Schemas[0].Tables[1]
	if b.Columns[0].Name != "z" {
		t.Error("columns must keep their position order")
	}
	if b.Indexes[0].Name != "i1" || !reflect.DeepEqual(b.Indexes[1].Columns, []string{"lower(z)"}) {
		t.Errorf("indexes = %+v", b.Indexes)
	}
	if b.Checks[0].Expression != "a > 0" {
		t.Error("unnamed checks must sort by expression")
	}
	if db.Schemas[1].Tables == nil || db.Schemas[0].Tables[0].ForeignKeys == nil {
		t.Error("contract slices must be non-nil so they encode as []")
	}
}

func TestSnapshotRoundTrip(t *testing.T) {
	db := &Database{Dialect: SQLite, ServerVersion: "3.50", Schemas: []Schema{{Name: "main", Tables: []Table{{
		Name: "t", Columns: []Column{{Name: "id", Type: "INTEGER", Default: Ptr("0")}},
		PrimaryKey: &PrimaryKey{Columns: []string{"id"}},
	}}}}}
	var a bytes.Buffer
	if err := WriteSnapshot(&a, db); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.String(), `"primary_key": {
            "name": null,`) {
		t.Errorf("an unnamed primary key must encode name: null:\n%s", a.String())
	}
	back, err := ReadSnapshot(bytes.NewReader(a.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(db, back) {
		t.Errorf("round trip changed the model:\n%+v\n%+v", db, back)
	}
}

func TestReadSnapshotRejects(t *testing.T) {
	cases := []struct{ doc, want string }{
		{`[1,2]`, "not a dbinspect snapshot"},
		{`{"name": "x"}`, "not a dbinspect snapshot"},
		{`{"format_version": 99, "dialect": "sqlite"}`, "newer than this dbinspect reads"},
		{`{"format_version": 1, "dialect": "oracle"}`, `unknown dialect "oracle"`},
		{`{"format_version": 1, "dialect": "sqlite", "schemas": 5}`, "invalid snapshot"},
		{`{"format_version": 1,`, "not a dbinspect snapshot"},
		{`null`, "not a dbinspect snapshot"},
		{`{"format_version": 1, "dialect": "sqlite", "schemas": []} {}`, "not a dbinspect snapshot"},
		{`{"format_version": 1, "dialect": "sqlite", "schemas": [[1, [2]]]}`, "invalid snapshot: schemas[0]: "},
		{`{"schemas": [5], "format_version": 2, "dialect": "sqlite"}`, "newer than this dbinspect reads"},
	}
	for _, c := range cases {
		_, err := ReadSnapshot(strings.NewReader(c.doc))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ReadSnapshot(%s) = %v, want %q", c.doc, err, c.want)
		}
	}
	if _, err := ReadSnapshot(strings.NewReader(`{}`)); !errors.Is(err, ErrNotSnapshot) {
		t.Errorf("err = %v, want ErrNotSnapshot", err)
	}
}

func TestFilterAndFindRelation(t *testing.T) {
	newDB := func() *Database {
		return &Database{Schemas: []Schema{
			{Name: "public", Tables: []Table{{Name: "users"}, {Name: "schema_migrations"}, {Name: "orders"}}, Views: []View{{Name: "v_users"}}},
			{Name: "audit", Tables: []Table{{Name: "users"}, {Name: "a.b"}}},
		}}
	}
	cases := []struct {
		include, exclude []string
		want             string
	}{
		{nil, nil, "public:users,schema_migrations,orders,v_users audit:users,a.b"},
		{nil, []string{"schema_migrations"}, "public:users,orders,v_users audit:users,a.b"},
		{[]string{"public.*"}, []string{"*.schema_*"}, "public:users,orders,v_users audit:"},
		{[]string{"*users"}, nil, "public:users,v_users audit:users"},
	}
	for _, c := range cases {
		db := newDB()
		db.Filter(c.include, c.exclude)
		var parts []string
		for _, s := range db.Schemas {
			var names []string
			for _, t := range s.Tables {
				names = append(names, t.Name)
			}
			for _, v := range s.Views {
				names = append(names, v.Name)
			}
			parts = append(parts, s.Name+":"+strings.Join(names, ","))
		}
		if got := strings.Join(parts, " "); got != c.want {
			t.Errorf("Filter(%v, %v) = %s, want %s", c.include, c.exclude, got, c.want)
		}
	}
	db := newDB()
	if _, err := db.FindRelation("users"); err == nil || !strings.Contains(err.Error(), "ambiguous") {
		t.Errorf("ambiguous name: %v", err)
	}
	if r, err := db.FindRelation("audit.users"); err != nil || r.Schema != "audit" {
		t.Errorf("audit.users: %+v %v", r, err)
	}
	if r, err := db.FindRelation("a.b"); err != nil || r.Table.Name != "a.b" {
		t.Errorf("a table named with a dot: %+v %v", r, err)
	}
	if r, err := db.FindRelation("v_users"); err != nil || r.View == nil {
		t.Errorf("view: %+v %v", r, err)
	}
	if _, err := db.FindRelation("nope"); err == nil {
		t.Error("missing table found")
	}
}

func TestDropPartitions(t *testing.T) {
	db := &Database{Schemas: []Schema{{Name: "public", Tables: []Table{
		{Name: "payment", Postgres: &PostgresTable{PartitionKey: "RANGE (payment_date)"}},
		{Name: "payment_p2022_01", Postgres: &PostgresTable{PartitionOf: &TableRef{Schema: "public", Name: "payment"}}},
		{Name: "actor"},
	}}}}
	db.DropPartitions()
	var names []string
	for _, tb := range db.Schemas[0].Tables {
		names = append(names, tb.Name)
	}
	if strings.Join(names, ",") != "payment,actor" {
		t.Errorf("after DropPartitions: %v; want the parent and the plain table", names)
	}
}

func TestDropEmptySchemas(t *testing.T) {
	db := &Database{Schemas: []Schema{
		{Name: "billing", Tables: []Table{{Name: "invoice"}}},
		{Name: "empty"},
		{Name: "reports", Views: []View{{Name: "totals"}}},
	}}
	db.Filter([]string{"billing.*", "reports.*"}, nil)
	db.DropEmptySchemas()
	var names []string
	for _, sc := range db.Schemas {
		names = append(names, sc.Name)
	}
	if strings.Join(names, ",") != "billing,reports" {
		t.Errorf("after DropEmptySchemas: %v; want the schemas that still hold a table or a view", names)
	}
}

// FuzzReadSnapshot: no input may panic the snapshot reader, and what it accepts writes back
// and reads again to the same model.
func FuzzReadSnapshot(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		db, err := ReadSnapshot(bytes.NewReader(data))
		if err != nil {
			return
		}
		var out bytes.Buffer
		if err := WriteSnapshot(&out, db); err != nil {
			t.Fatalf("an accepted snapshot does not write back: %v", err)
		}
		again, err := ReadSnapshot(&out)
		if err != nil {
			t.Fatalf("a written snapshot does not read back: %v", err)
		}
		if !reflect.DeepEqual(db, again) {
			t.Fatal("write → read changed the model")
		}
	})
}

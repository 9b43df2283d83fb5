package diff

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/schema"
)

// shop builds a small PostgreSQL model: users and orders with every kind of table object,
// a view, an enum, a sequence, a function, a domain and a composite type.
func shop() *schema.Database {
	ptr := schema.Ptr
	db := &schema.Database{Dialect: schema.Postgres, ServerVersion: "15.18", Schemas: []schema.Schema{{
		Name: "public",
		Tables: []schema.Table{
			{
				Name:    "users",
				Comment: ptr("people"),
				Columns: []schema.Column{
					{Name: "id", Type: "bigint", Identity: &schema.Identity{Generation: "BY DEFAULT", SequenceOptions: schema.SequenceOptions{Start: 1, Increment: 1, Min: 1, Max: 9223372036854775807, Cache: 1}}},
					{Name: "email", Type: "character varying(200)"},
					{Name: "name", Type: "text", Nullable: true, Default: ptr("'anon'::text")},
					{Name: "mood", Type: "mood", Nullable: true},
					{Name: "created_at", Type: "timestamp with time zone", Default: ptr("now()")},
				},
				PrimaryKey: &schema.PrimaryKey{Name: ptr("users_pkey"), Columns: []string{"id"}},
				Uniques:    []schema.Unique{{Name: "users_email_key", Columns: []string{"email"}}},
				Checks:     []schema.Check{{Name: "users_email_check", Expression: "CHECK ((length((email)::text) > 3))"}},
				Indexes: []schema.Index{
					{Name: "users_pkey", Unique: true, Parts: []schema.IndexPart{{Column: "id"}}, Method: "btree", Constraint: "users_pkey"},
					{Name: "users_email_key", Unique: true, Parts: []schema.IndexPart{{Column: "email"}}, Method: "btree", Constraint: "users_email_key"},
					{Name: "ix_users_name", Parts: []schema.IndexPart{{Column: "name"}}, Method: "btree"},
				},
				Stats: &schema.TableStats{RowEstimate: new(int64)},
			},
			{
				Name: "orders",
				Columns: []schema.Column{
					{Name: "id", Type: "integer", Default: ptr("nextval('orders_id_seq'::regclass)")},
					{Name: "user_id", Type: "bigint"},
					{Name: "total", Type: "numeric(12,2)", Default: ptr("0")},
					{Name: "status", Type: "character varying(20)", Default: ptr("'new'::character varying")},
				},
				PrimaryKey:  &schema.PrimaryKey{Name: ptr("orders_pkey"), Columns: []string{"id"}},
				ForeignKeys: []schema.ForeignKey{{Name: "orders_user_id_fkey", Columns: []string{"user_id"}, RefSchema: "public", RefTable: "users", RefColumns: []string{"id"}, OnDelete: "CASCADE", OnUpdate: "NO ACTION"}},
				Checks:      []schema.Check{{Name: "orders_status_check", Expression: "CHECK (((status)::text = ANY ((ARRAY['new'::character varying, 'paid'::character varying])::text[])))"}},
				Indexes: []schema.Index{
					{Name: "orders_pkey", Unique: true, Parts: []schema.IndexPart{{Column: "id"}}, Method: "btree", Constraint: "orders_pkey"},
					{Name: "ix_orders_user", Parts: []schema.IndexPart{{Column: "user_id"}, {Column: "total", Desc: true}}, Method: "btree", Where: "(total > (0)::numeric)"},
				},
				Triggers: []schema.Trigger{{Name: "orders_touch", Timing: "BEFORE", Events: []schema.TriggerEvent{"UPDATE"}, Level: "ROW", Function: "public.touch", Definition: "CREATE TRIGGER orders_touch BEFORE UPDATE ON public.orders FOR EACH ROW EXECUTE FUNCTION public.touch()"}},
			},
		},
		Views:          []schema.View{{Name: "big_orders", Definition: " SELECT orders.id,\n    orders.total\n   FROM orders\n  WHERE (orders.total > (100)::numeric);"}},
		Enums:          []schema.Enum{{Name: "mood", Values: []string{"happy", "sad"}}},
		Domains:        []schema.Domain{{Name: "posint", Type: "integer", Checks: []schema.Check{{Name: "posint_check", Expression: "CHECK ((VALUE > 0))"}}}},
		CompositeTypes: []schema.CompositeType{{Name: "pair", Attributes: []schema.Column{{Name: "a", Type: "integer"}, {Name: "b", Type: "text"}}}},
		Sequences:      []schema.Sequence{{Name: "orders_id_seq", Type: "integer", SequenceOptions: schema.SequenceOptions{Start: 1, Increment: 1, Min: 1, Max: 2147483647, Cache: 1}, OwnedBy: &schema.ColumnRef{Schema: "public", Table: "orders", Column: "id"}}},
		Functions:      []schema.Function{{Name: "touch", Kind: "function", Returns: "trigger", Language: "plpgsql", Definition: "CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$"}},
	}}}
	db.Normalize()
	return db
}

// summary lists changes as "action object table.name [!]" lines, sorted.
func summary(r *Result) []string {
	var out []string
	for _, c := range r.Changes {
		s := fmt.Sprintf("%s %s %s", c.Action, c.Object, strings.TrimPrefix(c.Table+"."+c.Name, "."))
		if c.Destructive {
			s += " !"
		}
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

func expectChanges(t *testing.T, r *Result, want ...string) {
	t.Helper()
	checkFieldsDeclared(t, r)
	got := summary(r)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("changes:\n  got  %q\n  want %q", got, want)
		for _, c := range r.Changes {
			t.Logf("  %s %s %s.%s %+v", c.Action, c.Object, c.Table, c.Name, c.Fields)
		}
	}
}

// checkFieldsDeclared fails t for a change reporting a field diff does not declare for its
// kind, or holding sides of another Go type (contract_test.go does the same for the fixtures).
func checkFieldsDeclared(t *testing.T, r *Result) {
	t.Helper()
	for _, c := range r.Changes {
		for _, f := range c.Fields {
			if !Declared(c.Object, f.Field) {
				t.Errorf("%s %s %s reports undeclared field %q", c.Action, c.Object, c.Name, f.Field)
			}
		}
		if !c.holdsItsKind() {
			t.Errorf("%s %s %s holds %T and %T", c.Action, c.Object, c.Name, c.from, c.to)
		}
	}
}

func TestIdenticalModelsHaveNoChanges(t *testing.T) {
	expectChanges(t, Compare(shop(), shop(), Options{}))
}

func TestSameSchemaSpelledDifferentlyHasNoChanges(t *testing.T) {
	b := shop()
	sc := &b.Schemas[0]
	users, orders := sc.Table("users"), sc.Table("orders")
	// aliases, casts, formatting
	users.Columns[1].Type = "varchar(200)"
	users.Columns[2].Default = schema.Ptr("'anon'")
	users.Columns[4].Type = "timestamptz"
	users.Columns[4].Default = schema.Ptr("CURRENT_TIMESTAMP")
	orders.Columns[0].Type = "int4"
	orders.Columns[2].Type = "decimal(12,2)"
	orders.Columns[2].Default = schema.Ptr("'0'::numeric")
	orders.Checks[0].Expression = "status IN ('new', 'paid')"
	users.Checks[0].Expression = "length(email) > 3"
	orders.Indexes[1].Where = "total > 0"
	// (A person's name replacing a server-generated one is a rename: TestExplicitNameIsARename.)
	// FK action implied, not written; constraint names chosen by the server vs by a person
	orders.ForeignKeys[0].OnUpdate = ""
	orders.ForeignKeys[0].Name = "orders_user_id_fkey1"
	users.Checks[0].Name = "users_email_check1"
	// order never matters; statistics are never compared
	slices.Reverse(sc.Tables)
	users = sc.Table("users")
	users.Stats = &schema.TableStats{SizeBytes: new(int64)}
	sc.Views[0].Definition = "SELECT orders.id, orders.total FROM orders WHERE orders.total > 100"
	expectChanges(t, Compare(shop(), b, Options{}))
}

func TestEveryChangeKind(t *testing.T) {
	b := shop()
	sc := &b.Schemas[0]
	users, orders := sc.Table("users"), sc.Table("orders")
	users.Columns = slices.Delete(users.Columns, 3, 4)                                               // drop column mood
	users.Columns = append(users.Columns, schema.Column{Name: "nick", Type: "text", Nullable: true}) // add column
	users.Columns[1].Type = "character varying(100)"                                                 // narrowing
	users.Columns[2].Nullable = false                                                                // new NOT NULL
	users.Comment = schema.Ptr("customers")                                                          // table comment
	users.Index("ix_users_name").Name = "ix_users_name2"                                             // explicit rename
	orders.Columns[3].Type = "text"                                                                  // widening
	orders.ForeignKeys[0].OnDelete = "RESTRICT"                                                      // FK modify
	orders.Checks = append(orders.Checks, schema.Check{Name: "orders_total_check", Expression: "total >= 0"})
	orders.Uniques = append(orders.Uniques, schema.Unique{Name: "orders_user_status_key", Columns: []string{"user_id", "status"}})
	orders.Indexes = append(orders.Indexes, schema.Index{Name: "ix_orders_status", Parts: []schema.IndexPart{{Column: "status"}}, Method: "hash"})
	orders.Triggers = nil
	orders.PrimaryKey.Columns = []string{"id", "user_id"}
	sc.Tables = append(sc.Tables, schema.Table{Name: "audit", Columns: []schema.Column{{Name: "at", Type: "timestamp"}}})
	sc.Views[0].Definition = "SELECT id FROM orders"
	sc.Enums[0].Values = []string{"happy"}
	sc.Sequences[0].Increment = 2
	sc.Functions = append(sc.Functions, schema.Function{Name: "f", Kind: "function", Arguments: "a integer", Returns: "integer", Definition: "x"})
	sc.Domains = nil
	sc.CompositeTypes[0].Attributes[1].Type = "integer"
	b.Schemas = append(b.Schemas, schema.Schema{Name: "billing"})
	b.Extensions = []schema.Extension{{Name: "pgcrypto", Version: "1.3", Schema: "public"}}
	b.Normalize()

	r := Compare(shop(), b, Options{})
	expectChanges(t, r,
		"add schema billing",
		"add extension pgcrypto",
		"add table audit",
		"modify table users",
		"drop column users.mood !",
		"add column users.nick",
		"modify column users.email !",
		"modify column users.name !",
		"rename index users.ix_users_name",
		"modify column orders.status",
		"modify foreign_key orders.orders_user_id_fkey",
		"add check orders.orders_total_check !",
		"add unique orders.orders_user_status_key !",
		"add index orders.ix_orders_status",
		"drop trigger orders.orders_touch !",
		"modify primary_key orders.orders_pkey !",
		"modify view big_orders",
		"modify enum mood !",
		"modify sequence orders_id_seq",
		"add function f(a integer)",
		"drop domain posint",
		"modify composite_type pair",
	)
	s := r.Summary()
	if s.Tables.Added != 1 || s.Tables.Modified != 2 || s.Destructive != 8 {
		t.Errorf("summary = %+v", s)
	}
	for _, c := range r.Changes {
		if c.Object == ObjIndex && c.Action == Rename && (c.NewName != "ix_users_name2" || fromIndex(&c).Name != "ix_users_name") {
			t.Errorf("rename change = %+v", c)
		}
	}
}

func TestDropTableAndTableRename(t *testing.T) {
	b := shop()
	b.Schemas[0].Table("orders").Name = "purchases"
	b.Schemas[0].Tables = slices.DeleteFunc(b.Schemas[0].Tables, func(t schema.Table) bool { return t.Name == "users" })
	b.Normalize()
	expectChanges(t, Compare(shop(), b, Options{}), "drop table users !", "rename table orders")
}

func TestSingleSchemasPairWhateverTheirNames(t *testing.T) {
	a, b := shop(), shop()
	a.Schemas[0].Name = "app_prod"
	b.Schemas[0].Name = "app_staging"
	b.Schemas[0].Table("orders").ForeignKeys[0].RefSchema = "app_staging"
	a.Schemas[0].Table("orders").ForeignKeys[0].RefSchema = "app_prod"
	expectChanges(t, Compare(a, b, Options{}))
}

func TestSchemaMap(t *testing.T) {
	a, b := shop(), shop()
	a.Schemas = append(a.Schemas, schema.Schema{Name: "tenant_a", Tables: []schema.Table{{Name: "x", Columns: []schema.Column{{Name: "v", Type: "integer"}}}}})
	b.Schemas = append(b.Schemas, schema.Schema{Name: "tenant_b", Tables: []schema.Table{{Name: "x", Columns: []schema.Column{{Name: "v", Type: "bigint"}}}}})
	a.Normalize()
	b.Normalize()
	expectChanges(t, Compare(a, b, Options{}), "drop schema tenant_a !", "add schema tenant_b")
	expectChanges(t, Compare(a, b, Options{SchemaMap: map[string]string{"tenant_a": "tenant_b"}}), "modify column x.v")
}

func TestIgnoreIncludeExclude(t *testing.T) {
	b := shop()
	users := b.Schemas[0].Table("users")
	users.Comment = schema.Ptr("other")
	users.Columns[2].Default = schema.Ptr("'x'")
	users.Columns[1].Type = "text"
	b.Schemas[0].Table("orders").Columns[3].Type = "text"
	b.Schemas[0].Functions = nil

	all := Compare(shop(), b, Options{})
	if len(all.Changes) != 5 {
		t.Fatalf("want 5 changes, got %v", summary(all))
	}
	expectChanges(t, Compare(shop(), b, Options{Ignore: []Category{CatComments, CatDefaults, CatFunctions}}),
		"modify column users.email", "modify column orders.status")
	expectChanges(t, Compare(shop(), b, Options{Include: []string{"orders"}}), "modify column orders.status")
	expectChanges(t, Compare(shop(), b, Options{Exclude: []string{"users.email", "public.orders", "touch", "users.name"}}), "modify table users")
}

func TestColumnOrderOnlyWhenAsked(t *testing.T) {
	b := shop()
	cols := b.Schemas[0].Table("orders").Columns
	cols[2], cols[3] = cols[3], cols[2]
	expectChanges(t, Compare(shop(), b, Options{}))
	expectChanges(t, Compare(shop(), b, Options{ColumnOrder: true}), "modify column orders.total", "modify column orders.status")
}

func TestNewNotNullColumnWithoutDefaultIsDestructive(t *testing.T) {
	b := shop()
	o := b.Schemas[0].Table("orders")
	o.Columns = append(o.Columns, schema.Column{Name: "a", Type: "text"}, schema.Column{Name: "b", Type: "text", Default: schema.Ptr("''")})
	expectChanges(t, Compare(shop(), b, Options{}), "add column orders.a !", "add column orders.b")
}

// sqliteShop is shop's tables as an ORM's SQLite test schema would declare them.
func sqliteShop() *schema.Database {
	db := &schema.Database{Dialect: schema.SQLite, ServerVersion: "3.50.4", Schemas: []schema.Schema{{
		Name: "main",
		Tables: []schema.Table{
			{
				Name: "users",
				Columns: []schema.Column{
					{Name: "id", Type: "INTEGER"},
					{Name: "email", Type: "VARCHAR(200)"},
					{Name: "name", Type: "TEXT", Nullable: true, Default: schema.Ptr("'anon'")},
					{Name: "mood", Type: "TEXT", Nullable: true},
					{Name: "created_at", Type: "TIMESTAMP", Default: schema.Ptr("CURRENT_TIMESTAMP")},
				},
				PrimaryKey: &schema.PrimaryKey{Columns: []string{"id"}},
				Uniques:    []schema.Unique{{Columns: []string{"email"}}},
				Checks:     []schema.Check{{Expression: "length(email) > 3"}},
				Indexes: []schema.Index{
					{Name: "sqlite_autoindex_users_1", Unique: true, Parts: []schema.IndexPart{{Column: "email"}}},
					{Name: "ix_users_name", Parts: []schema.IndexPart{{Column: "name"}}},
				},
			},
			{
				Name: "orders",
				Columns: []schema.Column{
					{Name: "id", Type: "INTEGER"},
					{Name: "user_id", Type: "BIGINT"},
					{Name: "total", Type: "NUMERIC(12,2)", Default: schema.Ptr("0")},
					{Name: "status", Type: "VARCHAR(20)", Default: schema.Ptr("'new'")},
				},
				PrimaryKey:  &schema.PrimaryKey{Columns: []string{"id"}},
				ForeignKeys: []schema.ForeignKey{{Columns: []string{"user_id"}, RefTable: "users", RefColumns: []string{"id"}, OnDelete: "CASCADE", OnUpdate: "NO ACTION"}},
				Checks:      []schema.Check{{Expression: "status IN ('new', 'paid')"}},
				Indexes:     []schema.Index{{Name: "ix_orders_user", Parts: []schema.IndexPart{{Column: "user_id"}, {Column: "total", Desc: true}}, Where: "total > 0"}},
			},
		},
		Views: []schema.View{{Name: "big_orders", Definition: "CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100"}},
	}}}
	db.Normalize()
	return db
}

func TestAcrossEnginesOnlyRealDifferences(t *testing.T) {
	r := Compare(sqliteShop(), shop(), Options{})
	// Comments, trigger, enum, sequence, function, domain and composite type are PostgreSQL
	// details: listed once as not comparable, never as changes.
	expectChanges(t, r)
	for _, want := range []string{"comments (SQLite has none)", "triggers (engine-specific code)", "view definitions (each engine prints SQL its own way)"} {
		if !slices.Contains(r.NotComparable, want) {
			t.Errorf("not comparable = %q, want it to list %q", r.NotComparable, want)
		}
	}
	pg := shop()
	pg.Schemas[0].Table("orders").Columns[3].Type = "character varying(40)"
	pg.Schemas[0].Table("users").Columns[0].Type = "integer" // INTEGER PRIMARY KEY holds any integer
	expectChanges(t, Compare(sqliteShop(), pg, Options{}), "modify column orders.status")
}

func fromIndex(c *Change) *schema.Index {
	f, _ := c.Indexes()
	return f
}

// A ZEROFILL column's display width pads its values, so a width change is a change (issue 11,
// bug 2: the inspector kept the width and diff's copy of the rule dropped it).
func TestZerofillWidthIsAChange(t *testing.T) {
	model := func(typ string) *schema.Database {
		db := &schema.Database{Dialect: schema.MySQL, ServerVersion: "10.11.6-MariaDB", Schemas: []schema.Schema{{
			Name:   "shop",
			Tables: []schema.Table{{Name: "codes", Columns: []schema.Column{{Name: "n", Type: typ}}}},
		}}}
		db.Normalize()
		return db
	}
	expectChanges(t, Compare(model("int(5) unsigned zerofill"), model("int(8) unsigned zerofill"), Options{}), "modify column codes.n")
	expectChanges(t, Compare(model("int(5) unsigned zerofill"), model("int(5) unsigned zerofill"), Options{}))
	expectChanges(t, Compare(model("int(11) unsigned"), model("int unsigned"), Options{}))
}

// TestRenamedAndChangedTable: a table renamed that also gained a column is a rename and its
// changes, when nothing else looks like it; a new table sharing only the key, or two
// look-alikes, stay drop + add.
func TestRenamedAndChangedTable(t *testing.T) {
	renamed := func(name string, extra ...schema.Column) *schema.Database {
		b := shop()
		orders := b.Schemas[0].Table("orders")
		orders.Name = name
		orders.Columns = append(orders.Columns, extra...)
		return b
	}
	note := schema.Column{Name: "note", Type: "text", Nullable: true}
	b := renamed("purchases", note)
	b.Normalize()
	expectChanges(t, Compare(shop(), b, Options{}), "rename table orders", "add column orders.note")

	// Only the key in common: not the same table.
	b = renamed("receipts")
	receipts := b.Schemas[0].Table("receipts")
	receipts.Columns = []schema.Column{receipts.Columns[0], {Name: "paper", Type: "text"}, {Name: "ink", Type: "text"}, {Name: "total", Type: "numeric(12,2)"}}
	receipts.ForeignKeys, receipts.Checks, receipts.Indexes = nil, nil, receipts.Indexes[:1]
	b.Normalize()
	expectChanges(t, Compare(shop(), b, Options{}), "drop table orders !", "add table receipts")

	// Two look-alikes: a person decides.
	b = renamed("purchases", note)
	twin := *b.Schemas[0].Table("purchases")
	twin.Name = "purchases_2"
	twin.Columns = append(slices.Clone(twin.Columns[:4]), schema.Column{Name: "other", Type: "text", Nullable: true})
	b.Schemas[0].Tables = append(b.Schemas[0].Tables, twin)
	b.Normalize()
	expectChanges(t, Compare(shop(), b, Options{}), "drop table orders !", "add table purchases", "add table purchases_2")
}

package doc

import (
	"fmt"
	"math/rand/v2"

	"github.com/dbinspect/dbinspect/schema"
)

func i64(n int64) *int64 { return &n }

// fixture is a small PostgreSQL schema with one of everything a page shows: two schemas, a
// cross-schema foreign key, a self reference, a partitioned table, an enum, a domain, a
// composite type, a sequence, a view, a function with an overload, a trigger.
func fixture() *schema.Database {
	pk := func(cols ...string) *schema.PrimaryKey {
		return &schema.PrimaryKey{Name: schema.Ptr(cols[0] + "_pkey"), Columns: cols}
	}
	col := func(name, typ string, nullable bool) schema.Column {
		return schema.Column{Name: name, Type: typ, Nullable: nullable}
	}
	fk := func(name string, cols []string, refSchema, refTable string, refCols ...string) schema.ForeignKey {
		return schema.ForeignKey{Name: name, Columns: cols, RefSchema: refSchema, RefTable: refTable, RefColumns: refCols, OnDelete: "CASCADE", OnUpdate: "NO ACTION"}
	}
	db := &schema.Database{Dialect: schema.Postgres, ServerVersion: "15.19", Schemas: []schema.Schema{
		{Name: "public", Comment: schema.Ptr("The shop"),
			Tables: []schema.Table{
				{Name: "customer", Comment: schema.Ptr("People who buy"),
					Columns: []schema.Column{
						{Name: "id", Type: "integer", Identity: &schema.Identity{Generation: "BY DEFAULT"}},
						col("email", "text", false), col("mood", "mood", true), col("referred_by", "integer", true)},
					PrimaryKey:  pk("id"),
					ForeignKeys: []schema.ForeignKey{fk("customer_referred_by_fkey", []string{"referred_by"}, "public", "customer", "id")},
					Uniques:     []schema.Unique{{Name: "customer_email_key", Columns: []string{"email"}}},
					Checks:      []schema.Check{{Name: "email_has_at", Expression: "(position('@' in email) > 0)"}},
					Indexes: []schema.Index{{Name: "customer_pkey", Unique: true, Columns: []string{"id"}, Parts: []schema.IndexPart{{Column: "id"}}, Method: "btree", Constraint: "customer_pkey"},
						{Name: "customer_email_key", Unique: true, Columns: []string{"email"}, Parts: []schema.IndexPart{{Column: "email"}}, Method: "btree", Constraint: "customer_email_key"}},
					Stats: &schema.TableStats{RowEstimate: i64(1234567), SizeBytes: i64(81920)}},
				{Name: "orders",
					Columns:     []schema.Column{col("id", "bigint", false), col("customer_id", "integer", false), col("placed", "date", false), {Name: "note", Type: "text", Nullable: true, Default: schema.Ptr("''::text"), Comment: schema.Ptr("Free text")}},
					PrimaryKey:  pk("id", "placed"),
					ForeignKeys: []schema.ForeignKey{fk("orders_customer_id_fkey", []string{"customer_id"}, "public", "customer", "id")},
					Triggers: []schema.Trigger{{Name: "orders_touch", Timing: "BEFORE", Events: []schema.TriggerEvent{"INSERT", "UPDATE"}, Level: "ROW", Function: "public.touch()",
						Definition: "CREATE TRIGGER orders_touch BEFORE INSERT OR UPDATE ON public.orders FOR EACH ROW EXECUTE FUNCTION public.touch()"}},
					Access: schema.Access{Owner: "app_owner"},
					Postgres: &schema.PostgresTable{PartitionKey: "RANGE (placed)", RowSecurity: true, Policies: []schema.Policy{
						{Name: "own orders", Command: schema.PolicySelect, Roles: []string{"app"}, Using: "(customer_id = current_setting('app.customer')::integer)",
							Comment: schema.Ptr("customers see their orders")},
						{Name: "no_edit", Restrictive: true, Command: schema.PolicyUpdate, Roles: []string{"public"}, Using: "false", WithCheck: "false"}}}},
				{Name: "orders_2024", Columns: []schema.Column{col("id", "bigint", false), col("customer_id", "integer", false), col("placed", "date", false), col("note", "text", true)},
					Postgres: &schema.PostgresTable{PartitionOf: &schema.TableRef{Schema: "public", Name: "orders"}, PartitionBound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"}},
			},
			Views: []schema.View{{Name: "big_customers", Comment: schema.Ptr("Customers with many orders"),
				Definition: " SELECT c.id, count(*) AS n\n   FROM customer c JOIN orders o ON o.customer_id = c.id\n  WHERE c.email <> 'x' -- not the test user\n  GROUP BY c.id\n HAVING count(*) > 10;",
				Columns:    []schema.Column{col("id", "integer", true), col("n", "bigint", true)}}},
			Enums:          []schema.Enum{{Name: "mood", Values: []string{"sad", "ok", "happy"}, Comment: schema.Ptr("How they feel")}},
			Domains:        []schema.Domain{{Name: "price", Type: "numeric(10,2)", NotNull: true, Checks: []schema.Check{{Name: "price_check", Expression: "VALUE >= 0"}}}},
			CompositeTypes: []schema.CompositeType{{Name: "address", Attributes: []schema.Column{col("street", "text", true), col("city", "text", true)}}},
			Sequences:      []schema.Sequence{{Name: "order_no", Type: "bigint", SequenceOptions: schema.SequenceOptions{Start: 1, Increment: 1, Min: 1, Max: 9223372036854775807, Cache: 1}, OwnedBy: &schema.ColumnRef{Schema: "public", Table: "orders", Column: "id"}}},
			Functions: []schema.Function{
				{Name: "touch", Kind: "function", Returns: "trigger", Language: "plpgsql",
					Definition: "CREATE OR REPLACE FUNCTION public.touch()\n RETURNS trigger\n LANGUAGE plpgsql\nAS $function$\nBEGIN\n  NEW.note := coalesce(NEW.note, 'it''s new'); /* keep */\n  RETURN NEW;\nEND\n$function$\n"},
				{Name: "total", Kind: "function", Arguments: "c integer", Returns: "numeric", Language: "sql", Definition: "CREATE FUNCTION public.total(c integer) RETURNS numeric LANGUAGE sql AS $$ SELECT 42.5 $$"},
				{Name: "total", Kind: "function", Arguments: "c integer, since date", Returns: "numeric", Language: "sql", Definition: "CREATE FUNCTION public.total(c integer, since date) RETURNS numeric LANGUAGE sql AS $$ SELECT 1 $$"},
			}},
		{Name: "audit",
			Tables: []schema.Table{{Name: "log", Columns: []schema.Column{col("id", "bigint", false), col("customer_id", "integer", true), col("at", "timestamp with time zone", false)},
				PrimaryKey:  pk("id"),
				ForeignKeys: []schema.ForeignKey{fk("log_customer_id_fkey", []string{"customer_id"}, "public", "customer", "id")}}}},
	}}
	db.Normalize()
	return db
}

// synthetic is a schema of n tables with foreign keys in clusters of about ten (and a few
// across clusters), big enough to be split into groups; the same seed gives the same schema.
func synthetic(n int, seed uint64) *schema.Database {
	r := rand.New(rand.NewPCG(seed, seed))
	sc := schema.Schema{Name: "big"}
	for i := 0; i < n; i++ {
		t := schema.Table{Name: fmt.Sprintf("t%03d", i), Columns: []schema.Column{{Name: "id", Type: "integer"}},
			PrimaryKey: &schema.PrimaryKey{Columns: []string{"id"}}}
		for k := 0; k < 2 && i > 0; k++ {
			parent := i/10*10 + r.IntN(10)
			if r.IntN(8) == 0 {
				parent = r.IntN(n)
			}
			if parent >= n || parent == i {
				continue
			}
			c := fmt.Sprintf("ref%d", k)
			t.Columns = append(t.Columns, schema.Column{Name: c, Type: "integer", Nullable: k == 1})
			t.ForeignKeys = append(t.ForeignKeys, schema.ForeignKey{Name: fmt.Sprintf("t%03d_%s_fkey", i, c), Columns: []string{c}, RefSchema: "big", RefTable: fmt.Sprintf("t%03d", parent), RefColumns: []string{"id"}, OnDelete: "NO ACTION", OnUpdate: "NO ACTION"})
		}
		sc.Tables = append(sc.Tables, t)
	}
	db := &schema.Database{Dialect: schema.Postgres, ServerVersion: "15", Schemas: []schema.Schema{sc}}
	db.Normalize()
	return db
}

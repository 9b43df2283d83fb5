package inspector

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/drivers"
	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/schema"
)

// inspectURL inspects a live PostgreSQL database the way the commands do: through
// drivers.Resolve, drivers.Open (read-only session, timeouts) and Live's one transaction.
func inspectURL(t testing.TB, rawURL string, o Options) *schema.Database {
	t.Helper()
	target, err := drivers.Resolve(rawURL)
	if err != nil {
		t.Fatalf("resolve: %v", err)
	}
	m, err := Inspect(context.Background(), target, o)
	if err != nil {
		t.Fatalf("inspect: %v", err)
	}
	return m
}

func snapshotBytes(t testing.TB, m *schema.Database) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := schema.WriteSnapshot(&b, m); err != nil {
		t.Fatalf("write snapshot: %v", err)
	}
	assertEncodingJSON(t, m, b.Bytes())
	return b.Bytes()
}

// assertEncodingJSON: snap, m's snapshot, holds the bytes encoding/json writes for the
// (normalized) model, which WriteSnapshot promises while it writes tables without it.
func assertEncodingJSON(t testing.TB, m *schema.Database, snap []byte) {
	t.Helper()
	if snap == nil {
		var b bytes.Buffer
		if err := schema.WriteSnapshot(&b, m); err != nil {
			t.Fatalf("write snapshot: %v", err)
		}
		snap = b.Bytes()
	}
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		t.Fatalf("encoding/json: %v", err)
	}
	if !bytes.Equal(snap, want.Bytes()) {
		i := 0
		for i < len(snap) && i < len(want.Bytes()) && snap[i] == want.Bytes()[i] {
			i++
		}
		lo := max(i-200, 0)
		t.Errorf("snapshot differs from encoding/json at byte %d:\n got …%.300s\nwant …%.300s", i, snap[lo:], want.Bytes()[lo:])
	}
}

// assertSame compares two values through their JSON encoding, which is the model's contract
// and prints readably when they differ.
func assertSame(t *testing.T, got, want any) {
	t.Helper()
	g, _ := json.MarshalIndent(got, "", "  ")
	w, _ := json.MarshalIndent(want, "", "  ")
	if !bytes.Equal(g, w) {
		t.Errorf("got:\n%s\nwant:\n%s", g, w)
	}
}

// objectsDB loads testdata/postgres_objects.sql, every object kind with hostile names, into a
// fresh database.
func objectsDB(t *testing.T) *dbtest.DB {
	t.Helper()
	db := dbtest.Postgres(t)
	db.LoadPostgresFile(t, filepath.Join("testdata", "postgres_objects.sql"))
	return db
}

const hostile = `Hostile "Schema"`

func findTable(t *testing.T, m *schema.Database, sch, name string) *schema.Table {
	t.Helper()
	s := m.Schema(sch)
	if s == nil {
		t.Fatalf("schema %q missing", sch)
	}
	tb := s.Table(name)
	if tb == nil {
		t.Fatalf("table %q.%q missing", sch, name)
	}
	return tb
}

func findView(t *testing.T, m *schema.Database, sch, name string) *schema.View {
	t.Helper()
	v := m.Schema(sch).View(name)
	if v == nil {
		t.Fatalf("view %q.%q missing", sch, name)
	}
	return v
}

func col(name, typ string, nullable bool) schema.Column {
	return schema.Column{Name: name, Type: typ, Nullable: nullable}
}

// withoutAccess is a copy of m without owners and grants, which TestPostgresAccess checks:
// the other cases compare whole objects.
func withoutAccess(t *testing.T, m *schema.Database) *schema.Database {
	t.Helper()
	c, err := schema.ReadSnapshot(bytes.NewReader(snapshotBytes(t, m)))
	if err != nil {
		t.Fatal(err)
	}
	for i := range c.Schemas {
		s := &c.Schemas[i]
		s.Access = schema.Access{}
		for j := range s.Tables {
			s.Tables[j].Access = schema.Access{}
		}
		for j := range s.Views {
			s.Views[j].Access = schema.Access{}
		}
		for j := range s.Enums {
			s.Enums[j].Access = schema.Access{}
		}
		for j := range s.Domains {
			s.Domains[j].Access = schema.Access{}
		}
		for j := range s.CompositeTypes {
			s.CompositeTypes[j].Access = schema.Access{}
		}
		for j := range s.Sequences {
			s.Sequences[j].Access = schema.Access{}
		}
		for j := range s.Functions {
			s.Functions[j].Access = schema.Access{}
		}
	}
	return c
}

func TestPostgresObjects(t *testing.T) {
	db := objectsDB(t)
	m := withoutAccess(t, inspectURL(t, db.URL, Options{}))
	p := schema.Ptr
	order := func() *schema.Table { return findTable(t, m, hostile, "order") }
	other := func() *schema.Schema { return m.Schema("other") }
	index := func(tb *schema.Table, name string) *schema.Index {
		x := tb.Index(name)
		if x == nil {
			t.Fatalf("index %s missing", name)
		}
		return x
	}

	cases := []struct {
		name string
		got  func() any
		want any
	}{
		{"server", func() any { return []any{m.Dialect, strings.Count(m.ServerVersion, ".") == 1, m.Notes} },
			[]any{schema.Postgres, true, nil}},
		{"schemas", func() any {
			var names []string
			for _, s := range m.Schemas {
				names = append(names, s.Name)
			}
			return names
		}, []string{hostile, "other", "public"}},
		{"schema comment", func() any { return m.Schema(hostile).Comment }, p("hostile schema")},
		{"extensions", func() any { return m.Extensions }, []schema.Extension{
			{Name: "citext", Version: "1.6", Schema: "public"}, {Name: "plpgsql", Version: "1.0", Schema: "pg_catalog"}}},
		{"extension objects left out", func() any { return [2]int{len(m.Schema("public").Functions), len(m.Schema("public").Tables)} },
			[2]int{0, 0}},
		{"table flags", func() any {
			tb := order()
			return []any{tb.Comment, tb.Postgres.Unlogged, tb.Stats != nil && tb.Stats.SizeBytes != nil}
		}, []any{p(`the "order" table`), true, true}},
		{"columns", func() any { return order().Columns }, []schema.Column{
			{Name: "select", Type: "bigint", Comment: p("identity"), Identity: &schema.Identity{Generation: "ALWAYS",
				SequenceOptions: schema.SequenceOptions{Start: 10, Increment: 5, Min: 10, Max: 100000, Cache: 2}}},
			{Name: "Mixed Case", Type: "text", Default: p("'x''y'::text"), Collation: "C"},
			col("ünï", "other.mood[]", true),
			col("local", "local_mood", true),
			col("dom", "other.posint", true),
			col("ci", "public.citext", true),
			col("total", "numeric(10,2)", true),
			{Name: "doubled", Type: "numeric", Nullable: true, Generated: &schema.Generated{Expression: "(total * (2)::numeric)", Kind: "STORED"}},
			col("parent_id", "integer", true),
			col("parent_code", "text", true),
			col("during", "tsrange", true),
			{Name: "serial_col", Type: "integer", Default: p(`nextval('"Hostile ""Schema""".order_serial_col_seq'::regclass)`)},
			{Name: "by_default", Type: "integer", Identity: &schema.Identity{Generation: "BY DEFAULT",
				SequenceOptions: schema.SequenceOptions{Start: 1, Increment: 1, Min: 1, Max: 2147483647, Cache: 1}}},
		}},
		{"primary key", func() any { return order().PrimaryKey }, &schema.PrimaryKey{Name: p("order_pkey"), Columns: []string{"select"}}},
		{"composite foreign key", func() any { return order().ForeignKeys }, []schema.ForeignKey{{
			Name: "fk, composite", Columns: []string{"parent_id", "parent_code"}, RefSchema: "other", RefTable: "parent_tbl",
			RefColumns: []string{"id", "code"}, OnDelete: "SET NULL", OnUpdate: "CASCADE", Match: "FULL",
			Deferrable: true, InitiallyDeferred: true}}},
		{"foreign key defaults and SET NULL columns", func() any { return findTable(t, m, "other", "child_fk").ForeignKeys }, []schema.ForeignKey{
			{Name: "child_fk_pid_fkey", Columns: []string{"pid"}, RefSchema: "other", RefTable: "parent_tbl", RefColumns: []string{"id"},
				OnDelete: "NO ACTION", OnUpdate: "NO ACTION"},
			{Name: "set_null_cols", Columns: []string{"pid", "pcode"}, RefSchema: "other", RefTable: "parent_tbl", RefColumns: []string{"id", "code"},
				OnDelete: "SET NULL (pcode)", OnUpdate: "NO ACTION"}}},
		{"uniques", func() any { return order().Uniques }, []schema.Unique{
			{Name: "uq_nnd", Columns: []string{"Mixed Case", "parent_code"}, NullsNotDistinct: true}}},
		{"checks", func() any { return order().Checks }, []schema.Check{
			{Name: `Check "quoted"`, Expression: "(total > (0)::numeric)", NoInherit: true},
			{Name: "not_valid_check", Expression: "(parent_id > 0)", NotValid: true}}},
		{"exclusion", func() any { return order().Postgres.Exclusions }, []schema.Exclusion{
			{Name: "no_overlap", Definition: "EXCLUDE USING gist (during WITH &&) DEFERRABLE", Deferrable: true}}},
		{"index names", func() any {
			var names []string
			for _, x := range order().Indexes {
				names = append(names, x.Name)
			}
			return names
		}, []string{"Idx Expr", "expr_coll", "no_overlap", "order_brin", "order_desc", "order_gin", "order_hash", "order_pkey", "uq_nnd"}},
		{"structured index", func() any { return index(order(), "Idx Expr") }, &schema.Index{
			Name: "Idx Expr", Columns: []string{`lower("Mixed Case")`, "parent_code", "Mixed Case"},
			Parts: []schema.IndexPart{
				{Expression: `lower("Mixed Case")`, Desc: true, Nulls: "LAST"},
				{Column: "parent_code", OpClass: "text_pattern_ops"},
				{Column: "Mixed Case", Nulls: "FIRST", Collation: "POSIX"}},
			Method: "btree", Where: "(total > (10)::numeric)", Include: []string{"total"}, Comment: p("expressions"),
			Definition: `CREATE INDEX "Idx Expr" ON "Hostile ""Schema"""."order" USING btree (lower("Mixed Case") DESC NULLS LAST, parent_code text_pattern_ops, "Mixed Case" COLLATE "POSIX" NULLS FIRST) INCLUDE (total) WHERE (total > (10)::numeric)`}},
		{"expression index collation", func() any { return index(order(), "expr_coll").Parts }, []schema.IndexPart{
			{Expression: "((parent_code || 'x'::text))", Collation: "C"}}},
		{"index methods", func() any {
			var methods []string
			for _, n := range []string{"order_brin", "order_gin", "order_hash", "no_overlap", "order_pkey"} {
				methods = append(methods, index(order(), n).Method)
			}
			return methods
		}, []string{"brin", "gin", "hash", "gist", "btree"}},
		{"descending parts", func() any { return index(order(), "order_desc").Parts }, []schema.IndexPart{
			{Column: "total", Desc: true}, {Column: "parent_id", Desc: true, Nulls: "LAST"}}},
		{"constraint indexes", func() any {
			return []any{index(order(), "order_pkey").Constraint, index(order(), "uq_nnd").Constraint,
				index(order(), "uq_nnd").NullsNotDistinct, index(order(), "no_overlap").Constraint}
		}, []any{"order_pkey", "uq_nnd", true, "no_overlap"}},
		{"partitioned table", func() any { return findTable(t, m, "other", "events").Postgres },
			&schema.PostgresTable{PartitionKey: "RANGE (at)"}},
		{"partitions", func() any {
			return []*schema.PostgresTable{findTable(t, m, "other", "events_2024").Postgres, findTable(t, m, "other", "events_default").Postgres}
		}, []*schema.PostgresTable{
			{PartitionOf: &schema.TableRef{Schema: "other", Name: "events"}, PartitionBound: "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"},
			{PartitionOf: &schema.TableRef{Schema: "other", Name: "events"}, PartitionBound: "DEFAULT"}}},
		{"inheritance in declared order", func() any { return findTable(t, m, "other", "child").Postgres.Inherits },
			[]schema.TableRef{{Schema: "other", Name: "base2"}, {Schema: "other", Name: "base"}}},
		{"row security", func() any { return findTable(t, m, "other", "parent_tbl").Postgres }, &schema.PostgresTable{RowSecurity: true}},
		{"view", func() any {
			v := *findView(t, m, hostile, "View Ü")
			v.Triggers = nil
			return v
		}, schema.View{Name: "View Ü", Comment: p("a view"),
			Definition:  " SELECT \"order\".\"select\",\n    \"order\".\"Mixed Case\",\n    \"order\".total\n   FROM \"Hostile \"\"Schema\"\"\".\"order\"\n  WHERE (\"order\".total > (0)::numeric);",
			CheckOption: "LOCAL",
			Columns: []schema.Column{col("select", "bigint", true), {Name: "Mixed Case", Type: "text", Nullable: true, Collation: "C"},
				col("total", "numeric(10,2)", true)}}},
		{"materialized view with index", func() any { return findView(t, m, "other", "mv") }, &schema.View{
			Name: "mv", Materialized: true, Definition: " SELECT parent_tbl.id,\n    parent_tbl.code\n   FROM other.parent_tbl;",
			Columns: []schema.Column{col("id", "integer", true), col("code", "text", true)},
			Indexes: []schema.Index{{Name: "mv_id", Unique: true, Columns: []string{"id"}, Parts: []schema.IndexPart{{Column: "id"}},
				Method: "btree", Definition: "CREATE UNIQUE INDEX mv_id ON other.mv USING btree (id)"}}}},
		{"enums with values in order", func() any { return [][]schema.Enum{other().Enums, m.Schema(hostile).Enums} }, [][]schema.Enum{
			{{Name: "mood", Values: []string{"sad", "meh", "ok", `happy, "really"`}, Comment: p("feelings")}},
			{{Name: "local_mood", Values: []string{"a"}}}}},
		{"domains", func() any { return other().Domains }, []schema.Domain{
			{Name: "posint", Type: "integer", NotNull: true, Default: p("1"), Checks: []schema.Check{{Name: "posint_check", Expression: "(VALUE > 0)"}}},
			{Name: "Ünï dom", Type: "text", Collation: "C", Checks: []schema.Check{
				{Name: "later", Expression: "(length(VALUE) < 10)", NotValid: true},
				{Name: "Ünï dom_check", Expression: "(VALUE <> ''::text)"}}}}},
		{"composite type", func() any { return other().CompositeTypes }, []schema.CompositeType{{Name: "pair", Comment: p("a pair"),
			Attributes: []schema.Column{col("a", "integer", true), col("B b", "mood", true), {Name: "c", Type: "text", Nullable: true, Collation: "C"}}}}},
		{"sequences without identity ones", func() any { return [][]schema.Sequence{other().Sequences, m.Schema(hostile).Sequences} }, [][]schema.Sequence{
			{{Name: "counter", Type: "integer", SequenceOptions: schema.SequenceOptions{Start: 5, Increment: 2, Min: 1, Max: 1000, Cache: 3, Cycle: true}, Comment: p("counts")},
				{Name: "owned_seq", Type: "bigint", SequenceOptions: schema.SequenceOptions{Start: 1, Increment: 1, Min: 1, Max: 9223372036854775807, Cache: 1},
					OwnedBy: &schema.ColumnRef{Schema: "other", Table: "parent_tbl", Column: "code"}}},
			{{Name: "order_serial_col_seq", Type: "integer", SequenceOptions: schema.SequenceOptions{Start: 1, Increment: 1, Min: 1, Max: 2147483647, Cache: 1},
				OwnedBy: &schema.ColumnRef{Schema: hostile, Table: "order", Column: "serial_col"}}}}},
		{"triggers", func() any { return findTable(t, m, "other", "parent_tbl").Triggers }, []schema.Trigger{
			{Name: `Trig "WHEN ("`, Timing: "BEFORE", Events: []schema.TriggerEvent{"INSERT", "UPDATE"}, UpdateColumns: []string{"code", "id"}, Level: "ROW",
				Function: `other."touch Ü"`, When: "(new.code IS DISTINCT FROM 'WHEN (x)'::text)", Comment: p("a trigger"),
				Definition: `CREATE TRIGGER "Trig ""WHEN (""" BEFORE INSERT OR UPDATE OF code, id ON other.parent_tbl FOR EACH ROW WHEN ((new.code IS DISTINCT FROM 'WHEN (x)'::text)) EXECUTE FUNCTION other."touch Ü"()`},
			{Name: "stmt_trg", Timing: "AFTER", Events: []schema.TriggerEvent{"DELETE", "TRUNCATE"}, Level: "STATEMENT", Function: `other."touch Ü"`, Disabled: true,
				Definition: `CREATE TRIGGER stmt_trg AFTER DELETE OR TRUNCATE ON other.parent_tbl FOR EACH STATEMENT EXECUTE FUNCTION other."touch Ü"()`}}},
		{"view trigger", func() any { return findView(t, m, hostile, "View Ü").Triggers }, []schema.Trigger{
			{Name: "v_ins", Timing: "INSTEAD OF", Events: []schema.TriggerEvent{"INSERT"}, Level: "ROW", Function: "other.view_ins",
				Definition: `CREATE TRIGGER v_ins INSTEAD OF INSERT ON "Hostile ""Schema"""."View Ü" FOR EACH ROW EXECUTE FUNCTION other.view_ins()`}}},
		{"functions", func() any {
			var sigs []string
			for _, f := range other().Functions {
				sigs = append(sigs, fmt.Sprintf("%s %s(%s) -> %s [%s]", f.Kind, f.Name, f.Arguments, f.Returns, f.Language))
			}
			return sigs
		}, []string{
			"function add(a integer, b integer) -> integer [sql]",
			"function add(a numeric, b numeric) -> numeric [sql]",
			"aggregate my_sum(integer) -> integer [internal]",
			"procedure proc(IN a integer, IN b text DEFAULT 'x'::text) ->  [sql]",
			"function touch Ü() -> trigger [plpgsql]",
			"function view_ins() -> trigger [plpgsql]"}},
		{"function definition", func() any { return other().Functions[4] }, schema.Function{Name: "touch Ü", Kind: "function", Returns: "trigger",
			Language: "plpgsql", Comment: p("touches"),
			Definition: "CREATE OR REPLACE FUNCTION other.\"touch Ü\"()\n RETURNS trigger\n LANGUAGE plpgsql\nAS $function$BEGIN NEW.code := upper(NEW.code); RETURN NEW; END$function$\n"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { assertSame(t, c.got(), c.want) })
	}
}

// TestPostgresDeterministic: two inspections give identical snapshots, and a snapshot reads
// back into the identical model.
func TestPostgresDeterministic(t *testing.T) {
	db := objectsDB(t)
	first := snapshotBytes(t, inspectURL(t, db.URL, Options{}))
	second := snapshotBytes(t, inspectURL(t, db.URL, Options{}))
	if !bytes.Equal(first, second) {
		t.Fatalf("two inspections differ:\n%s\n---\n%s", first, second)
	}
	live := inspectURL(t, db.URL, Options{})
	assertRoundTrip(t, live)

	// A snapshot of the same schema written before owners, grants, policies, rules and storage
	// options were read still loads, and diffs as before: the same.
	f, err := os.Open(filepath.Join("testdata", "postgres_objects.before-issue-12.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	old, err := schema.ReadSnapshot(f)
	if err != nil {
		t.Fatalf("an older snapshot no longer loads: %v", err)
	}
	if res := diff.Compare(old, live, diff.Options{}); !res.Empty() {
		t.Errorf("an older snapshot of the same schema differs: %+v", res.Changes)
	}
}

func assertRoundTrip(t *testing.T, m *schema.Database) {
	t.Helper()
	data := snapshotBytes(t, m)
	back, err := schema.ReadSnapshot(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("read snapshot: %v", err)
	}
	if !reflect.DeepEqual(back, m) {
		t.Errorf("snapshot round trip changed the model:\n%s\n---\n%s", data, snapshotBytes(t, back))
	}
}

// TestPostgresSchemasOption: Options.Schemas limits the inspection and notes unknown names.
func TestPostgresSchemasOption(t *testing.T) {
	db := objectsDB(t)
	m := inspectURL(t, db.URL, Options{Schemas: []string{"other", "nope"}})
	if len(m.Schemas) != 1 || m.Schemas[0].Name != "other" {
		t.Fatalf("schemas = %+v, want only other", m.Schemas)
	}
	assertSame(t, m.Notes, []string{`schema "nope" does not exist`})
	// A foreign key into a schema that is not inspected still names it.
	fk := findTable(t, m, "other", "child_fk").ForeignKeys[0]
	if fk.RefSchema != "other" {
		t.Errorf("ref schema = %q", fk.RefSchema)
	}
}

// TestPostgresSearchPathIgnored: a search_path set on the database and on the role does not
// change a single byte of the snapshot.
func TestPostgresSearchPathIgnored(t *testing.T) {
	db := objectsDB(t)
	want := snapshotBytes(t, inspectURL(t, db.URL, Options{}))

	db.Exec(t, fmt.Sprintf(`ALTER DATABASE %q SET search_path = other, "Hostile ""Schema""", public`, db.Name))
	if got := snapshotBytes(t, inspectURL(t, db.URL, Options{})); !bytes.Equal(got, want) {
		t.Errorf("database search_path changed the snapshot:\n%s", got)
	}

	role := testRole(t, db)
	db.Exec(t, fmt.Sprintf(`ALTER ROLE %s SET search_path = "Hostile ""Schema""", other`, role),
		fmt.Sprintf(`ALTER ROLE %s SET timezone = 'Asia/Kathmandu'`, role))
	if got := snapshotBytes(t, inspectURL(t, roleURL(t, db, role), Options{})); !bytes.Equal(got, want) {
		t.Errorf("role search_path changed the snapshot:\n%s", got)
	}
}

// TestPostgresPartialPrivileges: a role that may not read some catalogs gets what it can see
// and notes saying what it could not, not an error.
func TestPostgresPartialPrivileges(t *testing.T) {
	db := objectsDB(t)
	// Catalog privileges are per database: this changes only the test's own database.
	db.Exec(t, `REVOKE SELECT ON pg_catalog.pg_proc FROM PUBLIC`,
		`REVOKE SELECT ON pg_catalog.pg_description FROM PUBLIC`,
		`REVOKE SELECT ON pg_catalog.pg_trigger FROM PUBLIC`)
	role := testRole(t, db)
	m := inspectURL(t, roleURL(t, db, role), Options{})

	assertSame(t, m.Notes, []string{
		"comments not read: no SELECT privilege on pg_catalog.pg_description",
		"triggers not read: no SELECT privilege on pg_catalog.pg_trigger",
		"functions and procedures not read: no SELECT privilege on pg_catalog.pg_proc",
	})
	order := findTable(t, m, hostile, "order")
	if order.Comment != nil || len(order.Columns) != 13 || len(order.Indexes) != 9 || order.PrimaryKey == nil {
		t.Errorf("order table not read as far as the role can: %+v", order)
	}
	if n := len(m.Schema("other").Functions); n != 0 {
		t.Errorf("%d functions read without access to pg_proc", n)
	}
	// The same as data, for diff: these kinds are unknown on this side, not absent.
	want := []schema.Unread{{Kind: schema.UnreadComments}, {Kind: schema.UnreadTriggers}, {Kind: schema.UnreadFunctions}}
	if fmt.Sprint(m.Unread) != fmt.Sprint(want) {
		t.Errorf("unread = %v, want %v", m.Unread, want)
	}
}

var roleCounter atomic.Int64

// testRole creates a login role without superuser rights, dropped when the test ends.
func testRole(t *testing.T, db *dbtest.DB) string {
	t.Helper()
	role := fmt.Sprintf("%s_r%d", db.Name, roleCounter.Add(1))
	db.Exec(t, "CREATE ROLE "+role+" LOGIN")
	t.Cleanup(func() {
		// Sessions of the role live in pools that are closed by now; the database still exists.
		if _, err := db.Admin.Exec("DROP ROLE IF EXISTS " + role); err != nil {
			t.Errorf("drop role: %v", err)
		}
	})
	return role
}

func roleURL(t *testing.T, db *dbtest.DB, role string) string {
	t.Helper()
	u, err := url.Parse(db.URL)
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.User(role)
	return u.String()
}

// countStatements inspects db in a read-only transaction, counting statements.
func countStatements(t testing.TB, db *sql.DB) (int, *schema.Database) {
	t.Helper()
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback() //nolint:errcheck
	q := &countingQueryer{Queryer: tx}
	m, err := ReadPostgres(ctx, q, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return q.statements, m
}

// manyTables creates n tables, each with a primary key, foreign key, unique, check, index,
// trigger, identity column and comment. They are created 100 to a transaction: one
// transaction creating them all takes a lock per object and runs out of the server's shared
// lock table (max_locks_per_transaction) when other tests use the server at the same time.
func manyTables(t *testing.T, db *dbtest.DB, n int) {
	t.Helper()
	db.Exec(t, `CREATE FUNCTION noop() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$`)
	const batch = 100
	for lo := 1; lo <= n; lo += batch {
		hi := min(lo+batch-1, n)
		db.Exec(t, fmt.Sprintf(`DO $$ BEGIN FOR i IN %d..%d LOOP
  EXECUTE format('CREATE TABLE t%%s (id int GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, code text UNIQUE,
    n int CHECK (n > 0), parent int REFERENCES t%%s)', i, greatest(i - 1, 1));
  EXECUTE format('CREATE INDEX t%%s_n ON t%%s (n DESC)', i, i);
  EXECUTE format('CREATE TRIGGER t%%s_trg BEFORE UPDATE ON t%%s FOR EACH ROW EXECUTE FUNCTION noop()', i, i);
  EXECUTE format('COMMENT ON TABLE t%%s IS %%L', i, 'table ' || i);
END LOOP; END $$`, lo, hi))
	}
}

func TestPostgresStatementsConstant(t *testing.T) {
	counts := map[int]int{}
	for _, n := range []int{10, 1000} {
		db := dbtest.Postgres(t)
		manyTables(t, db, n)
		got, m := countStatements(t, db.Admin)
		if tables := len(m.Schema("public").Tables); tables != n {
			t.Fatalf("read %d tables, want %d", tables, n)
		}
		counts[n] = got
	}
	if counts[10] != counts[1000] || counts[10] != pgStatements {
		t.Errorf("statements for 10 tables: %d, for 1000: %d; want %d for both", counts[10], counts[1000], pgStatements)
	}
}

func TestTriggerWhen(t *testing.T) {
	cases := []struct{ def, want string }{
		{`CREATE TRIGGER a BEFORE UPDATE ON t FOR EACH ROW WHEN ((old.* IS DISTINCT FROM new.*)) EXECUTE FUNCTION f()`,
			`(old.* IS DISTINCT FROM new.*)`},
		{`CREATE TRIGGER "x WHEN (" BEFORE UPDATE ON "WHEN (" FOR EACH ROW WHEN ((new.a = 'WHEN ('')')) EXECUTE FUNCTION f('WHEN (')`,
			`(new.a = 'WHEN ('')')`},
		{`CREATE TRIGGER a BEFORE UPDATE ON t FOR EACH ROW WHEN ((new.a = E'\')(')) EXECUTE FUNCTION f()`,
			`(new.a = E'\')(')`},
		{`CREATE TRIGGER a BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f('WHEN (x)')`, ``},
	}
	for _, c := range cases {
		if got := triggerWhen(c.def); got != c.want {
			t.Errorf("triggerWhen(%s) = %q, want %q", c.def, got, c.want)
		}
	}
}

func TestTriggerType(t *testing.T) {
	timing, events, level := triggerType(tgRow | tgBefore | tgInsert | tgUpdate | tgDelete | tgTruncate)
	got := fmt.Sprint(timing, events, level)
	if want := "BEFORE[INSERT UPDATE DELETE TRUNCATE]ROW"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if timing, _, level := triggerType(tgInstead | tgRow); timing != "INSTEAD OF" || level != "ROW" {
		t.Errorf("INSTEAD OF: %s %s", timing, level)
	}
}

func TestIndexOrder(t *testing.T) {
	for option, want := range map[int]string{0: "false ", 1: "true LAST", 2: "false FIRST", 3: "true "} {
		desc, nulls := indexOrder(option)
		if got := fmt.Sprint(desc, " ", nulls); got != want {
			t.Errorf("indexOrder(%d) = %q, want %q", option, got, want)
		}
	}
}

func TestQuoteLiteral(t *testing.T) {
	if got := quoteLiteral(`a'b\c`); got != `E'a''b\\c'` {
		t.Errorf("got %s", got)
	}
	if got := joinIdents([]string{"a", "B b", `q"`}); got != `a, "B b", "q"""` {
		t.Errorf("got %s", got)
	}
}

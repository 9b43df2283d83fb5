package migrate

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/schema"
)

// Unit tests on hand-built models: what the planner decides (order, transaction placement,
// --safe, the script format). The round trips on real servers are in the main package
// (migrate_*_test.go).

func pgDB(tables []schema.Table, enums ...schema.Enum) *schema.Database {
	return &schema.Database{Dialect: schema.Postgres, Schemas: []schema.Schema{{Name: "public", Tables: tables, Enums: enums}}}
}

func col(name, typ string, nullable bool) schema.Column {
	return schema.Column{Name: name, Type: typ, Nullable: nullable}
}

func build(t *testing.T, from, to *schema.Database, opts Options) *Plan {
	t.Helper()
	for _, db := range []*schema.Database{from, to} {
		db.Normalize()
	}
	p, err := Build(from, to, diff.Compare(from, to, diff.Options{}), opts)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func sqls(p *Plan) []string {
	out := make([]string, len(p.Steps))
	for i, s := range p.Steps {
		out[i] = s.SQL
	}
	return out
}

func indexOf(t *testing.T, list []string, prefix string) int {
	t.Helper()
	i := slices.IndexFunc(list, func(s string) bool { return strings.HasPrefix(s, prefix) })
	if i < 0 {
		t.Fatalf("no statement starting with %q in\n%s", prefix, strings.Join(list, "\n"))
	}
	return i
}

func TestEqualSchemasPlanNothing(t *testing.T) {
	mk := func() *schema.Database {
		return pgDB([]schema.Table{{Name: "t", Columns: []schema.Column{col("id", "integer", false)}}})
	}
	p := build(t, mk(), mk(), Options{})
	if !p.Empty() {
		t.Fatalf("plan for equal schemas: %q", sqls(p))
	}
	var b bytes.Buffer
	if err := p.Write(&b, WriteOptions{Header: []string{"x"}}); err != nil || b.Len() != 0 {
		t.Errorf("Write of an empty plan wrote %q (err %v)", b.String(), err)
	}
}

func TestCrossEngineIsRefused(t *testing.T) {
	from, to := pgDB(nil), &schema.Database{Dialect: schema.MySQL, Schemas: []schema.Schema{{Name: "app"}}}
	_, err := Build(from, to, diff.Compare(from, to, diff.Options{}), Options{})
	if !errors.Is(err, ErrCrossEngine) {
		t.Errorf("err = %v, want ErrCrossEngine", err)
	}
}

// TestForeignKeyCycleAddedAfterTables: two new tables referencing each other are created
// first, their foreign keys afterwards.
func TestForeignKeyCycleAddedAfterTables(t *testing.T) {
	fk := func(name, ref string) schema.ForeignKey {
		return schema.ForeignKey{Name: name, Columns: []string{"other"}, RefSchema: "public", RefTable: ref, RefColumns: []string{"id"}, OnDelete: "NO ACTION", OnUpdate: "NO ACTION"}
	}
	table := func(name, ref string) schema.Table {
		return schema.Table{Name: name, Columns: []schema.Column{col("id", "integer", false), col("other", "integer", true)},
			PrimaryKey: &schema.PrimaryKey{Columns: []string{"id"}}, ForeignKeys: []schema.ForeignKey{fk(name+"_fk", ref)}}
	}
	p := build(t, pgDB(nil), pgDB([]schema.Table{table("a", "b"), table("b", "a")}), Options{})
	got := sqls(p)
	lastCreate := max(indexOf(t, got, `CREATE TABLE "public"."a"`), indexOf(t, got, `CREATE TABLE "public"."b"`))
	firstFK := min(indexOf(t, got, `ALTER TABLE "public"."a" ADD CONSTRAINT "a_fk"`), indexOf(t, got, `ALTER TABLE "public"."b" ADD CONSTRAINT "b_fk"`))
	if firstFK < lastCreate {
		t.Errorf("a foreign key is added before both tables exist:\n%s", strings.Join(got, "\n"))
	}
	if got[0] != "BEGIN" || got[len(got)-1] != "COMMIT" {
		t.Errorf("PostgreSQL plans run in one transaction:\n%s", strings.Join(got, "\n"))
	}
}

// TestEnumValuesOutsideTransaction: ADD VALUE runs before BEGIN, placed by its neighbours.
func TestEnumValuesOutsideTransaction(t *testing.T) {
	from := pgDB(nil, schema.Enum{Name: "mood", Values: []string{"happy", "sad"}})
	to := pgDB(nil, schema.Enum{Name: "mood", Values: []string{"calm", "happy", "ok", "sad", "angry"}})
	got := sqls(build(t, from, to, Options{}))
	want := []string{
		`ALTER TYPE "public"."mood" ADD VALUE IF NOT EXISTS 'calm' BEFORE 'happy'`,
		`ALTER TYPE "public"."mood" ADD VALUE IF NOT EXISTS 'ok' AFTER 'happy'`,
		`ALTER TYPE "public"."mood" ADD VALUE IF NOT EXISTS 'angry' AFTER 'sad'`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestEnumValueRemovedRebuildsType(t *testing.T) {
	table := []schema.Table{{Name: "t", Columns: []schema.Column{col("m", "mood", true)}}}
	from := pgDB(table, schema.Enum{Name: "mood", Values: []string{"a", "b"}})
	to := pgDB(table, schema.Enum{Name: "mood", Values: []string{"b"}})
	p := build(t, from, to, Options{})
	got := sqls(p)
	for _, want := range []string{
		`ALTER TYPE "public"."mood" RENAME TO "mood__dbinspect_old"`,
		`CREATE TYPE "public"."mood" AS ENUM ('b')`,
		`ALTER TABLE "public"."t" ALTER COLUMN "m" TYPE "public"."mood" USING "m"::text::"public"."mood"`,
		`DROP TYPE "public"."mood__dbinspect_old"`,
	} {
		indexOf(t, got, want)
	}
	safe := build(t, from, to, Options{Safe: true})
	if !safe.Empty() || len(safe.Skipped) != 4 {
		t.Errorf("--safe keeps %q and skips %d, want the whole rebuild skipped", sqls(safe), len(safe.Skipped))
	}
}

// TestSafeLeavesOutDestructive: a dropped column is left out with --safe, an added one stays.
func TestSafeLeavesOutDestructive(t *testing.T) {
	from := pgDB([]schema.Table{{Name: "t", Columns: []schema.Column{col("id", "integer", false), col("old", "text", true)}}})
	to := pgDB([]schema.Table{{Name: "t", Columns: []schema.Column{col("id", "integer", false), col("new", "text", true)}}})
	full := build(t, from, to, Options{})
	var b bytes.Buffer
	if err := full.Write(&b, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "-- destructive: drops column public.t.old and its values\nALTER TABLE \"public\".\"t\" DROP COLUMN \"old\";") {
		t.Errorf("the drop is not marked destructive:\n%s", b.String())
	}
	safe := build(t, from, to, Options{Safe: true})
	got := sqls(safe)
	indexOf(t, got, `ALTER TABLE "public"."t" ADD COLUMN "new" text`)
	if slices.ContainsFunc(got, func(s string) bool { return strings.Contains(s, "DROP COLUMN") }) || len(safe.Skipped) != 1 {
		t.Errorf("--safe: kept %q, skipped %d", got, len(safe.Skipped))
	}
}

func TestConcurrentlyAfterCommit(t *testing.T) {
	table := func(idx ...schema.Index) []schema.Table {
		return []schema.Table{{Name: "t", Columns: []schema.Column{col("a", "integer", true)}, Indexes: idx}}
	}
	x := schema.Index{Name: "t_a_ix", Method: "btree", Parts: []schema.IndexPart{{Column: "a"}}}
	got := sqls(build(t, pgDB(table()), pgDB(table(x)), Options{Concurrently: true}))
	want := []string{`CREATE INDEX CONCURRENTLY "t_a_ix" ON "public"."t" USING btree ("a")`}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q (no empty transaction around nothing)", got, want)
	}
}

func TestSQLiteRebuild(t *testing.T) {
	lite := func(cols ...schema.Column) *schema.Database {
		return &schema.Database{Dialect: schema.SQLite, Schemas: []schema.Schema{{Name: "main", Tables: []schema.Table{
			{Name: "t", Columns: cols, Indexes: []schema.Index{{Name: "t_b", Parts: []schema.IndexPart{{Column: "b"}}}}}}}}}
	}
	from := lite(col("a", "TEXT", true), col("b", "TEXT", true), col("gone", "TEXT", true))
	to := lite(col("a", "INTEGER", true), col("b", "TEXT", true))
	got := sqls(build(t, from, to, Options{}))
	want := []string{
		"PRAGMA foreign_keys = OFF", "BEGIN",
		"CREATE TABLE \"dbinspect_new_t\" (\n  \"a\" INTEGER,\n  \"b\" TEXT\n)",
		"INSERT INTO \"dbinspect_new_t\" (\"a\", \"b\")\n  SELECT \"a\", \"b\" FROM \"t\"",
		`DROP TABLE "t"`,
		`ALTER TABLE "dbinspect_new_t" RENAME TO "t"`,
		`CREATE INDEX "t_b" ON "t" ("b")`,
		"CREATE TEMP TABLE dbinspect_fk_violations (n INTEGER CHECK (n = 0))",
		"INSERT INTO dbinspect_fk_violations SELECT count(*) FROM pragma_foreign_key_check",
		"DROP TABLE dbinspect_fk_violations", "COMMIT", "PRAGMA foreign_keys = ON",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestMySQLBodiesBetweenDelimiters(t *testing.T) {
	my := func(triggers ...schema.Trigger) *schema.Database {
		return &schema.Database{Dialect: schema.MySQL, Schemas: []schema.Schema{{Name: "app", Tables: []schema.Table{
			{Name: "t", Columns: []schema.Column{col("a", "int", true)}, Triggers: triggers}}}}}
	}
	tr := schema.Trigger{Name: "t_ins", Timing: "BEFORE", Events: []schema.TriggerEvent{"INSERT"}, Level: "ROW",
		Definition: "BEGIN SET NEW.a = 1; SET NEW.a = NEW.a + 1; END"}
	p := build(t, my(), my(tr), Options{})
	var cli, split bytes.Buffer
	if err := p.Write(&cli, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := p.Write(&split, WriteOptions{Split: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(cli.String(), "DELIMITER ;;\nCREATE TRIGGER `t_ins` BEFORE INSERT ON `t` FOR EACH ROW\nBEGIN SET NEW.a = 1; SET NEW.a = NEW.a + 1; END;;\nDELIMITER ;\n") {
		t.Errorf("client script:\n%s", cli.String())
	}
	stmts := SplitScript(split.String())
	if strings.Contains(split.String(), "DELIMITER") || len(stmts) != 4 || !strings.HasSuffix(stmts[3], "END") {
		t.Errorf("split script gives %q:\n%s", stmts, split.String())
	}
}

func TestNeedsUsing(t *testing.T) {
	cases := []struct {
		from, to string
		want     bool
	}{
		{"integer", "bigint", false},
		{"character varying(200)", "character varying(100)", false}, // an explicit cast would truncate
		{"text", "integer", true},
		{"text", "mood", true},
		{"integer", "integer[]", true},
		{"timestamp without time zone", "timestamp with time zone", false},
		{"jsonb", "json", false},
	}
	for _, c := range cases {
		if got := needsUsing(c.from, c.to); got != c.want {
			t.Errorf("needsUsing(%q, %q) = %v, want %v", c.from, c.to, got, c.want)
		}
	}
}

func TestArgumentTypes(t *testing.T) {
	got := argumentTypes("a integer DEFAULT 1, b text DEFAULT 'x, y', c numeric(10,2)")
	if want := "a integer, b text, c numeric(10,2)"; got != want {
		t.Errorf("argumentTypes = %q, want %q", got, want)
	}
}

func TestSplitScript(t *testing.T) {
	script := "-- header\n\nBEGIN;\n" + SplitMarker + "\n-- destructive: x\nDROP TABLE t;\n" + SplitMarker + "\n"
	if got, want := SplitScript(script), []string{"BEGIN", "DROP TABLE t"}; !slices.Equal(got, want) {
		t.Errorf("SplitScript = %q, want %q", got, want)
	}
}

// An aggregate is created after the function it calls and dropped before it, whatever the
// names; a collation comes before the table that uses it.
func TestAggregateAndCollationOrder(t *testing.T) {
	step := schema.Function{Name: "a_step", Kind: "function", Arguments: "integer, integer", Returns: "integer", Language: "sql",
		Definition: "CREATE OR REPLACE FUNCTION public.a_step(integer, integer) RETURNS integer LANGUAGE sql AS $$ SELECT $1 + $2 $$"}
	agg := schema.Function{Name: "0agg", Kind: "aggregate", Arguments: "integer", Returns: "integer",
		Definition: "CREATE AGGREGATE public.\"0agg\"(integer) (SFUNC = public.a_step, STYPE = integer)"}
	to := pgDB([]schema.Table{{Name: "t", Columns: []schema.Column{{Name: "c", Type: "text", Nullable: true, Collation: "public.ci"}}}})
	to.Schemas[0].Functions = []schema.Function{agg, step}
	to.Schemas[0].Collations = []schema.Collation{{Name: "ci", Provider: "icu", Locale: "und-u-ks-level2", Deterministic: false}}
	got := strings.Join(sqls(build(t, pgDB(nil), to, Options{})), "\n")
	order := []string{`CREATE COLLATION "public"."ci"`, "FUNCTION public.a_step", `CREATE TABLE "public"."t"`, `AGGREGATE public."0agg"`}
	for i := 1; i < len(order); i++ {
		if a, b := strings.Index(got, order[i-1]), strings.Index(got, order[i]); a < 0 || b < 0 || a > b {
			t.Errorf("want %q before %q:\n%s", order[i-1], order[i], got)
		}
	}
	got = strings.Join(sqls(build(t, to, pgDB(nil), Options{})), "\n")
	if a, b := strings.Index(got, "DROP AGGREGATE"), strings.Index(got, "DROP FUNCTION"); a < 0 || b < 0 || a > b {
		t.Errorf("want the aggregate dropped before its function:\n%s", got)
	}
	if a, b := strings.Index(got, "DROP TABLE"), strings.Index(got, "DROP COLLATION"); a < 0 || b < 0 || a > b {
		t.Errorf("want the table dropped before its collation:\n%s", got)
	}
}

// TestPlanUsesDiffsSchemaPairing: the plan pairs schemas as diff did (diff.Result.Schemas),
// here through a schema map, and never on its own: FROM's a is changed to match TO's y, the
// schema the map names, not TO's other schema.
func TestPlanUsesDiffsSchemaPairing(t *testing.T) {
	withComment := func(c string) []schema.Table {
		return []schema.Table{{Name: "t", Comment: schema.Ptr(c), Columns: []schema.Column{col("id", "integer", false)}}}
	}
	from := &schema.Database{Dialect: schema.Postgres, Schemas: []schema.Schema{{Name: "a", Tables: withComment("old")}}}
	to := &schema.Database{Dialect: schema.Postgres, Schemas: []schema.Schema{
		{Name: "b", Tables: []schema.Table{{Name: "u"}}}, {Name: "y", Tables: withComment("new")}}}
	from.Normalize()
	to.Normalize()
	res := diff.Compare(from, to, diff.Options{SchemaMap: map[string]string{"a": "y"}})
	if got, ok := res.PairedSchema("a"); !ok || got != "y" {
		t.Fatalf("diff paired a with %q (%v), want y", got, ok)
	}
	p, err := Build(from, to, res, Options{})
	if err != nil {
		t.Fatal(err)
	}
	script := strings.Join(sqls(p), "\n")
	if !strings.Contains(script, `COMMENT ON TABLE "a"."t" IS 'new'`) {
		t.Errorf("the plan does not follow diff's pairing a → y:\n%s", script)
	}
}

// TestMySQLDropDatabaseHasNoCascade: MySQL's DROP SCHEMA takes no CASCADE (it drops the
// database with everything in it); the clause is PostgreSQL's.
func TestMySQLDropDatabaseHasNoCascade(t *testing.T) {
	mk := func(names ...string) *schema.Database {
		db := &schema.Database{Dialect: schema.MySQL}
		for _, n := range names {
			db.Schemas = append(db.Schemas, schema.Schema{Name: n, Tables: []schema.Table{{Name: "t", Columns: []schema.Column{col("id", "int", false)}}}})
		}
		return db
	}
	got := sqls(build(t, mk("app", "old"), mk("app"), Options{}))
	i := indexOf(t, got, "DROP SCHEMA")
	if want := "DROP SCHEMA `old`"; got[i] != want {
		t.Errorf("drop statement = %q, want %q", got[i], want)
	}
}

package cli

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"

	"github.com/dbinspect/dbinspect/schema"
)

// expectError runs dbinspect and wants exit 2 with one line on stderr holding every want.
func expectError(t *testing.T, args []string, wants ...string) {
	t.Helper()
	stdout, stderr, code := dbinspect(t, args...)
	if code != 2 {
		t.Errorf("dbinspect %v: exit %d, want 2 (stdout %q, stderr %q)", args, code, stdout, stderr)
	}
	if n := strings.Count(strings.TrimRight(stderr, "\n"), "\n"); n > 0 {
		t.Errorf("dbinspect %v: stderr has %d lines, want one: %q", args, n+1, stderr)
	}
	for _, w := range wants {
		if !strings.Contains(stderr, w) {
			t.Errorf("dbinspect %v: stderr %q does not say %q", args, stderr, w)
		}
	}
}

func TestMistypedEnvironment(t *testing.T) {
	copySample(t)
	t.Setenv("DBINSPECT_DB", "")
	expectError(t, []string{"tables", "--db", "prdo"}, `"prdo" is not a database URL or file`, "no environment is defined", "dbinspect.yaml (not found")
	os.WriteFile("dbinspect.yaml", []byte("environments:\n  dev: sample.db\n  prod: sample.db\n  staging: sample.db\n"), 0o644)
	expectError(t, []string{"tables", "--db", "prdo"}, `"prdo" is not an environment in dbinspect.yaml (did you mean "prod"?); the environments are dev, prod, staging`)
	expectError(t, []string{"diff", "dev", "stagign"}, `did you mean "staging"?`)
	os.WriteFile("bad.yaml", []byte("enviroments:\n  dev: sample.db\n"), 0o644)
	expectError(t, []string{"tables", "--config", "bad.yaml"}, `bad.yaml: unknown key "enviroments" at the top level (did you mean "environments"?)`)
}

func TestDescribeFindsTablesLikeAPerson(t *testing.T) {
	copySample(t)
	stdout, stderr, code := dbinspect(t, "describe", "Orders", "--db", "sample.db")
	if code != 0 || !strings.Contains(stdout, "table main.orders") {
		t.Errorf("describe Orders: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if !strings.Contains(stderr, `no table or view is named "Orders"; showing main.orders, the one whose name matches without regard to case`) {
		t.Errorf("describe Orders does not say it took orders: %q", stderr)
	}
	expectError(t, []string{"describe", "custmers", "--db", "sample.db"}, `no table or view named "custmers" (did you mean "customers"`)
	expectError(t, []string{"describe", "zzz", "--db", "sample.db"}, `no table or view named "zzz"`)
}

func TestFlagValuesAndMessages(t *testing.T) {
	copySample(t)
	for _, args := range [][]string{
		{"tables", "--db", "sample.db", "--format", "JSON"},
		{"describe", "orders", "--db", "sample.db", "-f", "Markdown"},
		{"diff", "sample.db", "sample.sql", "--fail-on", "Destructive", "--format", "Text"},
		{"diff", "sample.db", "sample.sql", "--format", "SQL"},
		{"export", "--db", "sample.db", "--format", "GORM", "--go-nulls", "SQL"},
	} {
		if _, stderr, code := dbinspect(t, args...); code != 0 {
			t.Errorf("dbinspect %v: exit %d: %s", args, code, stderr)
		}
	}
	expectError(t, []string{"tables", "--db", "sample.db", "--connect-timeout", "5"}, `--connect-timeout "5": use a unit, e.g. 5s`)
	expectError(t, []string{"diff", "a", "b", "--statement-timeout=1x"}, `--statement-timeout "1x": use a unit, e.g. 10s`)
	expectError(t, []string{"tables", "--db", "sample.db", "-o", "no/such/dir/out.txt"}, "cannot write no/such/dir/out.txt: no such file or directory")
	_, stderr, _ := dbinspect(t, "tables", "--db", "sample.db", "-o", "no/such/dir/out.txt")
	if strings.Contains(stderr, ".tmp") {
		t.Errorf("the error shows the temporary file: %q", stderr)
	}
}

func TestExitZeroAndEmptySQL(t *testing.T) {
	copySample(t)
	os.WriteFile("changed.sql", []byte("CREATE TABLE t (id integer PRIMARY KEY, name text);\n"), 0o644)
	if _, _, code := dbinspect(t, "diff", "sample.db", "changed.sql", "--quiet"); code != 1 {
		t.Errorf("diff with differences: exit %d, want 1", code)
	}
	if _, stderr, code := dbinspect(t, "diff", "sample.db", "changed.sql", "--exit-zero", "--format", "markdown", "-o", "drift.md"); code != 0 {
		t.Errorf("diff --exit-zero with differences: exit %d, want 0: %s", code, stderr)
	}
	if data, _ := os.ReadFile("drift.md"); !strings.Contains(string(data), "Schema diff") {
		t.Errorf("drift.md not written: %q", data)
	}
	expectError(t, []string{"diff", "sample.db", "missing.db", "--exit-zero"}, "missing.db")
	stdout, stderr, code := dbinspect(t, "diff", "sample.db", "sample.sql", "--format", "sql")
	if code != 0 || stdout != "-- no differences\n" {
		t.Errorf("empty --format sql: exit %d, stdout %q, stderr %q; want -- no differences", code, stdout, stderr)
	}
}

// wideSchema is a PostgreSQL model with long comments and a partitioned table, for the
// listings that must fit a terminal and collapse partitions.
func wideSchema(extraTables int) *schema.Database {
	sc := schema.Schema{Name: "public"}
	sc.Tables = append(sc.Tables,
		schema.Table{Name: "measurement", Comment: schema.Ptr("readings of every sensor in the fleet, one row per reading, partitioned by the year of the reading"),
			Columns:    []schema.Column{{Name: "id", Type: "bigint"}, {Name: "at", Type: "date", Comment: schema.Ptr("when the sensor took the reading, in the sensor's own time zone")}},
			PrimaryKey: &schema.PrimaryKey{Name: schema.Ptr("measurement_pkey"), Columns: []string{"id", "at"}},
			Postgres:   &schema.PostgresTable{PartitionKey: "RANGE (at)"}})
	for _, y := range []string{"2024", "2025"} {
		sc.Tables = append(sc.Tables, schema.Table{Name: "measurement_y" + y, Columns: []schema.Column{{Name: "id", Type: "bigint"}, {Name: "at", Type: "date"}},
			Postgres: &schema.PostgresTable{PartitionOf: &schema.TableRef{Schema: "public", Name: "measurement"},
				PartitionBound: "FOR VALUES FROM ('" + y + "-01-01') TO ('" + y + "-12-31')"}})
	}
	for i := 0; i < extraTables; i++ {
		sc.Tables = append(sc.Tables, schema.Table{Name: fmt.Sprintf("sensor_reading_with_a_long_name_%04d", i),
			Columns:     []schema.Column{{Name: "id", Type: "bigint"}, {Name: "measurement_id", Type: "bigint"}, {Name: "measurement_at", Type: "date"}},
			PrimaryKey:  &schema.PrimaryKey{Columns: []string{"id"}},
			ForeignKeys: []schema.ForeignKey{{Name: fmt.Sprintf("fk_%04d", i), Columns: []string{"measurement_id", "measurement_at"}, RefSchema: "public", RefTable: "measurement", RefColumns: []string{"id", "at"}}}})
	}
	db := &schema.Database{Dialect: schema.Postgres, ServerVersion: "15.20", Schemas: []schema.Schema{sc}}
	db.Normalize()
	return db
}

// TestOutputFitsTheTerminal: with COLUMNS=80 no line of tables, describe or inspect is wider.
func TestOutputFitsTheTerminal(t *testing.T) {
	t.Chdir(t.TempDir())
	snap := writeSnapshot(t, ".", "wide.json", wideSchema(3))
	t.Setenv("COLUMNS", "80")
	for _, args := range [][]string{{"tables"}, {"describe", "measurement"}, {"inspect"}} {
		stdout, stderr, code := dbinspect(t, append(args, "--db", snap)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		for _, line := range strings.Split(strings.TrimRight(stdout, "\n"), "\n") {
			if w := runewidth.StringWidth(line); w > 80 {
				t.Errorf("%v: a line of width %d > 80: %q", args, w, line)
			}
		}
		if args[0] == "tables" && strings.Count(stdout, "│ public │") != 4 {
			t.Errorf("tables lost a table:\n%s", stdout)
		}
	}
	t.Setenv("COLUMNS", "")
	stdout, _, _ := dbinspect(t, "tables", "--db", snap)
	if !strings.Contains(stdout, "readings of every sensor in the fleet, one row per reading, partitioned by the year of the reading") {
		t.Errorf("without a terminal or COLUMNS, cells must not wrap:\n%s", stdout)
	}
}

func TestPartitionsCollapseAndDescribeShowsThem(t *testing.T) {
	t.Chdir(t.TempDir())
	snap := writeSnapshot(t, ".", "parts.json", wideSchema(1))
	stdout, _, _ := dbinspect(t, "tables", "--db", snap)
	if strings.Contains(stdout, "measurement_y2024") || !strings.Contains(stdout, "parts") {
		t.Errorf("tables lists partitions by default:\n%s", stdout)
	}
	stdout, _, _ = dbinspect(t, "tables", "--db", snap, "--partitions")
	if !strings.Contains(stdout, "measurement_y2024") {
		t.Errorf("tables --partitions does not list them:\n%s", stdout)
	}
	stdout, _, _ = dbinspect(t, "describe", "measurement", "--db", snap)
	for _, want := range []string{"Referenced by", "public.sensor_reading_with_a_long_name_0000", "fk_0000",
		"Partitions", "public.measurement_y2025", "FOR VALUES FROM ('2025-01-01') TO ('2025-12-31')"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("describe measurement lacks %q:\n%s", want, stdout)
		}
	}
	stdout, _, _ = dbinspect(t, "export", "--format", "mermaid", "--db", snap)
	if strings.Contains(stdout, "measurement_y2024") || !strings.Contains(stdout, "measurement (2 partitions)") {
		t.Errorf("the Mermaid export does not collapse partitions:\n%s", stdout)
	}
	stdout, _, _ = dbinspect(t, "export", "--format", "dot", "--db", snap, "--partitions")
	if !strings.Contains(stdout, "measurement_y2024") {
		t.Errorf("export --partitions does not draw them:\n%s", stdout)
	}
}

func TestTablesAndExcludeGlobs(t *testing.T) {
	copySample(t)
	if got := names(tablesJSON(t, "--db", "sample.db", "--tables", "order*", "--exclude", "*_items")); got != "orders" {
		t.Errorf("tables --tables order* --exclude *_items = %s, want orders", got)
	}
	if got := names(tablesJSON(t, "--db", "sample.db", "--exclude", "main.customer*")); got != "order_items,orders,products" {
		t.Errorf("--exclude main.customer* = %s", got)
	}
	_, stderr, code := dbinspect(t, "tables", "--db", "sample.db", "--tables", "ordr*")
	if code != 0 || !strings.Contains(stderr, `warning: --tables "ordr*" matches no table or view (did you mean "orders"`) {
		t.Errorf("an unmatched --tables glob: exit %d, stderr %q", code, stderr)
	}
	_, stderr, _ = dbinspect(t, "inspect", "--db", "sample.db", "--exclude", "prodcts")
	if !strings.Contains(stderr, `warning: --exclude "prodcts" matches no table or view (did you mean "products"`) {
		t.Errorf("an unmatched --exclude glob is not said: %q", stderr)
	}
	expectError(t, []string{"export", "--format", "mermaid", "--db", "sample.db", "--tables", "custmers"},
		`--tables "custmers" matches no table or view (did you mean "customers"?); nothing to export`)
	expectError(t, []string{"export", "--format", "sql", "--db", "sample.db", "--tables", "["}, `--tables "["`)
	stdout, _, code := dbinspect(t, "export", "--format", "sql", "--db", "sample.db", "--exclude", "order*", "--exclude", "customer_totals")
	if code != 0 || strings.Contains(stdout, `"orders"`) || !strings.Contains(stdout, `"products"`) {
		t.Errorf("export --exclude: exit %d\n%s", code, stdout)
	}
}

func TestMermaidColumnsAndSize(t *testing.T) {
	copySample(t)
	keys, _, _ := dbinspect(t, "export", "--format", "mermaid", "--db", "sample.db")
	all, _, code := dbinspect(t, "export", "--format", "Mermaid", "--db", "sample.db", "--columns", "ALL")
	if code != 0 || strings.Contains(keys, " placed_at") || !strings.Contains(all, "TIMESTAMP placed_at") || !strings.Contains(all, `NUMERIC(12_2) total "NUMERIC(12,2)"`) {
		t.Errorf("--columns all does not add the other columns (or the type is not readable):\n%s", all)
	}
	expectError(t, []string{"export", "--format", "mermaid", "--db", "sample.db", "--columns", "some"}, `--columns "some": want keys or all`)
	expectError(t, []string{"export", "--format", "sql", "--db", "sample.db", "--columns", "all"}, "--columns is for --format mermaid or dot")

	t.Chdir(t.TempDir())
	big := writeSnapshot(t, ".", "big.json", wideSchema(600))
	_, stderr, code := dbinspect(t, "export", "--format", "mermaid", "--db", big, "-o", "er.mmd")
	if code != 0 || !strings.Contains(stderr, "GitHub renders Mermaid only up to 50000 and 500: narrow it with --tables") {
		t.Errorf("a diagram too big for GitHub: exit %d, stderr %q", code, stderr)
	}
	_, stderr, _ = dbinspect(t, "export", "--format", "mermaid", "--db", big, "--tables", "measurement", "-o", "er.mmd")
	if strings.Contains(stderr, "GitHub") {
		t.Errorf("a small diagram is warned about: %q", stderr)
	}
}

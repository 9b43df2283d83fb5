package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/lint"
)

// The sample has one finding with the default rules: order_items.sku references products
// with no index that starts with it (a warning).

func TestLintExitCodes(t *testing.T) {
	copySample(t)
	stdout, stderr, code := dbinspect(t, "lint", "--db", "sample.db")
	if code != 0 || !strings.Contains(stdout, "fk-without-index") || !strings.Contains(stdout, "0 errors, 1 warning, 0 notices in 5 tables and views") {
		t.Errorf("default --fail-on error: exit %d (want 0)\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, `CREATE INDEX "order_items_sku_idx" ON "order_items" ("sku");`) {
		t.Errorf("the finding carries its fix:\n%s", stdout)
	}
	if _, _, code := dbinspect(t, "lint", "--db", "sample.db", "--fail-on", "warning"); code != 1 {
		t.Errorf("--fail-on warning with a warning: exit %d, want 1", code)
	}
	for _, args := range [][]string{
		{"--fail-on", "fatal"}, {"--format", "xml"}, {"--rule", "no-such-rule"}, {"extra-arg"},
	} {
		_, stderr, code := dbinspect(t, append([]string{"lint", "--db", "sample.db"}, args...)...)
		if code != 2 || strings.Count(strings.TrimSpace(stderr), "\n") != 0 || !strings.HasPrefix(stderr, "dbinspect: ") {
			t.Errorf("lint %v: exit %d, stderr %q; want 2 and one line", args, code, stderr)
		}
	}
	if _, stderr, _ := dbinspect(t, "lint", "--db", "sample.db", "--rule", "fk-witout-index"); !strings.Contains(stderr, `did you mean "fk-without-index"`) {
		t.Errorf("a misspelt rule gets a suggestion: %s", stderr)
	}
	if _, stderr, code := dbinspect(t, "lint", "--db", "missing.db"); code != 2 || stderr == "" {
		t.Errorf("missing target: exit %d, %q", code, stderr)
	}
}

func TestLintConfig(t *testing.T) {
	dir := copySample(t)
	write := func(yaml string) {
		t.Helper()
		if err := os.WriteFile(dir+"/dbinspect.yaml", []byte(yaml), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(`
lint:
  accept:
    - rule: fk-without-index
      object: order_items.fk_items_product
      reason: products are never deleted
    - rule: no-primary-key
      object: main.gone
      reason: dropped
`)
	stdout, stderr, code := dbinspect(t, "lint", "--db", "sample.db", "--fail-on", "warning")
	if code != 0 || !strings.Contains(stdout, "(1 accepted in the config)") {
		t.Errorf("accepted finding: exit %d\n%s", code, stdout)
	}
	if !strings.Contains(stderr, "lint.accept no-primary-key main.gone matched no finding") {
		t.Errorf("stale accept entry not reported: %q", stderr)
	}
	write("lint: {rules: {no-primary-keys: off}}\n")
	if _, stderr, code := dbinspect(t, "lint", "--db", "sample.db"); code != 2 ||
		!strings.Contains(stderr, `dbinspect.yaml: lint.rules: unknown rule "no-primary-keys" (did you mean "no-primary-key"?)`) {
		t.Errorf("unknown rule in the config: exit %d, %q", code, stderr)
	}
	// The tables filter drops findings on the tables it leaves out.
	write("tables: {exclude: [order_items]}\n")
	if stdout, _, code := dbinspect(t, "lint", "--db", "sample.db", "--fail-on", "notice"); code != 0 || strings.Contains(stdout, "order_items") {
		t.Errorf("tables.exclude order_items: exit %d\n%s", code, stdout)
	}
	write("lint: {rules: {column-count: {max: 4}, fk-without-index: off}}\n")
	stdout, _, code = dbinspect(t, "lint", "--db", "sample.db", "--format", "json")
	var rep lint.Report
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("--format json: %v\n%s", err, stdout)
	}
	if code != 0 || len(rep.Findings) != 3 || rep.Findings[1].Object != "main.orders" || !strings.Contains(rep.Findings[1].Message, "6 columns, more than 4") {
		t.Errorf("column-count max 4 (customers, orders and products have 5, 6 and 5 columns): exit %d, %+v", code, rep.Findings)
	}
	stdout, _, _ = dbinspect(t, "lint", "--list-rules")
	if !strings.Contains(stdout, "column-count (notice, on; all engines)") || !strings.Contains(stdout, "fk-without-index (warning, off;") ||
		!strings.Contains(stdout, "mysql-engine (error, on; mysql)") {
		t.Errorf("--list-rules shows the rules as configured:\n%s", stdout)
	}
}

// TestLintSnapshotForCI lints a committed snapshot the way a CI job does: annotations point
// at the line of schema.json that names the object, and SARIF goes to a file.
func TestLintSnapshotForCI(t *testing.T) {
	copySample(t)
	if _, stderr, code := dbinspect(t, "inspect", "--db", "sample.db", "--format", "json", "-o", "schema.json"); code != 0 {
		t.Fatal(stderr)
	}
	data, err := os.ReadFile("schema.json")
	if err != nil {
		t.Fatal(err)
	}
	line := 0
	for i, l := range strings.Split(string(data), "\n") {
		if strings.Contains(l, `"name": "fk_items_product"`) {
			line = i + 1
		}
	}
	stdout, _, code := dbinspect(t, "lint", "--db", "schema.json", "--format", "github", "--fail-on", "warning")
	want := fmt.Sprintf("::warning file=schema.json,line=%d,title=dbinspect lint%%3A fk-without-index::main.order_items.fk_items_product: ", line)
	if code != 1 || line == 0 || !strings.HasPrefix(stdout, want) {
		t.Errorf("github annotations: exit %d\n%s\nwant a line starting %q", code, stdout, want)
	}
	if _, stderr, code := dbinspect(t, "lint", "--db", "schema.json", "--format", "sarif", "-o", "lint.sarif"); code != 0 {
		t.Fatalf("sarif: exit %d %s", code, stderr)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine int }
					}
				}
			}
		}
	}
	data, err = os.ReadFile("lint.sarif")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatal(err)
	}
	loc := log.Runs[0].Results[0].Locations[0].PhysicalLocation
	if loc.ArtifactLocation.URI != "schema.json" || loc.Region.StartLine != line {
		t.Errorf("SARIF location = %+v, want schema.json line %d", loc, line)
	}
}

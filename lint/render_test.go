package lint

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/dbinspect/dbinspect/schema"
)

// hostileReport is a report whose names hold what breaks output formats: a newline, a pipe,
// backticks, a percent sign, a comma, a colon, markup.
func hostileReport(t *testing.T) *Report {
	t.Helper()
	db := model(schema.Postgres,
		users(),
		tbl("we|ird`name", col("a\nb", "timestamp without time zone")),
		withPK(withFK(tbl("orders", col("id", "integer"), col("user_id", "integer"), col("100%,ok:<b>", "double precision")),
			fkey("orders_user_fk", []string{"user_id"}, "users", "id")), "id"),
	)
	db = with(db, func(s *schema.Schema) { s.Enums = []schema.Enum{{Name: "unused", Values: []string{"x"}}} })
	s := parseLint(t, `
lint:
  rules:
    money-in-float: {words: ["ok"]}
  accept:
    - {rule: timestamp-without-time-zone, object: "public.orders.placed", reason: "not there"}
    - {rule: fk-without-index, object: orders.orders_user_fk, reason: "users are never deleted"}
`)
	r := runWith(t, Options{Settings: s}, db)
	r.Target = "schema.json"
	return r
}

var renderOptions = RenderOptions{FailOn: Error, Version: "v1.2.3", File: "db/schema.json",
	Locate: func(f Finding) int { return 10 + len(f.Object) }}

func TestRenderGolden(t *testing.T) {
	r := hostileReport(t)
	for _, format := range Formats {
		t.Run(format, func(t *testing.T) {
			var b bytes.Buffer
			if err := Render(&b, format, r, renderOptions); err != nil {
				t.Fatal(err)
			}
			golden(t, filepath.Join("testdata", "render", "report."+format), b.Bytes())
		})
	}
}

func TestRenderEscapes(t *testing.T) {
	r := hostileReport(t)
	render := func(format string) string {
		var b bytes.Buffer
		if err := Render(&b, format, r, renderOptions); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	for _, line := range strings.Split(strings.TrimSpace(render("github")), "\n") {
		if !strings.HasPrefix(line, "::") && !strings.Contains(line, " in ") {
			t.Errorf("a name broke a workflow command over two lines: %q", line)
		}
	}
	if gh := render("github"); !strings.Contains(gh, `100%25%2Cok:`) && !strings.Contains(gh, `100%25,ok:`) {
		t.Errorf("percent signs must be escaped in workflow commands:\n%s", gh)
	}
	for _, line := range strings.Split(render("markdown"), "\n") {
		if strings.HasPrefix(line, "| ") && strings.Count(strings.ReplaceAll(line, `\|`, ""), "|") != 5 {
			t.Errorf("a name broke a Markdown table row: %q", line)
		}
	}
	if text := render("text"); strings.Contains(text, "a\nb") {
		t.Errorf("a newline in a name reached the text output raw:\n%s", text)
	}
	if strings.Contains(render("text"), "users are never deleted") || !strings.Contains(render("text"), "1 accepted") {
		t.Error("text leaves accepted findings out and counts them")
	}
}

func TestRenderUnknownFormat(t *testing.T) {
	if err := Render(&bytes.Buffer{}, "xml", &Report{}, RenderOptions{}); err == nil || !strings.Contains(err.Error(), "sarif") {
		t.Errorf("err = %v; want the formats listed", err)
	}
	if CheckFormat("xml") == nil || CheckFormat("sarif") != nil {
		t.Error("CheckFormat")
	}
}

// TestSARIFValidates checks the SARIF output against the official SARIF 2.1.0 schema, with
// a physical location (a snapshot) and without (a live database), and checks that the
// validator does refuse a broken log.
func TestSARIFValidates(t *testing.T) {
	sch := sarifSchemaValidator(t)
	r := hostileReport(t)
	for _, o := range []RenderOptions{renderOptions, {Version: "dev"}} {
		var b bytes.Buffer
		if err := Render(&b, "sarif", r, o); err != nil {
			t.Fatal(err)
		}
		validateSARIF(t, sch, b.Bytes())
		var log sarifLog
		if err := json.Unmarshal(b.Bytes(), &log); err != nil {
			t.Fatal(err)
		}
		res := log.Runs[0].Results
		if len(res) != len(r.Findings) {
			t.Errorf("%d results for %d findings", len(res), len(r.Findings))
		}
		for _, x := range res {
			if log.Runs[0].Tool.Driver.Rules[x.RuleIndex].ID != x.RuleID {
				t.Errorf("result %s points at rule %d", x.RuleID, x.RuleIndex)
			}
		}
	}
	broken := []byte(`{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"message": {"text": "m"}, "level": "fatal"}]}]}`)
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(broken))
	if err != nil {
		t.Fatal(err)
	}
	if sch.Validate(inst) == nil {
		t.Error("the validator accepted a result with level fatal")
	}
}

func sarifSchemaValidator(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "sarif-schema-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("sarif-schema-2.1.0.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

func validateSARIF(t *testing.T, sch *jsonschema.Schema, data []byte) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Errorf("SARIF output does not validate against the SARIF 2.1.0 schema: %v", err)
	}
}

// golden compares got with a golden file, or writes it with -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./lint -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test ./lint -update rewrites it):\n--- got\n%s", path, got)
	}
}

// TestSARIFSchemaIsTheVendoredOne pins the schema file's digest (testdata/README.md says where
// it comes from), so an edit to it cannot pass unnoticed.
func TestSARIFSchemaIsTheVendoredOne(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "sarif-schema-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	const want = "ddddcccbf95c7c50c037b5b07eff4140556278ca574ff374db46786b5fce7949"
	if got := fmt.Sprintf("%x", sha256.Sum256(data)); got != want {
		t.Errorf("testdata/sarif-schema-2.1.0.json has sha256 %s, want %s", got, want)
	}
}

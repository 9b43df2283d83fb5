package output

import (
	"bytes"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/schema"
)

// TestDiffTextShowsPolicies: an added table lists its row level security, policies and rules;
// a policy's USING change is a unified diff, in text and in Markdown.
func TestDiffTextShowsPolicies(t *testing.T) {
	table := func(name, using string) schema.Table {
		return schema.Table{Name: name, Columns: []schema.Column{{Name: "id", Type: "integer"}},
			Postgres: &schema.PostgresTable{RowSecurity: true, Policies: []schema.Policy{{Name: "own; rows",
				Command: schema.PolicySelect, Roles: []string{"app"}, Using: using}},
				Rules: []schema.Rule{{Name: "r", Event: "DELETE", Instead: true, Definition: "CREATE RULE r AS ON DELETE TO public.t DO INSTEAD NOTHING;"}}}}
	}
	from := &schema.Database{Dialect: schema.Postgres, Schemas: []schema.Schema{{Name: "public", Tables: []schema.Table{table("t", "(id > 0)")}}}}
	to := &schema.Database{Dialect: schema.Postgres, Schemas: []schema.Schema{{Name: "public", Tables: []schema.Table{table("t", "(id > 10)"), table("n", "(id > 0)")}}}}
	from.Normalize()
	to.Normalize()
	res := diff.Compare(from, to, diff.Options{})
	var b, md bytes.Buffer
	if err := (DiffText{}).Diff(&b, DiffReport{Result: res}); err != nil {
		t.Fatal(err)
	}
	if err := (DiffMarkdown{}).Diff(&md, DiffReport{Result: res}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"+ table public.n\n", "    + row level security\n", "    + policy own; rows for SELECT to app using (id > 0)\n",
		"    + rule r on delete do instead\n", "~ policy own; rows: using changed\n", "-(id > 0)\n", "+(id > 10)\n",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("text diff lacks %q:\n%s", want, b.String())
		}
	}
	if !strings.Contains(md.String(), "```diff\n@@ -1 +1 @@\n-(id > 0)\n+(id > 10)\n```") {
		t.Errorf("markdown diff lacks the USING diff:\n%s", md.String())
	}
}

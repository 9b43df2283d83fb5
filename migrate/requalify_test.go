package migrate

import (
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/schema"
)

// TestPlanRunsTOTextInFROMSchemas: a tenant schema brought to a baseline schema of another
// name gets the baseline's view, default and trigger naming the tenant's schema, never the
// baseline's.
func TestPlanRunsTOTextInFROMSchemas(t *testing.T) {
	seq := "nextval('template.users_id_seq'::regclass)"
	to := &schema.Database{Dialect: schema.Postgres, Schemas: []schema.Schema{{
		Name: "template",
		Tables: []schema.Table{{Name: "users", Columns: []schema.Column{{Name: "id", Type: "integer", Default: &seq}},
			Triggers: []schema.Trigger{{Name: "touch", Timing: "BEFORE", Events: []schema.TriggerEvent{"INSERT"}, Level: "ROW", Function: "template.touch",
				Definition: "CREATE TRIGGER touch BEFORE INSERT ON template.users FOR EACH ROW EXECUTE FUNCTION template.touch()"}}}},
		Views: []schema.View{{Name: "v", Definition: "SELECT u.id FROM template.users u"}},
		Functions: []schema.Function{{Name: "touch", Kind: "function", Returns: "trigger", Language: "plpgsql",
			Definition: "CREATE OR REPLACE FUNCTION template.touch() RETURNS trigger LANGUAGE plpgsql AS $function$BEGIN RETURN NEW; END$function$"}},
	}}}
	from := &schema.Database{Dialect: schema.Postgres, Schemas: []schema.Schema{{
		Name:   "tenant_b",
		Tables: []schema.Table{{Name: "users", Columns: []schema.Column{{Name: "id", Type: "integer"}}}},
	}}}
	script := strings.Join(sqls(build(t, from, to, Options{})), "\n")
	if strings.Contains(script, "template") {
		t.Errorf("the plan names the baseline's schema:\n%s", script)
	}
	for _, want := range []string{"FROM tenant_b.users u", "nextval('tenant_b.users_id_seq'::regclass)",
		"ON tenant_b.users FOR EACH ROW EXECUTE FUNCTION tenant_b.touch()", "FUNCTION tenant_b.touch()"} {
		if !strings.Contains(script, want) {
			t.Errorf("the plan lacks %q:\n%s", want, script)
		}
	}
}

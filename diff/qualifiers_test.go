package diff

import (
	"testing"

	"github.com/dbinspect/dbinspect/schema"
)

func TestRequalifySQL(t *testing.T) {
	renames := map[string]string{"tb": "ta", "Tb X": "tenant a"}
	cases := []struct {
		d        schema.Dialect
		in, want string
	}{
		{schema.Postgres, "SELECT o.id FROM (tb.orders o JOIN tb.users u ON ((u.id = o.user_id)))",
			"SELECT o.id FROM (ta.orders o JOIN ta.users u ON ((u.id = o.user_id)))"},
		{schema.Postgres, `ALTER SEQUENCE "tb"."s" OWNED BY "tb"."users"."id"`, `ALTER SEQUENCE "ta"."s" OWNED BY "ta"."users"."id"`},
		{schema.Postgres, "nextval('tb.users_id_seq'::regclass)", "nextval('ta.users_id_seq'::regclass)"},
		{schema.Postgres, `nextval('"Tb X".seq'::regclass)`, `nextval('"tenant a".seq'::regclass)`},
		{schema.Postgres, `SELECT * FROM "Tb X".t`, `SELECT * FROM "tenant a".t`},
		{schema.Postgres, "EXECUTE FUNCTION tb.touch()", "EXECUTE FUNCTION ta.touch()"},
		// Near misses: not a qualifier, or inside a string or a body.
		{schema.Postgres, "SELECT tb FROM x.tb.c WHERE n = 'tb.orders'", "SELECT tb FROM x.tb.c WHERE n = 'tb.orders'"},
		{schema.Postgres, "AS $function$ SELECT 1 FROM tb.t $function$", "AS $function$ SELECT 1 FROM tb.t $function$"},
		{schema.Postgres, "SELECT tbx.a FROM tbx.t", "SELECT tbx.a FROM tbx.t"},
		{schema.MySQL, "UPDATE `tb`.`t` SET a = 1; INSERT INTO tb.log VALUES ('tb.x')", "UPDATE `ta`.`t` SET a = 1; INSERT INTO ta.log VALUES ('tb.x')"},
	}
	for _, c := range cases {
		if got := RequalifySQL(c.d, c.in, renames); got != c.want {
			t.Errorf("RequalifySQL(%s, %q)\n got %q\nwant %q", c.d, c.in, got, c.want)
		}
	}
	if got := RequalifySQL(schema.Postgres, "tb.t", nil); got != "tb.t" {
		t.Errorf("no renames changed the text: %q", got)
	}
}

// tenantSchema is one tenant's schema as PostgreSQL reports it: its own name in the text of
// its view, default, trigger and function.
func tenantSchema(name, viewTable string) schema.Schema {
	seq := "nextval('" + name + ".users_id_seq'::regclass)"
	return schema.Schema{
		Name: name,
		Tables: []schema.Table{{Name: "users", Columns: []schema.Column{{Name: "id", Type: "integer", Default: &seq}},
			Triggers: []schema.Trigger{{Name: "touch", Timing: "BEFORE", Events: []schema.TriggerEvent{"INSERT"}, Level: "ROW",
				Function: name + ".touch", Definition: "CREATE TRIGGER touch BEFORE INSERT ON " + name + ".users FOR EACH ROW EXECUTE FUNCTION " + name + ".touch()"}}}},
		Views: []schema.View{{Name: "v", Definition: "SELECT u.id FROM " + name + "." + viewTable + " u"}},
		Functions: []schema.Function{{Name: "touch", Kind: "function", Returns: "trigger", Language: "plpgsql",
			Definition: "CREATE OR REPLACE FUNCTION " + name + ".touch() RETURNS trigger LANGUAGE plpgsql AS $function$BEGIN RETURN NEW; END$function$"}},
	}
}

// TestPairedSchemasCompareQualifiersByPairing: a tenant schema against a baseline's of another
// name is equal when the only difference is each one's own name in its SQL text.
func TestPairedSchemasCompareQualifiersByPairing(t *testing.T) {
	db := func(s schema.Schema) *schema.Database {
		m := &schema.Database{Dialect: schema.Postgres, Schemas: []schema.Schema{s}}
		m.Normalize()
		return m
	}
	if res := Compare(db(tenantSchema("tenant_b", "users")), db(tenantSchema("template", "users")), Options{}); !res.Empty() {
		t.Errorf("paired schemas differ only by their names, got %+v", res.Changes)
	}
	res := Compare(db(tenantSchema("tenant_b", "users")), db(tenantSchema("template", "accounts")), Options{})
	if len(res.Changes) != 1 || res.Changes[0].Object != ObjView {
		t.Errorf("a view reading another table must differ, got %+v", res.Changes)
	}
}

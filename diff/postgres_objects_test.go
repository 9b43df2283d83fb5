package diff_test

import (
	"testing"

	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/schema"
)

func pgUsers(unique string) *schema.Database {
	db := &schema.Database{Dialect: schema.Postgres, Schemas: []schema.Schema{{Name: "public", Tables: []schema.Table{{
		Name:    "users",
		Columns: []schema.Column{{Name: "id", Type: "integer"}, {Name: "email", Type: "text", Nullable: true}},
		Uniques: []schema.Unique{{Name: unique, Columns: []string{"email"}}},
	}}}}}
	db.Normalize()
	return db
}

// TestExplicitNameIsARename: a person's name replacing the server's is a rename; two server
// names (users_email_key, users_email_key1) are the same constraint.
func TestExplicitNameIsARename(t *testing.T) {
	for _, tc := range []struct {
		from, to string
		rename   bool
	}{
		{"users_email_key", "ux_email", true},
		{"ux_email", "users_email_key", true},
		{"users_email_key", "users_email_key1", false},
		{"ux_email", "ux_email2", true},
	} {
		res := diff.Compare(pgUsers(tc.from), pgUsers(tc.to), diff.Options{})
		got := len(res.Changes) == 1 && res.Changes[0].Action == diff.Rename
		if got != tc.rename || !tc.rename && len(res.Changes) > 0 {
			t.Errorf("%s → %s: changes %v, want rename=%v", tc.from, tc.to, res.Changes, tc.rename)
		}
	}
}

// TestPolicyChangesAreTyped: a policy's USING change is reported with both expressions, and
// role order is no difference.
func TestPolicyChangesAreTyped(t *testing.T) {
	mk := func(using string, roles ...string) *schema.Database {
		db := pgUsers("ux_email")
		db.Schemas[0].Tables[0].Postgres = &schema.PostgresTable{RowSecurity: true, Policies: []schema.Policy{
			{Name: "own", Command: schema.PolicyAll, Roles: roles, Using: using}}}
		return db
	}
	res := diff.Compare(mk("(id = 1)", "a", "b"), mk("(id = 1)", "b", "a"), diff.Options{})
	if !res.Empty() {
		t.Errorf("role order: %v", res.Changes)
	}
	res = diff.Compare(mk("(id = 1)", "a"), mk("(id = 2)", "a"), diff.Options{})
	if len(res.Changes) != 1 || res.Changes[0].Object != diff.ObjPolicy || res.Changes[0].Fields[0].Field != diff.FieldUsing {
		t.Fatalf("changes = %v", res.Changes)
	}
	if f, to := res.Changes[0].Policies(); f.Using != "(id = 1)" || to.Using != "(id = 2)" {
		t.Errorf("sides = %v %v", f, to)
	}
	res = diff.Compare(mk("(id = 1)", "a"), mk("(id = 2)", "a"), diff.Options{Ignore: []diff.Category{diff.CatPolicies}})
	if !res.Empty() {
		t.Errorf("--ignore policies: %v", res.Changes)
	}
}

package diff

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/dbinspect/dbinspect/schema"
)

// One Memo shared by many comparisons of one baseline gives each the result it gives alone,
// also where a default or check names the schema the tenant's is paired with.
func TestMemoGivesTheSameResults(t *testing.T) {
	baseline := shop()
	baseline.Schemas[0].Name = "tenant_base"
	users := baseline.Schemas[0].Table("users")
	users.Columns[2].Default = schema.Ptr("nextval('tenant_base.users_seq'::regclass)")
	users.Checks = append(users.Checks, schema.Check{Name: "users_check", Expression: "(tenant_base.ok(id))"})
	memo := NewMemo()
	for i := range 4 {
		tenant := shop()
		name := fmt.Sprintf("tenant_%d", i)
		tenant.Schemas[0].Name = name
		tu := tenant.Schemas[0].Table("users")
		tu.Columns[2].Default = schema.Ptr(fmt.Sprintf("nextval('%s.users_seq'::regclass)", name))
		check := fmt.Sprintf("(%s.ok(id))", name)
		if i == 2 {
			check = "(tenant_base.ok(id))" // names the baseline's schema, not its own: a drift
		}
		tu.Checks = append(tu.Checks, schema.Check{Name: "users_check", Expression: check})
		alone := Compare(tenant, baseline, Options{})
		shared := Compare(tenant, baseline, Options{Memo: memo})
		a, _ := json.Marshal(alone.Changes)
		b, _ := json.Marshal(shared.Changes)
		if string(a) != string(b) {
			t.Errorf("tenant %d: with a memo\n%s\nalone\n%s", i, b, a)
		}
		if i == 2 && alone.Empty() || i != 2 && !alone.Empty() {
			t.Errorf("tenant %d: changes %s", i, a)
		}
	}
	if len(memo.m) == 0 {
		t.Error("the memo kept nothing")
	}
}

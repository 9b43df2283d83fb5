package migrate_test

import (
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/diff/difftest"
	"github.com/dbinspect/dbinspect/migrate"
	"github.com/dbinspect/dbinspect/schema"
)

// An event only FROM has is a destructive drop (--safe leaves it out), and is never dropped
// when TO could not read events (no EVENT privilege): unknown there, not absent.
func TestEventDropScope(t *testing.T) {
	from, to := difftest.Base(schema.MySQL), difftest.Base(schema.MySQL)
	to.Schemas[0].Events = nil
	res := diff.Compare(from, to, diff.Options{})
	if len(res.Changes) != 1 || res.Changes[0].Object != diff.ObjEvent || res.Changes[0].Action != diff.Drop || !res.Changes[0].Destructive {
		t.Fatalf("changes: %+v, want one destructive event drop", res.Changes)
	}
	plan, err := migrate.Build(from, to, res, migrate.Options{Safe: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range plan.Steps {
		if strings.Contains(s.SQL, "DROP EVENT") {
			t.Errorf("--safe planned %q", s.SQL)
		}
	}
	if len(plan.Skipped) == 0 {
		t.Errorf("--safe skipped nothing")
	}

	to.MarkUnread(schema.UnreadEvents, "app")
	if res := diff.Compare(from, to, diff.Options{}); len(res.Changes) != 0 {
		t.Errorf("TO could not read events, yet: %+v", res.Changes)
	}
}

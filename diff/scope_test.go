package diff

import (
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/schema"
)

// withTenant is shop() plus a schema tenant_b holding two tables, a view and a function.
func withTenant() *schema.Database {
	db := shop()
	db.Schemas = append(db.Schemas, schema.Schema{
		Name: "tenant_b",
		Tables: []schema.Table{
			{Name: "t", Columns: []schema.Column{{Name: "a", Type: "integer"}}},
			{Name: "u", Columns: []schema.Column{{Name: "a", Type: "integer"}}},
		},
		Views:     []schema.View{{Name: "v", Definition: " SELECT 1;"}},
		Functions: []schema.Function{{Name: "f", Kind: "function", Returns: "integer", Language: "sql", Definition: "SELECT 1"}},
	})
	db.Normalize()
	return db
}

func hasNote(r *Result, part string) bool {
	for _, n := range r.Notes {
		if strings.Contains(n, part) {
			return true
		}
	}
	return false
}

// A schema is dropped (DROP SCHEMA … CASCADE) or created as a whole only when the filters keep
// everything in it and the side read it in full; otherwise its included objects go one by one.
func TestSchemaDroppedOnlyWhenWhollyIncluded(t *testing.T) {
	for _, tc := range []struct {
		name     string
		opts     Options
		filtered *schema.TableFilter // FROM's own table filter (config tables:)
		unread   []schema.Unread     // FROM's
		want     []string
		note     string
	}{
		{name: "no filter", want: []string{"drop schema tenant_b !"}},
		{name: "include the schema", opts: Options{Include: []string{"tenant_b.*"}}, want: []string{"drop schema tenant_b !"}},
		{name: "exclude the schema", opts: Options{Exclude: []string{"tenant_b.*"}}},
		{name: "include another schema", opts: Options{Include: []string{"public.*"}}},
		{name: "exclude one table", opts: Options{Exclude: []string{"tenant_b.t"}},
			want: []string{"drop table u !", "drop view v !", "drop function f() !"}, note: "schema tenant_b is not dropped"},
		{name: "include by bare name", opts: Options{Include: []string{"u"}}, want: []string{"drop table u !"}},
		{name: "FROM read through a filter", filtered: &schema.TableFilter{Exclude: []string{"*.secret"}},
			want: []string{"drop table t !", "drop table u !", "drop view v !", "drop function f() !"}, note: "filters leave part of it out"},
		// The function FROM holds is not dropped either: a side that could not read functions
		// says nothing of them.
		{name: "FROM could not read its functions", unread: []schema.Unread{{Kind: schema.UnreadFunctions}},
			want: []string{"drop table t !", "drop table u !", "drop view v !"}, note: "FROM could not read all of it"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			from := withTenant()
			from.Filtered, from.Unread = tc.filtered, tc.unread
			r := Compare(from, shop(), tc.opts)
			expectChanges(t, r, tc.want...)
			if tc.note != "" && !hasNote(r, tc.note) {
				t.Errorf("notes %q lack %q", r.Notes, tc.note)
			}
		})
	}
}

// The summary counts what DROP SCHEMA … CASCADE removes, and the added schema what it creates.
func TestSummaryCountsASchemaWithItsContents(t *testing.T) {
	r := Compare(withTenant(), shop(), Options{})
	s := r.Summary()
	if s.Tables.Dropped != 2 || s.Tables.Changed != 2 || s.Other != 3 || s.Destructive != 1 {
		t.Errorf("drop: summary = %+v", s)
	}
	s = Compare(shop(), withTenant(), Options{}).Summary()
	if s.Tables.Added != 2 || s.Other != 3 || s.Destructive != 0 {
		t.Errorf("add: summary = %+v", s)
	}
}

// An added schema is created with what the filters keep of it.
func TestAddedSchemaHoldsOnlyWhatFiltersKeep(t *testing.T) {
	r := Compare(shop(), withTenant(), Options{Exclude: []string{"tenant_b.t", "tenant_b.f"}})
	expectChanges(t, r, "add schema tenant_b")
	_, sc := r.Changes[0].Schemas()
	if len(sc.Tables) != 1 || sc.Tables[0].Name != "u" || len(sc.Views) != 1 || len(sc.Functions) != 0 {
		t.Errorf("added schema holds %+v", sc)
	}
	expectChanges(t, Compare(shop(), withTenant(), Options{Exclude: []string{"tenant_b.*"}}))
}

// What a side could not read is unknown there, not absent: never added or dropped, noted.
func TestUnreadKindsAreNeverAddedOrDropped(t *testing.T) {
	to := shop()
	to.Schemas[0].Functions = nil
	for i := range to.Schemas[0].Tables {
		to.Schemas[0].Tables[i].Triggers = nil // orders_touch
	}
	to.Unread = []schema.Unread{{Kind: schema.UnreadFunctions}, {Kind: schema.UnreadTriggers, Schema: "public"}}
	r := Compare(shop(), to, Options{})
	expectChanges(t, r)
	for _, want := range []string{"TO could not read functions in any schema", "TO could not read triggers in public",
		"left out 1 drop(s) of function", "left out 1 drop(s) of trigger"} {
		if !hasNote(r, want) {
			t.Errorf("notes %q lack %q", r.Notes, want)
		}
	}
	// The other way round: FROM could not read them, so TO's are not added either.
	from := shop()
	from.Schemas[0].Functions = nil
	from.Unread = []schema.Unread{{Kind: schema.UnreadFunctions}}
	expectChanges(t, Compare(from, shop(), Options{}))
	// Tables unread in a schema: its tables, and all that is in them, are unknown.
	to = shop()
	to.Schemas[0].Tables = to.Schemas[0].Tables[:1]
	to.Schemas[0].Tables[0].Columns = to.Schemas[0].Tables[0].Columns[:2]
	to.Unread = []schema.Unread{{Kind: schema.UnreadTables, Schema: "public"}}
	expectChanges(t, Compare(shop(), to, Options{}))
}

// Comments a side could not read are no difference.
func TestUnreadCommentsAreNoDifference(t *testing.T) {
	to := shop()
	for i := range to.Schemas[0].Tables {
		to.Schemas[0].Tables[i].Comment = nil
	}
	to.Unread = []schema.Unread{{Kind: schema.UnreadComments}}
	expectChanges(t, Compare(shop(), to, Options{}))
}

// Dropping views, routines and triggers is destructive, like tables and columns.
func TestDropsOfCodeAreDestructive(t *testing.T) {
	to := shop()
	to.Schemas[0].Views = nil
	to.Schemas[0].Functions = nil
	to.Schemas[0].Tables[0].Triggers = nil
	to.Schemas[0].Tables[1].Triggers = nil
	expectChanges(t, Compare(shop(), to, Options{}), "drop view big_orders !", "drop function touch() !", "drop trigger orders.orders_touch !")
}

// Extensions pass the filters by schema.name like any other object.
func TestFiltersApplyToExtensions(t *testing.T) {
	from, to := shop(), shop()
	from.Extensions = []schema.Extension{{Name: "pgcrypto", Schema: "tenant_b", Version: "1.3"}}
	expectChanges(t, Compare(from, to, Options{}), "drop extension pgcrypto")
	expectChanges(t, Compare(from, to, Options{Exclude: []string{"tenant_b.*"}}))
	expectChanges(t, Compare(to, from, Options{Include: []string{"public.*"}}))
}

// A dropped table that an excluded table references is noted: the drop will be refused.
func TestNoteWhenAnExcludedTableReferencesADroppedOne(t *testing.T) {
	to := shop()
	to.Schemas[0].Tables = to.Schemas[0].Tables[:1] // orders stays, users goes
	to.Schemas[0].Tables[0].ForeignKeys = nil
	r := Compare(shop(), to, Options{Exclude: []string{"orders"}})
	if !hasNote(r, "table public.users is dropped but public.orders, which the filters leave out, references it") {
		t.Errorf("notes = %q", r.Notes)
	}
}

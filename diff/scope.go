package diff

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

// What a comparison may touch. Two promises are kept here, for every output and the plan:
//   - nothing a filter leaves out is added or dropped: Options.Include/Exclude and the table
//     filter each side was read through (Database.Filtered), for every kind of object; a
//     schema is dropped or created as a whole only when everything in it is included, else its
//     included objects are, one by one;
//   - nothing a side could not read (Database.Unread) is added or dropped: that kind is
//     unknown on that side, not absent. Each change left out is counted in Result.Notes.

// filter is one include/exclude pair every object must pass.
type filter struct{ include, exclude []string }

// filters are the options' filter and each side's own (made once: keepObject runs per object).
func (d *differ) filters() []filter {
	if d.filterList != nil {
		return d.filterList
	}
	out := []filter{{d.opts.Include, d.opts.Exclude}}
	for _, db := range []*schema.Database{d.from.db, d.to.db} {
		if db.Filtered != nil {
			out = append(out, filter{db.Filtered.Include, db.Filtered.Exclude})
		}
	}
	d.filterList = out
	return out
}

// schemaSelected reports whether the filters select a schema as a whole: no include glob, or
// one of the form SCHEMA.* matching it, and no exclude glob of that form matching it.
func (d *differ) schemaSelected(name string) bool {
	covers := func(globs []string) bool {
		for _, g := range globs {
			s, rest, ok := strings.Cut(g, ".")
			if ok && rest == "*" {
				if m, _ := path.Match(s, name); m {
					return true
				}
			}
		}
		return false
	}
	for _, f := range d.filters() {
		if len(f.include) > 0 && !covers(f.include) || covers(f.exclude) {
			return false
		}
	}
	return true
}

// objectNames lists the names of everything in a schema that the filters apply to.
func objectNames(s *schema.Schema) []string {
	var out []string
	for _, t := range s.Tables {
		out = append(out, t.Name)
	}
	for _, v := range s.Views {
		out = append(out, v.Name)
	}
	for _, x := range s.Functions {
		out = append(out, x.Name)
	}
	for _, x := range s.Sequences {
		out = append(out, x.Name)
	}
	for _, x := range s.Enums {
		out = append(out, x.Name)
	}
	for _, x := range s.Domains {
		out = append(out, x.Name)
	}
	for _, x := range s.CompositeTypes {
		out = append(out, x.Name)
	}
	for _, x := range s.Collations {
		out = append(out, x.Name)
	}
	for _, x := range s.TextSearchConfigs {
		out = append(out, x.Name)
	}
	for _, x := range s.Events {
		out = append(out, x.Name)
	}
	return out
}

// wholeSchema reports whether schema s of side may be dropped or created as a whole: the
// filters select it and keep everything in it, and the side read it in full (no table filter
// of its own, nothing unread there), so a DROP SCHEMA … CASCADE removes only what the model
// holds and the plan says.
func (d *differ) wholeSchema(sd side, s *schema.Schema) bool {
	if !d.schemaSelected(s.Name) || sd.db.Filtered != nil || sd.db.AnyUnread(s.Name) {
		return false
	}
	for _, n := range objectNames(s) {
		if !d.keepObject(s.Name, n) {
			return false
		}
	}
	return true
}

// droppedSchema reports a schema only FROM has: as one drop when it may go as a whole, else
// as the drops of its included objects, the schema itself kept (noted).
func (d *differ) droppedSchema(s *schema.Schema) {
	if d.to.db.IsUnread(schema.UnreadTables, s.Name) {
		d.addNote(fmt.Sprintf("schema %s is not dropped: TO could not read its tables, so it may exist there", s.Name))
		return
	}
	if d.wholeSchema(d.from, s) {
		d.add(Change{Action: Drop, Object: ObjSchema, Schema: s.Name, Name: s.Name, from: s, Destructive: len(s.Tables)+len(s.Views) > 0})
		return
	}
	before := len(d.changes)
	empty := &schema.Schema{Name: s.Name}
	d.compareTables(s, empty)
	if !d.ignored(CatViews) {
		d.compareViews(s, empty)
	}
	d.compareSchemaObjects(s, empty)
	if n := len(d.changes) - before; n > 0 {
		why := "the filters leave part of it out"
		if d.from.db.AnyUnread(s.Name) {
			why = "FROM could not read all of it"
		}
		d.addNote(fmt.Sprintf("schema %s is not dropped (no DROP SCHEMA … CASCADE): %s; %d of its objects are dropped one by one", s.Name, why, n))
	}
}

// addedSchema reports a schema only TO has: created with what the filters keep of it, or not
// at all when they keep nothing and do not select the schema itself.
func (d *differ) addedSchema(s *schema.Schema) {
	if d.from.db.IsUnread(schema.UnreadTables, s.Name) {
		d.addNote(fmt.Sprintf("schema %s is not created: FROM could not read its tables, so it may exist there", s.Name))
		return
	}
	if d.wholeSchema(d.to, s) {
		d.add(Change{Action: Add, Object: ObjSchema, Schema: s.Name, Name: s.Name, to: s})
		return
	}
	kept := d.keptSchema(s)
	if len(objectNames(kept)) == 0 && !d.schemaSelected(s.Name) {
		return
	}
	d.add(Change{Action: Add, Object: ObjSchema, Schema: s.Name, Name: s.Name, to: kept})
}

// keptSchema is a copy of s holding only what the filters keep.
func (d *differ) keptSchema(s *schema.Schema) *schema.Schema {
	c := *s
	keep := func(name string) bool { return d.keepObject(s.Name, name) }
	c.Tables = keepNamed(s.Tables, func(t schema.Table) bool { return keep(t.Name) })
	c.Views = keepNamed(s.Views, func(v schema.View) bool { return keep(v.Name) })
	c.Functions = keepNamed(s.Functions, func(x schema.Function) bool { return keep(x.Name) })
	c.Sequences = keepNamed(s.Sequences, func(x schema.Sequence) bool { return keep(x.Name) })
	c.Enums = keepNamed(s.Enums, func(x schema.Enum) bool { return keep(x.Name) })
	c.Domains = keepNamed(s.Domains, func(x schema.Domain) bool { return keep(x.Name) })
	c.CompositeTypes = keepNamed(s.CompositeTypes, func(x schema.CompositeType) bool { return keep(x.Name) })
	c.Collations = keepNamed(s.Collations, func(x schema.Collation) bool { return keep(x.Name) })
	c.TextSearchConfigs = keepNamed(s.TextSearchConfigs, func(x schema.TextSearchConfig) bool { return keep(x.Name) })
	return &c
}

func keepNamed[T any](in []T, keep func(T) bool) []T {
	if in == nil {
		return nil
	}
	out := make([]T, 0, len(in))
	for _, x := range in {
		if keep(x) {
			out = append(out, x)
		}
	}
	return out
}

// unreadKinds maps an object kind to what a side must have read to know its objects. Policy
// and event are named by their strings, for the kinds the model grows.
var unreadKinds = map[Object][]schema.UnreadKind{
	ObjTable:         {schema.UnreadTables},
	ObjView:          {schema.UnreadViews},
	ObjColumn:        {schema.UnreadColumns},
	ObjPrimaryKey:    {schema.UnreadConstraints},
	ObjForeignKey:    {schema.UnreadConstraints},
	ObjUnique:        {schema.UnreadConstraints, schema.UnreadIndexes},
	ObjCheck:         {schema.UnreadConstraints},
	ObjExclusion:     {schema.UnreadConstraints},
	ObjIndex:         {schema.UnreadIndexes},
	ObjTrigger:       {schema.UnreadTriggers},
	ObjFunction:      {schema.UnreadFunctions},
	ObjEnum:          {schema.UnreadTypes},
	ObjDomain:        {schema.UnreadTypes},
	ObjCompositeType: {schema.UnreadTypes},
	ObjSequence:      {schema.UnreadSequences},
	ObjExtension:     {schema.UnreadExtensions},
	ObjPolicy:        {schema.UnreadPolicies},
	ObjRule:          {schema.UnreadPolicies}, // read by the same statement, from pg_rewrite
	ObjEvent:         {schema.UnreadEvents},
}

// unknownSide returns "FROM" or "TO" when that side could not read c's kind of object in
// c's schema (FROM first), or "".
func (d *differ) unknownSide(c *Change, kinds []schema.UnreadKind) string {
	fromSchema, toSchema := c.Schema, c.Schema
	if t, ok := d.pairedTo(c.Schema); ok {
		toSchema = t
	}
	if c.Object == ObjExtension {
		fromSchema, toSchema = "", "" // extensions are the database's: only a global entry counts
	}
	for _, k := range kinds {
		if d.from.db.IsUnread(k, fromSchema) {
			return "FROM"
		}
		if d.to.db.IsUnread(k, toSchema) {
			return "TO"
		}
	}
	return ""
}

func (d *differ) pairedTo(from string) (string, bool) {
	for _, p := range d.pairs {
		if p.From == from {
			return p.To, true
		}
	}
	return "", false
}

// admit decides whether a change found by the walker is reported: adds and drops of a kind a
// side could not read are not (counted for a note); fields a side could not read (comments,
// hidden definitions) are taken out of a modify. Drops of views, routines and triggers are
// destructive: the application may need what they hold.
func (d *differ) admit(c *Change) bool {
	if c.Action == Add || c.Action == Drop || c.Action == Rename {
		if who := d.unknownSide(c, unreadKinds[c.Object]); who != "" {
			d.left[leftKey{who, c.Object, c.Action}]++
			return false
		}
	}
	if c.Action == Modify {
		c.Fields = slices.DeleteFunc(c.Fields, func(f FieldChange) bool {
			switch {
			case f.Field == FieldComment:
				return d.unknownSide(c, []schema.UnreadKind{schema.UnreadComments}) != ""
			case f.Field == FieldDefinition && (c.Object == ObjFunction || c.Object == ObjView):
				return d.unknownSide(c, []schema.UnreadKind{schema.UnreadDefinitions}) != ""
			}
			return false
		})
		if len(c.Fields) == 0 {
			return false
		}
	}
	if c.Action == Drop && slices.Contains(destructiveDrops, c.Object) {
		c.Destructive = true
	}
	return true
}

// destructiveDrops are the kinds whose drop --safe leaves out like a table's: code and
// definitions the application relies on, which the plan cannot give back.
var destructiveDrops = []Object{ObjView, ObjFunction, ObjTrigger, ObjPolicy, ObjRule, ObjEvent}

// leftKey counts the changes admit left out: by side, kind and action.
type leftKey struct {
	side   string
	object Object
	action Action
}

func (d *differ) addNote(s string) { d.notes = append(d.notes, s) }

// unreadNotes says, per side, what it could not read and how many changes that left out.
func (d *differ) unreadNotes() []string {
	var out []string
	for _, sd := range []struct {
		label string
		db    *schema.Database
	}{{"FROM", d.from.db}, {"TO", d.to.db}} {
		for _, u := range sd.db.Unread {
			where := "in any schema"
			if u.Schema != "" {
				where = "in " + u.Schema
			}
			consequence := "they are unknown there, not absent, and none is added or dropped"
			if u.Kind == schema.UnreadComments || u.Kind == schema.UnreadDefinitions {
				consequence = "they are not compared"
			}
			out = append(out, fmt.Sprintf("%s could not read %s %s: %s", sd.label, u.Kind, where, consequence))
		}
	}
	keys := make([]leftKey, 0, len(d.left))
	for k := range d.left {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b leftKey) int {
		return strings.Compare(a.side+string(a.object)+string(a.action), b.side+string(b.object)+string(b.action))
	})
	for _, k := range keys {
		what := string(k.action)
		out = append(out, fmt.Sprintf("left out %d %s(s) of %s: %s could not read them", d.left[k], what, strings.ReplaceAll(string(k.object), "_", " "), k.side))
	}
	return out
}

// noteExcludedReferences says which dropped tables a table the filters leave out still
// references: the plan does not touch the excluded table, so the engine refuses the drop (the
// script stops, its transaction rolled back) until that foreign key goes.
func (d *differ) noteExcludedReferences() {
	dropped := map[[2]string]bool{}
	for _, c := range d.changes {
		if c.Object == ObjTable && c.Action == Drop {
			dropped[[2]string{c.Schema, c.Name}] = true
		}
	}
	if len(dropped) == 0 || len(d.opts.Include)+len(d.opts.Exclude) == 0 {
		return
	}
	for _, sc := range d.from.db.Schemas {
		for _, t := range sc.Tables {
			if d.keepObject(sc.Name, t.Name) {
				continue
			}
			for _, fk := range t.ForeignKeys {
				ref := [2]string{cmp.Or(fk.RefSchema, sc.Name), fk.RefTable}
				if dropped[ref] {
					d.addNote(fmt.Sprintf("table %s.%s is dropped but %s.%s, which the filters leave out, references it (foreign key %s): the engine refuses the drop until that key goes",
						ref[0], ref[1], sc.Name, t.Name, fk.Name))
				}
			}
		}
	}
}

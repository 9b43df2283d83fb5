package diff

import (
	"slices"
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

// compareViews compares views by name. A view's definition is compared after the expression
// rules (formatting, casts, redundant parentheses); across engines only the view's presence is
// compared, since each engine prints SQL its own way.
func (d *differ) compareViews(fs, ts *schema.Schema) {
	items := func(s side, sc *schema.Schema) []*item {
		var out []*item
		for i := range sc.Views {
			v := &sc.Views[i]
			if !d.keepObject(sc.Name, v.Name) {
				continue
			}
			out = append(out, newItem(v.Name, false, v, d.viewFields(s, v)))
		}
		return out
	}
	from, to := items(d.from, fs), items(d.to, ts)
	r := matchByName(from, to)
	for _, p := range r.same {
		f, t := p.from.obj.(*schema.View), p.to.obj.(*schema.View)
		if fields := append(fieldChanges(p.from, p.to), d.accessChanges(f, t)...); len(fields) > 0 {
			d.add(Change{Action: Modify, Object: ObjView, Schema: fs.Name, Name: f.Name, from: f, to: t, Fields: fields})
		}
		tc := tableCtx{schema: fs.Name, toSchema: ts.Name, from: &schema.Table{Name: f.Name}, to: &schema.Table{Name: t.Name}, onView: true}
		if !d.ignored(CatIndexes) {
			d.compareItems(tc, ObjIndex, d.viewIndexItems(d.from, f), d.viewIndexItems(d.to, t))
		}
		if !d.ignored(CatTriggers) {
			d.compareTriggers(tc, f.Triggers, t.Triggers)
		}
		if !d.ignored(CatRules) {
			d.compareRules(tc, pgViewRules(f), pgViewRules(t))
		}
	}
	for _, it := range r.dropped {
		d.add(Change{Action: Drop, Object: ObjView, Schema: fs.Name, Name: it.name, from: it.obj})
	}
	for _, it := range r.added {
		d.add(Change{Action: Add, Object: ObjView, Schema: fs.Name, Name: it.name, to: it.obj})
	}
}

func (d *differ) viewFields(s side, v *schema.View) []field {
	fields := []field{boolField(FieldMaterialized, v.Materialized)}
	if d.cross {
		d.note("view definitions (each engine prints SQL its own way)")
		return fields
	}
	fields = append(fields,
		field{FieldDefinition, s.expr(v.Definition), v.Definition},
		field{FieldCheckOption, strings.ToUpper(v.CheckOption), v.CheckOption},
	)
	if !d.ignored(CatComments) {
		fields = append(fields, field{FieldComment, deref(v.Comment), deref(v.Comment)})
	}
	fields = append(fields, rulesOf(d.from.dialect).viewFields(d, v)...)
	if v.MySQL != nil {
		fields = append(fields,
			field{FieldAlgorithm, strings.ToUpper(v.MySQL.Algorithm), v.MySQL.Algorithm},
			field{FieldSecurity, strings.ToUpper(v.MySQL.SecurityType), v.MySQL.SecurityType})
	}
	return fields
}

func (d *differ) viewIndexItems(s side, v *schema.View) []*item {
	var out []*item
	t := &schema.Table{Name: v.Name}
	for i := range v.Indexes {
		out = append(out, d.indexItem(s, t, &v.Indexes[i], nil))
	}
	return out
}

// matchByName pairs items by name only: for objects whose name is their identity (views,
// types, sequences, routines).
func matchByName(from, to []*item) matchResult {
	var r matchResult
	toByName := make(map[string]*item, len(to))
	for _, t := range to {
		toByName[t.name] = t
	}
	seen := map[string]bool{}
	for _, f := range from {
		if t := toByName[f.name]; t != nil {
			seen[f.name] = true
			r.same = append(r.same, pair{f, t})
			continue
		}
		r.dropped = append(r.dropped, f)
	}
	for _, t := range to {
		if !seen[t.name] {
			r.added = append(r.added, t)
		}
	}
	return r
}

// compareSchemaObjects compares the types, sequences and routines of two paired schemas.
// These are engine-specific; across engines their presence is noted, not compared.
func (d *differ) compareSchemaObjects(fs, ts *schema.Schema) {
	kinds := []struct {
		obj      Object
		cat      Category
		from, to func(side, *schema.Schema) []*item
		note     string
	}{
		{ObjCollation, CatCollations, d.collationItems, d.collationItems, "collations (PostgreSQL CREATE COLLATION)"},
		{ObjTextSearch, CatTextSearch, d.textSearchItems, d.textSearchItems, "text search configurations (PostgreSQL only)"},
		{ObjEnum, CatTypes, d.enumItems, d.enumItems, "named enum types (compared through the columns that use them)"},
		{ObjDomain, CatTypes, d.domainItems, d.domainItems, "domains (PostgreSQL only)"},
		{ObjCompositeType, CatTypes, d.compositeItems, d.compositeItems, "composite types (PostgreSQL only)"},
		{ObjSequence, CatSequences, d.sequenceItems, d.sequenceItems, "sequences (engine-specific)"},
		{ObjFunction, CatFunctions, d.functionItems, d.functionItems, "functions and procedures (engine-specific code)"},
		{ObjEvent, CatEvents, d.eventItems, d.eventItems, "scheduled events (MySQL/MariaDB)"},
	}
	for _, k := range kinds {
		if d.ignored(k.cat) {
			continue
		}
		from, to := k.from(d.from, fs), k.to(d.to, ts)
		if d.cross {
			if len(from)+len(to) > 0 {
				d.note(k.note)
			}
			continue
		}
		r := matchByName(from, to)
		if k.obj == ObjEvent && !d.ignored(CatNames) {
			r = renamedEvents(r)
		}
		for _, p := range r.renamed {
			d.add(Change{Action: Rename, Object: k.obj, Schema: fs.Name, Name: p.from.name, NewName: p.to.name, from: p.from.obj, to: p.to.obj})
		}
		for _, p := range r.same {
			if fields := append(fieldChanges(p.from, p.to), d.accessChanges(p.from.obj, p.to.obj)...); len(fields) > 0 {
				d.add(Change{Action: Modify, Object: k.obj, Schema: fs.Name, Name: p.from.name, from: p.from.obj, to: p.to.obj,
					Fields: fields, Destructive: d.schemaObjectNarrows(k.obj, p.from.obj, p.to.obj)})
			}
		}
		for _, it := range r.dropped {
			d.add(Change{Action: Drop, Object: k.obj, Schema: fs.Name, Name: it.name, from: it.obj})
		}
		for _, it := range r.added {
			d.add(Change{Action: Add, Object: k.obj, Schema: fs.Name, Name: it.name, to: it.obj})
		}
	}
}

// renamedEvents pairs, among the events only one side has by name, a dropped and an added
// event alike in schedule, status, completion, body and comment: a rename (ALTER EVENT …
// RENAME TO), which keeps the event's definer and never leaves it missing.
func renamedEvents(r matchResult) matchResult {
	m := match(r.dropped, r.added, false)
	r.renamed, r.dropped, r.added = m.renamed, m.dropped, m.added
	return r
}

// schemaObjectNarrows: an enum that loses a value fails on rows holding it; a domain that
// gains NOT NULL or a check fails on existing values.
func (d *differ) schemaObjectNarrows(kind Object, from, to any) bool {
	switch kind {
	case ObjEnum:
		f, t := from.(*schema.Enum), to.(*schema.Enum)
		for _, v := range f.Values {
			if !contains(t.Values, v) {
				return true
			}
		}
	case ObjDomain:
		f, t := from.(*schema.Domain), to.(*schema.Domain)
		if !f.NotNull && t.NotNull || len(t.Checks) > len(f.Checks) {
			return true
		}
		return narrows(logical(d.from.dialect, f.Type, nil, false), logical(d.to.dialect, t.Type, nil, false))
	}
	return false
}

func (d *differ) enumItems(s side, sc *schema.Schema) []*item {
	var out []*item
	for i := range sc.Enums {
		e := &sc.Enums[i]
		if !d.keepObject(sc.Name, e.Name) {
			continue
		}
		fields := []field{{FieldValues, strings.Join(e.Values, "\x00"), strings.Join(e.Values, ", ")}}
		out = append(out, newItem(e.Name, false, e, d.withComment(fields, e.Comment)))
	}
	return out
}

func (d *differ) collationItems(s side, sc *schema.Schema) []*item {
	var out []*item
	for i := range sc.Collations {
		c := &sc.Collations[i]
		if !d.keepObject(sc.Name, c.Name) {
			continue
		}
		fields := []field{
			{FieldProvider, c.Provider, c.Provider},
			{FieldLocale, c.Locale, c.Locale},
			{FieldLcCollate, c.LcCollate, c.LcCollate},
			{FieldLcCtype, c.LcCtype, c.LcCtype},
			boolField(FieldDeterministic, c.Deterministic),
			{FieldRules, c.Rules, c.Rules},
		}
		out = append(out, newItem(c.Name, false, c, d.withComment(fields, c.Comment)))
	}
	return out
}

func (d *differ) textSearchItems(s side, sc *schema.Schema) []*item {
	var out []*item
	for i := range sc.TextSearchConfigs {
		c := &sc.TextSearchConfigs[i]
		if !d.keepObject(sc.Name, c.Name) {
			continue
		}
		var maps []string
		for _, m := range c.Mappings {
			maps = append(maps, m.Token+": "+strings.Join(m.Dictionaries, ", "))
		}
		fields := []field{
			{FieldParser, c.Parser, c.Parser},
			{FieldMappings, strings.Join(maps, "; "), strings.Join(maps, "; ")},
		}
		out = append(out, newItem(c.Name, false, c, d.withComment(fields, c.Comment)))
	}
	return out
}

func (d *differ) withComment(fields []field, comment *string) []field {
	if d.ignored(CatComments) {
		return fields
	}
	return append(fields, field{FieldComment, deref(comment), deref(comment)})
}

func (d *differ) domainItems(s side, sc *schema.Schema) []*item {
	var out []*item
	for i := range sc.Domains {
		dm := &sc.Domains[i]
		if !d.keepObject(sc.Name, dm.Name) {
			continue
		}
		var checks, shown []string
		for _, c := range dm.Checks {
			checks = append(checks, s.expr(c.Expression))
			shown = append(shown, c.Expression)
		}
		fields := []field{
			{FieldType, canonicalType(s.dialect, dm.Type), dm.Type},
			boolField(FieldNotNull, dm.NotNull),
			{FieldChecks, strings.Join(slices.Sorted(slices.Values(checks)), "\x00"), strings.Join(shown, "; ")},
		}
		if !d.ignored(CatDefaults) {
			fields = append(fields, field{FieldDefault, s.defaultExpr(dm.Default), deref(dm.Default)})
		}
		if !d.ignored(CatCollations) {
			fields = append(fields, field{FieldCollation, dm.Collation, dm.Collation})
		}
		out = append(out, newItem(dm.Name, false, dm, d.withComment(fields, dm.Comment)))
	}
	return out
}

func (d *differ) compositeItems(s side, sc *schema.Schema) []*item {
	var out []*item
	for i := range sc.CompositeTypes {
		ct := &sc.CompositeTypes[i]
		if !d.keepObject(sc.Name, ct.Name) {
			continue
		}
		var canon, shown []string
		for _, a := range ct.Attributes {
			canon = append(canon, a.Name+" "+canonicalType(s.dialect, a.Type))
			shown = append(shown, a.Name+" "+a.Type)
		}
		fields := []field{{FieldAttributes, strings.Join(canon, ","), strings.Join(shown, ", ")}}
		out = append(out, newItem(ct.Name, false, ct, d.withComment(fields, ct.Comment)))
	}
	return out
}

func (d *differ) sequenceItems(s side, sc *schema.Schema) []*item {
	var out []*item
	for i := range sc.Sequences {
		q := &sc.Sequences[i]
		if !d.keepObject(sc.Name, q.Name) {
			continue
		}
		owned := ""
		if q.OwnedBy != nil {
			owned = d.refName(s, q.OwnedBy.Schema, sc.Name, q.OwnedBy.Table) + "." + q.OwnedBy.Column
		}
		opts := sequenceText(q.SequenceOptions)
		fields := []field{
			{FieldType, canonicalType(s.dialect, q.Type), q.Type},
			{FieldOptions, opts, opts},
			{FieldOwnedBy, owned, owned},
		}
		if d.ignored(CatIdentity) {
			fields = fields[:1]
		}
		if rulesOf(s.dialect).sequenceEngines {
			engine := ""
			if q.MySQL != nil {
				engine = q.MySQL.Engine
			}
			fields = append(fields, field{FieldEngine, strings.ToLower(engine), engine})
		}
		out = append(out, newItem(q.Name, false, q, d.withComment(fields, q.Comment)))
	}
	return out
}

func (d *differ) functionItems(s side, sc *schema.Schema) []*item {
	var out []*item
	for i := range sc.Functions {
		fn := &sc.Functions[i]
		if !d.keepObject(sc.Name, fn.Name) {
			continue
		}
		fields := []field{
			{FieldKind, strings.ToLower(fn.Kind), fn.Kind},
			{FieldReturns, collapseSpace(strings.ToLower(fn.Returns)), fn.Returns},
			{FieldLanguage, strings.ToLower(fn.Language), fn.Language},
			{FieldDefinition, collapseSpace(strings.TrimRight(strings.TrimSpace(s.code(fn.Definition)), ";")), fn.Definition},
		}
		name := fn.Name + "(" + collapseSpace(fn.Arguments) + ")"
		out = append(out, newItem(name, false, fn, d.withComment(fields, fn.Comment)))
	}
	return out
}

// eventItems compares scheduled events: the schedule as one text, since CREATE and ALTER EVENT
// set it as one clause; the definer is an account of one server and is not compared.
func (d *differ) eventItems(s side, sc *schema.Schema) []*item {
	var out []*item
	for i := range sc.Events {
		e := &sc.Events[i]
		if !d.keepObject(sc.Name, e.Name) {
			continue
		}
		completion := "NOT PRESERVE"
		if e.Preserve {
			completion = "PRESERVE"
		}
		sched := e.Schedule()
		fields := []field{
			{FieldSchedule, strings.ToUpper(sched), sched},
			{FieldStatus, e.Status, e.Status},
			{FieldOnCompletion, completion, completion},
			{FieldDefinition, collapseSpace(strings.TrimRight(strings.TrimSpace(e.Body), ";")), e.Body},
		}
		out = append(out, newItem(e.Name, false, e, d.withComment(fields, e.Comment)))
	}
	return out
}

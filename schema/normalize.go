package schema

import (
	"cmp"
	"slices"
)

// Normalize puts the model in its canonical form: everything that has no natural order is
// sorted by name, the slices the snapshot contract requires are non-nil (so they encode as []
// rather than null), and Index.Columns is derived from Index.Parts. Inspectors call it before
// returning and the snapshot reader calls it after loading, so a model has one encoding.
func (db *Database) Normalize() {
	if db.FormatVersion == 0 {
		db.FormatVersion = FormatVersion
	}
	db.Schemas = nonNil(db.Schemas)
	slices.SortFunc(db.Schemas, func(a, b Schema) int { return cmp.Compare(a.Name, b.Name) })
	slices.SortFunc(db.Extensions, func(a, b Extension) int { return cmp.Compare(a.Name, b.Name) })
	for i := range db.Schemas {
		db.Schemas[i].normalize()
	}
	if db.Postgres != nil {
		normalizeDefaultPrivileges(db.Postgres.DefaultPrivileges)
	}
}

func (s *Schema) normalize() {
	s.Tables = nonNil(s.Tables)
	s.Views = nonNil(s.Views)
	sortByName(s.Tables, func(t Table) string { return t.Name })
	sortByName(s.Views, func(v View) string { return v.Name })
	sortByName(s.Collations, func(c Collation) string { return c.Name })
	sortByName(s.TextSearchConfigs, func(c TextSearchConfig) string { return c.Name })
	sortByName(s.Enums, func(e Enum) string { return e.Name })
	sortByName(s.Domains, func(d Domain) string { return d.Name })
	sortByName(s.CompositeTypes, func(c CompositeType) string { return c.Name })
	sortByName(s.Sequences, func(q Sequence) string { return q.Name })
	sortByName(s.Events, func(e Event) string { return e.Name })
	slices.SortFunc(s.Functions, func(a, b Function) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.Arguments, b.Arguments))
	})
	for i := range s.Tables {
		s.Tables[i].normalize()
	}
	for i := range s.Views {
		v := &s.Views[i]
		normalizeIndexes(v.Indexes)
		sortByName(v.Indexes, func(x Index) string { return x.Name })
		sortByName(v.Triggers, func(t Trigger) string { return t.Name })
		v.Access.normalize()
		if v.Postgres != nil {
			sortByName(v.Postgres.Rules, func(r Rule) string { return r.Name })
		}
	}
	for i := range s.Domains {
		sortByName(s.Domains[i].Checks, func(c Check) string { return c.Name })
		s.Domains[i].Access.normalize()
	}
	s.Access.normalize()
	for i := range s.Enums {
		s.Enums[i].Access.normalize()
	}
	for i := range s.CompositeTypes {
		s.CompositeTypes[i].Access.normalize()
	}
	for i := range s.Sequences {
		s.Sequences[i].Access.normalize()
	}
	for i := range s.Functions {
		s.Functions[i].Access.normalize()
	}
	if s.Postgres != nil {
		normalizeDefaultPrivileges(s.Postgres.DefaultPrivileges)
	}
}

func (t *Table) normalize() {
	t.Columns = nonNil(t.Columns)
	t.ForeignKeys = nonNil(t.ForeignKeys)
	t.Uniques = nonNil(t.Uniques)
	t.Checks = nonNil(t.Checks)
	t.Indexes = nonNil(t.Indexes)
	normalizeIndexes(t.Indexes)
	// Unnamed constraints (SQLite) sort by definition so their order is still stable.
	slices.SortFunc(t.ForeignKeys, func(a, b ForeignKey) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), slices.Compare(a.Columns, b.Columns),
			cmp.Compare(a.RefTable, b.RefTable), slices.Compare(a.RefColumns, b.RefColumns))
	})
	slices.SortFunc(t.Uniques, func(a, b Unique) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), slices.Compare(a.Columns, b.Columns))
	})
	slices.SortFunc(t.Checks, func(a, b Check) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.Expression, b.Expression))
	})
	sortByName(t.Indexes, func(x Index) string { return x.Name })
	sortByName(t.Triggers, func(x Trigger) string { return x.Name })
	t.Access.normalize()
	if pg := t.Postgres; pg != nil {
		sortByName(pg.Exclusions, func(x Exclusion) string { return x.Name })
		sortByName(pg.Rules, func(r Rule) string { return r.Name })
		sortByName(pg.Policies, func(p Policy) string { return p.Name })
		for i := range pg.Policies {
			slices.Sort(pg.Policies[i].Roles)
			pg.Policies[i].Roles = nonNil(pg.Policies[i].Roles)
		}
	}
}

// normalize orders the grants: by grantee, then columns, then grant option; privileges in the
// order of Privileges. Grants of one grantee with the same columns and grant option are one.
func (a *Access) normalize() {
	if len(a.Grants) == 0 {
		a.Grants = nil
		return
	}
	slices.SortStableFunc(a.Grants, compareGrants)
	merged := a.Grants[:1]
	for _, g := range a.Grants[1:] {
		if last := &merged[len(merged)-1]; compareGrants(*last, g) == 0 {
			last.Privileges = append(slices.Clip(last.Privileges), g.Privileges...)
			continue
		}
		merged = append(merged, g)
	}
	for i := range merged {
		sortPrivileges(merged[i].Privileges)
		merged[i].Privileges = slices.Compact(merged[i].Privileges)
	}
	a.Grants = merged
}

func compareGrants(a, b Grant) int {
	return cmp.Or(cmp.Compare(a.Grantee, b.Grantee), slices.Compare(a.Columns, b.Columns),
		compareBool(a.GrantOption, b.GrantOption))
}

func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}

// sortPrivileges puts privileges in the order of Privileges (unknown ones last, by name).
func sortPrivileges(ps []Privilege) {
	rank := func(p Privilege) int {
		if i := slices.Index(Privileges, p); i >= 0 {
			return i
		}
		return len(Privileges)
	}
	slices.SortFunc(ps, func(a, b Privilege) int { return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(a, b)) })
}

func normalizeDefaultPrivileges(ds []DefaultPrivilege) {
	slices.SortStableFunc(ds, func(a, b DefaultPrivilege) int {
		return cmp.Or(cmp.Compare(a.Role, b.Role), cmp.Compare(a.Object, b.Object))
	})
	for i := range ds {
		access := Access{Grants: ds[i].Grants}
		access.normalize()
		ds[i].Grants = nonNil(access.Grants)
	}
}

func normalizeIndexes(idx []Index) {
	for i := range idx {
		x := &idx[i]
		x.Parts = nonNil(x.Parts)
		x.Columns = PartColumns(x.Parts)
	}
}

func sortByName[T any](s []T, name func(T) string) {
	byName := func(a, b T) int { return cmp.Compare(name(a), name(b)) }
	if slices.IsSortedFunc(s, byName) { // as a snapshot's are: n-1 comparisons, not a sort's
		return
	}
	slices.SortStableFunc(s, byName)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

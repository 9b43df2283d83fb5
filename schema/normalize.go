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
	}
	for i := range s.Domains {
		sortByName(s.Domains[i].Checks, func(c Check) string { return c.Name })
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
	if t.Postgres != nil {
		sortByName(t.Postgres.Exclusions, func(x Exclusion) string { return x.Name })
	}
}

func normalizeIndexes(idx []Index) {
	for i := range idx {
		x := &idx[i]
		x.Parts = nonNil(x.Parts)
		x.Columns = make([]string, len(x.Parts))
		for j, p := range x.Parts {
			x.Columns[j] = p.Column
			if p.Column == "" {
				x.Columns[j] = p.Expression
			}
		}
	}
}

func sortByName[T any](s []T, name func(T) string) {
	slices.SortStableFunc(s, func(a, b T) int { return cmp.Compare(name(a), name(b)) })
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

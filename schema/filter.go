package schema

import (
	"errors"
	"fmt"
	"path"
	"strings"
)

// ErrNoRelation marks FindRelation's error for a name that matches no table or view.
var ErrNoRelation = errors.New("no table or view")

// Filter keeps only the tables and views whose "schema.name" or bare name matches one of the
// include globs (all, when include is empty) and none of the exclude globs. Globs use
// path.Match syntax: *, ?, [a-z]. The model records the filter (Database.Filtered), so a
// snapshot of it says that it does not hold every table.
func (db *Database) Filter(include, exclude []string) {
	if len(include) == 0 && len(exclude) == 0 {
		return
	}
	if db.Filtered == nil {
		db.Filtered = &TableFilter{}
	}
	db.Filtered.Include = append(db.Filtered.Include, include...)
	db.Filtered.Exclude = append(db.Filtered.Exclude, exclude...)
	keep := func(schemaName, name string) bool {
		return (len(include) == 0 || matchAny(include, schemaName, name)) && !matchAny(exclude, schemaName, name)
	}
	for i := range db.Schemas {
		s := &db.Schemas[i]
		tables := s.Tables[:0]
		for _, t := range s.Tables {
			if keep(s.Name, t.Name) {
				tables = append(tables, t)
			}
		}
		s.Tables = tables
		views := s.Views[:0]
		for _, v := range s.Views {
			if keep(s.Name, v.Name) {
				views = append(views, v)
			}
		}
		s.Views = views
	}
}

// DropEmptySchemas removes the schemas that hold no table and no view, e.g. after Filter.
func (db *Database) DropEmptySchemas() {
	kept := db.Schemas[:0]
	for _, sc := range db.Schemas {
		if len(sc.Tables) > 0 || len(sc.Views) > 0 {
			kept = append(kept, sc)
		}
	}
	db.Schemas = kept
}

// Unmatched returns the globs that match no table or view of db, in the order given.
func (db *Database) Unmatched(globs []string) []string {
	var out []string
	for _, g := range globs {
		found := false
		for _, s := range db.Schemas {
			for _, t := range s.Tables {
				found = found || matchAny([]string{g}, s.Name, t.Name)
			}
			for _, v := range s.Views {
				found = found || matchAny([]string{g}, s.Name, v.Name)
			}
		}
		if !found {
			out = append(out, g)
		}
	}
	return out
}

// ValidGlob reports whether g is a well-formed pattern for Filter.
func ValidGlob(g string) bool {
	_, err := path.Match(g, "")
	return err == nil
}

func matchAny(globs []string, schemaName, name string) bool {
	for _, g := range globs {
		pattern := g
		subject := name
		if strings.Contains(g, ".") {
			subject = schemaName + "." + name
		}
		if ok, _ := path.Match(pattern, subject); ok {
			return true
		}
	}
	return false
}

// Relation is a table or a view found by name.
type Relation struct {
	Schema string
	Table  *Table
	View   *View
}

// Name returns the relation's own name.
func (r Relation) Name() string {
	if r.Table != nil {
		return r.Table.Name
	}
	return r.View.Name
}

// FindRelation finds a table or view by "name" or "schema.name". A bare name that exists in
// several schemas is an error that lists them.
func (db *Database) FindRelation(name string) (Relation, error) {
	var found []Relation
	for i := range db.Schemas {
		s := &db.Schemas[i]
		if t := s.Table(name); t != nil {
			found = append(found, Relation{Schema: s.Name, Table: t})
		}
		if v := s.View(name); v != nil {
			found = append(found, Relation{Schema: s.Name, View: v})
		}
	}
	if len(found) == 0 {
		if schemaName, rel, ok := strings.Cut(name, "."); ok {
			if s := db.Schema(schemaName); s != nil {
				if t := s.Table(rel); t != nil {
					return Relation{Schema: s.Name, Table: t}, nil
				}
				if v := s.View(rel); v != nil {
					return Relation{Schema: s.Name, View: v}, nil
				}
			}
		}
		return Relation{}, fmt.Errorf("%w named %q", ErrNoRelation, name)
	}
	if len(found) > 1 {
		var where []string
		for _, r := range found {
			where = append(where, r.Schema+"."+r.Name())
		}
		return Relation{}, fmt.Errorf("%q is ambiguous: it names %s; write schema.name", name, strings.Join(where, ", "))
	}
	return found[0], nil
}

// RelationNames lists every table and view as "name" and "schema.name", for suggestions.
func (db *Database) RelationNames() []string {
	var out []string
	for _, s := range db.Schemas {
		for _, t := range s.Tables {
			out = append(out, t.Name, s.Name+"."+t.Name)
		}
		for _, v := range s.Views {
			out = append(out, v.Name, s.Name+"."+v.Name)
		}
	}
	return out
}

// FoldRelations finds the tables and views whose name (or schema.name) equals name without
// regard to case: what `describe Film` meant on a server that folds names to lower case.
func (db *Database) FoldRelations(name string) []Relation {
	var found []Relation
	for i := range db.Schemas {
		s := &db.Schemas[i]
		match := func(n string) bool { return strings.EqualFold(n, name) || strings.EqualFold(s.Name+"."+n, name) }
		for j := range s.Tables {
			if match(s.Tables[j].Name) {
				found = append(found, Relation{Schema: s.Name, Table: &s.Tables[j]})
			}
		}
		for j := range s.Views {
			if match(s.Views[j].Name) {
				found = append(found, Relation{Schema: s.Name, View: &s.Views[j]})
			}
		}
	}
	return found
}

// DropPartitions removes PostgreSQL partitions (tables that are PARTITION OF another), for
// listings where hundreds of partitions would bury their parents.
func (db *Database) DropPartitions() {
	for i := range db.Schemas {
		s := &db.Schemas[i]
		tables := s.Tables[:0]
		for _, t := range s.Tables {
			if t.Postgres == nil || t.Postgres.PartitionOf == nil {
				tables = append(tables, t)
			}
		}
		s.Tables = tables
	}
}

// IsPartition reports whether t is a PostgreSQL partition (PARTITION OF another table).
func (t *Table) IsPartition() bool { return t.Postgres != nil && t.Postgres.PartitionOf != nil }

// PartitionCounts counts, for every table at the top of a partition tree, the partitions
// below it at any depth, keyed by TableRef. Listings that collapse partitions onto their
// parent show the count.
func (db *Database) PartitionCounts() map[TableRef]int {
	parent := map[TableRef]TableRef{}
	for _, sc := range db.Schemas {
		for i := range sc.Tables {
			if t := &sc.Tables[i]; t.IsPartition() {
				parent[TableRef{Schema: sc.Name, Name: t.Name}] = *t.Postgres.PartitionOf
			}
		}
	}
	counts := map[TableRef]int{}
	for child := range parent {
		top := parent[child]
		for steps := 0; steps < len(parent); steps++ { // bounded: a cycle cannot hang
			up, ok := parent[top]
			if !ok {
				break
			}
			top = up
		}
		counts[top]++
	}
	return counts
}

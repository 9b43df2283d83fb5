// Package diff compares two schema models by meaning and returns what must change to turn
// the first (FROM) into the second (TO), as a list of typed changes.
//
// Changes are data: text, JSON and Markdown (package output) and SQL (package migrate) are
// renderings of Result.Changes. The schemas diff paired are in Result.Schemas, which migrate
// and every output read instead of pairing again. This package imports schema and sqltext.
//
// What lives here:
//   - diff.go, change.go: Options, Compare (the entry point), Result, Change and its typed
//     accessors for the two sides;
//   - fields.go: the typed contract with migrate — the Field constants each object kind may
//     report (Declared), checked by contract_test.go here and in migrate;
//   - walk.go, tables.go, objects.go, postgres_objects.go, privileges.go, scope.go: one generic
//     walker over the model (schemas, tables, columns, keys, constraints, indexes, triggers,
//     policies, views, types, sequences, routines, extensions, owners and grants);
//   - match.go, idcase.go: pairing of objects by name, then by definition (generated names);
//   - rules.go, names.go, portable.go, crossengine.go, qualifiers.go: the normalisations, each a
//     small named rule registered per dialect, with their tests beside them — type aliases,
//     default and expression spellings, generated names, logical types (Classify, which the
//     exporters use too) for comparing across engines; rules the inspector applies as well are
//     sqltext's, called by both;
//   - sqltext.go, layout.go: SQL text as tokens (over sqltext's scanner), and the layout of
//     definitions for unified diffs.
//
// Table.Stats is never compared.
package diff

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

// Action is what happens to an object.
type Action string

// The actions.
const (
	Add    Action = "add"
	Drop   Action = "drop"
	Modify Action = "modify"
	Rename Action = "rename"
)

// Result is the outcome of Compare.
type Result struct {
	FromDialect schema.Dialect `json:"-"`
	ToDialect   schema.Dialect `json:"-"`
	// Changes in a stable order: by schema, then relation, then object kind and name.
	Changes []Change `json:"changes"`
	// NotComparable lists, once each, the engine-specific details that were not compared
	// because the two sides are different engines.
	NotComparable []string `json:"not_comparable,omitempty"`
	// Notes say what the comparison left out and why: kinds of objects a side could not read
	// (unknown there, not absent: never added or dropped), schemas kept because the filters
	// leave part of them out. Every output shows them.
	Notes []string `json:"notes,omitempty"`
	// Schemas is the pairing Compare made, in FROM's order: each FROM schema and the TO schema
	// it was compared with (Options.SchemaMap, then by name, or the only schema of each side).
	// It is the one pairing: the migration planner and every output read it, none makes its own.
	Schemas []SchemaPair `json:"-"`
	// Privileges: owners and grants were compared (Options.Privileges), so the migration
	// planner gives objects it creates TO's; otherwise an object created again keeps FROM's.
	// RoleMap is Options.RoleMap, for the planner to write TO's roles by FROM's names.
	Privileges bool              `json:"-"`
	RoleMap    map[string]string `json:"-"`
}

// SchemaPair is a FROM schema and the TO schema it was compared with.
type SchemaPair struct{ From, To string }

// PairedSchema returns the TO schema that FROM's schema name was compared with, and false for
// a schema that was not paired (dropped, or only in TO).
func (r *Result) PairedSchema(from string) (string, bool) {
	for _, p := range r.Schemas {
		if p.From == from {
			return p.To, true
		}
	}
	return "", false
}

// Empty reports whether the two models are the same.
func (r *Result) Empty() bool { return len(r.Changes) == 0 }

// HasDestructive reports whether any change is destructive.
func (r *Result) HasDestructive() bool {
	for _, c := range r.Changes {
		if c.Destructive {
			return true
		}
	}
	return false
}

// Summary counts the changes.
type Summary struct {
	// Changes is the number of changes; Destructive how many of them are destructive.
	Changes     int `json:"changes"`
	Destructive int `json:"destructive"`
	// Tables counts the tables touched, by what happened to them.
	Tables TableCounts `json:"tables"`
	// Other counts changes outside tables (views, types, sequences, routines, schemas, …).
	// A schema added or dropped counts with its contents: its tables as added or dropped
	// tables, the rest here.
	Other int `json:"other"`
}

// TableCounts counts tables by what happened to them.
type TableCounts struct {
	Changed  int `json:"changed"`
	Added    int `json:"added"`
	Dropped  int `json:"dropped"`
	Renamed  int `json:"renamed"`
	Modified int `json:"modified"`
}

// Summary counts the result's changes.
func (r *Result) Summary() Summary {
	var s Summary
	modified := map[[2]string]bool{}
	for _, c := range r.Changes {
		s.Changes++
		if c.Destructive {
			s.Destructive++
		}
		switch {
		case c.Object == ObjSchema && (c.Action == Add || c.Action == Drop):
			// A schema comes or goes with everything in it (DROP SCHEMA … CASCADE): count that.
			from, to := c.Schemas()
			sc, n := to, &s.Tables.Added
			if c.Action == Drop {
				sc, n = from, &s.Tables.Dropped
			}
			s.Other++
			for _, k := range sc.Contents() {
				if k.Kind == "table" {
					*n += k.Count
				} else {
					s.Other += k.Count
				}
			}
		case c.Object == ObjTable && c.Action == Add:
			s.Tables.Added++
		case c.Object == ObjTable && c.Action == Drop:
			s.Tables.Dropped++
		case c.Object == ObjTable && c.Action == Rename:
			s.Tables.Renamed++
		case c.Object == ObjTable || c.Table != "" && !c.OnView:
			modified[[2]string{c.Schema, c.Table + c.nameIfTable()}] = true
		default:
			s.Other++
		}
	}
	s.Tables.Modified = len(modified)
	s.Tables.Changed = s.Tables.Added + s.Tables.Dropped + s.Tables.Renamed + s.Tables.Modified
	return s
}

func (c Change) nameIfTable() string {
	if c.Object == ObjTable {
		return c.Name
	}
	return ""
}

// Category names a kind of difference that Options.Ignore can switch off.
type Category string

// The categories --ignore accepts.
const (
	CatComments     Category = "comments"
	CatCollations   Category = "collations" // collations and character sets
	CatColumnOrder  Category = "column-order"
	CatNames        Category = "names" // renames of constraints, indexes and tables
	CatDefaults     Category = "defaults"
	CatIdentity     Category = "identity" // identity, auto-increment, sequence options
	CatTableOptions Category = "table-options"
	CatIndexes      Category = "indexes"
	CatForeignKeys  Category = "foreign-keys"
	CatChecks       Category = "checks"
	CatUniques      Category = "uniques"
	CatTriggers     Category = "triggers"
	CatFunctions    Category = "functions"
	CatViews        Category = "views"
	CatSequences    Category = "sequences"
	CatTypes        Category = "types" // enums, domains, composite types
	CatExtensions   Category = "extensions"
	CatTextSearch   Category = "text-search" // text search configurations
	CatPolicies     Category = "policies"    // row-level security policies
	CatRules        Category = "rules"       // rewrite rules
	CatEvents       Category = "events"      // scheduled events (MySQL/MariaDB)
	// CatUniqueKind: a UNIQUE constraint and a plain unique index on the same columns are
	// equal (PostgreSQL keeps them apart: only a constraint can be named by ON CONFLICT ON
	// CONSTRAINT, and only an index can be dropped on its own).
	CatUniqueKind Category = "unique-kind"
	// CatStorage: storage parameters (table, index, view WITH), per-column statistics,
	// storage modes and n_distinct (PostgreSQL).
	CatStorage Category = "storage"
)

// Categories lists every category, for help texts and validation.
var Categories = []Category{CatComments, CatCollations, CatColumnOrder, CatNames, CatDefaults, CatIdentity,
	CatTableOptions, CatIndexes, CatForeignKeys, CatChecks, CatUniques, CatTriggers, CatFunctions, CatViews,
	CatSequences, CatTypes, CatExtensions, CatTextSearch, CatPolicies, CatRules, CatEvents, CatUniqueKind, CatStorage}

// Options control a comparison. The zero value compares everything except column order.
type Options struct {
	// Ignore switches categories of differences off.
	Ignore []Category
	// Include keeps only the tables, views and other schema objects whose name or schema.name
	// matches one of these globs (path.Match syntax). Empty keeps everything.
	Include []string
	// Exclude drops objects whose name or schema.name matches, and columns whose table.column
	// or schema.table.column matches.
	Exclude []string
	// SchemaMap pairs schemas with different names: FROM name → TO name. When each side has
	// exactly one schema they are paired whatever their names.
	SchemaMap map[string]string
	// ColumnOrder also compares the position of columns.
	ColumnOrder bool
	// Memo, when set, keeps canonical texts across the comparisons that share it (one
	// baseline against many tenants: see Memo).
	Memo *Memo
	// Privileges also compares owners, grants and default privileges (PostgreSQL).
	Privileges bool
	// RoleMap pairs roles with different names: FROM role → TO role (--role-map old=new).
	RoleMap map[string]string
}

// Validate checks the categories and globs.
func (o Options) Validate() error {
	for _, c := range o.Ignore {
		if !slices.Contains(Categories, c) {
			names := make([]string, len(Categories))
			for i, c := range Categories {
				names[i] = string(c)
			}
			return fmt.Errorf("unknown --ignore category %q (want one of %s)", c, strings.Join(names, ", "))
		}
	}
	for _, g := range append(slices.Clone(o.Include), o.Exclude...) {
		if _, err := path.Match(g, ""); err != nil {
			return fmt.Errorf("bad pattern %q: %w", g, err)
		}
	}
	return nil
}

// ParseCategory reads a category as a user may write it (column_order, Column-Order).
func ParseCategory(s string) Category {
	return Category(strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "_", "-"))
}

// Compare returns what must change to turn from into to. Neither model is modified.
func Compare(from, to *schema.Database, opts Options) *Result {
	d := newDiffer(from, to, opts)
	d.walk()
	d.noteExcludedReferences()
	sortChanges(d.changes)
	res := &Result{FromDialect: from.Dialect, ToDialect: to.Dialect, Changes: d.changes, Schemas: d.pairs,
		Privileges: opts.Privileges && !d.cross, RoleMap: opts.RoleMap}
	if res.Changes == nil {
		res.Changes = []Change{}
	}
	for note := range d.notComparable {
		res.NotComparable = append(res.NotComparable, note)
	}
	sort.Strings(res.NotComparable)
	res.Notes = append(d.notes, d.unreadNotes()...)
	return res
}

// objectRank orders object kinds inside a relation: the table itself, its columns, then keys.
var objectRank = map[Object]int{
	ObjSchema: 0, ObjExtension: 1, ObjTable: 2, ObjView: 2, ObjColumn: 3, ObjPrimaryKey: 4, ObjForeignKey: 5,
	ObjUnique: 6, ObjCheck: 7, ObjExclusion: 8, ObjIndex: 9, ObjTrigger: 10, ObjPolicy: 11, ObjRule: 12, ObjEnum: 13,
	ObjDomain: 14, ObjCompositeType: 15, ObjSequence: 16, ObjFunction: 17, ObjCollation: 18, ObjTextSearch: 19, ObjEvent: 20,
}

// sortChanges orders changes by schema, relation, object kind, then name. Schema-level
// objects other than tables and views group under the schema ("" relation) first.
func sortChanges(cs []Change) {
	slices.SortStableFunc(cs, func(a, b Change) int {
		return cmp.Or(cmp.Compare(a.Schema, b.Schema), cmp.Compare(a.relation(), b.relation()),
			cmp.Compare(objectRank[a.Object], objectRank[b.Object]), cmp.Compare(a.Name, b.Name))
	})
}

// relation is the table or view a change belongs to, for grouping.
func (c Change) relation() string {
	if c.Object == ObjTable || c.Object == ObjView {
		return c.Name
	}
	return c.Table
}

// Relation returns the kind and name of the table or view a change belongs to, or "" for
// changes to schema-level objects (types, sequences, routines, the schema itself).
func (c Change) Relation() (Object, string) {
	switch {
	case c.Object == ObjTable || c.Object == ObjView:
		return c.Object, c.Name
	case c.Table != "" && c.OnView:
		return ObjView, c.Table
	case c.Table != "":
		return ObjTable, c.Table
	}
	return "", ""
}

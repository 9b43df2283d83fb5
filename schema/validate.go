package schema

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// ErrInvalidSnapshot marks a snapshot whose content no database could have: the error names
// the place in the JSON (schemas[0].tables[2].primary_key.columns[0]) and what is wrong.
var ErrInvalidSnapshot = errors.New("invalid snapshot")

// Validate checks what every consumer of a model takes for granted: names are not empty and
// hold no NUL byte; no two tables, views, columns, indexes or constraints share a name where
// the engine forbids it; key, index and foreign key columns exist; foreign keys and partitions
// point at tables the model holds when they point into one of its schemas (unless the
// snapshot records a table filter or notes of what could not be read, either of which may
// have left them out); inheritance has no
// cycle; the format version is one this build reads. ReadSnapshot calls it before
// normalizing, so the path it names is the file's own order.
func (db *Database) Validate() error {
	v := &validator{db: db}
	v.database()
	if v.err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidSnapshot, v.err)
	}
	return nil
}

type validator struct {
	db  *Database
	err error
	// tables finds a table by schema and name for lookup, built on its first call: a scan
	// per foreign key made reading a 20,000-table snapshot quadratic.
	tables map[TableRef]*Table
}

// fail records the first problem found, at path.
func (v *validator) fail(path, format string, args ...any) {
	if v.err == nil {
		v.err = fmt.Errorf("%s: %s", path, fmt.Sprintf(format, args...))
	}
}

func (v *validator) database() {
	switch {
	case v.db.FormatVersion < 1:
		v.fail("format_version", "%d is not a format version (this dbinspect writes %d)", v.db.FormatVersion, FormatVersion)
	case v.db.FormatVersion > FormatVersion:
		v.fail("format_version", "%d is newer than this dbinspect reads (%d): upgrade dbinspect", v.db.FormatVersion, FormatVersion)
	}
	seen := map[string]bool{}
	for i := range v.db.Schemas {
		s := &v.db.Schemas[i]
		path := fmt.Sprintf("schemas[%d]", i)
		v.name(path+".name", s.Name, "schema")
		if seen[s.Name] {
			v.fail(path+".name", "schema %q appears twice", s.Name)
		}
		seen[s.Name] = true
		v.schema(path, s)
	}
	v.inheritance()
	for i, u := range v.db.Unread {
		if !slices.Contains(UnreadKinds, u.Kind) {
			v.fail(fmt.Sprintf("unread[%d].kind", i), "%q is not a kind of object (want one of %s)", u.Kind, unreadKindList())
		}
	}
}

func unreadKindList() string {
	names := make([]string, len(UnreadKinds))
	for i, k := range UnreadKinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

// name checks one name: not empty, no NUL (no engine can hold either).
func (v *validator) name(path, name, what string) {
	switch {
	case name == "":
		v.fail(path, "the %s has no name", what)
	case strings.ContainsRune(name, 0):
		v.fail(path, "the %s name %q holds a NUL byte", what, name)
	}
}

func (v *validator) schema(path string, s *Schema) {
	relations := map[string]string{} // name -> "table" or "view": they share one namespace
	for i := range s.Tables {
		t := &s.Tables[i]
		tp := path + ".tables[" + strconv.Itoa(i) + "]" // for every table: not Sprintf
		v.name(tp+".name", t.Name, "table")
		if kind, dup := relations[t.Name]; dup {
			v.fail(tp+".name", "%q is already a %s of schema %q", t.Name, kind, s.Name)
		}
		relations[t.Name] = "table"
		v.table(tp, s, t)
	}
	for i := range s.Views {
		view := &s.Views[i]
		vp := fmt.Sprintf("%s.views[%d]", path, i)
		v.name(vp+".name", view.Name, "view")
		if kind, dup := relations[view.Name]; dup {
			v.fail(vp+".name", "%q is already a %s of schema %q", view.Name, kind, s.Name)
		}
		relations[view.Name] = "view"
		v.uniqueNames(vp+".columns", "column", len(view.Columns), func(i int) string { return view.Columns[i].Name })
		v.uniqueNames(vp+".indexes", "index", len(view.Indexes), func(i int) string { return view.Indexes[i].Name })
		v.uniqueNames(vp+".triggers", "trigger", len(view.Triggers), func(i int) string { return view.Triggers[i].Name })
	}
	v.uniqueNames(path+".sequences", "sequence", len(s.Sequences), func(i int) string { return s.Sequences[i].Name })
	v.uniqueNames(path+".enums", "enum", len(s.Enums), func(i int) string { return s.Enums[i].Name })
	v.uniqueNames(path+".domains", "domain", len(s.Domains), func(i int) string { return s.Domains[i].Name })
	v.uniqueNames(path+".composite_types", "composite type", len(s.CompositeTypes), func(i int) string { return s.CompositeTypes[i].Name })
	v.uniqueNames(path+".collations", "collation", len(s.Collations), func(i int) string { return s.Collations[i].Name })
	v.uniqueNames(path+".text_search_configs", "text search configuration", len(s.TextSearchConfigs), func(i int) string { return s.TextSearchConfigs[i].Name })
	for i, e := range s.Enums {
		v.uniqueNames(fmt.Sprintf("%s.enums[%d].values", path, i), "enum value", len(e.Values), func(j int) string { return e.Values[j] })
	}
	for i := range s.CompositeTypes {
		c := &s.CompositeTypes[i]
		v.uniqueNames(fmt.Sprintf("%s.composite_types[%d].attributes", path, i), "attribute", len(c.Attributes), func(j int) string { return c.Attributes[j].Name })
	}
	signatures := map[string]bool{}
	for i, f := range s.Functions {
		fp := fmt.Sprintf("%s.functions[%d]", path, i)
		v.name(fp+".name", f.Name, "function")
		if signatures[f.Name+"("+f.Arguments+")"] {
			v.fail(fp, "function %s(%s) appears twice", f.Name, f.Arguments)
		}
		signatures[f.Name+"("+f.Arguments+")"] = true
	}
}

// uniqueNames checks that n named things have names, and distinct ones.
func (v *validator) uniqueNames(path, what string, n int, name func(int) string) {
	var few [smallSet]string // the names so far, for a list of at most smallSet
	var seen map[string]bool // the same for a longer list
	if n > smallSet {
		seen = make(map[string]bool, n)
	}
	for i := range n {
		nm := name(i)
		switch {
		case what == "enum value" && strings.ContainsRune(nm, 0):
			v.fail(namePath(path, what, i), "the enum value %q holds a NUL byte", nm)
		case what != "enum value" && (nm == "" || strings.ContainsRune(nm, 0)):
			v.name(namePath(path, what, i), nm, what)
		}
		var twice bool
		if seen != nil {
			twice, seen[nm] = seen[nm], true
		} else {
			twice, few[i] = slices.Contains(few[:i], nm), nm
		}
		if twice {
			v.fail(namePath(path, what, i), "%s %q appears twice", what, nm)
		}
	}
}

// smallSet is the size up to which the validator finds a name twice by comparing it with
// those before it, not through a map: a table's columns, indexes and key columns are a
// handful, and a map per list was most of the time of validating a snapshot.
const smallSet = 16

// namePath is where the i-th name of a list is, for a failure: made only then, since the
// names of every column of every table are checked.
func namePath(path, what string, i int) string {
	if what == "enum value" {
		return fmt.Sprintf("%s[%d]", path, i)
	}
	return fmt.Sprintf("%s[%d].name", path, i)
}

func (v *validator) table(path string, s *Schema, t *Table) {
	if len(t.Columns) == 0 && v.db.Dialect != Postgres {
		v.fail(path+".columns", "table %q has no columns (only PostgreSQL allows that)", t.Name)
	}
	v.uniqueNames(path+".columns", "column", len(t.Columns), func(i int) string { return t.Columns[i].Name })
	if v.db.Dialect != SQLite {
		for i, c := range t.Columns {
			if strings.TrimSpace(c.Type) == "" {
				v.fail(fmt.Sprintf("%s.columns[%d].type", path, i), "column %q has no type", c.Name)
			}
		}
	}
	if pk := t.PrimaryKey; pk != nil {
		v.columnList(path+".primary_key.columns", t, pk.Columns, "primary key")
	}
	for i, u := range t.Uniques {
		v.columnList(fmt.Sprintf("%s.uniques[%d].columns", path, i), t, u.Columns, "unique constraint")
	}
	for i := range t.Indexes {
		ix := &t.Indexes[i]
		ip := func() string { return fmt.Sprintf("%s.indexes[%d]", path, i) } // for a failure only
		if len(ix.Parts) == 0 && len(ix.Columns) == 0 {
			v.fail(ip()+".parts", "index %q has no key parts", ix.Name)
		}
		if len(ix.Parts) == 0 { // listed by columns alone: each becomes a part (ReadSnapshot)
			for j, c := range ix.Columns {
				if strings.TrimSpace(c) == "" {
					v.fail(fmt.Sprintf("%s.columns[%d]", ip(), j), "index %q has an empty key column", ix.Name)
				}
			}
		}
		for j, p := range ix.Parts {
			switch {
			case p.Column == "" && strings.TrimSpace(p.Expression) == "":
				v.fail(fmt.Sprintf("%s.parts[%d]", ip(), j), "index %q has a part with neither a column nor an expression", ix.Name)
			case p.Column != "" && t.Column(p.Column) == nil:
				v.fail(fmt.Sprintf("%s.parts[%d].column", ip(), j), "%q is not a column of table %q", p.Column, t.Name)
			}
		}
	}
	v.uniqueNames(path+".indexes", "index", len(t.Indexes), func(i int) string { return t.Indexes[i].Name })
	v.uniqueNames(path+".triggers", "trigger", len(t.Triggers), func(i int) string { return t.Triggers[i].Name })
	for i := range t.ForeignKeys {
		v.foreignKey(path+".foreign_keys["+strconv.Itoa(i)+"]", s, t, &t.ForeignKeys[i])
	}
	if pg := t.Postgres; pg != nil && pg.PartitionOf != nil {
		if parent, ok := v.lookup(*pg.PartitionOf); ok && parent == nil && v.db.Filtered == nil && len(v.db.Notes) == 0 {
			v.fail(path+".postgres.partition_of", "table %q is a partition of %s, which the snapshot's schema %q does not hold", t.Name, refName(*pg.PartitionOf), pg.PartitionOf.Schema)
		}
	}
}

// columnList checks a list of column names: not empty, each a column of t, none twice.
func (v *validator) columnList(path string, t *Table, cols []string, what string) {
	if len(cols) == 0 {
		v.fail(path, "the %s of table %q has no columns", what, t.Name)
	}
	for i, c := range cols {
		if t.Column(c) == nil {
			v.fail(fmt.Sprintf("%s[%d]", path, i), "%q is not a column of table %q", c, t.Name)
		}
		if slices.Contains(cols[:i], c) { // a key has a handful of columns
			v.fail(fmt.Sprintf("%s[%d]", path, i), "column %q appears twice in the %s", c, what)
		}
	}
}

func (v *validator) foreignKey(path string, s *Schema, t *Table, fk *ForeignKey) {
	v.columnList(path+".columns", t, fk.Columns, "foreign key")
	if fk.RefTable == "" {
		v.fail(path+".ref_table", "the foreign key names no table")
		return
	}
	if len(fk.RefColumns) != 0 && len(fk.RefColumns) != len(fk.Columns) {
		v.fail(path+".ref_columns", "%d referenced columns for %d columns", len(fk.RefColumns), len(fk.Columns))
	}
	ref := TableRef{Schema: fk.RefSchema, Name: fk.RefTable}
	if ref.Schema == "" {
		ref.Schema = s.Name
	}
	target, inModel := v.lookup(ref)
	switch {
	case !inModel:
		return // a table of a schema not inspected: nothing to check it against
	case target == nil && v.db.Filtered == nil && len(v.db.Notes) == 0:
		v.fail(path+".ref_table", "%s is not a table of the snapshot", refName(ref))
	case target == nil:
		return // left out by the filter the snapshot records, or by what it could not read
	default:
		for i, c := range fk.RefColumns {
			if target.Column(c) == nil {
				v.fail(fmt.Sprintf("%s.ref_columns[%d]", path, i), "%q is not a column of table %s", c, refName(ref))
			}
		}
	}
}

// lookup finds a table: inModel is false when its schema is not in the snapshot at all.
func (v *validator) lookup(ref TableRef) (t *Table, inModel bool) {
	if v.tables == nil {
		v.tables = map[TableRef]*Table{}
		for i := range v.db.Schemas {
			s := &v.db.Schemas[i]
			v.tables[TableRef{Schema: s.Name}] = nil // the schema is in the model
			for j := range s.Tables {
				if r := (TableRef{Schema: s.Name, Name: s.Tables[j].Name}); v.tables[r] == nil {
					v.tables[r] = &s.Tables[j] // the first of a duplicated name, as Schema.Table finds
				}
			}
		}
	}
	if _, ok := v.tables[TableRef{Schema: ref.Schema}]; !ok {
		return nil, false
	}
	return v.tables[ref], true
}

// inheritance checks that no table inherits from, or is a partition of, itself through any
// chain: a cycle would send every walk up the hierarchy round forever.
func (v *validator) inheritance() {
	parents := map[TableRef][]TableRef{}
	where := map[TableRef]string{}
	var order []TableRef
	for i := range v.db.Schemas {
		s := &v.db.Schemas[i]
		for j := range s.Tables {
			t := &s.Tables[j]
			if t.Postgres == nil {
				continue
			}
			self := TableRef{Schema: s.Name, Name: t.Name}
			where[self] = fmt.Sprintf("schemas[%d].tables[%d].postgres", i, j)
			order = append(order, self)
			parents[self] = append(parents[self], t.Postgres.Inherits...)
			if t.Postgres.PartitionOf != nil {
				parents[self] = append(parents[self], *t.Postgres.PartitionOf)
			}
		}
	}
	const (
		visiting = 1
		done     = 2
	)
	state := map[TableRef]int{}
	var walk func(TableRef) bool
	walk = func(r TableRef) bool {
		switch state[r] {
		case visiting:
			return false
		case done:
			return true
		}
		state[r] = visiting
		for _, p := range parents[r] {
			if !walk(p) {
				return false
			}
		}
		state[r] = done
		return true
	}
	for _, r := range order {
		if !walk(r) {
			v.fail(where[r], "table %s inherits from itself (an inheritance or partition cycle)", refName(r))
			return
		}
	}
}

func refName(r TableRef) string { return fmt.Sprintf("%q.%q", r.Schema, r.Name) }

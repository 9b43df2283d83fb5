package diff

import (
	"path"
	"slices"
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

// differ is one comparison in progress: the two models, the options, and what was found.
type differ struct {
	opts          Options
	ignore        []Category // a list: there are a few, asked about for every column and constraint
	from, to      side
	cross         bool // the sides are different engines: compare on portable terms
	changes       []Change
	notComparable map[string]bool
	// pairs is the schema pairing, recorded in Result.Schemas.
	pairs []SchemaPair
	// notes and left are what scope.go says in Result.Notes.
	notes      []string
	left       map[leftKey]int
	filterList []filter
	// columnExcludes are Options.Exclude's globs by their number of dots, for keepColumn.
	columnExcludes map[int][]string
}

// side is one model with what the walker needs to know about it.
type side struct {
	db      *schema.Database
	dialect schema.Dialect
	// canon maps this side's schema names to the pairing's common name (FROM's name), so
	// foreign key targets in paired schemas with different names compare equal.
	canon map[string]string
	// enums holds named enum types by name and schema.name, for logical types.
	enums map[string][]string
	// renames maps this side's schemas paired under another name to that name, for the
	// qualifiers in SQL text (qualifiers.go).
	renames map[string]string
	// memo is Options.Memo: canonical texts kept for the run (memo.go).
	memo *Memo
	// texts keeps this comparison's canonical texts (memo.go); shared by the two sides of
	// one differ, each fork has its own.
	texts *textCache
}

// expr is the canonical text of an expression of this side.
func (s side) expr(text string) string {
	if text == "" {
		return ""
	}
	if s.memo != nil {
		return s.memo.get(memoKey{'e', s.dialect, text, relevantRenames(text, s.renames)}, func() string {
			return join(exprTokens(s.dialect, text, s.renames))
		})
	}
	key := textKey{'e', s.dialect, text}
	if v, ok := s.cached(key); ok {
		return v
	}
	v := join(exprTokens(s.dialect, text, s.renames))
	s.keep(key, v)
	return v
}

// defaultExpr is the canonical text of a default of this side, "" for none.
func (s side) defaultExpr(text *string) string {
	if text == nil {
		return ""
	}
	if s.memo != nil {
		return s.memo.get(memoKey{'d', s.dialect, *text, relevantRenames(*text, s.renames)}, func() string {
			return canonicalDefaultIn(s.dialect, text, s.renames)
		})
	}
	key := textKey{'d', s.dialect, *text}
	if v, ok := s.cached(key); ok {
		return v
	}
	v := canonicalDefaultIn(s.dialect, text, s.renames)
	s.keep(key, v)
	return v
}

// code is routine or trigger text with this side's qualifiers read as the pairing's names.
func (s side) code(text string) string { return requalifyText(s.dialect, text, s.renames) }

func newDiffer(from, to *schema.Database, opts Options) *differ {
	d := &differ{
		opts:          opts,
		from:          newSide(from, opts.Memo),
		to:            newSide(to, opts.Memo),
		cross:         from.Dialect != to.Dialect,
		notComparable: map[string]bool{},
		left:          map[leftKey]int{},
	}
	d.from.texts = newTextCache()
	d.to.texts = d.from.texts
	d.ignore = slices.Clone(opts.Ignore) // appended to below: never the caller's array
	for _, g := range opts.Exclude {
		if d.columnExcludes == nil {
			d.columnExcludes = map[int][]string{}
		}
		n := strings.Count(g, ".")
		d.columnExcludes[n] = append(d.columnExcludes[n], g)
	}
	if !opts.ColumnOrder {
		d.ignore = append(d.ignore, CatColumnOrder)
	}
	return d
}

func newSide(db *schema.Database, memo *Memo) side {
	s := side{db: db, dialect: db.Dialect, memo: memo, canon: map[string]string{}, enums: map[string][]string{}, renames: map[string]string{}}
	for _, sc := range db.Schemas {
		s.canon[sc.Name] = sc.Name
		for _, e := range sc.Enums {
			s.enums[strings.ToLower(e.Name)] = e.Values
			s.enums[strings.ToLower(sc.Name+"."+e.Name)] = e.Values
		}
	}
	return s
}

// ignored reports whether the comparison leaves category c out (Options.Ignore).
func (d *differ) ignored(c Category) bool { return slices.Contains(d.ignore, c) }

// note records an engine-specific detail that was not compared (once).
func (d *differ) note(what string) {
	d.notComparable[what] = true
}

func (d *differ) add(c Change) {
	if d.admit(&c) {
		d.changes = append(d.changes, c)
	}
}

// schemaPair is a schema of FROM and the schema of TO it is compared with.
type schemaPair struct{ from, to *schema.Schema }

// walk compares the two models from the top down.
func (d *differ) walk() {
	pairs, dropped, added := d.pairSchemas()
	if !d.ignored(CatExtensions) {
		d.compareExtensions()
	}
	for _, s := range dropped {
		d.droppedSchema(s)
	}
	for _, s := range added {
		d.addedSchema(s)
	}
	for _, p := range pairs {
		d.compareSchema(p.from, p.to)
	}
}

// pairSchemas pairs FROM's schemas with TO's: through Options.SchemaMap, then by name, and
// when each side has exactly one schema, those two whatever their names (MySQL databases are
// named per environment: app_prod, app_staging; SQLite's main is PostgreSQL's public).
func (d *differ) pairSchemas() (pairs []schemaPair, dropped, added []*schema.Schema) {
	fromS, toS := d.from.db.Schemas, d.to.db.Schemas
	used := map[string]bool{}
	if len(fromS) == 1 && len(toS) == 1 {
		pairs = append(pairs, schemaPair{&fromS[0], &toS[0]})
	} else {
		for i := range fromS {
			f := &fromS[i]
			target := f.Name
			if m, ok := d.opts.SchemaMap[f.Name]; ok {
				target = m
			}
			if t := d.to.db.Schema(target); t != nil && !used[t.Name] {
				used[t.Name] = true
				pairs = append(pairs, schemaPair{f, t})
				continue
			}
			if d.keepObject(f.Name, "") {
				dropped = append(dropped, f)
			}
		}
		pairedFrom := map[string]bool{}
		for _, p := range pairs {
			pairedFrom[p.from.Name] = true
		}
		if f, t, ok := pairDefaultSchemas(d.from.db, d.to.db, used, pairedFrom); ok {
			used[t.Name] = true
			pairs = append(pairs, schemaPair{f, t})
			kept := dropped[:0]
			for _, s := range dropped {
				if s != f {
					kept = append(kept, s)
				}
			}
			dropped = kept
		}
		for i := range toS {
			if t := &toS[i]; !used[t.Name] && d.keepObject(t.Name, "") {
				added = append(added, t)
			}
		}
	}
	for _, p := range pairs {
		d.to.canon[p.to.Name] = p.from.Name
		d.pairs = append(d.pairs, SchemaPair{From: p.from.Name, To: p.to.Name})
		if p.to.Name != p.from.Name {
			d.to.renames[p.to.Name] = p.from.Name
		}
	}
	return pairs, dropped, added
}

// keepObject applies the filters (Include and Exclude, and each side's own) to a schema-level
// object (name "" for the schema itself, which include patterns never exclude: see
// wholeSchema for dropping or creating one).
func (d *differ) keepObject(schemaName, name string) bool {
	if name == "" {
		return true
	}
	for _, f := range d.filters() {
		if len(f.include) > 0 && !matchGlobs(f.include, name, schemaName+"."+name) {
			return false
		}
		if matchGlobs(f.exclude, name, schemaName+"."+name) {
			return false
		}
	}
	return true
}

// keepColumn applies Exclude to a column: table.column or schema.table.column.
// It is matchGlobs(Exclude, table.column, schema.table.column) without making either name
// unless a glob has its number of dots: it runs for every column of every table, and the
// globs the CLI always adds (migration tables) have none.
func (d *differ) keepColumn(schemaName, table, column string) bool {
	if len(d.columnExcludes) == 0 {
		return true
	}
	dots := strings.Count(table, ".") + strings.Count(column, ".") + 1
	if globs := d.columnExcludes[dots]; len(globs) > 0 && matchGlobs(globs, table+"."+column) {
		return false
	}
	dots += strings.Count(schemaName, ".") + 1
	if globs := d.columnExcludes[dots]; len(globs) > 0 && matchGlobs(globs, schemaName+"."+table+"."+column) {
		return false
	}
	return true
}

// matchGlobs reports whether any glob matches any of the subjects. A glob without a dot is
// only tried on the first (bare) subject, so "users" never matches a column.
func matchGlobs(globs []string, subjects ...string) bool {
	for _, g := range globs {
		for _, s := range subjects {
			if strings.Count(g, ".") != strings.Count(s, ".") {
				continue
			}
			if ok, _ := path.Match(g, s); ok {
				return true
			}
		}
	}
	return false
}

// compareSchema compares two paired schemas and everything in them.
func (d *differ) compareSchema(f, t *schema.Schema) {
	var fields []FieldChange
	if fc, tc := schemaComment(d.from.dialect, f), schemaComment(d.to.dialect, t); d.commentsComparable(f.Comment, t.Comment) && fc != tc {
		fields = append(fields, FieldChange{Field: FieldComment, From: deref(f.Comment), To: deref(t.Comment)})
	}
	if !d.cross && !d.ignored(CatCollations) {
		fm, tm := mysqlSchema(f), mysqlSchema(t)
		fields = diffField(fields, FieldCharset, fm.Charset, tm.Charset)
		fields = diffField(fields, FieldCollation, fm.Collation, tm.Collation)
	}
	fields = append(fields, d.accessChanges(f, t)...)
	fields = append(fields, d.schemaDefaultPrivileges(f, t)...)
	if len(fields) > 0 {
		d.add(Change{Action: Modify, Object: ObjSchema, Schema: f.Name, Name: f.Name, from: f, to: t, Fields: fields})
	}
	d.compareTables(f, t)
	if !d.ignored(CatViews) {
		d.compareViews(f, t)
	}
	d.compareSchemaObjects(f, t)
}

func mysqlSchema(s *schema.Schema) schema.MySQLSchema {
	if s.MySQL == nil {
		return schema.MySQLSchema{}
	}
	return *s.MySQL
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// diffField appends a field change when a and b differ.
func diffField(fields []FieldChange, name Field, a, b string) []FieldChange {
	if a == b {
		return fields
	}
	return append(fields, FieldChange{Field: name, From: a, To: b})
}

// compareExtensions compares PostgreSQL extensions by name.
func (d *differ) compareExtensions() {
	if d.cross {
		if len(d.from.db.Extensions)+len(d.to.db.Extensions) > 0 {
			d.note("extensions (PostgreSQL only)")
		}
		return
	}
	toByName := map[string]*schema.Extension{}
	for i := range d.to.db.Extensions {
		toByName[d.to.db.Extensions[i].Name] = &d.to.db.Extensions[i]
	}
	seen := map[string]bool{}
	for i := range d.from.db.Extensions {
		f := &d.from.db.Extensions[i]
		seen[f.Name] = true
		if !d.keepObject(f.Schema, f.Name) {
			continue // filters apply to every kind of object: an extension by schema.name
		}
		t := toByName[f.Name]
		if t == nil {
			d.add(Change{Action: Drop, Object: ObjExtension, Schema: f.Schema, Name: f.Name, from: f})
			continue
		}
		var fields []FieldChange
		fields = diffField(fields, FieldVersion, f.Version, t.Version)
		fields = diffField(fields, FieldSchema, f.Schema, d.canonTo(t.Schema))
		if len(fields) > 0 {
			d.add(Change{Action: Modify, Object: ObjExtension, Schema: f.Schema, Name: f.Name, from: f, to: t, Fields: fields})
		}
	}
	for i := range d.to.db.Extensions {
		if t := &d.to.db.Extensions[i]; !seen[t.Name] && d.keepObject(t.Schema, t.Name) {
			d.add(Change{Action: Add, Object: ObjExtension, Schema: t.Schema, Name: t.Name, to: t})
		}
	}
}

// canonTo maps a TO schema name to the common (FROM) name of its pairing.
func (d *differ) canonTo(name string) string {
	if c, ok := d.to.canon[name]; ok {
		return c
	}
	return name
}

// commentsComparable reports whether comments are compared: not when ignored, and not across
// engines when one of them is SQLite, which has no comments (noted instead).
func (d *differ) commentsComparable(f, t *string) bool {
	if d.ignored(CatComments) {
		return false
	}
	if d.cross && (rulesOf(d.from.dialect).noComments || rulesOf(d.to.dialect).noComments) {
		if f != nil || t != nil {
			d.note("comments (SQLite has none)")
		}
		return false
	}
	return true
}

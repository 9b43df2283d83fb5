package diff

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

// tableCtx is one pair of tables being compared.
type tableCtx struct {
	schema   string // FROM's schema name
	toSchema string // TO's schema name
	from     *schema.Table
	to       *schema.Table
	onView   bool
}

// compareTables pairs the tables of two schemas by name, then reports drops, adds and renames
// of the rest, and compares each pair in full.
func (d *differ) compareTables(fs, ts *schema.Schema) {
	toByName := make(map[string]*schema.Table, len(ts.Tables))
	for i := range ts.Tables {
		if d.keepObject(ts.Name, ts.Tables[i].Name) {
			toByName[ts.Tables[i].Name] = &ts.Tables[i]
		}
	}
	matched := map[string]bool{}
	var dropped, added []*schema.Table
	var pairs []tableCtx
	for i := range fs.Tables {
		f := &fs.Tables[i]
		if !d.keepObject(fs.Name, f.Name) {
			continue
		}
		if t := toByName[f.Name]; t != nil {
			matched[t.Name] = true
			pairs = append(pairs, tableCtx{schema: fs.Name, toSchema: ts.Name, from: f, to: t})
			continue
		}
		dropped = append(dropped, f)
	}
	d.compareTablePairs(pairs)
	for i := range ts.Tables {
		if t := &ts.Tables[i]; toByName[t.Name] != nil && !matched[t.Name] {
			added = append(added, t)
		}
	}
	if d.foldsTables(fs, ts) {
		dropped, added = d.tableCaseRenames(fs, ts, dropped, added)
	}
	dropped, added = d.tableRenames(fs, ts, dropped, added)
	dropped, added = d.similarTableRenames(fs, ts, dropped, added)
	for _, f := range dropped {
		d.add(Change{Action: Drop, Object: ObjTable, Schema: fs.Name, Name: f.Name, from: f, Destructive: true})
	}
	for _, t := range added {
		d.add(Change{Action: Add, Object: ObjTable, Schema: fs.Name, Name: t.Name, to: t})
	}
}

// tableRenames pairs a dropped and an added table whose columns are identical (names, types,
// nullability) and unique to them: that is a rename, which keeps the data, not a drop and an
// add. Ambiguous candidates stay drop + add, for a person to decide.
func (d *differ) tableRenames(fs, ts *schema.Schema, dropped, added []*schema.Table) ([]*schema.Table, []*schema.Table) {
	if len(dropped) == 0 || len(added) == 0 {
		return dropped, added
	}
	bySig := map[string][]*schema.Table{}
	for _, t := range added {
		sig := d.columnSignature(d.to, t)
		bySig[sig] = append(bySig[sig], t)
	}
	fromSig := map[string]int{}
	for _, f := range dropped {
		fromSig[d.columnSignature(d.from, f)]++
	}
	renamedTo := map[*schema.Table]bool{}
	var keepDropped []*schema.Table
	for _, f := range dropped {
		sig := d.columnSignature(d.from, f)
		if cands := bySig[sig]; len(cands) == 1 && fromSig[sig] == 1 && len(f.Columns) > 0 {
			renamedTo[cands[0]] = true
			d.renameTable(fs, ts, f, cands[0])
			continue
		}
		keepDropped = append(keepDropped, f)
	}
	return keepDropped, notRenamed(added, renamedTo)
}

// similarTableRenames pairs a dropped and an added PostgreSQL table that are the same table
// renamed and changed (a column gained or lost, one re-typed): the same primary key (column
// names and types), and most columns shared by name and type — three in four of the larger
// table's, or half where a table FROM keeps references one and the same table in TO references
// the other with the same columns. A pair is made only when each is the other's one
// candidate; anything less certain stays drop + add, for a person to decide (a wrong pairing
// would rename one table's rows into another's).
func (d *differ) similarTableRenames(fs, ts *schema.Schema, dropped, added []*schema.Table) ([]*schema.Table, []*schema.Table) {
	if len(dropped) == 0 || len(added) == 0 || d.cross || !rulesOf(d.from.dialect).similarRenames {
		return dropped, added
	}
	// Only tables with the same primary key are compared, and a key shared by many tables on
	// both sides (id int everywhere) is not looked into: the cost stays linear in the model,
	// and pairings among so many look-alikes would be guesses.
	const crowd = 64
	types := map[*schema.Table]map[string]string{}
	keyOf := func(s side, t *schema.Table) string {
		if t.PrimaryKey == nil {
			return ""
		}
		m := make(map[string]string, len(t.Columns))
		for _, c := range t.Columns {
			m[c.Name] = canonicalType(s.dialect, c.Type)
		}
		types[t] = m
		var b strings.Builder
		for _, k := range t.PrimaryKey.Columns {
			fmt.Fprintf(&b, "%s %s;", k, m[k])
		}
		return b.String()
	}
	byKey := map[string][2][]*schema.Table{}
	for _, f := range dropped {
		if k := keyOf(d.from, f); k != "" {
			b := byKey[k]
			b[0] = append(b[0], f)
			byKey[k] = b
		}
	}
	for _, t := range added {
		if k := keyOf(d.to, t); k != "" {
			b := byKey[k]
			b[1] = append(b[1], t)
			byKey[k] = b
		}
	}
	candidates := map[*schema.Table][]*schema.Table{} // dropped → added, and added → dropped
	for _, b := range byKey {
		if len(b[0]) > crowd || len(b[1]) > crowd {
			continue
		}
		for _, f := range b[0] {
			for _, t := range b[1] {
				if similarColumns(types[f], types[t]) || halfSimilar(types[f], types[t]) && referencedAlike(fs, ts, f, t) {
					candidates[f] = append(candidates[f], t)
					candidates[t] = append(candidates[t], f)
				}
			}
		}
	}
	renamedTo := map[*schema.Table]bool{}
	var keepDropped []*schema.Table
	for _, f := range dropped {
		if c := candidates[f]; len(c) == 1 && len(candidates[c[0]]) == 1 {
			renamedTo[c[0]] = true
			d.renameTable(fs, ts, f, c[0])
			continue
		}
		keepDropped = append(keepDropped, f)
	}
	return keepDropped, notRenamed(added, renamedTo)
}

// sharedColumns counts the columns of f that t has with the same type, and the larger
// table's column count.
func sharedColumns(f, t map[string]string) (shared, larger int) {
	for name, ty := range f {
		if t[name] == ty {
			shared++
		}
	}
	return shared, max(len(f), len(t))
}

// similarColumns: three in four of the larger table's columns shared (and at least two).
func similarColumns(f, t map[string]string) bool {
	shared, larger := sharedColumns(f, t)
	return shared >= 2 && shared*4 >= larger*3
}

// halfSimilar: half of them shared, which takes a foreign key as well to count.
func halfSimilar(f, t map[string]string) bool {
	shared, larger := sharedColumns(f, t)
	return shared >= 2 && shared*2 >= larger
}

// referencedAlike reports a table of FROM with a foreign key to f whose namesake in TO has
// one to t over the same columns.
func referencedAlike(fs, ts *schema.Schema, f, t *schema.Table) bool {
	for i := range fs.Tables {
		other := ts.Table(fs.Tables[i].Name)
		if other == nil {
			continue
		}
		for _, fk := range fs.Tables[i].ForeignKeys {
			if fk.RefTable != f.Name || fk.RefSchema != "" && fk.RefSchema != fs.Name {
				continue
			}
			for _, tk := range other.ForeignKeys {
				if tk.RefTable == t.Name && (tk.RefSchema == "" || tk.RefSchema == ts.Name) &&
					slices.Equal(fk.Columns, tk.Columns) && slices.Equal(fk.RefColumns, tk.RefColumns) {
					return true
				}
			}
		}
	}
	return false
}

// tableCaseRenames pairs a dropped and an added table whose names differ only in case, where
// names compare without case: the same table, renamed only if its spelling changes.
func (d *differ) tableCaseRenames(fs, ts *schema.Schema, dropped, added []*schema.Table) ([]*schema.Table, []*schema.Table) {
	names := func(ts []*schema.Table) []string {
		out := make([]string, len(ts))
		for i, t := range ts {
			out[i] = t.Name
		}
		return out
	}
	pairs := caseRenames(names(dropped), names(added))
	if len(pairs) == 0 {
		return dropped, added
	}
	paired := map[int]bool{}
	var keepDropped []*schema.Table
	for i, f := range dropped {
		j, ok := pairs[i]
		if !ok {
			keepDropped = append(keepDropped, f)
			continue
		}
		t := added[j]
		paired[j] = true
		if rulesOf(d.from.dialect).caseRenameFails {
			// lower_case_table_names is on (MySQL): the server stores or compares the name
			// folded, and a RENAME TABLE to another spelling of it fails ("already exists").
			d.compareTable(tableCtx{schema: fs.Name, toSchema: ts.Name, from: f, to: t})
			continue
		}
		d.add(Change{Action: Rename, Object: ObjTable, Schema: fs.Name, Name: f.Name, NewName: t.Name, from: f, to: t,
			Fields: []FieldChange{{Field: FieldName, From: f.Name, To: t.Name}}})
		d.compareTable(tableCtx{schema: fs.Name, toSchema: ts.Name, from: f, to: t})
	}
	var keepAdded []*schema.Table
	for j, t := range added {
		if !paired[j] {
			keepAdded = append(keepAdded, t)
		}
	}
	return keepDropped, keepAdded
}

func (d *differ) columnSignature(s side, t *schema.Table) string {
	var b strings.Builder
	for _, c := range t.Columns {
		ty := canonicalType(s.dialect, c.Type)
		if d.cross {
			ty = logical(s.dialect, c.Type, s.enums, false).String()
		}
		fmt.Fprintf(&b, "%s %s %v;", c.Name, ty, c.Nullable)
	}
	return b.String()
}

// compareTable compares two tables with the same identity.
func (d *differ) compareTable(tc tableCtx) {
	f, t := tc.from, tc.to
	if fields := d.tableFields(f, t); len(fields) > 0 {
		d.add(Change{Action: Modify, Object: ObjTable, Schema: tc.schema, Name: f.Name, from: f, to: t, Fields: fields})
	}
	d.compareColumns(tc)
	d.comparePrimaryKeys(tc)
	if !d.ignored(CatForeignKeys) {
		d.compareItems(tc, ObjForeignKey, d.foreignKeyItems(d.from, tc.schema, f), d.foreignKeyItems(d.to, tc.toSchema, t))
	}
	fromIdx, fromUniq := d.indexItems(d.from, f)
	toIdx, toUniq := d.indexItems(d.to, t)
	if !d.ignored(CatUniques) {
		d.compareItems(tc, ObjUnique, fromUniq, toUniq)
	}
	if !d.ignored(CatChecks) {
		d.compareItems(tc, ObjCheck, d.checkItems(d.from, f), d.checkItems(d.to, t))
	}
	if !d.ignored(CatIndexes) {
		d.compareItems(tc, ObjIndex, fromIdx, toIdx)
	}
	d.compareExclusions(tc)
	if !d.ignored(CatTriggers) {
		d.compareTriggers(tc, f.Triggers, t.Triggers)
	}
	if !d.ignored(CatPolicies) {
		d.comparePolicies(tc)
	}
	if !d.ignored(CatRules) {
		d.compareRules(tc, pgRules(f), pgRules(t))
	}
}

// tableFields compares what a table has besides its columns and constraints.
func (d *differ) tableFields(f, t *schema.Table) []FieldChange {
	out := d.accessChanges(f, t)
	if d.commentsComparable(f.Comment, t.Comment) {
		out = diffField(out, FieldComment, deref(f.Comment), deref(t.Comment))
	}
	if d.ignored(CatTableOptions) {
		return out
	}
	fo, to := d.tableOptions(d.from, f), d.tableOptions(d.to, t)
	if d.cross {
		if len(fo)+len(to) > 0 {
			d.note("table options (engine, partitioning, WITHOUT ROWID, …)")
		}
		return out
	}
	return append(out, fieldChanges(newItem("", false, nil, fo), newItem("", false, nil, to))...)
}

// tableOptions lists a table's engine-specific settings that are set.
func (d *differ) tableOptions(s side, t *schema.Table) []field {
	var out []field
	add := func(name Field, canon, shown string) {
		if canon != "" {
			out = append(out, field{name, canon, shown})
		}
	}
	flag := func(name Field, b bool) {
		if b {
			add(name, "yes", "yes")
		}
	}
	if p := t.Postgres; p != nil {
		flag(FieldUnlogged, p.Unlogged)
		add(FieldPartitionKey, s.expr(p.PartitionKey), p.PartitionKey)
		if p.PartitionOf != nil {
			ref := d.refName(s, p.PartitionOf.Schema, "", p.PartitionOf.Name)
			add(FieldPartitionOf, ref, p.PartitionOf.Schema+"."+p.PartitionOf.Name)
		}
		add(FieldPartitionBound, s.expr(p.PartitionBound), p.PartitionBound)
		var inh []string
		for _, in := range p.Inherits {
			inh = append(inh, d.refName(s, in.Schema, "", in.Name))
		}
		add(FieldInherits, strings.Join(inh, ", "), strings.Join(inh, ", "))
		flag(FieldRowSecurity, p.RowSecurity)
		flag(FieldForceRowSecurity, p.ForceRowSecurity)
		d.pgTableSettings(p, add)
	}
	if m := t.MySQL; m != nil {
		add(FieldEngine, strings.ToLower(m.Engine), m.Engine)
		if !d.ignored(CatCollations) {
			add(FieldCharset, m.Charset, m.Charset)
			add(FieldCollation, m.Collation, m.Collation)
		}
		add(FieldRowFormat, strings.ToLower(m.RowFormat), m.RowFormat)
		flag(FieldSystemVersioning, m.SystemVersioned)
		add(FieldPartitioning, s.expr(m.Partitioning), m.Partitioning)
		add(FieldOptions, strings.ToLower(collapseSpace(m.CreateOptions)), m.CreateOptions)
	}
	if l := t.SQLite; l != nil {
		flag(FieldWithoutRowID, l.WithoutRowID)
		flag(FieldStrict, l.Strict)
		add(FieldModule, strings.ToLower(l.Module), l.Module)
	}
	return out
}

// refName is a table reference in the pairing's common schema names.
func (d *differ) refName(s side, refSchema, ownSchema, name string) string {
	r := rulesOf(s.dialect)
	if refSchema == "" || r.implicitSchema != "" && refSchema == r.implicitSchema {
		refSchema = ownSchema
	}
	if c, ok := s.canon[refSchema]; ok {
		refSchema = c
	}
	if !d.cross && r.foldsTableNames {
		name = strings.ToLower(name)
	}
	return refSchema + "." + name
}

// --- columns ---

func (d *differ) compareColumns(tc tableCtx) {
	f, t := tc.from, tc.to
	toByName := make(map[string]*schema.Column, len(t.Columns))
	for i := range t.Columns {
		toByName[t.Columns[i].Name] = &t.Columns[i]
	}
	// pair maps each FROM column kept to its TO column: the one of the same name, or, where
	// names compare without case, the one spelled otherwise (a rename of case).
	pair := make(map[string]*schema.Column, len(f.Columns)) // sized: grown, a map is copied
	matchedTo := make(map[string]bool, len(t.Columns))
	var unmatched []*schema.Column
	for i := range f.Columns {
		fc := &f.Columns[i]
		if tcol := toByName[fc.Name]; tcol != nil {
			pair[fc.Name], matchedTo[tcol.Name] = tcol, true
		} else {
			unmatched = append(unmatched, fc)
		}
	}
	if d.foldsColumns() && len(unmatched) > 0 {
		d.columnCaseRenames(t, unmatched, pair, matchedTo)
	}
	for i := range f.Columns {
		fc := &f.Columns[i]
		if !d.keepColumn(tc.schema, f.Name, fc.Name) {
			continue
		}
		tcol := pair[fc.Name]
		if tcol == nil {
			d.add(Change{Action: Drop, Object: ObjColumn, Schema: tc.schema, Table: f.Name, Name: fc.Name, from: fc, Destructive: true})
			continue
		}
		if tcol.Name != fc.Name {
			d.add(Change{Action: Rename, Object: ObjColumn, Schema: tc.schema, Table: f.Name, Name: fc.Name, NewName: tcol.Name, from: fc, to: tcol,
				Fields: []FieldChange{{Field: FieldName, From: fc.Name, To: tcol.Name}}})
		}
		d.compareColumn(tc, fc, tcol)
	}
	for i := range t.Columns {
		tcol := &t.Columns[i]
		if matchedTo[tcol.Name] || !d.keepColumn(tc.schema, f.Name, tcol.Name) {
			continue
		}
		d.add(Change{Action: Add, Object: ObjColumn, Schema: tc.schema, Table: f.Name, Name: tcol.Name, to: tcol,
			Destructive: !tcol.Nullable && tcol.Default == nil && tcol.Identity == nil && !tcol.AutoIncrement && tcol.Generated == nil})
	}
	if !d.ignored(CatColumnOrder) {
		d.compareColumnOrder(tc, pair)
	}
}

// columnCaseRenames pairs FROM columns without a TO column of their name with the TO column
// spelled otherwise in case only.
func (d *differ) columnCaseRenames(t *schema.Table, unmatched []*schema.Column, pair map[string]*schema.Column, matchedTo map[string]bool) {
	var rest []*schema.Column
	for i := range t.Columns {
		if !matchedTo[t.Columns[i].Name] {
			rest = append(rest, &t.Columns[i])
		}
	}
	fromNames, toNames := make([]string, len(unmatched)), make([]string, len(rest))
	for i, c := range unmatched {
		fromNames[i] = c.Name
	}
	for j, c := range rest {
		toNames[j] = c.Name
	}
	for i, j := range caseRenames(fromNames, toNames) {
		pair[unmatched[i].Name], matchedTo[rest[j].Name] = rest[j], true
	}
}

// compareColumnOrder reports columns whose place among the columns both sides share moved.
func (d *differ) compareColumnOrder(tc tableCtx, pair map[string]*schema.Column) {
	var common []string
	for _, c := range tc.from.Columns {
		if pair[c.Name] != nil && d.keepColumn(tc.schema, tc.from.Name, c.Name) {
			common = append(common, c.Name)
		}
	}
	rank := map[*schema.Column]int{}
	for _, name := range common {
		rank[pair[name]] = -1
	}
	n := 0
	for i := range tc.to.Columns {
		if _, ok := rank[&tc.to.Columns[i]]; ok {
			rank[&tc.to.Columns[i]] = n
			n++
		}
	}
	for i, name := range common {
		tcol := pair[name]
		if rank[tcol] != i {
			fc := tc.from.Column(name)
			d.add(Change{Action: Modify, Object: ObjColumn, Schema: tc.schema, Table: tc.from.Name, Name: name, from: fc, to: tcol,
				Fields: []FieldChange{{Field: FieldPosition, From: strconv.Itoa(i + 1), To: strconv.Itoa(rank[tcol] + 1)}}})
		}
	}
}

// compareColumn compares two columns of the same name.
func (d *differ) compareColumn(tc tableCtx, f, t *schema.Column) {
	var fields []FieldChange
	destructive := false
	logicalTypes := func() (logicalType, logicalType) {
		return logical(d.from.dialect, f.Type, d.from.enums, isRowidAlias(d.from.dialect, tc.from, f)),
			logical(d.to.dialect, t.Type, d.to.enums, isRowidAlias(d.to.dialect, tc.to, t))
	}
	if d.cross {
		fl, tl := logicalTypes()
		if !portableEqual(fl, tl) {
			fields = append(fields, FieldChange{Field: FieldType, From: f.Type, To: t.Type})
			destructive = destructive || narrows(fl, tl)
		}
	} else if !d.sameSpelling(f.Type, t.Type) && canonicalType(d.from.dialect, f.Type) != canonicalType(d.to.dialect, t.Type) {
		fl, tl := logicalTypes()
		fields = append(fields, FieldChange{Field: FieldType, From: f.Type, To: t.Type})
		destructive = destructive || narrows(fl, tl) || fl.fam == famOther
	}
	if f.Nullable != t.Nullable {
		fields = append(fields, FieldChange{Field: FieldNullable, From: nullText(f.Nullable), To: nullText(t.Nullable)})
		destructive = destructive || !t.Nullable
	}
	fAuto, tAuto := d.isAuto(d.from, tc.from, f), d.isAuto(d.to, tc.to, t)
	if d.cross && fAuto != tAuto && (implicitAuto(d.from.dialect, tc.from, f) || implicitAuto(d.to.dialect, tc.to, t)) {
		fAuto, tAuto = false, false // the same DDL: only SQLite fills the key by itself
	}
	if !d.ignored(CatDefaults) && !(d.cross && (fAuto || tAuto)) && !d.sameText(f.Default, t.Default) {
		fd, td := d.from.defaultExpr(f.Default), d.to.defaultExpr(t.Default)
		if d.cross {
			fd, td = numericLiteral(portableDefault(fd)), numericLiteral(portableDefault(td))
		}
		if fd != td {
			fields = append(fields, FieldChange{Field: FieldDefault, From: deref(f.Default), To: deref(t.Default)})
		}
	}
	if !d.ignored(CatIdentity) {
		fields = append(fields, d.identityFields(f, t, fAuto, tAuto)...)
	}
	if fg, tg := d.generatedText(d.from, f), d.generatedText(d.to, t); fg != tg {
		fields = append(fields, FieldChange{Field: FieldGenerated, From: shownGenerated(f), To: shownGenerated(t)})
		destructive = destructive || f.Generated == nil
	}
	fields = append(fields, d.columnDetails(f, t)...)
	fields = append(fields, d.pgColumnSettings(f, t)...)
	if len(fields) > 0 {
		d.add(Change{Action: Modify, Object: ObjColumn, Schema: tc.schema, Table: tc.from.Name, Name: f.Name, from: f, to: t,
			Fields: fields, Destructive: destructive})
	}
}

// columnDetails compares collation, character set, comment, ON UPDATE and visibility:
// settings that across engines are noted rather than compared.
func (d *differ) columnDetails(f, t *schema.Column) []FieldChange {
	var out []FieldChange
	fm, tm := mysqlColumn(f), mysqlColumn(t)
	if !d.ignored(CatCollations) {
		if d.cross {
			if f.Collation != "" || t.Collation != "" || fm.Charset != "" || tm.Charset != "" {
				d.note("collations and character sets")
			}
		} else {
			out = diffField(out, FieldCollation, f.Collation, t.Collation)
			out = diffField(out, FieldCharset, fm.Charset, tm.Charset)
		}
	}
	if !d.ignored(CatDefaults) {
		if d.cross {
			if fm.OnUpdate != "" || tm.OnUpdate != "" {
				d.note("MySQL ON UPDATE clauses")
			}
		} else if !d.sameText(&fm.OnUpdate, &tm.OnUpdate) && d.from.defaultExpr(&fm.OnUpdate) != d.to.defaultExpr(&tm.OnUpdate) {
			out = append(out, FieldChange{Field: FieldOnUpdate, From: fm.OnUpdate, To: tm.OnUpdate})
		}
	}
	if d.commentsComparable(f.Comment, t.Comment) {
		out = diffField(out, FieldComment, deref(f.Comment), deref(t.Comment))
	}
	if d.cross {
		if f.Invisible || t.Invisible {
			d.note("invisible columns")
		}
	} else if f.Invisible != t.Invisible {
		out = append(out, FieldChange{Field: FieldInvisible, From: strconv.FormatBool(f.Invisible), To: strconv.FormatBool(t.Invisible)})
	}
	if !d.cross {
		out = diffField(out, FieldSystemVersioning, columnVersioning(fm), columnVersioning(tm))
	}
	return out
}

// columnVersioning is a MariaDB column's part in its table's system versioning: "ROW START",
// "ROW END" (the period columns), "WITHOUT SYSTEM VERSIONING", or "" (versioned with its row).
func columnVersioning(m schema.MySQLColumn) string {
	switch {
	case m.RowPeriod != "":
		return "ROW " + m.RowPeriod
	case m.WithoutVersioning:
		return "WITHOUT SYSTEM VERSIONING"
	}
	return ""
}

func mysqlColumn(c *schema.Column) schema.MySQLColumn {
	if c.MySQL == nil {
		return schema.MySQLColumn{}
	}
	return *c.MySQL
}

func nullText(nullable bool) string {
	if nullable {
		return "NULL"
	}
	return "NOT NULL"
}

// portableDefault removes spellings that differ only between engines: TRUE is 1.
func portableDefault(s string) string {
	switch s {
	case "true":
		return "1"
	case "false":
		return "0"
	}
	return s
}

// isAuto reports whether the database fills the column with a generated key: identity,
// serial (a nextval default), AUTO_INCREMENT, or SQLite's INTEGER PRIMARY KEY.
func (d *differ) isAuto(s side, t *schema.Table, c *schema.Column) bool {
	return c.Identity != nil || c.AutoIncrement || isRowidAlias(s.dialect, t, c) ||
		c.Default != nil && strings.HasPrefix(strings.ToLower(strings.TrimSpace(*c.Default)), "nextval(")
}

// isRowidAlias reports SQLite's INTEGER PRIMARY KEY column: an alias of the rowid, filled
// automatically and able to hold any 64-bit integer.
func isRowidAlias(d schema.Dialect, t *schema.Table, c *schema.Column) bool {
	return rulesOf(d).rowidAliases && t != nil && t.PrimaryKey != nil && len(t.PrimaryKey.Columns) == 1 &&
		t.PrimaryKey.Columns[0] == c.Name && strings.EqualFold(strings.TrimSpace(c.Type), "integer") &&
		(t.SQLite == nil || !t.SQLite.WithoutRowID)
}

// identityFields compares identity and auto-increment. Across engines only whether the
// column is generated is compared; the options are engine-specific.
func (d *differ) identityFields(f, t *schema.Column, fAuto, tAuto bool) []FieldChange {
	if d.cross {
		if f.Identity != nil || t.Identity != nil || f.AutoIncrement || t.AutoIncrement {
			d.note("identity and auto-increment options (only whether a column is generated is compared)")
		}
		if fAuto != tAuto {
			return []FieldChange{{Field: FieldAutoGenerated, From: strconv.FormatBool(fAuto), To: strconv.FormatBool(tAuto)}}
		}
		return nil
	}
	var out []FieldChange
	if !(textShortcuts && sameIdentity(f.Identity, t.Identity)) { // else both texts are one: not written
		out = diffField(out, FieldIdentity, identityText(f.Identity), identityText(t.Identity))
	}
	if f.AutoIncrement != t.AutoIncrement {
		out = append(out, FieldChange{Field: FieldAutoIncrement, From: strconv.FormatBool(f.AutoIncrement), To: strconv.FormatBool(t.AutoIncrement)})
	}
	return out
}

func sameIdentity(a, b *schema.Identity) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}

func identityText(id *schema.Identity) string {
	if id == nil {
		return ""
	}
	return "GENERATED " + id.Generation + " AS IDENTITY " + sequenceText(id.SequenceOptions)
}

func sequenceText(o schema.SequenceOptions) string {
	s := fmt.Sprintf("(start %d, increment %d, min %d, max %d, cache %d", o.Start, o.Increment, o.Min, o.Max, o.Cache)
	if o.Cycle {
		s += ", cycle"
	}
	return s + ")"
}

func (d *differ) generatedText(s side, c *schema.Column) string {
	if c.Generated == nil {
		return ""
	}
	return s.expr(c.Generated.Expression) + " " + strings.ToUpper(string(c.Generated.Kind))
}

func shownGenerated(c *schema.Column) string {
	if c.Generated == nil {
		return ""
	}
	return c.Generated.Expression + " " + string(c.Generated.Kind)
}

// --- primary keys ---

func (d *differ) comparePrimaryKeys(tc tableCtx) {
	f, t := tc.from.PrimaryKey, tc.to.PrimaryKey
	base := Change{Object: ObjPrimaryKey, Schema: tc.schema, Table: tc.from.Name}
	switch {
	case f == nil && t == nil:
		return
	case f == nil:
		base.Action, base.Name, base.to, base.Destructive = Add, deref(t.Name), t, true
		d.add(base)
		return
	case t == nil:
		base.Action, base.Name, base.from = Drop, deref(f.Name), f
		d.add(base)
		return
	}
	base.Name, base.from, base.to = deref(f.Name), f, t
	if d.colList(f.Columns) != d.colList(t.Columns) {
		base.Action, base.Destructive = Modify, true
		base.Fields = []FieldChange{{Field: FieldColumns, From: strings.Join(f.Columns, ", "), To: strings.Join(t.Columns, ", ")}}
		d.add(base)
		return
	}
	if f.Deferrable != t.Deferrable || f.InitiallyDeferred != t.InitiallyDeferred {
		// PostgreSQL only (the other engines never set them): the key is replaced.
		c := base
		c.Action = Modify
		if f.Deferrable != t.Deferrable {
			c.Fields = append(c.Fields, FieldChange{Field: FieldDeferrable, From: fmt.Sprint(f.Deferrable), To: fmt.Sprint(t.Deferrable)})
		}
		if f.InitiallyDeferred != t.InitiallyDeferred {
			c.Fields = append(c.Fields, FieldChange{Field: FieldInitiallyDeferred, From: fmt.Sprint(f.InitiallyDeferred), To: fmt.Sprint(t.InitiallyDeferred)})
		}
		d.add(c)
	}
	fn, tn := deref(f.Name), deref(t.Name)
	fg := d.from.generatedName(nameContext{dialect: d.from.dialect, object: ObjPrimaryKey, table: tc.from.Name}, fn)
	tg := d.to.generatedName(nameContext{dialect: d.to.dialect, object: ObjPrimaryKey, table: tc.to.Name}, tn)
	if fn != tn && !(fg && tg) && (!fg && !tg || d.explicitRename(fn, tn, fg, tg)) && !d.ignored(CatNames) {
		base.Action, base.NewName = Rename, tn
		base.Fields = []FieldChange{{Field: FieldName, From: fn, To: tn}}
		d.add(base)
	}
	if d.commentsComparable(f.Comment, t.Comment) && !d.cross && deref(f.Comment) != deref(t.Comment) {
		c := base
		c.Action, c.NewName = Modify, ""
		c.Fields = []FieldChange{{Field: FieldComment, From: deref(f.Comment), To: deref(t.Comment)}}
		d.add(c)
	}
}

// --- constraints and indexes ---

// compareItems matches and compares one kind of named table object.
func (d *differ) compareItems(tc tableCtx, kind Object, from, to []*item) {
	r := match(from, to, d.ignored(CatNames))
	r = d.dropFKBackingIndexes(kind, r)
	r = d.explicitNames(r)
	base := Change{Object: kind, Schema: tc.schema, Table: tc.from.Name, OnView: tc.onView}
	for _, p := range r.same {
		if fields := fieldChanges(p.from, p.to); len(fields) > 0 {
			c := base
			c.Action, c.Name, c.from, c.to, c.Fields = Modify, p.from.name, p.from.obj, p.to.obj, fields
			c.Destructive = modifyIsDestructive(kind, fields)
			d.add(c)
		}
	}
	for _, p := range r.renamed {
		c := base
		c.Action, c.Name, c.NewName, c.from, c.to = Rename, p.from.name, p.to.name, p.from.obj, p.to.obj
		c.Fields = []FieldChange{{Field: FieldName, From: p.from.name, To: p.to.name}}
		d.add(c)
	}
	for _, it := range r.dropped {
		c := base
		c.Action, c.Name, c.from = Drop, it.name, it.obj
		d.add(c)
	}
	for _, it := range r.added {
		c := base
		c.Action, c.Name, c.to = Add, it.name, it.obj
		c.Destructive = addIsDestructive(kind, it)
		d.add(c)
	}
}

// addIsDestructive: a new constraint on an existing table can fail on the rows already there.
func addIsDestructive(kind Object, it *item) bool {
	switch kind {
	case ObjForeignKey, ObjUnique, ObjCheck, ObjExclusion:
		return true
	case ObjIndex:
		x, ok := it.obj.(*schema.Index)
		return ok && x.Unique
	}
	return false
}

// modifyIsDestructive: a changed constraint is checked again against existing rows.
func modifyIsDestructive(kind Object, fields []FieldChange) bool {
	for _, f := range fields {
		switch {
		case f.Field == FieldComment || f.Field == FieldName || f.Field == FieldInvisible:
		case kind == ObjForeignKey && (f.Field == FieldOnDelete || f.Field == FieldOnUpdate || f.Field == FieldDeferrable || f.Field == FieldInitiallyDeferred):
		case kind == ObjIndex && f.Field != FieldUnique && f.Field != FieldNullsNotDistinct && f.Field != FieldWhere:
		case kind == ObjIndex && f.Field == FieldUnique && f.To != "unique":
		case kind == ObjTrigger:
		default:
			return true
		}
	}
	return false
}

func (d *differ) foreignKeyItems(s side, ownSchema string, t *schema.Table) []*item {
	var out []*item
	for i := range t.ForeignKeys {
		fk := &t.ForeignKeys[i]
		ref := d.refName(s, fk.RefSchema, ownSchema, fk.RefTable)
		fields := fieldsOf(
			field{FieldColumns, d.colList(fk.Columns), strings.Join(fk.Columns, ", ")},
			field{FieldReferences, ref + "(" + d.colList(fk.RefColumns) + ")", fk.RefTable + " (" + strings.Join(fk.RefColumns, ", ") + ")"},
			field{FieldOnDelete, canonicalAction(s.dialect, fk.OnDelete), string(fk.OnDelete)},
			field{FieldOnUpdate, canonicalAction(s.dialect, fk.OnUpdate), string(fk.OnUpdate)},
			field{FieldMatch, strings.ToUpper(fk.Match), fk.Match},
			boolField(FieldDeferrable, fk.Deferrable),
			boolField(FieldInitiallyDeferred, fk.InitiallyDeferred),
			boolField(FieldNotValid, fk.NotValid),
		)
		gen := s.generatedName(nameContext{dialect: s.dialect, object: ObjForeignKey, table: t.Name, columns: fk.Columns}, fk.Name)
		out = append(out, d.commentItem(newItem(fk.Name, gen, fk, fields), fk.Comment))
	}
	return out
}

func boolField(name Field, b bool) field {
	if b {
		return field{name, "yes", "yes"}
	}
	return field{name, "", "no"}
}

func (d *differ) checkItems(s side, t *schema.Table) []*item {
	var out []*item
	for i := range t.Checks {
		c := &t.Checks[i]
		fields := fieldsOf(
			field{FieldExpression, s.expr(c.Expression), c.Expression},
			boolField(FieldNotValid, c.NotValid),
			boolField(FieldNoInherit, c.NoInherit),
			boolField(FieldNotEnforced, c.NotEnforced),
		)
		gen := s.generatedName(nameContext{dialect: s.dialect, object: ObjCheck, table: t.Name, column: c.Column}, c.Name)
		out = append(out, d.commentItem(newItem(c.Name, gen, c, fields), c.Comment))
	}
	return out
}

// indexItems prepares a table's indexes and unique constraints for matching. An index that
// backs a primary key, unique or exclusion constraint is represented by its constraint. A plain
// unique index (columns only, no predicate, no expression) is the same thing as a unique
// constraint, so it is compared among the unique constraints: UNIQUE (email) on one side and
// CREATE UNIQUE INDEX ON t (email) on the other are equal.
func (d *differ) indexItems(s side, t *schema.Table) (indexes, uniques []*item) {
	backed := map[string]bool{}
	uniqueCols := map[string]bool{}
	for i := range t.Uniques {
		u := &t.Uniques[i]
		backed[u.Name] = true
		uniqueCols[d.colList(u.Columns)] = true
		uniques = append(uniques, d.uniqueKind(d.commentItem(d.uniqueItem(s, t, u.Name, u, u.Columns, u.NullsNotDistinct, u.Deferrable, u.InitiallyDeferred), u.Comment), s, "constraint"))
	}
	pkCols := ""
	if t.PrimaryKey != nil {
		pkCols = d.colList(t.PrimaryKey.Columns)
		backed[deref(t.PrimaryKey.Name)] = true
	}
	if t.Postgres != nil {
		for _, x := range t.Postgres.Exclusions {
			backed[x.Name] = true
		}
	}
	fkNames := map[string]bool{}
	for _, fk := range t.ForeignKeys {
		if fk.Name != "" {
			fkNames[fk.Name] = true
		}
	}
	for i := range t.Indexes {
		x := &t.Indexes[i]
		xcols := indexColumns(x)
		cols := d.colList(xcols)
		switch {
		case x.Constraint != "" && backed[x.Constraint]:
			continue
		case x.Unique && (cols == pkCols || x.Name == "PRIMARY") && s.generatedName(nameContext{dialect: s.dialect, object: ObjIndex, table: t.Name, columns: xcols}, x.Name):
			continue // the index behind the primary key
		case x.Unique && plainIndex(x) && uniqueCols[cols] && (x.Constraint != "" || s.generatedName(nameContext{dialect: s.dialect, object: ObjUnique, table: t.Name, columns: xcols}, x.Name)):
			continue // the index behind a unique constraint
		case x.Unique && plainIndex(x):
			uniques = append(uniques, d.uniqueKind(d.commentItem(d.uniqueItem(s, t, x.Name, x, xcols, x.NullsNotDistinct, false, false), x.Comment), s, "index"))
		default:
			indexes = append(indexes, d.indexItem(s, t, x, fkNames))
		}
	}
	return indexes, uniques
}

// indexColumns lists an index's key columns from its parts (expressions as written), so a
// model that was not normalized still compares correctly.
func indexColumns(x *schema.Index) []string { return schema.PartColumns(x.Parts) }

// plainIndex reports an index that says no more than a unique constraint would.
func plainIndex(x *schema.Index) bool {
	if x.Where != "" || len(x.Include) > 0 || canonicalMethod(x.Method) != "btree" || x.Invisible ||
		x.Postgres != nil && len(x.Postgres.With) > 0 {
		return false
	}
	for _, p := range x.Parts {
		if p.Column == "" || p.Desc || p.Nulls != "" || p.Collation != "" || p.OpClass != "" || p.Length != 0 {
			return false
		}
	}
	return true
}

func (d *differ) uniqueItem(s side, t *schema.Table, name string, obj any, cols []string, nnd, deferrable, deferred bool) *item {
	fields := fieldsOf(
		field{FieldColumns, d.colList(cols), strings.Join(cols, ", ")},
		boolField(FieldNullsNotDistinct, nnd),
		boolField(FieldDeferrable, deferrable),
		boolField(FieldInitiallyDeferred, deferred),
	)
	gen := s.generatedName(nameContext{dialect: s.dialect, object: ObjUnique, table: t.Name, columns: cols}, name)
	return newItem(name, gen, obj, fields)
}

func (d *differ) indexItem(s side, t *schema.Table, x *schema.Index, fkNames map[string]bool) *item {
	uniq := ""
	if x.Unique {
		uniq = "unique"
	}
	fields := make([]field, 0, 12) // the most an index has: one slice, not grown by appends
	fields = append(fields,
		field{FieldUnique, uniq, uniq},
		field{FieldParts, d.partsText(s, x.Parts, true), d.partsText(s, x.Parts, false)},
		field{FieldWhere, s.expr(x.Where), x.Where},
		field{FieldInclude, strings.Join(x.Include, ","), strings.Join(x.Include, ", ")},
		boolField(FieldNullsNotDistinct, x.NullsNotDistinct),
	)
	if d.cross && (rulesOf(d.from.dialect).oneIndexKind || rulesOf(d.to.dialect).oneIndexKind) {
		if canonicalMethod(x.Method) != "btree" {
			d.note("index methods (SQLite has one kind of index)")
		}
	} else {
		fields = append(fields, field{FieldMethod, canonicalMethod(x.Method), x.Method})
	}
	if d.cross {
		if x.Invisible || x.Postgres != nil && x.Postgres.Tablespace != "" {
			d.note("index visibility and tablespaces")
		}
	} else {
		fields = append(fields, boolField(FieldInvisible, x.Invisible))
		if x.MySQL != nil || rulesOf(s.dialect).indexParsers {
			parser := ""
			if x.MySQL != nil {
				parser = x.MySQL.Parser
			}
			fields = append(fields, field{FieldParser, parser, parser})
		}
		if x.Postgres != nil {
			fields = append(fields, field{FieldTablespace, x.Postgres.Tablespace, x.Postgres.Tablespace})
		}
		if !d.ignored(CatStorage) {
			fields = append(fields, pgIndexOptions(x))
		}
		if !d.ignored(CatComments) {
			fields = append(fields, field{FieldComment, deref(x.Comment), deref(x.Comment)})
		}
	}
	gen := s.generatedName(nameContext{dialect: s.dialect, object: ObjIndex, table: t.Name, columns: indexColumns(x), fkNames: fkNames}, x.Name)
	it := newItem(x.Name, gen, x, fields)
	return it
}

// partsText writes index key parts canonically (canon) or as people read them.
func (d *differ) partsText(s side, parts []schema.IndexPart, canon bool) string {
	if plainParts(parts) {
		return d.plainPartsText(parts, canon)
	}
	return d.eachPartText(s, parts, canon)
}

// eachPartText is partsText written part by part, for any parts.
func (d *differ) eachPartText(s side, parts []schema.IndexPart, canon bool) string {
	out := make([]string, len(parts))
	for i, p := range parts {
		var b strings.Builder
		switch {
		case p.Column != "" && canon:
			b.WriteString(d.colKey(p.Column))
		case p.Column != "":
			b.WriteString(p.Column)
		case canon:
			b.WriteString("(" + s.expr(p.Expression) + ")")
		default:
			b.WriteString("(" + p.Expression + ")")
		}
		if p.Length > 0 {
			if d.cross {
				d.note("MySQL index prefix lengths")
			} else {
				fmt.Fprintf(&b, "(%d)", p.Length)
			}
		}
		if p.Collation != "" || p.OpClass != "" {
			if d.cross {
				d.note("index collations and operator classes")
			} else {
				if p.Collation != "" && !d.ignored(CatCollations) {
					b.WriteString(" collate " + p.Collation)
				}
				if p.OpClass != "" {
					b.WriteString(" " + p.OpClass)
				}
			}
		}
		if p.Desc {
			b.WriteString(" desc")
		}
		if p.Nulls != "" {
			b.WriteString(" nulls " + strings.ToLower(p.Nulls))
		}
		out[i] = b.String()
	}
	return strings.Join(out, ", ")
}

// plainParts reports key parts that are all columns as they are: no expression, prefix
// length, collation, operator class, order or nulls placement. Most indexes' are.
func plainParts(parts []schema.IndexPart) bool {
	for _, p := range parts {
		if p.Column == "" || p.Length > 0 || p.Collation != "" || p.OpClass != "" || p.Desc || p.Nulls != "" {
			return false
		}
	}
	return true
}

// plainPartsText is partsText of plain parts (plainParts): the columns joined, written
// without a builder per part (one index of one column is its name, no allocation).
func (d *differ) plainPartsText(parts []schema.IndexPart, canon bool) string {
	name := func(p schema.IndexPart) string {
		if canon {
			return d.colKey(p.Column)
		}
		return p.Column
	}
	if len(parts) == 1 {
		return name(parts[0])
	}
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(name(p))
	}
	return b.String()
}

// dropFKBackingIndexes: MySQL must have an index on a foreign key's columns and creates one
// when none was declared; other engines do not. Across engines such an index on the MySQL side
// that the other side lacks is the engine's requirement, not a difference.
func (d *differ) dropFKBackingIndexes(kind Object, r matchResult) matchResult {
	if kind != ObjIndex || !d.cross {
		return r
	}
	keep := func(items []*item, s side) []*item {
		if !rulesOf(s.dialect).fkIndexes {
			return items
		}
		var out []*item
		for _, it := range items {
			if x, ok := it.obj.(*schema.Index); ok && !x.Unique && it.generated {
				d.note("MySQL's indexes backing foreign keys")
				continue
			}
			out = append(out, it)
		}
		return out
	}
	r.dropped = keep(r.dropped, d.from)
	r.added = keep(r.added, d.to)
	return r
}

func (d *differ) compareExclusions(tc tableCtx) {
	var fx, tx []schema.Exclusion
	if tc.from.Postgres != nil {
		fx = tc.from.Postgres.Exclusions
	}
	if tc.to.Postgres != nil {
		tx = tc.to.Postgres.Exclusions
	}
	if d.cross {
		if len(fx)+len(tx) > 0 {
			d.note("exclusion constraints (PostgreSQL only)")
		}
		return
	}
	items := func(s side, t *schema.Table, xs []schema.Exclusion) []*item {
		var out []*item
		for i := range xs {
			x := &xs[i]
			fields := []field{
				{FieldDefinition, s.expr(x.Definition), x.Definition},
				boolField(FieldDeferrable, x.Deferrable),
				boolField(FieldInitiallyDeferred, x.InitiallyDeferred),
			}
			gen := s.generatedName(nameContext{dialect: s.dialect, object: ObjExclusion, table: t.Name}, x.Name)
			out = append(out, d.commentItem(newItem(x.Name, gen, x, fields), x.Comment))
		}
		return out
	}
	d.compareItems(tc, ObjExclusion, items(d.from, tc.from, fx), items(d.to, tc.to, tx))
}

// compareTriggers compares triggers by name. Trigger bodies are engine-specific code, so
// across engines they are noted, not compared.
func (d *differ) compareTriggers(tc tableCtx, from, to []schema.Trigger) {
	if d.cross {
		if len(from)+len(to) > 0 {
			d.note("triggers (engine-specific code)")
		}
		return
	}
	items := func(s side, ts []schema.Trigger) []*item {
		var out []*item
		for i := range ts {
			tr := &ts[i]
			fields := []field{
				{FieldTiming, strings.ToUpper(string(tr.Timing)), string(tr.Timing)},
				{FieldEvents, strings.ToUpper(schema.JoinEvents(tr.Events, ",")), schema.JoinEvents(tr.Events, ", ")},
				{FieldUpdateColumns, strings.Join(tr.UpdateColumns, ","), strings.Join(tr.UpdateColumns, ", ")},
				{FieldLevel, strings.ToUpper(tr.Level), tr.Level},
				{FieldFunction, s.code(tr.Function), tr.Function},
				{FieldWhen, s.expr(tr.When), tr.When},
				{FieldDefinition, collapseSpace(strings.TrimRight(strings.TrimSpace(s.code(tr.Definition)), ";")), tr.Definition},
				boolField(FieldDisabled, tr.Disabled),
			}
			if !d.ignored(CatComments) {
				fields = append(fields, field{FieldComment, deref(tr.Comment), deref(tr.Comment)})
			}
			out = append(out, newItem(tr.Name, false, tr, fields))
		}
		return out
	}
	d.compareItems(tc, ObjTrigger, items(d.from, from), items(d.to, to))
}

// renameTable records f (FROM) renamed to t (TO) and compares the pair as one table.
func (d *differ) renameTable(fs, ts *schema.Schema, f, t *schema.Table) {
	d.add(Change{Action: Rename, Object: ObjTable, Schema: fs.Name, Name: f.Name, NewName: t.Name, from: f, to: t,
		Fields: []FieldChange{{Field: FieldName, From: f.Name, To: t.Name}}})
	d.compareTable(tableCtx{schema: fs.Name, toSchema: ts.Name, from: f, to: t})
}

// notRenamed is added without the tables a rename detector paired.
func notRenamed(added []*schema.Table, renamedTo map[*schema.Table]bool) []*schema.Table {
	var out []*schema.Table
	for _, t := range added {
		if !renamedTo[t] {
			out = append(out, t)
		}
	}
	return out
}

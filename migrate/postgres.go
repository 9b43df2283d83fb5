package migrate

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/dbinspect/dbinspect/ddl"
	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/schema"
)

// pgAlterTable plans the changes of a table that stays: one ALTER TABLE statement per change,
// since PostgreSQL runs them all inside the plan's transaction anyway.
func (p *planner) pgAlterTable(w *tableWork) {
	if w.self != nil && w.self.Action == diff.Modify {
		p.pgTableFields(w)
	}
	columns := w.changesOf(diff.ObjColumn)
	if len(w.collationRetypes) > 0 {
		// Columns converted to a re-created collation: after the drops (a generated column
		// reading one must be gone), before the adds and changes (a new one may read it).
		for _, c := range columns {
			if c.Action == diff.Drop {
				p.pgColumn(w, c)
			}
		}
		p.retypeCollationColumns(w)
		columns = slices.DeleteFunc(columns, func(c *diff.Change) bool { return c.Action == diff.Drop })
	}
	for _, c := range columns {
		p.pgColumn(w, c)
	}
	p.pgKeys(w)
	p.foreignKeyChanges(w)
	p.triggerChanges(w)
}

// retypeCollationColumns writes the table's conversions to re-created collations.
func (p *planner) retypeCollationColumns(w *tableWork) {
	for _, r := range w.collationRetypes {
		p.addGroup(phTables, r.group, r.object, r.sql)
	}
}

// pgTableFields plans a change of the table's own settings.
func (p *planner) pgTableFields(w *tableWork) {
	alter := "ALTER TABLE " + w.tableName(p) + " "
	to := w.to.Postgres
	if to == nil {
		to = &schema.PostgresTable{}
	}
	repartitioned := false
	for _, f := range w.self.Fields {
		switch f.Field {
		case diff.FieldPartitionOf, diff.FieldPartitionBound:
			if !repartitioned {
				p.pgRepartition(w)
				repartitioned = true
			}
		case diff.FieldInherits:
			p.pgInherits(w)
		case diff.FieldComment:
			p.add(phComments, w.label(), "COMMENT ON TABLE "+w.tableName(p)+" IS "+p.commentText(w.to.Comment))
		case diff.FieldUnlogged:
			p.add(phTables, w.label(), alter+map[bool]string{true: "SET UNLOGGED", false: "SET LOGGED"}[to.Unlogged])
		case diff.FieldRowSecurity:
			p.add(phTables, w.label(), alter+map[bool]string{true: "ENABLE", false: "DISABLE"}[to.RowSecurity]+" ROW LEVEL SECURITY")
		case diff.FieldForceRowSecurity:
			p.add(phTables, w.label(), alter+map[bool]string{true: "FORCE", false: "NO FORCE"}[to.ForceRowSecurity]+" ROW LEVEL SECURITY")
		case diff.FieldOptions, diff.FieldReplicaIdentity:
			p.tableSetting(w, f)
		case diff.FieldOwner, diff.FieldGrants: // planAccess
		default:
			p.note("%s of table %s changes (%s → %s): PostgreSQL cannot alter it in place; recreate the table by hand", f.Field, w.label(), f.From, f.To)
		}
	}
}

func (p *planner) commentText(c *string) string {
	if c == nil {
		return "NULL"
	}
	return p.str(*c)
}

// pgColumn plans a column added, dropped or changed.
func (p *planner) pgColumn(w *tableWork, c *diff.Change) {
	alter := "ALTER TABLE " + w.tableName(p) + " "
	switch c.Action {
	case diff.Add:
		_, col := c.Columns()
		s := p.add(phTables, w.label(), alter+"ADD COLUMN "+p.columnDefinition(w.schema, w.to, *col))
		describe(s, Op{Kind: OpAddColumn, Schema: w.schema, Table: w.newName, Column: col})
		if c.Destructive {
			s.Destructive = "adds NOT NULL column " + w.label() + "." + col.Name + " without a default: fails if the table has rows"
		}
		if volatileDefault(col) {
			s.Hazard = "rewrites " + w.label() + " under an ACCESS EXCLUSIVE lock: every row gets its own value of the new column"
		}
		if col.Comment != nil {
			p.add(phComments, w.label(), "COMMENT ON COLUMN "+w.tableName(p)+"."+p.q(col.Name)+" IS "+p.str(*col.Comment))
		}
	case diff.Drop:
		s := p.add(phTables, w.label(), alter+"DROP COLUMN "+p.q(c.Name))
		describe(s, Op{Kind: OpDropColumn, Schema: w.schema, Table: w.newName, Name: c.Name})
		s.Destructive = "drops column " + w.label() + "." + c.Name + " and its values"
		s.onlyDrops = true
	case diff.Modify:
		p.pgModifyColumn(w, c)
	}
}

// pgModifyColumn changes a column in place: type (with USING where PostgreSQL has no
// assignment cast), nullability, default, identity, generated expression, collation, comment.
func (p *planner) pgModifyColumn(w *tableWork, c *diff.Change) {
	f, t := c.Columns()
	col := "ALTER TABLE " + w.tableName(p) + " ALTER COLUMN " + p.q(c.Name) + " "
	label := w.label() + "." + c.Name
	g := p.newGroup()
	add := func(sql string) *Step { return p.addGroup(phTables, g, w.label(), sql) }
	// alter describes a step as a facet of the column change (for the Alembic revision):
	// before it the column has the type existing has, after it col's.
	typeChanged := hasField(c, diff.FieldType, diff.FieldCollation)
	alter := func(s *Step, facet string, col schema.Column, using string) {
		existing := f
		if typeChanged && facet != AlterType {
			existing = t
		}
		describe(s, Op{Kind: OpAlterColumn, Schema: w.schema, Table: w.newName, Name: c.Name, Column: &col, Existing: existing, Alter: facet, Using: using})
	}
	if hasField(c, diff.FieldGenerated) {
		if f.Generated == nil || t.Generated != nil {
			// PostgreSQL 15 cannot change a generation expression: drop and add the column.
			s := add("ALTER TABLE " + w.tableName(p) + " DROP COLUMN " + p.q(c.Name))
			s.Destructive = "replaces column " + label + ": its values are computed again from the new expression"
			add("ALTER TABLE " + w.tableName(p) + " ADD COLUMN " + p.columnDefinition(w.schema, w.to, *t))
			return
		}
		add(col + "DROP EXPRESSION")
	}
	defaultDone := false
	if hasField(c, diff.FieldType, diff.FieldCollation) {
		if f.Default != nil && f.Identity == nil {
			// An old default may not cast to the new type; it is set again below.
			nodefault := *f
			nodefault.Default = nil
			alter(add(col+"DROP DEFAULT"), AlterDefault, nodefault, "")
			defaultDone = true
		}
		newType := p.columnType(w.schema, t.Type)
		sql := col + "TYPE " + newType
		if t.Collation != "" {
			sql += " COLLATE " + ddl.Collation(p.d, t.Collation)
		}
		using, given := p.usingFor(w, c.Name)
		conversion := ""
		switch {
		case given:
			sql += " USING " + using
			conversion = using
		case noCast(f.Type, t.Type):
			p.refuse("column %s: type %s → %s: PostgreSQL has no cast between them; give the conversion with --using %s.%s='expression'",
				label, f.Type, t.Type, w.newName, c.Name)
			p.steps[phTables] = slices.DeleteFunc(p.steps[phTables], func(s Step) bool { return s.group == g })
			return
		case p.isEnum(p.from, w.schema, f.Type) && p.isEnum(p.to, p.toSchemaName(w.schema), t.Type):
			// No cast between two enums: through their labels.
			conversion = p.q(c.Name) + "::text::" + newType
			sql += " USING " + conversion
		case needsUsing(f.Type, t.Type):
			conversion = p.q(c.Name) + "::" + newType
			sql += " USING " + conversion
		}
		s := add(sql)
		alter(s, AlterType, *t, conversion)
		if c.Destructive {
			s.Destructive = fmt.Sprintf("changes the type of %s from %s to %s: values that do not fit make it fail", label, f.Type, t.Type)
		}
		s.Hazard = "rewrites " + w.label() + " and rebuilds its indexes under an ACCESS EXCLUSIVE lock (unless the new type is binary-compatible, as a longer varchar)"
	}
	// SET NOT NULL first: ADD GENERATED … AS IDENTITY wants the column NOT NULL already.
	if hasField(c, diff.FieldNullable) && !t.Nullable && p.online(w) && !hasField(c, diff.FieldIdentity) {
		p.onlineNotNull(w, g, c.Name, label)
	} else if hasField(c, diff.FieldNullable) && !t.Nullable {
		s := add(col + "SET NOT NULL")
		alter(s, AlterNullable, *t, "")
		s.Destructive = "makes " + label + " NOT NULL: fails if a row holds NULL"
		s.Hazard = "scans " + w.label() + " to check for NULLs under an ACCESS EXCLUSIVE lock"
	}
	if hasField(c, diff.FieldIdentity) {
		p.pgIdentity(w, add, col, f, t, &defaultDone)
	}
	if hasField(c, diff.FieldNullable) && t.Nullable {
		alter(add(col+"DROP NOT NULL"), AlterNullable, *t, "")
	}
	if (hasField(c, diff.FieldDefault) || defaultDone) && t.Identity == nil && t.Generated == nil {
		if t.Default != nil {
			alter(add(col+"SET DEFAULT "+*t.Default), AlterDefault, *t, "")
		} else if !defaultDone {
			alter(add(col+"DROP DEFAULT"), AlterDefault, *t, "")
		}
	}
	if hasField(c, diff.FieldComment) {
		p.add(phComments, w.label(), "COMMENT ON COLUMN "+w.tableName(p)+"."+p.q(c.Name)+" IS "+p.commentText(t.Comment))
	}
	for _, fc := range c.Fields {
		if fc.Field == diff.FieldPosition {
			p.note("column %s moves from position %s to %s: PostgreSQL cannot reorder columns", label, fc.From, fc.To)
		}
	}
}

// pgIdentity adds, drops or changes a column's identity.
func (p *planner) pgIdentity(w *tableWork, add func(string) *Step, col string, f, t *schema.Column, defaultDone *bool) {
	switch {
	case f.Identity == nil && t.Identity != nil:
		if f.Default != nil && !*defaultDone {
			add(col + "DROP DEFAULT") // a serial's nextval
			*defaultDone = true
		}
		add(fmt.Sprintf("%sADD GENERATED %s AS IDENTITY (%s)", col, t.Identity.Generation, ddl.SequenceOptions(t.Identity.SequenceOptions)))
	case f.Identity != nil && t.Identity == nil:
		add(col + "DROP IDENTITY")
	default:
		o := t.Identity.SequenceOptions
		if o.Min > f.Identity.SequenceOptions.Min {
			// A current value below the new MINVALUE makes the ALTER fail: move it up first.
			seq := "pg_get_serial_sequence(" + p.str(w.tableName(p)) + ", " + p.str(t.Name) + ")"
			add(fmt.Sprintf("SELECT setval(%s, %d, false) WHERE coalesce(pg_sequence_last_value(%s::regclass), %d) < %d", seq, o.Min, seq, o.Min-1, o.Min))
		}
		cycle := "NO CYCLE"
		if o.Cycle {
			cycle = "CYCLE"
		}
		add(fmt.Sprintf("%sSET GENERATED %s SET INCREMENT BY %d SET MINVALUE %d SET MAXVALUE %d SET START WITH %d SET CACHE %d SET %s",
			col, t.Identity.Generation, o.Increment, o.Min, o.Max, o.Start, max(o.Cache, 1), cycle))
	}
}

// typeFamilies groups PostgreSQL types between which an assignment cast exists, so ALTER
// COLUMN … TYPE needs no USING. An explicit cast where an assignment cast would do is not
// harmless: varchar(n)::varchar(m) silently truncates, while the assignment cast fails.
var typeFamilies = []*regexp.Regexp{
	regexp.MustCompile(`^(smallint|integer|bigint|int[248]?|numeric|decimal|real|double precision|float[48]?)\b`),
	regexp.MustCompile(`^(text|character varying|varchar|character|char|bpchar|citext|name)\b`),
	regexp.MustCompile(`^(timestamp|date)\b`),
	regexp.MustCompile(`^(time)\b`),
	regexp.MustCompile(`^(bit|bit varying|varbit)\b`),
	regexp.MustCompile(`^(json|jsonb)$`),
	regexp.MustCompile(`^(boolean|bool)$`),
}

// needsUsing reports a type change without an assignment cast (text → integer, text → enum).
func needsUsing(from, to string) bool {
	from, to = strings.ToLower(strings.TrimSpace(from)), strings.ToLower(strings.TrimSpace(to))
	if strings.HasSuffix(from, "[]") != strings.HasSuffix(to, "[]") {
		return true
	}
	for _, re := range typeFamilies {
		if re.MatchString(from) && re.MatchString(to) {
			return false
		}
	}
	return true
}

// pgKeys plans primary keys, uniques, checks, exclusions and indexes: dropped (or replaced)
// before the columns change, added after.
func (p *planner) pgKeys(w *tableWork) {
	tbl := w.tableName(p)
	for _, c := range w.changes {
		switch c.Object {
		case diff.ObjPrimaryKey, diff.ObjUnique, diff.ObjCheck, diff.ObjExclusion, diff.ObjIndex:
		default:
			continue
		}
		if c.Action == diff.Rename {
			p.pgRenameKey(w, c)
			continue
		}
		if c.Action == diff.Modify && onlyFields(c, diff.FieldComment) {
			p.constraintComment(w, c)
			continue
		}
		if p.uniqueUsingIndex(w, c) {
			continue
		}
		if c.Action == diff.Modify && c.Object == diff.ObjIndex && onlyFields(c, diff.FieldOptions, diff.FieldComment) {
			p.indexOptions(w, c)
			if hasField(c, diff.FieldComment) {
				p.constraintComment(w, c)
			}
			continue
		}
		if x, _ := indexSides(c); c.Action == diff.Drop && x != nil && x.Constraint == "" && p.online(w) {
			p.afterTx(w, p.newGroup(), "DROP INDEX CONCURRENTLY IF EXISTS "+p.qq(w.schema, c.Name))
			continue
		}
		if c.Action != diff.Add {
			p.add(phDropKeys, w.label(), p.pgDropKeySQL(w, c))
		}
		if c.Action != diff.Drop {
			p.pgAddKey(w, tbl, c)
			p.recreatedKeyComment(w, c) // a replaced object keeps its comment
		}
	}
}

func (p *planner) pgDropKeySQL(w *tableWork, c *diff.Change) string {
	if x, _ := indexSides(c); x != nil && x.Constraint == "" {
		return "DROP INDEX " + p.qq(w.schema, c.Name)
	}
	name := c.Name
	if c.Object == diff.ObjPrimaryKey {
		if pk, _ := c.PrimaryKeys(); pk.Name != nil {
			name = *pk.Name
		}
	}
	return "ALTER TABLE " + w.fromName(p) + " DROP CONSTRAINT " + p.q(name)
}

func (p *planner) pgAddKey(w *tableWork, tbl string, c *diff.Change) {
	if _, x := indexSides(c); x != nil {
		p.createIndex(w, *x) // an index, or a plain unique index compared as a unique
		return
	}
	switch c.Object {
	case diff.ObjPrimaryKey:
		_, to := c.PrimaryKeys()
		name := ""
		if to.Name != nil {
			name = "CONSTRAINT " + p.q(*to.Name) + " "
		}
		s := p.add(phKeys, w.label(), "ALTER TABLE "+tbl+" ADD "+name+"PRIMARY KEY ("+ddl.QuoteList(p.d, to.Columns)+")"+ddl.Deferrable(to.Deferrable, to.InitiallyDeferred))
		s.Hazard = p.buildHazard(w, "the primary key's index")
	case diff.ObjUnique:
		_, to := c.Uniques()
		nnd := ""
		if to.NullsNotDistinct {
			nnd = "NULLS NOT DISTINCT "
		}
		s := p.add(phKeys, w.label(), "ALTER TABLE "+tbl+" ADD CONSTRAINT "+p.q(to.Name)+" UNIQUE "+nnd+"("+ddl.QuoteList(p.d, to.Columns)+")"+ddl.Deferrable(to.Deferrable, to.InitiallyDeferred))
		s.Destructive = p.failsOnRows(c, "unique constraint "+to.Name)
		s.Hazard = p.buildHazard(w, "the unique index")
	case diff.ObjCheck:
		_, to := c.Checks()
		sql := "ALTER TABLE " + tbl + " ADD CONSTRAINT " + p.q(to.Name) + " " + ddl.CheckClause(to.Expression)
		if to.NoInherit {
			sql += " NO INHERIT"
		}
		g := p.newGroup()
		switch {
		case to.NotValid:
			sql += " NOT VALID"
		case p.online(w):
			sql += " NOT VALID"
			p.validateLater(w, g, to.Name)
		}
		s := p.addGroup(phKeys, g, w.label(), sql)
		s.Destructive = p.failsOnRows(c, "check "+to.Name)
		if !to.NotValid && !p.online(w) && w.kept() {
			s.Hazard = "scans " + w.label() + " to validate " + to.Name + " under an ACCESS EXCLUSIVE lock (--online: NOT VALID, then VALIDATE)"
		}
	case diff.ObjExclusion:
		_, to := c.Exclusions()
		s := p.add(phKeys, w.label(), "ALTER TABLE "+tbl+" ADD CONSTRAINT "+p.q(to.Name)+" "+to.Definition+ddl.Deferrable(to.Deferrable, to.InitiallyDeferred))
		s.Hazard = p.buildHazard(w, "the exclusion's index")
	default:
		panic("migrate: no PostgreSQL key statement for a " + string(c.Object) + " change")
	}
}

// failsOnRows is the destructive note of a constraint that existing rows may violate.
func (p *planner) failsOnRows(c *diff.Change, what string) string {
	if !c.Destructive {
		return ""
	}
	return "adds " + what + ": fails if existing rows violate it"
}

// createIndex creates an index of an existing table; with --concurrently (PostgreSQL) after
// the transaction, unless a foreign key added in this plan needs it.
func (p *planner) createIndex(w *tableWork, x schema.Index) {
	sql := ddl.CreateIndex(p.d, w.schema, w.newName, x)
	if p.r.lockLight && (p.opts.Concurrently || p.opts.Online) && w.kept() && !p.fkNeedsIndex(w, x) {
		s := p.add(phAfterTx, w.label(), strings.Replace(sql, " INDEX ", " INDEX CONCURRENTLY ", 1))
		s.NoTransaction = true
		s.Hazard = "builds the index without blocking writes, in two scans of " + w.label() + "; a failed build leaves an INVALID index to drop"
		return
	}
	describe(p.add(phKeys, w.label(), sql), Op{Kind: OpCreateIndex, Schema: w.schema, Table: w.newName, Index: &x}).Hazard = p.buildHazard(w, "the index")
}

// fkNeedsIndex reports a unique index that a foreign key added in the transaction references.
// What the foreign keys reference is gathered once (a scan of every table's keys per index
// was indexes × tables).
func (p *planner) fkNeedsIndex(w *tableWork, x schema.Index) bool {
	if !x.Unique {
		return false
	}
	if p.fkTargets == nil {
		planWork.fkTargetSets.Add(1)
		p.fkTargets = map[string]bool{}
		for _, other := range p.order {
			if other.to == nil {
				continue
			}
			for _, fk := range other.to.ForeignKeys {
				p.fkTargets[fk.RefTable+"\x00"+strings.Join(fk.RefColumns, ",")] = true
			}
		}
	}
	return p.fkTargets[w.newName+"\x00"+strings.Join(x.Columns, ",")]
}

func (p *planner) pgRenameKey(w *tableWork, c *diff.Change) {
	if x, _ := indexSides(c); x != nil && x.Constraint == "" {
		p.add(phRenames, w.label(), "ALTER INDEX "+p.qq(w.schema, c.Name)+" RENAME TO "+p.q(c.NewName))
		return
	}
	p.add(phRenames, w.label(), "ALTER TABLE "+w.tableName(p)+" RENAME CONSTRAINT "+p.q(c.Name)+" TO "+p.q(c.NewName))
}

// pgTableExtras are the settings of a new table that CREATE TABLE does not carry.
func (p *planner) pgTableExtras(w *tableWork, t *schema.Table) {
	tbl := w.tableName(p)
	for _, c := range t.Checks {
		if c.NotValid && !c.Inherited {
			p.add(phKeys, w.label(), "ALTER TABLE "+tbl+" ADD CONSTRAINT "+p.q(c.Name)+" "+ddl.CheckClause(c.Expression)+" NOT VALID")
		}
	}
	if pg := t.Postgres; pg != nil && pg.RowSecurity {
		p.add(phTables, w.label(), "ALTER TABLE "+tbl+" ENABLE ROW LEVEL SECURITY")
		if pg.ForceRowSecurity {
			p.add(phTables, w.label(), "ALTER TABLE "+tbl+" FORCE ROW LEVEL SECURITY")
		}
	}
}

// tableComments writes the comments of a new table (PostgreSQL; MySQL keeps them inline).
func (p *planner) tableComments(w *tableWork, t *schema.Table) {
	tbl := w.tableName(p)
	if t.Comment != nil {
		p.add(phComments, w.label(), "COMMENT ON TABLE "+tbl+" IS "+p.str(*t.Comment))
	}
	for _, c := range t.Columns {
		if c.Comment != nil {
			p.add(phComments, w.label(), "COMMENT ON COLUMN "+tbl+"."+p.q(c.Name)+" IS "+p.str(*c.Comment))
		}
	}
	for _, x := range t.Indexes {
		if x.Comment != nil {
			p.add(phComments, w.label(), "COMMENT ON INDEX "+p.qq(w.schema, x.Name)+" IS "+p.str(*x.Comment))
		}
	}
	for _, tr := range t.Triggers {
		if tr.Comment != nil {
			p.add(phComments, w.label(), "COMMENT ON TRIGGER "+p.q(tr.Name)+" ON "+tbl+" IS "+p.str(*tr.Comment))
		}
	}
}

// postgresFields are the fields the PostgreSQL planner plans (see fields.go): tables and
// domains plan some fields and note the rest themselves; constraints, indexes, triggers,
// views, collations and routines are replaced whole.
var postgresFields = map[diff.Object]fieldSet{
	diff.ObjSchema:    only(diff.FieldComment, diff.FieldOwner, diff.FieldGrants, diff.FieldDefaultPrivileges),
	diff.ObjExtension: only(diff.FieldVersion, diff.FieldSchema),
	diff.ObjTable:     every,
	diff.ObjColumn: only(diff.FieldType, diff.FieldNullable, diff.FieldDefault, diff.FieldIdentity, diff.FieldGenerated,
		diff.FieldCollation, diff.FieldComment, diff.FieldPosition, diff.FieldOptions, diff.FieldStatistics, diff.FieldStorage),
	diff.ObjPrimaryKey: every, diff.ObjForeignKey: every, diff.ObjUnique: every, diff.ObjCheck: every,
	diff.ObjIndex: every, diff.ObjExclusion: every, diff.ObjTrigger: every, diff.ObjView: every,
	diff.ObjCollation:     every,
	diff.ObjTextSearch:    only(diff.FieldParser, diff.FieldMappings, diff.FieldComment),
	diff.ObjEnum:          only(diff.FieldValues, diff.FieldComment, diff.FieldOwner, diff.FieldGrants),
	diff.ObjDomain:        every,
	diff.ObjCompositeType: only(diff.FieldAttributes, diff.FieldComment, diff.FieldOwner, diff.FieldGrants),
	diff.ObjSequence:      only(diff.FieldType, diff.FieldOptions, diff.FieldOwnedBy, diff.FieldComment, diff.FieldOwner, diff.FieldGrants),
	diff.ObjFunction:      every,
	diff.ObjPolicy:        every,
	diff.ObjRule:          every,
}

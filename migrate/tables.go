package migrate

import (
	"cmp"
	"slices"
	"strings"

	"github.com/dbinspect/dbinspect/ddl"
	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/schema"
)

type tableKey struct{ schema, name string }

// tableWork is everything that happens to one table: the table's own change (add, drop,
// rename, modify) and the changes of its columns, keys, indexes and triggers.
type tableWork struct {
	schema string // FROM's schema name: the database being changed
	name   string // the name in FROM (in TO for an added table)
	// newName is the name in TO; statements after the rename phase use it.
	newName  string
	from, to *schema.Table
	self     *diff.Change // the table's own change, if any
	changes  []*diff.Change
	// dropFKs and addFKs are foreign keys dropped and added again because a change is in
	// their way (a column type change, a replaced key they reference).
	dropFKs []schema.ForeignKey
	addFKs  []schema.ForeignKey
	// rebuild: SQLite recreates the table (the 12-step procedure).
	rebuild bool
	// refused: nothing of the table is planned (Plan.Refused says why).
	refused bool
	// collationRetypes are its columns converted to a re-created collation.
	collationRetypes []collationRetype
}

func (w *tableWork) added() bool   { return w.self != nil && w.self.Action == diff.Add }
func (w *tableWork) dropped() bool { return w.self != nil && w.self.Action == diff.Drop }

// kept reports a table that exists on both sides.
func (w *tableWork) kept() bool { return w.from != nil && w.to != nil }

// changesOf lists the table's changes of one object kind.
func (w *tableWork) changesOf(obj diff.Object) []*diff.Change {
	var out []*diff.Change
	for _, c := range w.changes {
		if c.Object == obj {
			out = append(out, c)
		}
	}
	return out
}

// toSchemaName maps a FROM schema name to the TO schema diff compared it with (the pairing
// recorded in diff.Result.Schemas). A schema diff did not pair (only in TO, or dropped) keeps
// its name.
func (p *planner) toSchemaName(name string) string {
	if to, ok := p.res.PairedSchema(name); ok {
		return to
	}
	return name
}

// targetModel returns TO's model with each schema renamed to the FROM schema it is compared
// with (toSchemaName the other way round). The names differ only with a schema map, or when
// FROM and TO each hold a single schema of different names; then the copy is shallow, only the
// schema names change. References between tables (foreign keys, partitions, inheritance) keep
// TO's names: the callers map those themselves (addForeignKey, fixSchema).
func (p *planner) targetModel() *schema.Database {
	names := map[string]string{} // TO name → FROM name
	for _, sc := range p.from.Schemas {
		if to := p.toSchemaName(sc.Name); to != sc.Name {
			names[to] = sc.Name
		}
	}
	if len(names) == 0 {
		return p.to
	}
	db := *p.to
	db.Schemas = slices.Clone(p.to.Schemas)
	for i := range db.Schemas {
		if from, ok := names[db.Schemas[i].Name]; ok {
			db.Schemas[i].Name = from
		}
	}
	return &db
}

// columnDefinition writes a column of a table of TO, in FROM's schema schemaName, for ADD
// COLUMN and MODIFY COLUMN.
func (p *planner) columnDefinition(schemaName string, t *schema.Table, c schema.Column) string {
	return p.targetDDL.ColumnDefinition(schemaName, t, c)
}

// columnType writes a TO type for a column of FROM's schema schemaName (qualified where it
// names a type of that schema, as CREATE TABLE writes it).
func (p *planner) columnType(schemaName, typ string) string {
	return p.targetDDL.ColumnType(schemaName, typ)
}

func (p *planner) fromTable(schemaName, name string) *schema.Table {
	return p.fromDDL.Table(schemaName, name)
}

func (p *planner) toTable(schemaName, name string) *schema.Table {
	return p.toDDL.Table(p.toSchemaName(schemaName), name)
}

// work returns the work of a table, creating it on first use.
func (p *planner) work(schemaName, name string) *tableWork {
	k := tableKey{schemaName, name}
	if w := p.tables[k]; w != nil {
		return w
	}
	w := &tableWork{schema: schemaName, name: name, newName: name,
		from: p.fromTable(schemaName, name), to: p.toTable(schemaName, name)}
	p.tables[k] = w
	p.order = append(p.order, w)
	return w
}

// collectTables groups the table changes by table. Tables of added schemas are added tables.
func (p *planner) collectTables() {
	for i := range p.res.Changes {
		c := &p.res.Changes[i]
		switch {
		case c.Object == diff.ObjTable:
			w := p.work(c.Schema, c.Name)
			w.self = c
			switch c.Action {
			case diff.Add:
				_, t := c.Tables()
				w.from, w.to = nil, t
			case diff.Drop:
				f, _ := c.Tables()
				w.from, w.to = f, nil
			case diff.Rename:
				_, t := c.Tables()
				w.newName, w.to = c.NewName, t
			}
		case c.Object == diff.ObjSchema && c.Action == diff.Add:
			_, sc := c.Schemas()
			for j := range sc.Tables {
				w := p.work(c.Schema, sc.Tables[j].Name)
				w.from, w.to = nil, &sc.Tables[j]
				self := diff.NewChange(diff.Add, diff.ObjTable, c.Schema, "", w.name, nil, w.to)
				w.self = &self
			}
		case c.Table != "" && !c.OnView:
			w := p.work(c.Schema, c.Table)
			w.changes = append(w.changes, c)
		}
	}
	p.sortAddedTables()
}

// sortAddedTables puts partitions and inheriting tables after their parents, and dropped ones
// before theirs (DROP TABLE of an INHERITS parent fails while a child remains).
func (p *planner) sortAddedTables() {
	depth := func(w *tableWork) int {
		n := 0
		t, lookup := w.to, p.toTable
		if w.dropped() {
			t, lookup = w.from, p.fromTable
		}
	walk:
		for ; t != nil && t.Postgres != nil && n < 64; n++ {
			var parent *schema.TableRef
			switch {
			case t.Postgres.PartitionOf != nil:
				parent = t.Postgres.PartitionOf
			case len(t.Postgres.Inherits) > 0:
				parent = &t.Postgres.Inherits[0]
			default:
				break walk // a root with settings of its own (rules, options): n is its depth too
			}
			t = lookup(parent.Schema, parent.Name)
		}
		if w.dropped() {
			return -n
		}
		return n
	}
	slices.SortStableFunc(p.order, func(a, b *tableWork) int { return depth(a) - depth(b) })
}

// extraForeignKeyWork finds foreign keys that must be dropped and added again although diff
// reports no change to them: those over a column whose type changes (no engine lets a key
// column change type under a foreign key that stays) and those referencing a primary key or
// unique constraint that is replaced.
func (p *planner) extraForeignKeyWork() {
	changedCols := map[string]bool{} // schema.table.column whose type changes
	replacedKeys := map[string]bool{}
	for _, w := range p.order {
		if !w.kept() {
			continue
		}
		for _, c := range w.changes {
			switch {
			case c.Object == diff.ObjColumn && c.Action == diff.Modify && hasField(c, diff.FieldType, diff.FieldCollation, diff.FieldCharset, diff.FieldGenerated):
				changedCols[w.schema+"."+w.name+"."+c.Name] = true
			case (c.Object == diff.ObjPrimaryKey || c.Object == diff.ObjUnique) && (c.Action == diff.Modify || c.Action == diff.Drop):
				replacedKeys[w.schema+"."+w.name] = true
			}
		}
		if p.r.rebuildNeeded(w) {
			w.rebuild = true
			replacedKeys[w.schema+"."+w.name] = true
		}
	}
	if len(changedCols)+len(replacedKeys) == 0 || p.ddlRules().InlineForeignKeys {
		return // part of the table's text (SQLite): checked only when rows change, kept by rebuilds
	}
	for _, w := range p.order {
		if !w.kept() {
			continue
		}
		for _, fk := range w.from.ForeignKeys {
			if p.fkChanged(w, fk.Name) {
				continue
			}
			refSchema := fk.RefSchema
			if refSchema == "" {
				refSchema = w.schema
			}
			inWay := replacedKeys[refSchema+"."+fk.RefTable]
			for i, col := range fk.Columns {
				inWay = inWay || changedCols[w.schema+"."+w.name+"."+col] ||
					i < len(fk.RefColumns) && changedCols[refSchema+"."+fk.RefTable+"."+fk.RefColumns[i]]
			}
			if !inWay {
				continue
			}
			w.dropFKs = append(w.dropFKs, fk)
			if to := findFK(w.to, fk.Name); to != nil {
				w.addFKs = append(w.addFKs, *to)
			}
		}
	}
}

// fkChanged reports whether diff already reports a change of the named foreign key.
func (p *planner) fkChanged(w *tableWork, name string) bool {
	for _, c := range w.changesOf(diff.ObjForeignKey) {
		if c.Name == name || c.NewName == name {
			return true
		}
	}
	return false
}

func findFK(t *schema.Table, name string) *schema.ForeignKey {
	if t == nil {
		return nil
	}
	for i := range t.ForeignKeys {
		if t.ForeignKeys[i].Name == name {
			return &t.ForeignKeys[i]
		}
	}
	return nil
}

func hasField(c *diff.Change, names ...diff.Field) bool {
	for _, f := range c.Fields {
		if slices.Contains(names, f.Field) {
			return true
		}
	}
	return false
}

// onlyFields reports whether every changed field of c is one of names.
func onlyFields(c *diff.Change, names ...diff.Field) bool {
	for _, f := range c.Fields {
		if !slices.Contains(names, f.Field) {
			return false
		}
	}
	return true
}

// table plans one table's work in the dialect.
func (p *planner) table(w *tableWork) error {
	switch {
	case w.refused:
		return nil
	case w.added() && p.toDDL.IsShadowTable(p.toSchemaName(w.schema), w.name):
		return nil // created by its virtual table (SQLite)
	case w.added():
		p.createTable(w)
		return nil
	case w.dropped() && p.fromDDL.IsShadowTable(w.schema, w.name):
		return nil // dropped with its virtual table (or kept, if the virtual table stays)
	case w.dropped():
		p.dropTable(w)
		return nil
	}
	if w.self != nil && w.self.Action == diff.Rename {
		p.r.renameTable(p, w)
	}
	p.r.keptTable(p, w)
	p.r.alterTable(p, w)
	return nil
}

func (p *planner) q(name string) string              { return ddl.QuoteIdent(p.d, name) }
func (p *planner) qq(schemaName, name string) string { return ddl.Qualify(p.d, schemaName, name) }
func (p *planner) str(s string) string               { return ddl.QuoteString(p.d, s) }

// tableName is the table's qualified name as statements after the renames must use it.
func (w *tableWork) tableName(p *planner) string { return p.qq(w.schema, w.newName) }

// fromName is the table's qualified name before any rename.
func (w *tableWork) fromName(p *planner) string { return p.qq(w.schema, w.name) }

func (w *tableWork) label() string { return w.schema + "." + w.newName }

// createTable creates an added table: CREATE TABLE in the tables phase, its indexes in the
// keys phase, foreign keys after every table exists, triggers and comments last.
func (p *planner) createTable(w *tableWork) {
	t := w.to
	s := p.add(phTables, w.label(), p.targetDDL.CreateTable(w.schema, t))
	describe(s, Op{Kind: OpCreateTable, Schema: w.schema, Table: t.Name, Def: t})
	// The parent a partition or an inheriting table names is in TO's schema; the plan runs in
	// FROM's. They differ only with a schema map, where FROM's name is the one that exists.
	if p.toSchemaName(w.schema) != w.schema {
		p.fixSchema(s, p.toSchemaName(w.schema), w.schema)
	}
	p.r.createdTable(p, w)
	for _, x := range t.Indexes {
		if p.ddlRules().KeysAreIndexes || x.Constraint != "" || ddl.IsAutoIndexName(x.Name) || x.Inherited {
			continue // MySQL: inside CREATE TABLE; constraints create their own; a partition gets its parent's
		}
		describe(p.add(phKeys, w.label(), ddl.CreateIndex(p.d, w.schema, t.Name, x)),
			Op{Kind: OpCreateIndex, Schema: w.schema, Table: t.Name, Index: &x})
	}
	if !p.ddlRules().InlineForeignKeys {
		parent := p.partitionParent(w.schema, t)
		for _, fk := range t.ForeignKeys {
			if fk.Inherited || parent != nil && findFK(parent, fk.Name) != nil {
				continue // a partition inherits its parent's foreign keys
			}
			p.addForeignKey(w, fk)
		}
	}
	for _, tr := range t.Triggers {
		if !tr.Inherited { // a partition gets its parent's row triggers
			p.createTrigger(w.schema, t.Name, tr)
		}
	}
}

// fixSchema rewrites a qualified schema name in a statement (schema maps only).
func (p *planner) fixSchema(s *Step, toName, fromName string) {
	s.SQL = strings.ReplaceAll(s.SQL, p.q(toName)+".", p.q(fromName)+".")
}

// dropTable drops a table: its own foreign keys first (so tables dropped together never wait
// for each other), then the table. Both belong to one destructive group.
func (p *planner) dropTable(w *tableWork) {
	if p.droppedWithParent(w) {
		// DROP TABLE of the partitioned parent drops it, but a key of its own (Pagila's
		// partitions reference customer) would hold up the drop of the table it references.
		p.dropOwnForeignKeys(w, p.newGroup())
		return
	}
	g := p.newGroup()
	p.dropOwnForeignKeys(w, g)
	p.r.droppedTable(p, w, g)
	s := p.addGroup(phDropTables, g, w.label(), "DROP TABLE "+w.fromName(p))
	describe(s, Op{Kind: OpDropTable, Schema: w.schema, Table: w.name})
	s.Destructive = "drops table " + w.schema + "." + w.name + " and its rows"
}

// dropOwnForeignKeys drops the foreign keys a dropped table declares itself (so tables dropped
// together never wait for each other); inherited ones go with the parent's.
func (p *planner) dropOwnForeignKeys(w *tableWork, g int) {
	if !p.ddlRules().InlineForeignKeys {
		for _, fk := range w.from.ForeignKeys {
			if fk.Inherited {
				continue // dropped with the parent's (or with the table)
			}
			p.dropForeignKey(p.addGroup(phDropFKs, g, w.label(), p.dropForeignKeySQL(w.fromName(p), fk.Name)), w, fk.Name)
		}
	}
}

// renameTableStep is the statement sql that renames w's table (dialectPlan.renameTable).
func (p *planner) renameTableStep(w *tableWork, sql string) {
	describe(p.add(phRenames, w.label(), sql), Op{Kind: OpRenameTable, Schema: w.schema, Table: w.name, NewName: w.newName})
}

// dropForeignKey describes a step that drops a foreign key of w's table in FROM.
func (p *planner) dropForeignKey(s *Step, w *tableWork, name string) {
	describe(s, Op{Kind: OpDropForeignKey, Schema: w.schema, Table: w.name, Name: name})
}

func (p *planner) dropForeignKeySQL(table, name string) string {
	return "ALTER TABLE " + table + " " + p.r.dropForeignKey + " " + p.q(name)
}

// addForeignKey adds a foreign key after every table exists.
func (p *planner) addForeignKey(w *tableWork, fk schema.ForeignKey) {
	if p.ddlRules().InlineForeignKeys {
		return // part of the table's definition: changed by a rebuild
	}
	if fk.RefSchema != "" && fk.RefSchema == p.toSchemaName(w.schema) {
		fk.RefSchema = w.schema
	}
	sql := "ALTER TABLE " + w.tableName(p) + " ADD " + ddl.ForeignKeyClause(p.d, fk)
	g := p.newGroup()
	switch {
	case fk.NotValid:
		sql += " NOT VALID"
	case p.online(w):
		sql += " NOT VALID"
		p.validateLater(w, g, fk.Name)
	}
	s := p.addGroup(phFKs, g, w.label(), sql)
	s.on = []string{cmp.Or(fk.RefSchema, w.schema) + "." + fk.RefTable} // its columns must be there as TO has them
	if p.r.hazards && w.kept() && !fk.NotValid && !p.online(w) {
		s.Hazard = "scans " + w.label() + " to validate " + fk.Name + ", holding SHARE ROW EXCLUSIVE locks on it and on " + fk.RefTable + " (--online: NOT VALID, then VALIDATE)"
	}
	describe(s, Op{Kind: OpAddForeignKey, Schema: w.schema, Table: w.newName, ForeignKey: &fk})
}

// foreignKeyChanges drops and adds the foreign keys diff reports as changed, and those in the
// way of another change. Renames of foreign keys are left to the dialect.
func (p *planner) foreignKeyChanges(w *tableWork) {
	for _, fk := range w.dropFKs {
		p.dropForeignKey(p.add(phDropFKs, w.label(), p.dropForeignKeySQL(w.fromName(p), fk.Name)), w, fk.Name)
	}
	for _, fk := range w.addFKs {
		p.addForeignKey(w, fk)
	}
	for _, c := range w.changesOf(diff.ObjForeignKey) {
		switch c.Action {
		case diff.Drop:
			p.dropForeignKey(p.add(phDropFKs, w.label(), p.dropForeignKeySQL(w.fromName(p), c.Name)), w, c.Name)
		case diff.Add:
			p.addForeignKey(w, *toForeignKey(c))
			if p.r.commentOn && toForeignKey(c).Comment != nil {
				p.constraintComment(w, c)
			}
		case diff.Modify:
			if p.r.commentOn && onlyFields(c, diff.FieldComment) {
				p.constraintComment(w, c)
				continue
			}
			p.dropForeignKey(p.add(phDropFKs, w.label(), p.dropForeignKeySQL(w.fromName(p), c.Name)), w, c.Name)
			p.addForeignKey(w, *toForeignKey(c))
			if p.r.commentOn && toForeignKey(c).Comment != nil {
				p.constraintComment(w, c)
			}
		case diff.Rename:
			if p.r.renamesConstraints {
				p.add(phRenames, w.label(), "ALTER TABLE "+w.tableName(p)+" RENAME CONSTRAINT "+p.q(c.Name)+" TO "+p.q(c.NewName))
				continue
			}
			p.dropForeignKey(p.add(phDropFKs, w.label(), p.dropForeignKeySQL(w.fromName(p), c.Name)), w, c.Name)
			p.addForeignKey(w, *toForeignKey(c))
		}
	}
}

// triggerChanges drops and creates the triggers diff reports as changed (a trigger is
// replaced as a whole: its text is its definition).
func (p *planner) triggerChanges(w *tableWork) {
	for _, c := range w.changesOf(diff.ObjTrigger) {
		if c.Action != diff.Add {
			s := p.add(phDropTriggers, w.label(), p.r.dropTrigger(p, w.schema, w.name, c.Name))
			s.Destructive = destructiveDrop(c, "trigger "+c.Name+" on "+w.label())
		}
		if c.Action != diff.Drop {
			_, tr := c.Triggers()
			p.createTrigger(w.schema, w.newName, *tr)
			if p.r.commentOn && tr.Comment != nil {
				// a replaced trigger keeps its comment
				p.add(phComments, w.label(), "COMMENT ON TRIGGER "+p.q(tr.Name)+" ON "+p.qq(w.schema, w.newName)+" IS "+p.str(*tr.Comment))
			}
		}
	}
}

func (p *planner) createTrigger(schemaName, table string, tr schema.Trigger) {
	g := p.newGroup()
	for _, sql := range ddl.CreateTrigger(p.d, schemaName, table, tr) {
		s := p.addGroup(phTriggers, g, schemaName+"."+tr.Name, sql)
		s.on = []string{schemaName + "." + table}
		s.Body = p.ddlRules().DelimitedBodies && strings.Contains(sql, ";")
	}
}

// liteRebuildNeeded: SQLite's ALTER TABLE can rename a table, add a plain column and little
// else; every other change to a table's own definition means rebuilding it.
func (w *tableWork) liteRebuildNeeded() bool {
	if !w.kept() {
		return false
	}
	if w.self != nil && w.self.Action == diff.Modify && !onlyFields(w.self, diff.FieldComment) {
		return true
	}
	for _, c := range w.changes {
		switch c.Object {
		case diff.ObjIndex, diff.ObjTrigger:
		case diff.ObjUnique:
			if !isUniqueIndex(c) {
				return true
			}
		case diff.ObjColumn:
			if c.Action == diff.Rename {
				continue
			}
			if c.Action != diff.Add || !sqliteCanAddColumn(w.to, toColumn(c)) {
				return true
			}
		default:
			return true
		}
	}
	return false
}

// isUniqueIndex reports a unique change about a plain unique index rather than a UNIQUE
// constraint (diff compares the two alike).
func isUniqueIndex(c *diff.Change) bool {
	f, t := c.UniqueIndexes()
	return f != nil || t != nil
}

// sqliteCanAddColumn follows the rules of SQLite's ALTER TABLE ADD COLUMN: not part of a key,
// no stored generated value, a constant default, NOT NULL only with a non-NULL default, a
// foreign key only with a NULL default.
func sqliteCanAddColumn(t *schema.Table, c *schema.Column) bool {
	if t.PrimaryKey != nil && slices.Contains(t.PrimaryKey.Columns, c.Name) {
		return false
	}
	for _, u := range t.Uniques {
		if slices.Contains(u.Columns, c.Name) {
			return false
		}
	}
	for _, ck := range t.Checks {
		if ck.Column == c.Name {
			return false // a column check is added with the column; keep it simple: rebuild
		}
	}
	for _, fk := range t.ForeignKeys {
		if slices.Contains(fk.Columns, c.Name) {
			return false
		}
	}
	if c.Generated != nil && strings.EqualFold(string(c.Generated.Kind), string(schema.GeneratedStored)) {
		return false
	}
	if !c.Nullable && c.Default == nil && c.Generated == nil {
		return false
	}
	if c.Default != nil && (strings.Contains(*c.Default, "(") || strings.HasPrefix(strings.ToLower(*c.Default), "current_")) {
		return false // CURRENT_TIMESTAMP and expressions are not constant
	}
	return true
}

// partitionParent returns the TO table a PostgreSQL partition belongs to, or nil.
func (p *planner) partitionParent(schemaName string, t *schema.Table) *schema.Table {
	if t.Postgres == nil || t.Postgres.PartitionOf == nil {
		return nil
	}
	ref := t.Postgres.PartitionOf
	return p.toDDL.Table(ref.Schema, ref.Name)
}

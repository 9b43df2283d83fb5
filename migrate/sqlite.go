package migrate

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dbinspect/dbinspect/ddl"
	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/schema"
)

// liteAlterTable plans a table that stays on SQLite: ALTER TABLE for what it can do (rename,
// add a plain column), the documented rebuild for everything else.
func (p *planner) liteAlterTable(w *tableWork) {
	if w.rebuild {
		p.liteRebuild(w)
		return
	}
	for _, c := range w.changesOf(diff.ObjColumn) {
		if c.Action == diff.Rename {
			// Names differ in case only (diff pairs no other column renames): SQLite renames a
			// column to another spelling of itself in one step, unlike a table.
			p.add(phTables, w.label(), "ALTER TABLE "+w.tableName(p)+" RENAME COLUMN "+p.q(c.Name)+" TO "+p.q(c.NewName))
		}
	}
	for _, c := range w.changesOf(diff.ObjColumn) {
		if c.Action == diff.Add {
			s := p.add(phTables, w.label(), "ALTER TABLE "+w.tableName(p)+" ADD COLUMN "+p.columnDefinition(w.schema, w.to, *toColumn(c)))
			describe(s, Op{Kind: OpAddColumn, Schema: w.schema, Table: w.newName, Column: toColumn(c)})
		}
	}
	for _, c := range w.changes {
		if c.Object != diff.ObjIndex && c.Object != diff.ObjUnique {
			continue
		}
		if c.Action != diff.Add {
			// SQLite has no ALTER INDEX … RENAME: a renamed index is dropped and created.
			s := p.add(phDropKeys, w.label(), "DROP INDEX "+p.qq(w.schema, c.Name))
			describe(s, Op{Kind: OpDropIndex, Schema: w.schema, Table: w.name, Name: c.Name})
		}
		if c.Action != diff.Drop {
			s := p.add(phKeys, w.label(), ddl.CreateIndex(p.d, w.schema, w.newName, *toIndex(c)))
			describe(s, Op{Kind: OpCreateIndex, Schema: w.schema, Table: w.newName, Index: toIndex(c)})
		}
	}
	p.triggerChanges(w)
}

// liteRebuild is SQLite's 12-step table change (https://sqlite.org/lang_altertable.html#otheralter):
// with foreign keys off and inside the plan's transaction, create the table as TO has it
// under a new name, copy the rows, drop the old table, rename the new one, and create its
// indexes and triggers again. Views reading the table are dropped and created again around it
// (collectViews); foreign keys are checked before COMMIT (finish).
func (p *planner) liteRebuild(w *tableWork) {
	g := p.newGroup()
	tmp := *w.to
	tmp.Name = "dbinspect_new_" + w.newName
	add := func(sql string) *Step { return p.addGroup(phTables, g, w.label(), sql) }
	first := len(p.steps[phTables])
	defer func() {
		// Described once all its steps are there: the Op says how many there are.
		p.steps[phTables][first].Op = &Op{Kind: OpRebuildTable, Schema: w.schema, Table: w.newName,
			Def: w.to, From: w.from, Steps: len(p.steps[phTables]) - first}
	}()
	add(p.targetDDL.CreateTable(w.schema, &tmp))
	cols := ddl.QuoteList(p.d, copiedColumns(w.from, w.to))
	if cols != "" {
		add("INSERT INTO " + p.qq(w.schema, tmp.Name) + " (" + cols + ")\n  SELECT " + cols + " FROM " + w.tableName(p))
	}
	drop := add("DROP TABLE " + w.tableName(p))
	drop.Destructive = rebuildLosses(w)
	add("ALTER TABLE " + p.qq(w.schema, tmp.Name) + " RENAME TO " + p.q(w.newName))
	for _, x := range w.to.Indexes {
		if !ddl.IsAutoIndexName(x.Name) {
			add(ddl.CreateIndex(p.d, w.schema, w.newName, x))
		}
	}
	for _, tr := range w.to.Triggers {
		for _, sql := range ddl.CreateTrigger(p.d, w.schema, w.newName, tr) {
			add(sql)
		}
	}
}

// copiedColumns are the columns both sides have, except those TO computes itself.
func copiedColumns(from, to *schema.Table) []string {
	var out []string
	for _, c := range to.Columns {
		if c.Generated == nil && slices.ContainsFunc(from.Columns, func(f schema.Column) bool { return strings.EqualFold(f.Name, c.Name) }) {
			out = append(out, c.Name) // SQLite column names are case-insensitive: Name is name
		}
	}
	return out
}

// rebuildLosses says what a rebuild can lose, or "" when it keeps every value.
func rebuildLosses(w *tableWork) string {
	var losses []string
	for _, c := range w.changes {
		if !c.Destructive {
			continue
		}
		var what string
		switch {
		case c.Object == diff.ObjColumn && c.Action == diff.Drop:
			what = "drops column " + c.Name + " and its values"
		case c.Object == diff.ObjColumn:
			what = "changes column " + c.Name + " (" + fieldList(c) + ")"
		default:
			name := c.Name
			if name == "" {
				name = schema.Unnamed
			}
			what = fmt.Sprintf("%s %s %s: fails if existing rows violate it", c.Action, strings.ReplaceAll(string(c.Object), "_", " "), name)
		}
		if !slices.Contains(losses, what) {
			losses = append(losses, what)
		}
	}
	if len(losses) == 0 {
		return ""
	}
	return "rebuilds table " + w.label() + ": " + strings.Join(losses, "; ")
}

// sqliteFields are the fields the SQLite planner plans (see fields.go): every change to a
// table's definition rebuilds it; indexes and triggers are replaced. SQLite has no comments.
var sqliteFields = map[diff.Object]fieldSet{
	diff.ObjTable:      allBut(diff.FieldComment),
	diff.ObjColumn:     every,
	diff.ObjPrimaryKey: every, diff.ObjForeignKey: every, diff.ObjUnique: every, diff.ObjCheck: every,
	diff.ObjIndex: every, diff.ObjTrigger: every,
	diff.ObjView: allBut(diff.FieldComment),
}

package migrate

import (
	"slices"

	"github.com/dbinspect/dbinspect/ddl"
	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/schema"
)

// MariaDB system versioning beyond the table's WITH SYSTEM VERSIONING (myTableOptions): the
// explicit period columns and columns WITHOUT SYSTEM VERSIONING.
//
// Versioning added with explicit columns is one ALTER TABLE: the ROW START and ROW END columns
// added, ADD PERIOD FOR SYSTEM_TIME over them, ADD SYSTEM VERSIONING. Removing it is one too:
// DROP SYSTEM VERSIONING with DROP COLUMN of both (MariaDB refuses the one without the other).
// A column whose WITHOUT SYSTEM VERSIONING goes is modified WITH SYSTEM VERSIONING (MODIFY
// alone keeps the column out of the history). Any other ALTER of a system-versioned table
// needs system_versioning_alter_history = KEEP in the session (error 4119 otherwise).

// myVersioning adds PERIOD FOR SYSTEM_TIME to a table that becomes system-versioned with
// explicit period columns, and switches a versioned table between the hidden implicit period
// columns and explicit ones, which MariaDB does only through DROP SYSTEM VERSIONING (the history
// goes: destructive). What it returns runs after the table's ALTER TABLE.
func (p *planner) myVersioning(w *tableWork, a *myAlter) (after func()) {
	after = func() {}
	if !mySystemVersioned(w.to) {
		return after
	}
	fromStart, _ := schema.MySQLRowPeriod(w.from)
	toStart, _ := schema.MySQLRowPeriod(w.to)
	period := ddl.MySQLSystemPeriod(w.to)
	tbl := "ALTER TABLE " + w.tableName(p)
	switch {
	case !mySystemVersioned(w.from):
		if period != "" {
			a.adds = append(a.adds, "ADD "+period)
		}
	case fromStart == "" && period != "":
		s := p.add(phTables, w.label(), tbl+" DROP SYSTEM VERSIONING")
		s.Destructive = "drops the history of " + w.label() + " to give it explicit period columns"
		a.needs = append(a.needs, s.group) // ADD COLUMN … ROW START fails on a versioned table
		a.adds = append(a.adds, "ADD "+period)
		a.options = append(a.options, "ADD SYSTEM VERSIONING")
	case fromStart != "" && toStart == "":
		a.lossy = append([]string{"DROP SYSTEM VERSIONING"}, a.lossy...)
		a.reasons = append(a.reasons, "drops the history of "+w.label()+" with its explicit period columns")
		// The table is still versioned if that statement is left out.
		after = func() { p.needs(p.add(phTables, w.label(), tbl+" ADD SYSTEM VERSIONING"), a.destructive) }
	}
	return after
}

// myWithVersioning is " WITH SYSTEM VERSIONING" for a column modified out of WITHOUT SYSTEM
// VERSIONING, which MODIFY COLUMN alone keeps.
func myWithVersioning(c *diff.Change) string {
	if c == nil || !hasField(c, diff.FieldSystemVersioning) {
		return ""
	}
	if from, to := c.Columns(); from != nil && to != nil && from.MySQL != nil && from.MySQL.WithoutVersioning &&
		(to.MySQL == nil || !to.MySQL.WithoutVersioning) {
		return " WITH SYSTEM VERSIONING"
	}
	return ""
}

// mySystemVersioned reports a MariaDB table WITH SYSTEM VERSIONING.
func mySystemVersioned(t *schema.Table) bool {
	return t != nil && t.MySQL != nil && t.MySQL.SystemVersioned
}

// myKeepHistory lets the ALTER TABLE statements of a system-versioned table run (foreign keys,
// keys, columns, partitions): one SET at the start of the plan, its hazard line naming every
// such table. Trigger changes alone need none.
func (p *planner) myKeepHistory(w *tableWork) {
	altered := w.self != nil && w.self.Action == diff.Modify ||
		slices.ContainsFunc(w.changes, func(c *diff.Change) bool { return c.Object != diff.ObjTrigger })
	if !mySystemVersioned(w.from) || !altered {
		return
	}
	const set = "SET SESSION system_versioning_alter_history = 'KEEP'"
	for i := range p.steps[phSchemas] {
		if s := &p.steps[phSchemas][i]; s.SQL == set {
			s.Hazard += ", " + w.label()
			return
		}
	}
	s := p.addGroup(phSchemas, 0, "", set) // control: --safe never leaves it out alone
	s.Hazard = "ALTER TABLE of a system-versioned table changes its history rows with the current ones: " + w.label()
}

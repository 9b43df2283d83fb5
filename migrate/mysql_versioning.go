package migrate

import (
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
// explicit period columns.
func (p *planner) myVersioning(w *tableWork, a *myAlter) {
	if w.to.MySQL != nil && w.to.MySQL.SystemVersioned && !mySystemVersioned(w.from) {
		if period := ddl.MySQLSystemPeriod(w.to); period != "" {
			a.adds = append(a.adds, "ADD "+period)
		}
	}
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

// myKeepHistory lets the ALTER TABLE statements of a system-versioned table run.
func (p *planner) myKeepHistory(w *tableWork) {
	s := p.add(phTables, w.label(), "SET SESSION system_versioning_alter_history = 'KEEP'")
	s.Hazard = "table " + w.label() + " is system-versioned: its ALTER TABLE changes the history rows with the current ones"
}

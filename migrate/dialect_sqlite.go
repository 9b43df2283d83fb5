package migrate

import (
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

func init() {
	registerPlan(&dialectPlan{
		dialect:          schema.SQLite,
		applyHint:        "Apply with: sqlite3 -bail DATABASE < FILE",
		fields:           sqliteFields,
		transaction:      liteTransaction,
		beforeTables:     nothing,
		afterTables:      nothing,
		tableObjects:     nothing,
		access:           nothing,
		afterTransaction: nothing,

		alterTable:   (*planner).liteAlterTable,
		keptTable:    nothingForTable,
		renameTable:  liteRenameTable,
		createdTable: nothingForTable,
		droppedTable: nothingDropped,
		createdView:  nothingForView,
		dropTrigger: func(p *planner, schemaName, _, name string) string {
			return "DROP TRIGGER " + p.qq(schemaName, name)
		},
		rebuildNeeded:  (*tableWork).liteRebuildNeeded,
		dropForeignKey: "DROP CONSTRAINT",

		dropFunction: func(p *planner, schemaName string, fn *schema.Function) string {
			return "DROP " + strings.ToUpper(functionKind(fn)) + " " + p.qq(schemaName, fn.Name) + "(" + argumentTypes(fn.Arguments) + ")"
		},
		createdRoutine: nothingForRoutine,
		sequence:       (*planner).pgSequence, // SQLite has none: the model holds none
	})
}

// liteTransaction is the documented table rebuild's frame: foreign keys off outside the
// transaction (the pragma is a no-op inside one), checked before COMMIT, back on afterwards.
func liteTransaction(p *planner) {
	g := 0
	p.addGroup(phBegin, g, "", "PRAGMA foreign_keys = OFF")
	p.addGroup(phBegin, g, "", "BEGIN")
	if p.rebuildsTables() {
		// foreign_key_check only reports; a failing CHECK makes the violation an error
		// that stops sqlite3 -bail (and a driver) before COMMIT.
		p.addGroup(phCommit, g, "", "CREATE TEMP TABLE dbinspect_fk_violations (n INTEGER CHECK (n = 0))")
		p.addGroup(phCommit, g, "", "INSERT INTO dbinspect_fk_violations SELECT count(*) FROM pragma_foreign_key_check")
		p.addGroup(phCommit, g, "", "DROP TABLE dbinspect_fk_violations")
	}
	p.addGroup(phCommit, g, "", "COMMIT")
	p.addGroup(phCommit, g, "", "PRAGMA foreign_keys = ON")
}

// liteRenameTable: SQLite refuses a new name that differs in case only ("there is already
// another table … with this name"), so that one goes through a temporary name, in one group.
func liteRenameTable(p *planner, w *tableWork) {
	if !strings.EqualFold(w.name, w.newName) {
		p.renameTableStep(w, "ALTER TABLE "+w.fromName(p)+" RENAME TO "+p.q(w.newName))
		return
	}
	g := p.newGroup()
	tmp := "dbinspect_rename_" + w.newName
	p.addGroup(phRenames, g, w.label(), "ALTER TABLE "+w.fromName(p)+" RENAME TO "+p.q(tmp))
	p.addGroup(phRenames, g, w.label(), "ALTER TABLE "+p.qq(w.schema, tmp)+" RENAME TO "+p.q(w.newName))
}

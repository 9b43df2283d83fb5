package migrate

import (
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

func init() {
	registerPlan(&dialectPlan{
		dialect:          schema.MySQL,
		applyHint:        "Apply with: mariadb DATABASE < FILE (or mysql)",
		fields:           mysqlFields,
		transaction:      myTransaction,
		beforeTables:     nothing,
		afterTables:      nothing,
		tableObjects:     nothing,
		access:           nothing,
		afterTransaction: nothing,

		alterTable:   (*planner).myAlterTable,
		keptTable:    nothingForTable,
		renameTable:  myRenameTable,
		createdTable: nothingForTable, // comments and options are part of CREATE TABLE
		droppedTable: nothingDropped,
		createdView:  nothingForView,
		dropTrigger: func(p *planner, _, _, name string) string {
			return "DROP TRIGGER " + p.q(name)
		},
		rebuildNeeded:  neverRebuilt,
		dropForeignKey: "DROP FOREIGN KEY",

		databaseOptions: true,

		dropFunction: func(p *planner, _ string, fn *schema.Function) string {
			return "DROP " + strings.ToUpper(functionKind(fn)) + " " + p.q(fn.Name)
		},
		createdRoutine: myCreatedRoutine,
		sequence:       (*planner).mySequence,
	})
}

// myTransaction: MySQL DDL commits as it goes; there is no transaction to open. Foreign key
// checks are off while tables are rebuilt and back on before keys are added, so new foreign
// keys are checked against the rows.
func myTransaction(p *planner) {
	p.steps[phBegin] = append([]Step{
		{SQL: "SET NAMES utf8mb4", phase: phBegin},
		{SQL: "SET FOREIGN_KEY_CHECKS = 0", phase: phBegin},
	}, p.steps[phBegin]...)
	p.addGroup(phFKChecksOn, 0, "", "SET FOREIGN_KEY_CHECKS = 1")
}

func myRenameTable(p *planner, w *tableWork) {
	p.renameTableStep(w, "RENAME TABLE "+w.fromName(p)+" TO "+p.q(w.newName))
}

// myCreatedRoutine: the catalog's CREATE text carries no COMMENT characteristic.
func myCreatedRoutine(p *planner, r routineCreate) {
	if fn := r.fn; fn.Comment != nil {
		p.add(phComments, r.c.Name, "ALTER "+strings.ToUpper(functionKind(fn))+" "+p.q(fn.Name)+" COMMENT "+p.str(*fn.Comment))
	}
}

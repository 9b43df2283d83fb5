package migrate

import (
	"strings"

	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/schema"
)

func init() {
	registerPlan(&dialectPlan{
		dialect:          schema.Postgres,
		applyHint:        "Apply with: psql -v ON_ERROR_STOP=1 -f FILE",
		fields:           postgresFields,
		transaction:      pgTransaction,
		beforeTables:     (*planner).refusePartitionRebuilds,
		afterTables:      pgAfterTables,
		tableObjects:     (*planner).planPostgresObjects,
		access:           (*planner).planAccess,
		afterTransaction: pgAfterTransaction,

		alterTable:   (*planner).pgAlterTable,
		keptTable:    (*planner).dropInherited,
		renameTable:  pgRenameTable,
		createdTable: pgCreatedTable,
		droppedTable: pgDroppedTable,
		createdView:  pgCreatedView,
		dropTrigger: func(p *planner, schemaName, table, name string) string {
			return "DROP TRIGGER " + p.q(name) + " ON " + p.qq(schemaName, table)
		},
		rebuildNeeded:      neverRebuilt,
		dropForeignKey:     "DROP CONSTRAINT",
		renamesConstraints: true,
		retypesWithTable:   true,

		createSchema:      true,
		dropSchemaCascade: true,
		commentOn:         true,

		replacesRoutines:    true,
		aggregates:          true,
		routineDependencies: true,
		dropFunction: func(p *planner, schemaName string, fn *schema.Function) string {
			return "DROP " + strings.ToUpper(functionKind(fn)) + " " + p.qq(schemaName, fn.Name) + "(" + argumentTypes(fn.Arguments) + ")"
		},
		createdRoutine: pgCreatedRoutine,
		sequence:       (*planner).pgSequence,

		lockLight: true,
		hazards:   true,
	})
}

// pgTransaction: one transaction around the body, function bodies unchecked (they may name
// tables created further down), --online's timeouts set inside it.
func pgTransaction(p *planner) {
	g := 0 // control statements belong to no group: --safe never leaves them out
	p.addGroup(phBegin, g, "", "BEGIN")
	p.addGroup(phBegin, g, "", "SET LOCAL check_function_bodies = false")
	for _, sql := range p.onlineSettings(true) {
		p.addGroup(phBegin, g, "", sql)
	}
	p.addGroup(phCommit, g, "", "COMMIT")
}

func pgAfterTables(p *planner) {
	p.moveDefaultRows()
	p.keepWhatRefusedUse()
	p.orderRoutines()
}

func pgAfterTransaction(p *planner) {
	if p.opts.Online {
		p.onlineAfterTx()
	}
}

// pgRenameTable renames the table, then the constraints and indexes named after it.
func pgRenameTable(p *planner, w *tableWork) {
	p.renameTableStep(w, "ALTER TABLE "+w.fromName(p)+" RENAME TO "+p.q(w.newName))
	p.renameGeneratedNames(w)
}

func pgCreatedTable(p *planner, w *tableWork) {
	p.pgTableExtras(w, w.to)
	if parent := partitionOf(w.to); parent != nil {
		p.partitionAdded(p.fromSchemaName(parent.Schema), parent.Name)
	}
	p.tableComments(w, w.to)
}

// pgDroppedTable drops the table's rules first: a rule depends on the tables it names
// (Sakila's payment rules insert into its INHERITS children, dropped first).
func pgDroppedTable(p *planner, w *tableWork, g int) {
	if w.from.Postgres == nil {
		return
	}
	for _, r := range w.from.Postgres.Rules {
		p.addGroup(phDropViews, g, w.label(), "DROP RULE "+p.q(r.Name)+" ON "+w.fromName(p))
	}
}

func pgCreatedView(p *planner, v viewRef) {
	if v.view.Comment != nil {
		p.add(phComments, v.schema+"."+v.view.Name, "COMMENT ON "+viewKind(v.view)+" "+p.qq(v.schema, v.view.Name)+" IS "+p.str(*v.view.Comment))
	}
	p.viewExtras(v)
}

// pgCreatedRoutine gives a routine dropped and created again its grants and owner back, and
// writes its comment (COMMENT ON needs the argument types, which a signature with DEFAULT
// clauses does not give as such).
func pgCreatedRoutine(p *planner, r routineCreate) {
	c, fn := r.c, r.fn
	if r.dropped {
		g, a, n, _ := p.accessTarget(diff.ObjFunction, c.Schema, "", fn)
		p.restoreAccess(r.phase, r.step.group, c.Schema+"."+c.Name, g, a, n, p.accessAfter(r.old.Access, fn.Access))
	}
	if fn.Comment != nil && (c.Action == diff.Add || r.dropped || hasField(c, diff.FieldComment)) && !strings.Contains(strings.ToUpper(fn.Arguments), "DEFAULT") {
		p.add(phComments, c.Name, "COMMENT ON "+strings.ToUpper(functionKind(fn))+" "+p.qq(c.Schema, fn.Name)+"("+fn.Arguments+") IS "+p.str(*fn.Comment))
	}
}

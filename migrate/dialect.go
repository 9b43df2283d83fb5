package migrate

import (
	"github.com/dbinspect/dbinspect/ddl"
	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/schema"
)

// dialectPlan is what the planner does differently per dialect, beyond what package ddl's
// rules of the dialect say (p.ddlRules(): keys that are indexes, foreign keys inline, bodies
// between DELIMITER lines, sequences owned by a column). Each dialect fills one in,
// in dialect_<name>.go, and registers it; the shared planner asks it (p.r.commentOn,
// p.r.alterTable(p, w)) rather than comparing dialects. Adding a dialect is writing that
// file: TestDialectPlansConform fails for a dialect of schema.Dialects without one, or with a
// function, the apply hint or the planned fields left out, and Build refuses a dialect that
// has none.
type dialectPlan struct {
	dialect schema.Dialect
	// applyHint is the comment line a script starts with: how to run it.
	applyHint string
	// fields are the fields the planner plans, per object kind (fields.go).
	fields map[diff.Object]fieldSet

	// transaction wraps the plan's body in the dialect's transaction handling.
	transaction func(p *planner)
	// beforeTables runs once the changes are grouped per table, before anything is planned
	// (PostgreSQL: the partition key changes it refuses).
	beforeTables func(p *planner)
	// afterTables runs once every table is planned (PostgreSQL: a dropped default partition's
	// rows, what refused changes use, routines after what they name).
	afterTables func(p *planner)
	// tableObjects plans what hangs off tables besides columns, keys and triggers
	// (PostgreSQL: policies, rules, per-column settings).
	tableObjects func(p *planner)
	// access plans owners and grants (PostgreSQL, with --privileges).
	access func(p *planner)
	// afterTransaction rewrites the statements after the transaction (PostgreSQL --online:
	// the session settings go first).
	afterTransaction func(p *planner)

	// alterTable plans the changes of a table that stays.
	alterTable func(p *planner, w *tableWork)
	// keptTable plans what a table that stays needs before alterTable (PostgreSQL: the
	// changes its parents' changes make by themselves are taken out).
	keptTable func(p *planner, w *tableWork)
	// renameTable renames a table (and what the server named after it).
	renameTable func(p *planner, w *tableWork)
	// createdTable writes what CREATE TABLE does not carry for a new table (PostgreSQL:
	// NOT VALID checks, row level security, comments; the partition it adds).
	createdTable func(p *planner, w *tableWork)
	// droppedTable drops, in group g, what must go before a dropped table (PostgreSQL: its
	// rules, which depend on the tables they name).
	droppedTable func(p *planner, w *tableWork, g int)
	// rebuildNeeded reports a table that stays and is recreated (SQLite's 12 steps).
	rebuildNeeded func(w *tableWork) bool
	// createdView writes what CREATE VIEW does not carry (PostgreSQL: comment, rules, access).
	createdView func(p *planner, v viewRef)
	// dropTrigger is the DROP TRIGGER statement of a trigger of table.
	dropTrigger func(p *planner, schemaName, table, name string) string
	// dropForeignKey is the ALTER TABLE clause that drops a foreign key ("DROP CONSTRAINT").
	dropForeignKey string
	// renamesConstraints: a renamed foreign key is renamed (RENAME CONSTRAINT), not dropped
	// and added again.
	renamesConstraints bool
	// retypesWithTable: a column converted to a re-created collation is converted among its
	// table's statements (alterTable writes tableWork.collationRetypes).
	retypesWithTable bool

	// createSchema: an added schema gets CREATE SCHEMA (PostgreSQL; MySQL's plan runs in the
	// one database it changes).
	createSchema bool
	// dropSchemaCascade: DROP SCHEMA takes CASCADE (MySQL's drops everything anyway).
	dropSchemaCascade bool
	// databaseOptions: a schema's character set and collation are altered (ALTER DATABASE).
	databaseOptions bool
	// commentOn: comments are COMMENT ON statements of their own (PostgreSQL), written for
	// schemas, views, constraints and triggers; elsewhere they are part of the definitions.
	commentOn bool

	// replacesRoutines: a routine's changed body is replaced in place (CREATE OR REPLACE);
	// elsewhere it is dropped and created.
	replacesRoutines bool
	// aggregates: aggregates are created after every function they may call.
	aggregates bool
	// routineDependencies: the server records what a routine's signature and SQL-standard
	// body name, so such a routine goes after those tables and is dropped before them.
	routineDependencies bool
	// dropFunction is the DROP statement of a routine of schema schemaName.
	dropFunction func(p *planner, schemaName string, fn *schema.Function) string
	// sequence plans a sequence's change.
	sequence func(p *planner, c *diff.Change)
	// createdRoutine writes what the routine's CREATE text does not carry (comments; the
	// access a dropped routine loses), after the CREATE step s of phase ph.
	createdRoutine func(p *planner, r routineCreate)

	// lockLight: indexes on existing tables can be built CONCURRENTLY and constraints added
	// NOT VALID then validated (--concurrently, --online).
	lockLight bool
	// hazards: statements say what locks they take (Step.Hazard).
	hazards bool
}

// routineCreate is a routine just created by the plan, for dialectPlan.createdRoutine.
type routineCreate struct {
	c       *diff.Change
	fn, old *schema.Function
	step    *Step
	phase   phase
	dropped bool // dropped first (not replaced in place)
}

var dialectPlans = schema.NewRegistry[dialectPlan]("migrate plan")

// registerPlan adds a dialect's plan rules; each dialect file calls it from init.
func registerPlan(r *dialectPlan) { dialectPlans.Register(r.dialect, r) }

// planRulesOf returns the plan rules of dialect d, or an error for a dialect that has none.
func planRulesOf(d schema.Dialect) (*dialectPlan, error) { return dialectPlans.Lookup(d) }

// mustPlanRules returns the plan rules of a plan's dialect; a Plan's dialect comes from
// Build, so one without rules is a programming error (it panics).
func mustPlanRules(d schema.Dialect) *dialectPlan {
	return dialectPlans.Of(d)
}

// The hooks a dialect leaves empty.

func nothing(*planner)                          {}
func nothingForTable(*planner, *tableWork)      {}
func nothingDropped(*planner, *tableWork, int)  {}
func nothingForView(*planner, viewRef)          {}
func nothingForRoutine(*planner, routineCreate) {}
func neverRebuilt(*tableWork) bool              { return false }

// ddlRules are ddl's rules of the planner's dialect (foreign keys inline or added later).
func (p *planner) ddlRules() *ddl.Rules { return ddl.RulesOf(p.d) }

// Package migrate turns the changes of a comparison (package diff) into the ordered SQL
// statements that make FROM look like TO, in FROM's dialect.
//
// It is its own package because planning is a concern separate from diffing and from plain
// CREATE generation (package ddl): the planner decides the order of statements by dependency
// (collations and text search configurations first, types before the tables that use them,
// foreign keys dropped before what they reference and added after every table exists,
// aggregates after the functions they call, views dropped before the columns they read change
// and created again afterwards, triggers after their functions), rebuilds SQLite tables for
// changes ALTER TABLE cannot make, keeps PostgreSQL's ALTER TYPE … ADD VALUE and CREATE INDEX
// CONCURRENTLY out of the transaction, and marks what can lose data; with --safe it leaves
// the destructive statements out together with every statement that relies on one
// (safeSkips), so such a plan still applies. It imports schema, diff and ddl.
//
// Files: plan.go (the Plan, Build and the phases), tables.go (work grouped per table),
// dialect.go and dialect_<name>.go (what each dialect plans differently, registered per
// dialect), postgres.go, mysql.go, sqlite.go (each dialect's ALTER TABLE), objects.go (types, sequences,
// routines, views, triggers), postgres_policies.go (PostgreSQL policies, rules, storage
// parameters, replica identity, constraint comments), postgres_access.go (owners and grants:
// compared with --privileges, restored on objects created again), script.go (writing the plan
// for a command-line client or for a driver, statement by statement).
package migrate

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/dbinspect/dbinspect/ddl"
	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/schema"
)

// Options control a plan.
type Options struct {
	// Concurrently creates PostgreSQL indexes on existing tables with CREATE INDEX
	// CONCURRENTLY, after the transaction (it cannot run inside one).
	Concurrently bool
	// Safe leaves destructive statements out of the plan; Plan.Skipped lists them.
	Safe bool
	// Online uses PostgreSQL's lock-light forms on tables that exist (see postgres_online.go):
	// CONCURRENTLY index builds and drops, NOT VALID then VALIDATE, SET NOT NULL through a
	// validated check, lock_timeout and statement_timeout set for the plan's statements.
	Online bool
	// LockTimeout and StatementTimeout bound each statement of an Online plan (0: not set;
	// statement_timeout applies inside the transaction, the statements after it have none).
	LockTimeout, StatementTimeout time.Duration
	// Using gives the conversion of a PostgreSQL column whose type changes, by "table.column"
	// or "schema.table.column" (TO's names): the expression of ALTER COLUMN … TYPE … USING.
	// A change between types with no cast is refused without one.
	Using map[string]string
}

// Step is one SQL statement of a plan, without its terminating semicolon.
type Step struct {
	SQL string
	// Destructive says how the statement can lose data or fail on existing rows; "" when it
	// cannot. The script writes it as a "-- destructive: …" line before the statement.
	Destructive string
	// Hazard says what lock the statement takes or what it rewrites or scans while holding
	// one (PostgreSQL); "" when nothing worth knowing. The script writes it as a
	// "-- hazard: …" line.
	Hazard string
	// Body marks a MySQL trigger or routine whose body holds semicolons: the mariadb client
	// needs DELIMITER lines around it.
	Body bool
	// NoTransaction marks a statement that runs outside the plan's transaction.
	NoTransaction bool
	// Object names what the statement is about, for messages.
	Object string
	// Op describes the statement in terms of the model, or is nil (see Op).
	Op *Op
	// Needs is set on a statement Options.Safe left out although it is not destructive itself:
	// the destructive statement it cannot run without (its first line) and why that one is
	// destructive.
	Needs string
	phase phase
	group int
	// needs are the groups this statement cannot run without (planner.needs): when --safe
	// leaves one out, it leaves this statement's group out too.
	needs []int
	// on are the tables (tableWork.label) the statement relies on besides Object: a trigger's
	// table, a foreign key's referenced table (see safeSkips).
	on []string
	// onlyDrops marks a table statement that only takes away (columns, partitions): nothing
	// planned after it can rely on what it does.
	onlyDrops bool
}

// Plan is the ordered migration.
type Plan struct {
	Dialect schema.Dialect
	// Steps in the order they run, transaction control included.
	Steps []Step
	// Skipped are the destructive statements Options.Safe left out, with the statements that
	// only make sense together with them and those that cannot run without them (Step.Needs).
	Skipped []Step
	// Notes say what the plan cannot do; the script writes them as comments at the top.
	Notes []string
	// Refused are changes the plan cannot make safely: nothing that depends on them is
	// planned. The script lists them as "-- NOT PLANNED:" lines; the command line refuses to
	// write such a plan unless told to (--allow-notes).
	Refused []string
}

// Empty reports whether the plan changes nothing.
func (p *Plan) Empty() bool { return len(p.Steps) == 0 && len(p.Notes) == 0 && len(p.Refused) == 0 }

// ErrCrossEngine is returned for FROM and TO of different engines: a plan is written in
// FROM's dialect and TO's types and expressions would have to be translated.
var ErrCrossEngine = errors.New("SQL output needs FROM and TO on the same engine")

// phase is a slot in the fixed order every plan follows. Within a phase statements keep the
// order in which the planner produced them.
type phase int

const (
	phBeforeTx       phase = iota // PostgreSQL ALTER TYPE … ADD VALUE
	phBegin                       // transaction control
	phSchemas                     // schemas, extensions
	phSearch                      // collations and text search configurations
	phTypes                       // new types and sequences, enums rebuilt
	phFunctions                   // routines whose signatures need no table
	phDropTriggers                // triggers dropped or about to be replaced
	phDropViews                   // views dropped, or dropped to be created again
	phDropFKs                     // foreign keys dropped, replaced, or in the way of a change
	phDropKeys                    // indexes, constraints, primary keys dropped or replaced
	phRenames                     // tables, then indexes and constraints
	phTables                      // tables created, altered, rebuilt; columns added and dropped
	phDropTables                  // tables dropped
	phKeys                        // primary keys, uniques, checks, indexes added
	phFKChecksOn                  // MySQL: foreign key checks back on before keys are added
	phFKs                         // foreign keys added, after every table exists
	phLateFunctions               // routines whose signatures name tables
	phAggregates                  // aggregates, after the functions they call, before views
	phViews                       // views, in dependency order
	phTriggers                    // triggers, after their functions and tables
	phComments                    // comments
	phDropAggregates              // aggregates dropped, before the functions they call
	phDropLate                    // routines, types, sequences dropped
	phDropSearch                  // collations and text search configurations dropped
	phDropSchemas                 // schemas and extensions dropped
	phCommit                      // transaction control
	phAfterTx                     // CREATE INDEX CONCURRENTLY
	phaseCount
)

// Build plans the changes of res, which compared from with to.
func Build(from, to *schema.Database, res *diff.Result, opts Options) (*Plan, error) {
	if from.Dialect != to.Dialect {
		return nil, fmt.Errorf("%w (FROM is %s, TO is %s)", ErrCrossEngine, from.Dialect, to.Dialect)
	}
	r, err := planRulesOf(from.Dialect)
	if err != nil {
		return nil, err
	}
	p := newPlanner(r, from, to, res, opts)
	if len(res.Changes) == 0 {
		return &Plan{Dialect: from.Dialect}, nil
	}
	if err := p.plan(); err != nil {
		return nil, err
	}
	plan := p.finish()
	p.requalify(plan)
	return plan, nil
}

// requalify makes every statement name FROM's schemas. TO's SQL text (view definitions,
// defaults, triggers, routines) names TO's schemas, and with schemas paired under other names
// (a schema map, or a tenant schema against a baseline's) the plan runs in FROM's: the
// qualifiers are read back to FROM's names, never strings or bodies (diff.RequalifySQL). When
// a renamed TO name is also one of FROM's schemas the text cannot tell them apart, and it is
// left as it is.
func (p *planner) requalify(plan *Plan) {
	renames := map[string]string{} // TO name → FROM name
	for _, sc := range p.from.Schemas {
		if to := p.toSchemaName(sc.Name); to != sc.Name {
			renames[to] = sc.Name
		}
	}
	for to := range renames {
		if p.from.Schema(to) != nil {
			return
		}
	}
	for _, steps := range [][]Step{plan.Steps, plan.Skipped} {
		for i := range steps {
			steps[i].SQL = diff.RequalifySQL(p.d, steps[i].SQL, renames)
		}
	}
}

// planner is one plan being built.
type planner struct {
	d schema.Dialect
	// r is what the planner does differently in d (dialect.go).
	r        *dialectPlan
	from, to *schema.Database
	// target is TO's model with its schemas named as in FROM: the statements run against
	// FROM's schemas, and package ddl qualifies names with the schema it is given
	// (targetModel).
	target *schema.Database
	res    *diff.Result
	opts   Options
	steps  [phaseCount][]Step
	notes  []string
	// droppedExtensions are dropped in one statement (dropExtensions).
	droppedExtensions []string
	// refusals are the changes the plan cannot make (Plan.Refused).
	refusals []string
	// newPartitions are the partitioned tables (FROM's names) that get a partition created or
	// attached: their default partition's rows are moved (moveDefaultRows).
	newPartitions map[tableKey]bool
	// group numbers statements that stand or fall together (--safe leaves out the whole group).
	nextGroup int
	// tables holds the work per table of FROM (and per added table), by schema and name.
	tables map[tableKey]*tableWork
	order  []*tableWork
	// views is the view work: which views are dropped, rebuilt and created.
	views viewWork
	// enumColumns are the columns converted to a rebuilt enum: views reading them are rebuilt.
	enumColumns []columnKey

	// fromDDL, toDDL and targetDDL write SQL for and look up tables of from, to and target
	// with maps built once, so a plan's cost grows linearly with the models.
	fromDDL, toDDL, targetDDL *ddl.Catalog
	// toRelations holds the names of TO's tables and views (any schema), for
	// signatureNamesTable.
	toRelations map[string]bool
	// targetRelations holds the (schema, name) of the target's tables and views, for
	// bodyReadsTable.
	targetRelations map[[2]string]bool
	// droppedTables and droppedTableNames are the tables the plan drops, by (schema, name) and
	// by qualified name, for namesDroppedTable.
	droppedTables     map[[2]string]bool
	droppedTableNames nameSet
	// fromRoutineTexts are the unquoted texts of FROM's routines and domains, by (schema,
	// name), for droppedObject.
	fromRoutineTexts map[[2]string]string
	// droppedViewDefs are the definitions of the views the plan drops, by label, for
	// viewDefinition; fkTargets the (table, columns) TO's foreign keys of the plan's tables
	// reference, for fkNeedsIndex.
	droppedViewDefs map[string]string
	fkTargets       map[string]bool
}

func newPlanner(r *dialectPlan, from, to *schema.Database, res *diff.Result, opts Options) *planner {
	p := &planner{d: from.Dialect, r: r, from: from, to: to, res: res, opts: opts, tables: map[tableKey]*tableWork{}, nextGroup: 1}
	p.target = p.targetModel()
	p.fromDDL, p.toDDL, p.targetDDL = ddl.NewCatalog(from), ddl.NewCatalog(to), ddl.NewCatalog(p.target)
	return p
}

// add appends a statement to a phase, in a group of its own.
func (p *planner) add(ph phase, object, sql string) *Step {
	return p.addGroup(ph, p.newGroup(), object, sql)
}

// addGroup appends a statement that belongs to group g.
func (p *planner) addGroup(ph phase, g int, object, sql string) *Step {
	p.steps[ph] = append(p.steps[ph], Step{SQL: sql, Object: object, phase: ph, group: g})
	return &p.steps[ph][len(p.steps[ph])-1]
}

func (p *planner) newGroup() int {
	p.nextGroup++
	return p.nextGroup
}

func (p *planner) note(format string, args ...any) {
	p.notes = append(p.notes, fmt.Sprintf(format, args...))
}

// plan walks the changes: schema-level objects first, then per table, then views.
func (p *planner) plan() error {
	for i := range p.res.Changes {
		p.noteUnplanned(&p.res.Changes[i])
	}
	p.collectTables()
	p.r.beforeTables(p)
	for i := range p.res.Changes {
		c := &p.res.Changes[i]
		if c.Table != "" || c.Object == diff.ObjTable || c.Object == diff.ObjView {
			continue
		}
		if err := p.schemaObject(c); err != nil {
			return err
		}
	}
	p.dropExtensions()
	p.extraForeignKeyWork()
	p.collectViews()
	for _, w := range p.order {
		if err := p.table(w); err != nil {
			return fmt.Errorf("plan table %s.%s: %w", w.schema, w.name, err)
		}
	}
	p.r.afterTables(p)
	p.planViews()
	p.r.tableObjects(p)
	p.r.access(p)
	return nil
}

// finish wraps the phases in the dialect's transaction handling, applies --safe and returns
// the plan.
func (p *planner) finish() *Plan {
	body := 0
	for ph := phSchemas; ph < phCommit; ph++ {
		body += len(p.steps[ph])
	}
	if body > 0 {
		p.wrapTransaction()
	}
	p.r.afterTransaction(p)
	plan := &Plan{Dialect: p.d, Notes: p.notes, Refused: p.refusals}
	var skipGroups map[int]*Step
	if p.opts.Safe {
		skipGroups = p.safeSkips()
	}
	for _, steps := range p.steps {
		for _, s := range steps {
			if by, ok := skipGroups[s.group]; ok {
				if s.Destructive == "" && by != nil {
					s.Needs = firstLine(by.SQL) + " (" + by.Destructive + ")"
				}
				plan.Skipped = append(plan.Skipped, s)
				continue
			}
			plan.Steps = append(plan.Steps, s)
		}
	}
	if p.onlyControl(plan.Steps) {
		plan.Steps = nil
	}
	return plan
}

// safeSkips are the groups --safe leaves out, each mapped to the destructive statement it is
// left out for (nil: a destructive statement of its own). So that a --safe plan always runs,
// it adds, until nothing more is added, the group of every statement that
//   - needs a group left out (planner.needs: what the dialect's planner knows it relies on);
//   - comes after the tables phase and is about, or relies on (Step.on), a table one of whose
//     tables-phase statements is left out, unless that one only drops (onlyDrops): an index,
//     key, check or foreign key, comment or trigger may name a column it adds or changes;
//   - creates a view whose text names such a table or a view left out;
//   - drops a view to create it again when its creation is left out (the view stays as it is);
//   - changes a table in the tables phase that a view left in place reads (PostgreSQL refuses
//     to change a column a view reads; the view stays because its rebuild is left out).
func (p *planner) safeSkips() map[int]*Step {
	skip := map[int]*Step{}
	for ph := range p.steps {
		for i := range p.steps[ph] {
			if s := &p.steps[ph][i]; s.Destructive != "" {
				skip[s.group] = nil
			}
		}
	}
	words := map[string]map[string]bool{} // the words of each view text, kept between rounds
	for changed := true; changed; {
		changed = false
		out := p.leftOutObjects(skip, words)
		for ph := range p.steps {
			for i := range p.steps[ph] {
				s := &p.steps[ph][i]
				if _, done := skip[s.group]; done || s.group == 0 {
					continue
				}
				if by := p.safeReason(s, skip, out); by != nil {
					skip[s.group], changed = by, true
				}
			}
		}
	}
	return skip
}

// leftOut are the objects (tables and views, by label) with a statement --safe leaves out:
// changed (a tables-phase statement that does more than drop, or a view's creation), and the
// views whose rebuild is left out (kept, as they are). Names are matched to view texts through
// each text's words (one pass over it), so a round costs a lookup per word, not a search per
// object; names that are not one word are searched for (mentions).
type leftOut struct {
	changed map[string]*Step
	kept    map[string]*Step
	// byName are the changed labels by lower-case object name, sorted; oddNames the changed
	// labels whose name is not one word.
	byName   map[string][]string
	oddNames []string
	// keptNames are the lower-case words of the kept views' texts, each with the first such
	// view's reason; keptDefs those texts, for names that are not one word.
	keptNames map[string]*Step
	keptDefs  []keptView
	words     map[string]map[string]bool
}

type keptView struct {
	def string
	by  *Step
}

func (p *planner) leftOutObjects(skip map[int]*Step, words map[string]map[string]bool) leftOut {
	out := leftOut{changed: map[string]*Step{}, kept: map[string]*Step{}, byName: map[string][]string{},
		keptNames: map[string]*Step{}, words: words}
	reason := func(s *Step) *Step {
		if by := skip[s.group]; by != nil {
			return by
		}
		return s
	}
	for _, ph := range []phase{phTables, phViews, phDropViews} {
		for i := range p.steps[ph] {
			s := &p.steps[ph][i]
			if _, ok := skip[s.group]; !ok || s.onlyDrops {
				continue
			}
			if ph == phDropViews {
				if s.Destructive == "" && out.kept[s.Object] == nil {
					out.kept[s.Object] = reason(s)
				}
			} else if out.changed[s.Object] == nil {
				out.changed[s.Object] = reason(s)
			}
		}
	}
	for _, o := range slices.Sorted(maps.Keys(out.changed)) { // the same reason every run
		name := objectName(o)
		if oneWord(name) {
			out.byName[strings.ToLower(name)] = append(out.byName[strings.ToLower(name)], o)
		} else {
			out.oddNames = append(out.oddNames, o)
		}
	}
	for _, v := range slices.Sorted(maps.Keys(out.kept)) {
		def := p.viewDefinition(v)
		out.keptDefs = append(out.keptDefs, keptView{def, out.kept[v]})
		for w := range out.wordsOf(def) {
			if out.keptNames[w] == nil {
				out.keptNames[w] = out.kept[v]
			}
		}
	}
	return out
}

// wordsOf are the lower-case words of text (runs of identifier characters), cached.
func (o leftOut) wordsOf(text string) map[string]bool {
	if w, ok := o.words[text]; ok {
		return w
	}
	w := map[string]bool{}
	for _, f := range strings.FieldsFunc(text, func(r rune) bool { return !identRune(r) }) {
		w[strings.ToLower(f)] = true
	}
	o.words[text] = w
	return w
}

// named is the reason of the first changed object (by label) other than self that text names.
func (o leftOut) named(text, self string) *Step {
	best := ""
	for w := range o.wordsOf(text) {
		for _, l := range o.byName[w] {
			if l != self && (best == "" || l < best) {
				best = l
			}
		}
	}
	for _, l := range o.oddNames {
		if l != self && (best == "" || l < best) && mentions(text, objectName(l)) {
			best = l
		}
	}
	return o.changed[best]
}

// keptReads is the reason of a kept view whose text names the object of label, or nil.
func (o leftOut) keptReads(label string) *Step {
	name := objectName(label)
	if oneWord(name) {
		return o.keptNames[strings.ToLower(name)]
	}
	for _, k := range o.keptDefs {
		if mentions(k.def, name) {
			return k.by
		}
	}
	return nil
}

func objectName(label string) string { return label[strings.LastIndexByte(label, '.')+1:] }

func identRune(r rune) bool {
	return r == '_' || r == '$' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
}

func oneWord(name string) bool {
	return name != "" && !strings.ContainsFunc(name, func(r rune) bool { return !identRune(r) })
}

// safeReason is the destructive statement s cannot run without, or nil (safeSkips' rules).
func (p *planner) safeReason(s *Step, skip map[int]*Step, out leftOut) *Step {
	for _, g := range s.needs {
		if by, ok := skip[g]; ok {
			if by == nil {
				by = p.destructiveOf(g)
			}
			return by
		}
	}
	switch {
	case s.phase > phTables && s.phase != phViews:
		for _, o := range append([]string{s.Object}, s.on...) {
			if by := out.changed[o]; by != nil {
				return by
			}
		}
	case s.phase == phViews:
		return out.named(s.SQL, s.Object)
	case s.phase == phDropViews:
		if by := out.changed[s.Object]; by != nil && s.Destructive == "" {
			return by
		}
	case s.phase == phTables:
		return out.keptReads(s.Object)
	}
	return nil
}

// viewDefinition is the text of FROM's view schema.name (one the plan drops), or "", from a
// map built once (a search of the dropped views per kept view was views × views each round).
func (p *planner) viewDefinition(label string) string {
	if p.droppedViewDefs == nil {
		p.droppedViewDefs = make(map[string]string, len(p.views.drop))
		for _, v := range p.views.drop {
			if l := v.schema + "." + v.view.Name; !hasKey(p.droppedViewDefs, l) {
				p.droppedViewDefs[l] = v.view.Definition
			}
		}
	}
	return p.droppedViewDefs[label]
}

func hasKey[V any](m map[string]V, k string) bool {
	_, ok := m[k]
	return ok
}

// destructiveOf is the first destructive statement of group g.
func (p *planner) destructiveOf(g int) *Step {
	for ph := range p.steps {
		for i := range p.steps[ph] {
			if s := &p.steps[ph][i]; s.group == g && s.Destructive != "" {
				return s
			}
		}
	}
	return nil
}

// stepOf is the first statement of group g, or nil.
func (p *planner) stepOf(g int) *Step {
	for ph := range p.steps {
		for i := range p.steps[ph] {
			if s := &p.steps[ph][i]; s.group == g && g != 0 {
				return s
			}
		}
	}
	return nil
}

// needs records that s cannot run unless the statements of groups run too (a table's ALTER
// after the DROP SYSTEM VERSIONING that makes it possible, ADD PARTITION after the DROP
// PARTITION of the last one): --safe then leaves s out with them. Group 0 is none.
func (p *planner) needs(s *Step, groups ...int) {
	for _, g := range groups {
		if g != 0 && g != s.group && !slices.Contains(s.needs, g) {
			s.needs = append(s.needs, g)
		}
	}
}

// onlyControl reports a plan whose statements are all transaction control and settings:
// everything else was left out by --safe.
func (p *planner) onlyControl(steps []Step) bool {
	return !slices.ContainsFunc(steps, func(s Step) bool {
		return s.phase != phBegin && s.phase != phCommit && s.phase != phFKChecksOn && s.group != 0
	})
}

// wrapTransaction adds the dialect's transaction handling around the body of the plan.
func (p *planner) wrapTransaction() {
	p.r.transaction(p)
	for i := range p.steps[phBegin] {
		p.steps[phBegin][i].phase = phBegin
	}
}

// rebuildsTables reports whether the plan rebuilds a table (SQLite).
func (p *planner) rebuildsTables() bool {
	return slices.ContainsFunc(p.order, func(w *tableWork) bool { return w.rebuild })
}

// firstLine is the first line of a statement, for messages.
func firstLine(sql string) string {
	if i := strings.IndexByte(sql, '\n'); i >= 0 {
		return sql[:i]
	}
	return sql
}

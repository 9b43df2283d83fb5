package migrate

import (
	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/schema"
)

// OpKind names what a statement does, for writers that render operations rather than SQL.
type OpKind string

// The operations a Step may describe. Every other statement is only its SQL.
const (
	OpCreateTable    OpKind = "create_table"
	OpDropTable      OpKind = "drop_table"
	OpRenameTable    OpKind = "rename_table"
	OpAddColumn      OpKind = "add_column"
	OpDropColumn     OpKind = "drop_column"
	OpCreateIndex    OpKind = "create_index"
	OpDropIndex      OpKind = "drop_index"
	OpAddForeignKey  OpKind = "create_foreign_key"
	OpDropForeignKey OpKind = "drop_foreign_key"
	// OpAlterColumn is one facet of a column change: its type (Using set where the planner
	// converts), its nullability or its default (Op.Alter says which).
	OpAlterColumn OpKind = "alter_column"
	// OpRebuildTable is SQLite's table rebuild: this step and the Steps-1 after it (create
	// the new table, copy the rows, drop, rename, indexes and triggers) turn From into Def.
	OpRebuildTable OpKind = "rebuild_table"
)

// The facets of an OpAlterColumn.
const (
	AlterType     = "type"
	AlterNullable = "nullable"
	AlterDefault  = "default"
)

// Op describes a statement in terms of the model, for writers that render operations (the
// Alembic revision writes op.create_table, op.add_column, … from it). The statement's SQL is
// always there too: a writer that cannot render an Op faithfully writes the SQL instead, so
// an Op is an offer, never the only record of a step.
type Op struct {
	Kind OpKind
	// Schema is FROM's schema the statement runs in; Table the table as the statement names
	// it (its new name after a rename, except for OpRenameTable, where it is the old one).
	Schema, Table string
	// NewName is a renamed table's new name.
	NewName string
	// Name is the column, index or foreign key dropped.
	Name string
	// Def is the created table, as TO has it (OpCreateTable, OpRebuildTable); From the
	// table before a rebuild.
	Def, From *schema.Table
	// Steps is the number of steps an OpRebuildTable spans, its own included.
	Steps int
	// Column is the added column (OpAddColumn), or the column as the change leaves it
	// (OpAlterColumn; Default nil for DROP DEFAULT).
	Column *schema.Column
	// Existing is an altered column as it is before the step (its type, for existing_type).
	Existing *schema.Column
	// Alter is the facet an OpAlterColumn changes; Using the conversion of a type change.
	Alter, Using string
	// Index is the created index (OpCreateIndex).
	Index *schema.Index
	// ForeignKey is the added foreign key, its referenced schema named as in FROM.
	ForeignKey *schema.ForeignKey
}

// Control reports a statement of the plan's transaction handling (BEGIN, COMMIT, MySQL's
// foreign key checks, SQLite's pragmas and its foreign key check before COMMIT), which a
// tool that runs the plan in its own transaction leaves out or replaces.
func (s Step) Control() bool {
	return s.phase == phBegin || s.phase == phCommit || s.phase == phFKChecksOn
}

// describe attaches an Op to a step and returns the step.
func describe(s *Step, op Op) *Step {
	s.Op = &op
	return s
}

// RunIn rewrites the plan to run in a database whose schemas are named otherwise: renames
// maps the schema names the plan uses to the ones to use. The way back of a comparison under
// a schema map (the plan TO → FROM, applied to FROM's database) needs it: the planner names
// the schemas of its FROM side, which is TO there. Qualifiers in the SQL are read as
// diff.RequalifySQL reads them (never strings or bodies); the Ops' schemas follow.
func (p *Plan) RunIn(renames map[string]string) {
	if len(renames) == 0 {
		return
	}
	for _, steps := range [][]Step{p.Steps, p.Skipped} {
		for i := range steps {
			s := &steps[i]
			s.SQL = diff.RequalifySQL(p.Dialect, s.SQL, renames)
			if s.Op == nil {
				continue
			}
			op := *s.Op
			if to, ok := renames[op.Schema]; ok {
				op.Schema = to
			}
			if fk := op.ForeignKey; fk != nil {
				if to, ok := renames[fk.RefSchema]; ok {
					c := *fk
					c.RefSchema = to
					op.ForeignKey = &c
				}
			}
			s.Op = &op
		}
	}
}

package alembic

import (
	"reflect"
	"slices"
	"strings"

	"github.com/dbinspect/dbinspect/migrate"
	"github.com/dbinspect/dbinspect/schema"
)

// batch renders an SQLite table rebuild (migrate.OpRebuildTable and the steps after it) as
// Alembic's batch mode: `with op.batch_alter_table(..., recreate="always", copy_from=…)`,
// the table as FROM has it given whole (so nothing depends on what SQLAlchemy's reflection
// keeps), and the changes as batch operations: columns dropped, added in TO's place and
// altered, constraints dropped and created. Batch mode creates the new table, copies the
// rows, drops the old one and renames the new one, as the planner's steps do; the indexes and
// triggers the DROP TABLE took with it are created again after the block.
//
// It reports false for a rebuild batch mode would not make exactly (a primary key or the
// column order that changes, generated or AUTOINCREMENT columns, unnamed constraints that
// change, STRICT or WITHOUT ROWID tables, expression indexes): the planner's steps are
// written then, as op.execute.
func (rd *renderer) batch(o *migrate.Op, steps []migrate.Step, in string) (string, bool) {
	from, to := o.From, o.Def
	if !rd.r.batch || from == nil || to == nil || !rd.batchable(from, to) {
		return "", false
	}
	ops, ok := rd.batchOps(from, to)
	if !ok {
		return "", false
	}
	var after []string // indexes and triggers, created again after the block
	for _, x := range to.Indexes {
		if x.Constraint != "" || strings.HasPrefix(x.Name, "sqlite_autoindex_") {
			continue
		}
		cols, ok := plainIndex(rd.d, &x)
		if !ok {
			return "", false
		}
		kw := []string{}
		if x.Unique {
			kw = append(kw, "unique=True")
		}
		after = append(after, call("op.create_index", []string{py(x.Name), py(to.Name), pyList(cols)}, append(kw, rd.schemaKw(o.Schema)...)))
	}
	for _, s := range steps {
		if strings.HasPrefix(s.SQL, "CREATE TRIGGER") {
			after = append(after, "op.execute("+sqlLiteral(s.SQL)+")")
		}
	}
	copyFrom, ok := rd.tableExpr(o.Schema, from)
	if !ok {
		return "", false
	}
	var b strings.Builder
	for _, s := range steps {
		if s.Destructive != "" {
			b.WriteString(in + "# destructive: " + oneLine(s.Destructive) + "\n")
		}
	}
	b.WriteString(in + "# SQLite cannot ALTER this table: batch mode rebuilds it (create, copy the rows, drop, rename).\n")
	kw := append([]string{"recreate=\"always\""}, rd.schemaKw(o.Schema)...)
	b.WriteString(in + "with op.batch_alter_table(" + py(to.Name) + ", " + strings.Join(kw, ", ") + ", copy_from=" + indent(copyFrom, in) + ") as batch_op:\n")
	if len(ops) == 0 {
		ops = []string{"pass"}
	}
	for _, op := range ops {
		b.WriteString(indent(in+"    "+op, in+"    ") + "\n")
	}
	for _, a := range after {
		b.WriteString(rd.lines(a, in))
	}
	return b.String(), true
}

// lines indents a rendered call, leaving the lines of a triple-quoted string alone.
func (rd *renderer) lines(call, in string) string {
	var b strings.Builder
	for i, line := range strings.Split(call, "\n") {
		if i > 0 && strings.HasPrefix(line, "\x00") {
			b.WriteString(line[1:] + "\n")
			continue
		}
		b.WriteString(in + line + "\n")
	}
	return b.String()
}

// indent indents the lines after the first of a multi-line expression.
func indent(s, in string) string { return strings.ReplaceAll(s, "\n", "\n"+in) }

// batchable reports tables whose rebuild batch mode makes as the planner does.
func (rd *renderer) batchable(from, to *schema.Table) bool {
	for _, t := range []*schema.Table{from, to} {
		if lt := t.SQLite; lt != nil && (lt.Strict || lt.WithoutRowID || lt.Module != "") {
			return false
		}
		if slices.ContainsFunc(t.Columns, func(c schema.Column) bool { return c.Generated != nil || c.AutoIncrement }) {
			return false
		}
	}
	if !reflect.DeepEqual(from.PrimaryKey, to.PrimaryKey) {
		return false
	}
	// The columns both keep must keep their order, and their names' spelling.
	var kf, kt []string
	for _, c := range from.Columns {
		if col := columnFold(to, c.Name); col != nil {
			if col.Name != c.Name {
				return false
			}
			kf = append(kf, c.Name)
		}
	}
	for _, c := range to.Columns {
		if from.Column(c.Name) != nil {
			kt = append(kt, c.Name)
		}
	}
	return slices.Equal(kf, kt)
}

func columnFold(t *schema.Table, name string) *schema.Column {
	for i := range t.Columns {
		if strings.EqualFold(t.Columns[i].Name, name) {
			return &t.Columns[i]
		}
	}
	return nil
}

// batchOps are the batch operations that turn from into to.
func (rd *renderer) batchOps(from, to *schema.Table) ([]string, bool) {
	var ops []string
	// Constraints go first: a dropped column may be in one.
	cons, ok := rd.batchConstraints(from, to)
	if !ok {
		return nil, false
	}
	ops = append(ops, cons.drops...)
	for _, c := range from.Columns {
		if to.Column(c.Name) == nil {
			ops = append(ops, call("batch_op.drop_column", []string{py(c.Name)}, nil))
		}
	}
	for i, c := range to.Columns {
		f := from.Column(c.Name)
		switch {
		case f == nil:
			// Before the next column the table keeps (Alembic 1.8 cannot place a column after
			// one added in the same batch); at the end when none follows.
			var kw []string
			for _, next := range to.Columns[i+1:] {
				if from.Column(next.Name) != nil {
					kw = append(kw, "insert_before="+py(next.Name))
					break
				}
			}
			ops = append(ops, call("batch_op.add_column", []string{rd.column("main", to, c)}, kw))
		case !reflect.DeepEqual(*f, c):
			op, ok := rd.batchAlter(from, to, *f, c)
			if !ok {
				return nil, false
			}
			ops = append(ops, op)
		}
	}
	return append(ops, cons.creates...), true
}

// batchAlter is batch_op.alter_column for a column that changes type, nullability or
// default; false for any other change (a collation, a comment SQLite has none of).
func (rd *renderer) batchAlter(from, to *schema.Table, f, t schema.Column) (string, bool) {
	rest := f
	rest.Type, rest.Nullable, rest.Default = t.Type, t.Nullable, t.Default
	if !reflect.DeepEqual(rest, t) {
		return "", false
	}
	kw := []string{"existing_type=" + rd.columnType(rd.current, "main", f)}
	if f.Type != t.Type {
		kw = append(kw, "type_="+rd.columnType(rd.target, "main", t))
	}
	if f.Nullable != t.Nullable {
		kw = append(kw, "nullable="+pyBool(t.Nullable))
	} else {
		kw = append(kw, "existing_nullable="+pyBool(f.Nullable))
	}
	if !reflect.DeepEqual(f.Default, t.Default) {
		def := "None"
		if t.Default != nil {
			def = pyText(*t.Default)
		}
		kw = append(kw, "server_default="+def)
	}
	return call("batch_op.alter_column", []string{py(t.Name)}, kw), true
}

type batchCons struct{ drops, creates []string }

// batchConstraints drops and creates the uniques, checks and foreign keys that differ, by
// name; unnamed ones must stay as they are.
func (rd *renderer) batchConstraints(from, to *schema.Table) (batchCons, bool) {
	var out batchCons
	type con struct {
		name, kind string
		def        any
		create     string
	}
	list := func(t *schema.Table) ([]con, bool) {
		var cs []con
		for _, u := range t.Uniques {
			if u.NullsNotDistinct || u.Deferrable {
				return nil, false
			}
			cs = append(cs, con{u.Name, "unique", u, call("batch_op.create_unique_constraint", []string{py(u.Name), pyList(u.Columns)}, nil)})
		}
		for _, ck := range t.Checks {
			cs = append(cs, con{ck.Name, "check", ck, call("batch_op.create_check_constraint", []string{py(ck.Name), pyText(checkExpr(ck.Expression))}, nil)})
		}
		for _, fk := range t.ForeignKeys {
			kw, ok := fkKwargs(rd.r, &fk)
			if !ok {
				return nil, false
			}
			cs = append(cs, con{fk.Name, "foreignkey", fk, call("batch_op.create_foreign_key", []string{py(fk.Name), py(fk.RefTable), pyList(fk.Columns), pyList(fk.RefColumns)}, kw)})
		}
		return cs, true
	}
	fc, ok1 := list(from)
	tc, ok2 := list(to)
	if !ok1 || !ok2 {
		return out, false
	}
	find := func(cs []con, c con) *con {
		for i := range cs {
			if cs[i].kind == c.kind && cs[i].name == c.name && (c.name != "" || reflect.DeepEqual(cs[i].def, c.def)) {
				return &cs[i]
			}
		}
		return nil
	}
	for _, c := range fc {
		if o := find(tc, c); o == nil || !reflect.DeepEqual(o.def, c.def) {
			if c.name == "" {
				return out, false
			}
			out.drops = append(out.drops, call("batch_op.drop_constraint", []string{py(c.name)}, []string{"type_=" + py(c.kind)}))
		}
	}
	for _, c := range tc {
		if o := find(fc, c); o == nil || !reflect.DeepEqual(o.def, c.def) {
			if c.name == "" {
				return out, false
			}
			out.creates = append(out.creates, c.create)
		}
	}
	return out, true
}

// tableExpr is sa.Table(...) of t for copy_from: its columns and constraints, no indexes
// (they go with the old table and are created again after the block).
func (rd *renderer) tableExpr(schemaName string, t *schema.Table) (string, bool) {
	args := []string{py(t.Name), "sa.MetaData()"}
	for _, c := range t.Columns {
		args = append(args, rd.columnWith(rd.current, schemaName, t, c))
	}
	cons, ok := rd.constraints(schemaName, t)
	if !ok {
		return "", false
	}
	args = append(args, cons...)
	return "sa.Table(\n    " + strings.Join(args, ",\n    ") + ",\n)", true
}

package migrate

import (
	"slices"

	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/schema"
)

// PostgreSQL partitions and inheritance children: what their parent makes for them.
//
// Indexes, primary keys, uniques, foreign keys, checks and row triggers declared on a
// partitioned table exist on every partition too, made by the server (the inspector marks
// those copies Inherited); columns and checks of a table reach its INHERITS children the same
// way. Statements for the parent's object are the ones planned: the copies come and go with
// it, and planning them again fails ("already exists", "multiple primary keys", "cannot drop
// inherited constraint", "does not exist").

// inherited reports whether one side of a change is an object its table got from a parent.
func inherited(side any) bool {
	switch v := side.(type) {
	case *schema.Column:
		return v != nil && v.Inherited
	case *schema.PrimaryKey:
		return v != nil && v.Inherited
	case *schema.ForeignKey:
		return v != nil && v.Inherited
	case *schema.Unique:
		return v != nil && v.Inherited
	case *schema.Check:
		return v != nil && v.Inherited
	case *schema.Index:
		return v != nil && v.Inherited
	case *schema.Trigger:
		return v != nil && v.Inherited
	}
	return false
}

// parents lists the tables a PostgreSQL table is a partition or an inheritance child of.
func parents(t *schema.Table) []schema.TableRef {
	if t == nil || t.Postgres == nil {
		return nil
	}
	out := slices.Clone(t.Postgres.Inherits)
	if t.Postgres.PartitionOf != nil {
		out = append(out, *t.Postgres.PartitionOf)
	}
	return out
}

// sameParents reports a kept table that stays attached to the same parents: what it inherits
// keeps coming from them. TO's references name TO's schemas.
func (p *planner) sameParents(w *tableWork) bool {
	from, to := parents(w.from), parents(w.to)
	if len(from) != len(to) {
		return false
	}
	for i := range from {
		if p.toSchemaName(from[i].Schema) != to[i].Schema || from[i].Name != to[i].Name {
			return false
		}
	}
	return true
}

// dropInherited removes from a kept table's work the changes its parents' changes make by
// themselves: objects added as the parent's copies, copies dropped or changed with the
// parent's, columns added, dropped or changed on the parent. A partition's own objects stay.
func (p *planner) dropInherited(w *tableWork) {
	if p.d != schema.Postgres || !w.kept() || len(parents(w.from))+len(parents(w.to)) == 0 {
		return
	}
	same := p.sameParents(w)
	kept := w.changes[:0:0]
	for _, c := range w.changes {
		f, t := c.Sides()
		switch {
		case c.Object == diff.ObjColumn:
			if c = p.inheritedColumn(w, c); c == nil {
				continue
			}
		case c.Action == diff.Add && inherited(t):
			continue // made by the parent's, or by ATTACH PARTITION
		case c.Action == diff.Drop && inherited(f) && same:
			continue // goes with the parent's
		case c.Action == diff.Modify && inherited(f) && inherited(t):
			continue // the parent's is replaced
		}
		kept = append(kept, c)
	}
	w.changes = kept
	// Foreign keys in the way of a type change: the parent's are dropped and added again.
	w.dropFKs = slices.DeleteFunc(w.dropFKs, func(fk schema.ForeignKey) bool { return fk.Inherited })
	w.addFKs = slices.DeleteFunc(w.addFKs, func(fk schema.ForeignKey) bool { return fk.Inherited })
}

// inheritedColumn returns the part of a child's column change its parent's change does not
// make by itself (ALTER TABLE on the parent recurses into partitions and children), or nil.
func (p *planner) inheritedColumn(w *tableWork, c *diff.Change) *diff.Change {
	f, t := c.Columns()
	if !(f != nil && f.Inherited) && !(t != nil && t.Inherited) {
		return c
	}
	pc := p.parentColumnChange(w, c)
	if pc == nil || pc.Action != c.Action {
		return c
	}
	if c.Action != diff.Modify {
		return nil
	}
	var rest []diff.FieldChange
	for _, fc := range c.Fields {
		if !hasField(pc, fc.Field) {
			rest = append(rest, fc)
		}
	}
	if len(rest) == 0 {
		return nil
	}
	cp := *c
	cp.Fields = rest
	return &cp
}

// parentColumnChange finds the change of the same column on one of the table's parents.
func (p *planner) parentColumnChange(w *tableWork, c *diff.Change) *diff.Change {
	for _, ref := range parents(w.from) {
		pw := p.tables[tableKey{ref.Schema, ref.Name}]
		if pw == nil {
			continue
		}
		for _, pc := range pw.changesOf(diff.ObjColumn) {
			if pc.Name == c.Name {
				return pc
			}
		}
	}
	return nil
}

// droppedWithParent reports a dropped partition whose partitioned parent is dropped too:
// DROP TABLE of the parent drops its partitions.
func (p *planner) droppedWithParent(w *tableWork) bool {
	t := w.from
	if t == nil || t.Postgres == nil || t.Postgres.PartitionOf == nil {
		return false
	}
	ref := t.Postgres.PartitionOf
	pw := p.tables[tableKey{ref.Schema, ref.Name}]
	return pw != nil && pw.dropped()
}

package migrate

import (
	"fmt"
	"slices"
	"strings"

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
	if !w.kept() || len(parents(w.from))+len(parents(w.to)) == 0 {
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
		case c.Action == diff.Add && inherited(t) && (same || c.Object != diff.ObjCheck):
			continue // made by the parent's, or by ATTACH PARTITION (which wants the checks there)
		case c.Action == diff.Drop && inherited(f) && (same || c.Object == diff.ObjTrigger):
			continue // goes with the parent's; DETACH PARTITION drops the cloned triggers
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

// Partition structure. A partition moved to other bounds, a table attached to a partitioned
// parent or detached from it are planned with DETACH and ATTACH PARTITION: every detach runs
// first (before the keys its copies held are dropped), every attach after the tables and
// columns are in place (ATTACH scans the table, and makes the parent's indexes on it). A
// partition key that changes, or a table that becomes partitioned or stops being, would need
// the table rebuilt with every partition and everything depending on it: the plan refuses it
// (Plan.Refused), and plans nothing of that table and its partitions.

// refusePartitionRebuilds finds the tables the plan cannot change and takes their work out.
func (p *planner) refusePartitionRebuilds() {
	refused := map[tableKey]bool{}
	for _, w := range p.order {
		if !w.kept() || w.self == nil || !hasField(w.self, diff.FieldPartitionKey) {
			continue
		}
		fk, tk := w.from.Postgres.PartitionKey, "" // a kept table with the field has Postgres on one side at least
		if w.to.Postgres != nil {
			tk = w.to.Postgres.PartitionKey
		}
		if w.from.Postgres == nil {
			fk = ""
		}
		p.refuse("table %s: partition key %s → %s: the table would have to be rebuilt with its partitions and everything that depends on it; nothing of it or its partitions is planned",
			w.label(), orNone(fk), orNone(tk))
		refused[tableKey{w.schema, w.name}] = true
	}
	if len(refused) == 0 {
		return
	}
	for _, w := range p.order {
		under := refused[tableKey{w.schema, w.name}]
		for _, ref := range parents(w.from) {
			under = under || refused[tableKey{ref.Schema, ref.Name}]
		}
		for _, ref := range parents(w.to) {
			under = under || refused[tableKey{p.fromSchemaName(ref.Schema), ref.Name}]
		}
		if under {
			w.refused, w.changes, w.dropFKs, w.addFKs = true, nil, nil, nil
		}
	}
}

// keepWhatRefusedUse takes out of the plan the drops of routines and types that a table the
// plan leaves alone (refused) still uses: its triggers' functions, its columns' types.
func (p *planner) keepWhatRefusedUse() {
	used := map[string]string{} // schema.name → the table using it
	for _, w := range p.order {
		if !w.refused || w.from == nil {
			continue
		}
		for _, tr := range w.from.Triggers {
			used[unquoteName(tr.Function)] = w.schema + "." + w.name
		}
		for _, c := range w.from.Columns {
			name := unquoteName(c.Type)
			if !strings.Contains(name, ".") {
				name = w.schema + "." + name
			}
			used[strings.TrimSuffix(name, "[]")] = w.schema + "." + w.name
		}
	}
	for _, ph := range []phase{phDropAggregates, phDropLate} {
		p.steps[ph] = slices.DeleteFunc(p.steps[ph], func(s Step) bool {
			name, _, _ := strings.Cut(unquoteName(s.Object), "(")
			if table, ok := used[name]; ok {
				p.note("%s is not dropped: table %s, whose change is not planned, uses it", s.Object, table)
				return true
			}
			return false
		})
	}
}

// unquoteName drops the double quotes of a (possibly qualified) name.
func unquoteName(s string) string { return strings.ReplaceAll(s, `"`, "") }

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// refuse records a change the plan cannot make.
func (p *planner) refuse(format string, args ...any) {
	p.refusals = append(p.refusals, fmt.Sprintf(format, args...))
}

// fromSchemaName maps a TO schema name to FROM's (toSchemaName the other way round).
func (p *planner) fromSchemaName(toName string) string {
	for _, sc := range p.from.Schemas {
		if p.toSchemaName(sc.Name) == toName {
			return sc.Name
		}
	}
	return toName
}

// partitionOf returns a table's partitioned parent, nil for other tables.
func partitionOf(t *schema.Table) *schema.TableRef {
	if t == nil || t.Postgres == nil {
		return nil
	}
	return t.Postgres.PartitionOf
}

func partitionBound(t *schema.Table) string {
	if t == nil || t.Postgres == nil {
		return ""
	}
	return t.Postgres.PartitionBound
}

// pgRepartition detaches a kept table from its FROM parent and attaches it to its TO parent,
// with TO's bound.
func (p *planner) pgRepartition(w *tableWork) {
	from, to := partitionOf(w.from), partitionOf(w.to)
	if from == nil && to == nil {
		p.note("table %s: its partition bound changes but it is no partition on either side: nothing to attach", w.label())
		return
	}
	g := p.newGroup()
	if from != nil {
		s := p.addGroup(phDropTriggers, g, w.label(), "ALTER TABLE "+p.qq(from.Schema, from.Name)+" DETACH PARTITION "+w.fromName(p))
		s.Hazard = "ACCESS EXCLUSIVE lock on " + from.Schema + "." + from.Name + " while " + w.label() + " is detached"
	}
	if to != nil {
		parent := p.qq(p.fromSchemaName(to.Schema), to.Name)
		// After the table's own keys and checks: ATTACH wants the parent's checks there.
		s := p.addGroup(phFKs, g, w.label(), "ALTER TABLE "+parent+" ATTACH PARTITION "+w.tableName(p)+" "+partitionBound(w.to))
		s.Destructive = "attaches " + w.label() + " " + partitionBound(w.to) + ": fails if one of its rows falls outside the bound"
		s.Hazard = "scans " + w.label() + " (and the default partition) to check the bound, holding a lock that blocks writes"
		p.partitionAdded(p.fromSchemaName(to.Schema), to.Name)
	}
}

// pgInherits plans a change of a table's INHERITS parents.
func (p *planner) pgInherits(w *tableWork) {
	key := func(schemaName, name string) string { return schemaName + "." + name }
	var fromRefs, toRefs []string
	if w.from.Postgres != nil {
		for _, r := range w.from.Postgres.Inherits {
			fromRefs = append(fromRefs, key(r.Schema, r.Name))
		}
	}
	if w.to.Postgres != nil {
		for _, r := range w.to.Postgres.Inherits {
			toRefs = append(toRefs, key(p.fromSchemaName(r.Schema), r.Name))
		}
	}
	for _, r := range fromRefs {
		if !slices.Contains(toRefs, r) {
			sc, name, _ := strings.Cut(r, ".")
			p.add(phDropTriggers, w.label(), "ALTER TABLE "+w.fromName(p)+" NO INHERIT "+p.qq(sc, name))
		}
	}
	for _, r := range toRefs {
		if !slices.Contains(fromRefs, r) {
			sc, name, _ := strings.Cut(r, ".")
			s := p.add(phKeys, w.label(), "ALTER TABLE "+w.tableName(p)+" INHERIT "+p.qq(sc, name))
			s.Destructive = "makes " + w.label() + " inherit from " + r + ": fails unless it has the parent's columns and checks"
		}
	}
	if !slices.Equal(fromRefs, toRefs) && len(fromRefs) > 0 && len(toRefs) > 0 && sameSet(fromRefs, toRefs) {
		p.note("table %s: the order of its INHERITS parents changes (%s → %s): PostgreSQL keeps the order they were added in", w.label(), strings.Join(fromRefs, ", "), strings.Join(toRefs, ", "))
	}
}

func sameSet(a, b []string) bool {
	return len(a) == len(b) && !slices.ContainsFunc(a, func(s string) bool { return !slices.Contains(b, s) })
}

// partitionAdded records that the plan creates or attaches a partition of a partitioned table
// (FROM's name): its default partition's rows may belong to the new one (moveDefaultRows).
func (p *planner) partitionAdded(schemaName, parent string) {
	if p.newPartitions == nil {
		p.newPartitions = map[tableKey]bool{}
	}
	p.newPartitions[tableKey{schemaName, parent}] = true
}

// moveDefaultRows empties the default partition of every partitioned table that gets a new
// partition, and routes its rows through the parent once the partitions are in place: a
// default partition holding a row the new partition's bound covers makes CREATE TABLE …
// PARTITION OF and ATTACH PARTITION fail. The rows wait in a temporary table.
func (p *planner) moveDefaultRows() {
	n := 0
	for _, sc := range p.from.Schemas {
		for i := range sc.Tables {
			if w := p.defaultPartitionWork(sc.Name, &sc.Tables[i]); w != nil {
				n++
				p.moveRows(w, n)
			}
		}
	}
}

// defaultPartitionWork returns the work of a default partition that stays one, or is
// dropped, while its parent gets a new partition; nil for every other table.
func (p *planner) defaultPartitionWork(schemaName string, t *schema.Table) *tableWork {
	parent := partitionOf(t)
	if parent == nil || partitionBound(t) != "DEFAULT" || !p.newPartitions[tableKey{parent.Schema, parent.Name}] {
		return nil
	}
	w := p.tables[tableKey{schemaName, t.Name}]
	if w == nil {
		w = &tableWork{schema: schemaName, name: t.Name, newName: t.Name, from: t, to: p.toTable(schemaName, t.Name)}
	}
	if w.dropped() && !w.refused {
		return w
	}
	if !w.kept() || w.refused || partitionBound(w.to) != "DEFAULT" || hasRepartition(w) {
		return nil
	}
	return w
}

// moveRows moves the rows of the default partition of w out before the new partitions are
// made, and back in through the parent after.
func (p *planner) moveRows(w *tableWork, n int) {
	{
		parent := partitionOf(w.from)
		pw := p.tables[tableKey{parent.Schema, parent.Name}]
		target := p.toTable(parent.Schema, parent.Name)
		if target == nil || pw != nil && pw.newName != parent.Name {
			return
		}
		var cols []string
		overriding := ""
		for _, c := range target.Columns {
			if c.Generated != nil || w.from.Column(c.Name) == nil {
				continue
			}
			if c.Identity != nil && c.Identity.Generation == "ALWAYS" {
				overriding = " OVERRIDING SYSTEM VALUE"
			}
			cols = append(cols, p.q(c.Name))
		}
		tmp := p.q(fmt.Sprintf("dbinspect_default_rows_%d", n))
		list := strings.Join(cols, ", ")
		g := p.newGroup()
		s := p.addGroup(phDropKeys, g, w.label(), "CREATE TEMPORARY TABLE "+tmp+" ON COMMIT DROP AS SELECT "+list+" FROM "+w.fromName(p))
		s.Hazard = "copies the rows of the default partition " + w.label() + " aside, to route them through " + parent.Name + " after the new partitions exist"
		s = p.addGroup(phDropKeys, g, w.label(), "DELETE FROM "+w.fromName(p))
		s.Destructive = "moves the rows of the default partition " + w.label() + " out and back in through " + parent.Schema + "." + parent.Name + ": delete and insert triggers fire"
		// After every ATTACH PARTITION (phFKs): a row whose partition is not attached yet would
		// go back to the default one.
		if w.dropped() {
			// No default partition is left to take a row no partition covers: each partition
			// gets the rows its bound holds, and the others go with the dropped partition.
			s.Destructive = "moves the rows of the dropped default partition " + w.label() + " that a partition of " + parent.Schema + "." + parent.Name + " covers into it; the others are lost with it"
			p.addGroup(phFKs, g, w.label(), p.routeRowsSQL(parent, list, overriding, tmp))
		} else {
			p.addGroup(phFKs, g, w.label(), "INSERT INTO "+p.qq(parent.Schema, parent.Name)+" ("+list+")"+overriding+" SELECT "+list+" FROM "+tmp)
		}
		p.addGroup(phFKs, g, w.label(), "DROP TABLE "+tmp)
	}
}

// routeRowsSQL inserts into each partition of parent the rows of tmp its partition
// constraint holds (pg_get_partition_constraintdef: the bound, with the parent's own bound
// for a sub-partition), so rows no partition covers are left behind rather than failing the
// INSERT.
func (p *planner) routeRowsSQL(parent *schema.TableRef, list, overriding, tmp string) string {
	// lit puts text in format()'s string literal.
	lit := func(s string) string { return strings.NewReplacer("'", "''", "%", "%%").Replace(s) }
	return "DO $dbinspect$\nDECLARE r record;\nBEGIN\n" +
		"  FOR r IN SELECT i.inhrelid::regclass AS part, pg_get_partition_constraintdef(i.inhrelid) AS bound\n" +
		"      FROM pg_inherits i WHERE i.inhparent = " + p.str(p.qq(parent.Schema, parent.Name)) + "::regclass LOOP\n" +
		"    EXECUTE format('INSERT INTO %s (" + lit(list) + ")" + overriding + " SELECT " + lit(list) + " FROM " + lit(tmp) + " WHERE %s', r.part, r.bound);\n" +
		"  END LOOP;\nEND\n$dbinspect$"
}

// hasRepartition reports a table whose parent or bound changes.
func hasRepartition(w *tableWork) bool {
	return w.self != nil && hasField(w.self, diff.FieldPartitionOf, diff.FieldPartitionBound)
}

package migrate

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dbinspect/dbinspect/ddl"
	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/schema"
)

// myAlter collects the clauses of one table's ALTER TABLE: MySQL rebuilds a table for most
// changes, so everything a table needs is done in one statement (one rebuild). Clauses that
// can lose data go into a second statement of their own, so --safe can leave them out alone.
type myAlter struct {
	drops, columns, adds, options []string
	lossy                         []string
	reasons                       []string
	// renamed maps a column's TO name to its FROM name, for columns whose name changes (in
	// case only: MySQL column names are case-insensitive): written as CHANGE COLUMN.
	renamed map[string]string
	// partitioning: the table's PARTITION BY changes (myPartitioning); removed is the group of
	// its REMOVE PARTITIONING, 0 if none.
	partitioning bool
	removed      int
	// needs are the groups the table's ALTER TABLE cannot run without (the DROP SYSTEM
	// VERSIONING before explicit period columns); destructive is the group of the statement of
	// the clauses that can lose data, which what comes after may need (0: none).
	needs       []int
	destructive int
}

// myAlterTable plans a table that stays on MySQL/MariaDB.
func (p *planner) myAlterTable(w *tableWork) {
	a := &myAlter{renamed: map[string]string{}}
	p.myKeepHistory(w)
	if w.self != nil && w.self.Action == diff.Modify {
		p.myTableOptions(w, a)
	}
	modify := p.myColumns(w, a)
	p.myKeys(w, a, modify)
	p.myModifyColumns(w, a, modify)
	defer p.myVersioning(w, a)() // what it returns after every other statement of the table
	if a.partitioning {
		defer func() { p.myPartitioning(w, a) }() // after the keys and columns the new partitioning needs
	}
	defer p.triggerChanges(w)
	defer p.foreignKeyChanges(w)
	tbl := "ALTER TABLE " + w.tableName(p) + "\n  "
	if droppedAutoIncrement(w) && len(a.lossy) > 0 {
		// An AUTO_INCREMENT column must be a key (error 1075): dropping it and changing the
		// key it was in are one statement, or neither half runs.
		s := p.add(phTables, w.label(), tbl+strings.Join(concat(a.drops, a.lossy, a.columns, a.adds, a.options), ",\n  "))
		s.Destructive = strings.Join(a.reasons, "; ")
		p.needs(s, a.needs...)
		a.destructive = s.group
		return
	}
	if clauses := concat(a.drops, a.columns, a.adds, a.options); len(clauses) > 0 {
		p.needs(p.add(phTables, w.label(), tbl+strings.Join(clauses, ",\n  ")), a.needs...)
	}
	if len(a.lossy) > 0 {
		s := p.add(phTables, w.label(), tbl+strings.Join(a.lossy, ",\n  "))
		s.Destructive = strings.Join(a.reasons, "; ")
		s.onlyDrops = !slices.ContainsFunc(a.lossy, func(c string) bool { return !strings.HasPrefix(c, "DROP ") })
		p.needs(s, a.needs...)
		a.destructive = s.group
	}
}

// droppedAutoIncrement reports a table losing its AUTO_INCREMENT column.
func droppedAutoIncrement(w *tableWork) bool {
	for _, c := range w.changesOf(diff.ObjColumn) {
		if f := fromColumn(c); c.Action == diff.Drop && f != nil && f.AutoIncrement {
			return true
		}
	}
	return false
}

func concat(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

func (p *planner) myTableOptions(w *tableWork, a *myAlter) {
	m := w.to.MySQL
	if m == nil {
		m = &schema.MySQLTable{}
	}
	charsetDone := false
	for _, f := range w.self.Fields {
		switch f.Field {
		case diff.FieldComment:
			c := ""
			if w.to.Comment != nil {
				c = *w.to.Comment
			}
			a.options = append(a.options, "COMMENT = "+p.str(c))
		case diff.FieldEngine:
			a.options = append(a.options, "ENGINE = "+m.Engine)
		case diff.FieldCharset, diff.FieldCollation:
			if !charsetDone && m.Charset != "" {
				opt := "DEFAULT CHARACTER SET " + m.Charset
				if m.Collation != "" {
					opt += " COLLATE " + m.Collation
				}
				a.options = append(a.options, opt)
				charsetDone = true
			}
		case diff.FieldRowFormat:
			a.options = append(a.options, "ROW_FORMAT = "+orDefault(m.RowFormat))
		case diff.FieldSystemVersioning:
			if m.SystemVersioned {
				a.options = append(a.options, "ADD SYSTEM VERSIONING")
			} else {
				a.lossy = append(a.lossy, "DROP SYSTEM VERSIONING")
				a.reasons = append(a.reasons, "drops the system versioning of "+w.label()+" and the history it kept")
			}
		case diff.FieldPartitioning:
			if !myPartitioningKnown(w.from.MySQL) || !myPartitioningKnown(m) {
				p.note("partitioning of table %s changes (%s → %s): the model has it only as text (a snapshot from an older dbinspect); change it by hand", w.label(), f.From, f.To)
				continue
			}
			a.partitioning = true
			if from := w.from.MySQL; from != nil && from.PartitionBy != nil {
				// Off first: the key and column changes may take a partitioning column away.
				// The new partitioning, if any, is set again afterwards (one rebuild each).
				if m.PartitionBy == nil || !myPartitionedAlike(from.PartitionBy, m.PartitionBy) {
					a.removed = p.add(phTables, w.label(), "ALTER TABLE "+w.tableName(p)+" REMOVE PARTITIONING").group
				}
			}
		case diff.FieldOptions:
			from := ""
			if w.from.MySQL != nil {
				from = w.from.MySQL.CreateOptions
			}
			a.options = append(a.options, myOptionChanges(from, m.CreateOptions)...)
		default:
			p.note("%s of table %s changes (%s → %s): not planned; change it by hand", f.Field, w.label(), f.From, f.To)
		}
	}
}

// myOptionChanges sets the table options (CREATE_OPTIONS) that TO has and FROM has otherwise,
// and resets those only FROM has: to DEFAULT where MySQL takes it, to 0 for the sizes and flags
// where it does not (KEY_BLOCK_SIZE=DEFAULT is a syntax error).
func myOptionChanges(from, to string) []string {
	values := func(s string) map[string]string {
		out := map[string]string{}
		for _, opt := range ddl.MySQLCreateOptions(s) {
			k, v, _ := strings.Cut(opt, "=")
			out[k] = v
		}
		return out
	}
	f, t := values(from), values(to)
	var out []string
	for _, opt := range ddl.MySQLCreateOptions(to) {
		k, v, _ := strings.Cut(opt, "=")
		if f[k] != v {
			out = append(out, k+" = "+v)
		}
	}
	for _, opt := range ddl.MySQLCreateOptions(from) {
		k, _, _ := strings.Cut(opt, "=")
		if _, ok := t[k]; ok {
			continue
		}
		reset := "DEFAULT"
		switch k {
		case "KEY_BLOCK_SIZE", "MAX_ROWS", "MIN_ROWS", "AVG_ROW_LENGTH", "CHECKSUM", "DELAY_KEY_WRITE", "PAGE_CHECKSUM", "TRANSACTIONAL":
			reset = "0"
		}
		out = append(out, k+" = "+reset)
	}
	return out
}

func orDefault(s string) string {
	if s == "" {
		return "DEFAULT"
	}
	return s
}

// myColumns adds and drops columns and returns the columns to MODIFY: changed ones, and those
// whose column-level check (MariaDB keeps it on the column) changes. Columns are added in TO's
// order, each after its predecessor, so the table ends up with TO's column order.
func (p *planner) myColumns(w *tableWork, a *myAlter) map[string]*diff.Change {
	modify := map[string]*diff.Change{}
	adds := map[string]*diff.Change{}
	for _, c := range w.changesOf(diff.ObjColumn) {
		switch {
		case c.Action == diff.Add:
			adds[c.Name] = c
		case c.Action == diff.Rename:
			a.renamed[c.NewName] = c.Name
		case c.Action == diff.Drop:
			a.lossy = append(a.lossy, "DROP COLUMN "+p.q(c.Name))
			a.reasons = append(a.reasons, "drops column "+w.label()+"."+c.Name+" and its values")
		case hasField(c, diff.FieldGenerated):
			adds[c.Name] = c // MariaDB cannot MODIFY a generated column's expression or kind
		default:
			modify[c.Name] = c
		}
	}
	for _, col := range w.to.Columns {
		c := adds[col.Name]
		if c == nil {
			continue
		}
		clause := "ADD COLUMN " + p.columnDefinition(w.schema, w.to, col) + p.myPosition(w.to, col.Name)
		switch {
		case c.Action == diff.Add:
			a.columns = append(a.columns, clause)
		case fromColumn(c).Generated == nil:
			a.lossy = append(a.lossy, "DROP COLUMN "+p.q(c.Name), clause)
			a.reasons = append(a.reasons, "replaces column "+w.label()+"."+c.Name+" by a generated one: its stored values are lost")
		default:
			a.columns = append(a.columns, "DROP COLUMN "+p.q(c.Name), clause)
		}
	}
	return modify
}

// myPosition places a column where TO has it: after its predecessor, or first.
func (p *planner) myPosition(t *schema.Table, name string) string {
	for i, c := range t.Columns {
		if c.Name == name {
			if i == 0 {
				return " FIRST"
			}
			return " AFTER " + p.q(t.Columns[i-1].Name)
		}
	}
	return ""
}

// myModifyColumns writes MODIFY COLUMN with the whole TO definition, so nothing the change does
// not mention (default, comment, ON UPDATE, charset, check) is reset.
func (p *planner) myModifyColumns(w *tableWork, a *myAlter, modify map[string]*diff.Change) {
	for _, col := range w.to.Columns {
		from, renamed := a.renamed[col.Name]
		if !renamed {
			from = col.Name
		}
		c, ok := modify[from]
		if !ok && !renamed {
			continue
		}
		clause := "MODIFY COLUMN " + p.columnDefinition(w.schema, w.to, col)
		if renamed {
			clause = "CHANGE COLUMN " + p.q(from) + " " + p.columnDefinition(w.schema, w.to, col)
		}
		clause += myWithVersioning(c)
		if c != nil && hasField(c, diff.FieldPosition) {
			clause += p.myPosition(w.to, col.Name)
		}
		if c != nil && c.Destructive {
			a.lossy = append(a.lossy, clause)
			a.reasons = append(a.reasons, fmt.Sprintf("changes column %s.%s (%s): values that do not fit are lost or make it fail", w.label(), col.Name, fieldList(c)))
			continue
		}
		a.columns = append(a.columns, clause)
	}
}

func fieldList(c *diff.Change) string {
	var out []string
	for _, f := range c.Fields {
		out = append(out, string(f.Field)+" "+f.From+" → "+f.To)
	}
	return strings.Join(out, ", ")
}

// myKeys drops and adds primary keys, uniques, checks and indexes as clauses of the table's
// ALTER TABLE.
func (p *planner) myKeys(w *tableWork, a *myAlter, modify map[string]*diff.Change) {
	for _, c := range w.changes {
		switch c.Object {
		case diff.ObjPrimaryKey, diff.ObjUnique, diff.ObjCheck, diff.ObjIndex:
		default:
			continue
		}
		if ck := columnCheck(c); ck != "" {
			if _, ok := modify[ck]; !ok {
				modify[ck] = nil // the check lives in the column's definition
			}
			continue
		}
		if c.Action == diff.Rename && c.Object != diff.ObjCheck {
			a.adds = append(a.adds, "RENAME INDEX "+p.q(c.Name)+" TO "+p.q(c.NewName))
			continue
		}
		if c.Object == diff.ObjCheck && c.Action == diff.Modify && onlyFields(c, diff.FieldNotEnforced) {
			// MySQL 8 turns enforcement on and off in place (on, it checks the rows).
			_, to := c.Checks()
			enforcement := " ENFORCED"
			if to.NotEnforced {
				enforcement = " NOT ENFORCED"
			}
			a.adds = append(a.adds, "ALTER CHECK "+p.q(c.Name)+enforcement)
			continue
		}
		if c.Object == diff.ObjIndex && c.Action == diff.Modify && onlyFields(c, diff.FieldInvisible) {
			// Hiding an index or showing it again changes no data: no rebuild, no window without it.
			_, to := c.Indexes()
			a.adds = append(a.adds, "ALTER INDEX "+p.q(c.Name)+" "+ddl.MySQLIndexVisibility(to.Invisible))
			continue
		}
		if c.Action != diff.Add {
			a.drops = append(a.drops, p.myDropKey(c))
		}
		if c.Action != diff.Drop {
			a.adds = append(a.adds, p.myAddKey(w, c))
		}
	}
}

// columnCheck returns the column of a MariaDB column-level check (named after its column).
func columnCheck(c *diff.Change) string {
	if c.Object != diff.ObjCheck {
		return ""
	}
	f, t := c.Checks()
	for _, ck := range []*schema.Check{f, t} {
		if ck != nil && ck.Column != "" && ck.Column == ck.Name {
			return ck.Column
		}
	}
	return ""
}

func (p *planner) myDropKey(c *diff.Change) string {
	switch c.Object {
	case diff.ObjPrimaryKey:
		return "DROP PRIMARY KEY"
	case diff.ObjCheck:
		return "DROP CONSTRAINT " + p.q(c.Name)
	}
	return "DROP INDEX " + p.q(c.Name)
}

func (p *planner) myAddKey(w *tableWork, c *diff.Change) string {
	switch c.Object {
	case diff.ObjPrimaryKey:
		_, to := c.PrimaryKeys()
		comment := ddl.MySQLPrimaryKeyComment(w.to)
		if x := w.to.Index("PRIMARY"); x != nil {
			return "ADD PRIMARY KEY (" + indexParts(p.d, x.Parts) + ")" + comment
		}
		return "ADD PRIMARY KEY (" + ddl.QuoteList(p.d, to.Columns) + ")" + comment
	case diff.ObjUnique:
		if _, x := c.UniqueIndexes(); x != nil {
			return "ADD " + ddl.MySQLIndexClause(*x)
		}
		_, to := c.Uniques()
		if x := w.to.Index(to.Name); x != nil {
			return "ADD " + ddl.MySQLIndexClause(*x)
		}
		return "ADD UNIQUE KEY " + p.q(to.Name) + " (" + ddl.QuoteList(p.d, to.Columns) + ")"
	case diff.ObjCheck:
		_, to := c.Checks()
		return "ADD CONSTRAINT " + p.q(to.Name) + " " + ddl.CheckClause(to.Expression) + ddl.MySQLCheckEnforcement(*to)
	case diff.ObjIndex:
		_, to := c.Indexes()
		return "ADD " + ddl.MySQLIndexClause(*to)
	}
	panic("migrate: no MySQL key clause for a " + string(c.Object) + " change")
}

func indexParts(d schema.Dialect, parts []schema.IndexPart) string {
	out := make([]string, len(parts))
	for i, part := range parts {
		out[i] = ddl.IndexPart(d, part)
	}
	return strings.Join(out, ", ")
}

// mysqlFields are the fields the MySQL planner plans (see fields.go): a changed column is
// written whole (MODIFY COLUMN), table options note what they cannot change, keys, triggers,
// views and routines are replaced. MySQL views have no comments.
var mysqlFields = map[diff.Object]fieldSet{
	diff.ObjSchema:     only(diff.FieldCharset, diff.FieldCollation),
	diff.ObjTable:      every,
	diff.ObjColumn:     every,
	diff.ObjPrimaryKey: every, diff.ObjForeignKey: every, diff.ObjUnique: every, diff.ObjCheck: every,
	diff.ObjIndex: every, diff.ObjTrigger: every,
	diff.ObjView:     allBut(diff.FieldComment),
	diff.ObjFunction: every,
	diff.ObjEvent:    every,
	diff.ObjSequence: every,
}

// myPartitioningKnown reports a side whose partitioning, if any, is modelled in parts.
func myPartitioningKnown(m *schema.MySQLTable) bool {
	return m == nil || m.Partitioning == "" || m.PartitionBy != nil
}

// myPartitionedAlike reports two partitionings by the same function, whose partitions can be
// changed one by one (ADD, DROP, REORGANIZE PARTITION; HASH and KEY: ADD or COALESCE
// PARTITION when the partitions are only counted, REORGANIZE PARTITION into as many with
// other names or comments) rather than set anew.
func myPartitionedAlike(a, b *schema.MySQLPartitioning) bool {
	return a.Method == b.Method && a.Expression == b.Expression && a.SubMethod == b.SubMethod &&
		a.SubExpression == b.SubExpression && a.Subpartitions == b.Subpartitions &&
		(ddl.MySQLPartitionsHaveBounds(a.Method) || !a.Listed() && !b.Listed() || len(a.Partitions) == len(b.Partitions))
}

// myPartitioning plans a changed PARTITION BY, after the table's other changes. A new or changed
// partitioning function is set anew, which rebuilds the table (REMOVE PARTITIONING ran first,
// in myTableOptions). RANGE and LIST partitions of the same function change in place: those
// only FROM has are dropped with their rows (destructive), new ones past the last are added,
// and where the bounds of the others differ the partitions from the first difference on are
// reorganized into TO's, which moves the rows rather than losing them. HASH and KEY partitions
// are added or coalesced by number, or reorganized into as many under new names or comments.
//
// What --safe leaves out takes with it what needs it (planner.needs): PARTITION BY (and the
// REMOVE PARTITIONING before it) the table's lossy ALTER, which may change a partitioning
// column; ADD and REORGANIZE PARTITION a DROP PARTITION (the last partition may be in the way).
func (p *planner) myPartitioning(w *tableWork, a *myAlter) {
	var from, to *schema.MySQLPartitioning
	if w.from.MySQL != nil {
		from = w.from.MySQL.PartitionBy
	}
	if w.to.MySQL != nil {
		to = w.to.MySQL.PartitionBy
	}
	tbl := "ALTER TABLE " + w.tableName(p)
	switch {
	case to == nil:
		return // REMOVE PARTITIONING is planned
	case from == nil || !myPartitionedAlike(from, to):
		s := p.add(phTables, w.label(), tbl+" "+ddl.MySQLPartitionBy(to))
		p.needs(s, a.destructive)
		if r := p.stepOf(a.removed); r != nil {
			p.needs(r, s.group) // partitioned as before rather than not at all
		}
		p.note("table %s: PARTITION BY is set anew, which rebuilds the table (copies every row)", w.label())
		return
	case !ddl.MySQLPartitionsHaveBounds(to.Method) && len(to.Partitions) == len(from.Partitions):
		// HASH or KEY partitions named or commented otherwise: as many, every row fits again
		// (REORGANIZE cannot change their number).
		names := make([]string, len(from.Partitions))
		for i, part := range from.Partitions {
			names[i] = part.Name
		}
		p.add(phTables, w.label(), tbl+" REORGANIZE PARTITION "+ddl.QuoteList(p.d, names)+
			" INTO ("+ddl.MySQLPartitionList(to.Method, to.Partitions)+")")
		return
	case !ddl.MySQLPartitionsHaveBounds(to.Method):
		// HASH or KEY partitions by number: the rows move to their new partitions, none is lost.
		if n := len(to.Partitions) - len(from.Partitions); n > 0 {
			p.add(phTables, w.label(), fmt.Sprintf("%s ADD PARTITION PARTITIONS %d", tbl, n))
		} else if n < 0 {
			p.add(phTables, w.label(), fmt.Sprintf("%s COALESCE PARTITION %d", tbl, -n))
		}
		return
	}
	toNames := map[string]schema.MySQLPartition{}
	for _, part := range to.Partitions {
		toNames[part.Name] = part
	}
	var kept []schema.MySQLPartition
	var dropped []string
	for _, part := range from.Partitions {
		if _, ok := toNames[part.Name]; ok {
			kept = append(kept, part)
		} else {
			dropped = append(dropped, part.Name)
		}
	}
	dropGroup := 0
	if len(dropped) > 0 {
		s := p.add(phTables, w.label(), tbl+" DROP PARTITION "+ddl.QuoteList(p.d, dropped))
		s.Destructive = "drops partitions " + strings.Join(dropped, ", ") + " of " + w.label() + " and their rows"
		dropGroup = s.group
		s.onlyDrops = true
	}
	// kept is in FROM's order; TO lists the same names first unless partitions were reorganized.
	i := 0
	for i < len(kept) && i < len(to.Partitions) && samePartition(kept[i], to.Partitions[i]) {
		i++
	}
	switch {
	case i == len(kept) && i < len(to.Partitions):
		p.needs(p.add(phTables, w.label(), tbl+" ADD PARTITION ("+ddl.MySQLPartitionList(to.Method, to.Partitions[i:])+")"), dropGroup)
	case i < len(kept):
		old, next := kept[i:], to.Partitions[i:]
		if sameBounds(old, next) {
			// Only options change: the partitions alike at the end stay as they are.
			for len(old) > 1 && samePartition(old[len(old)-1], next[len(next)-1]) {
				old, next = old[:len(old)-1], next[:len(next)-1]
			}
		}
		names := make([]string, 0, len(old))
		for _, part := range old {
			names = append(names, part.Name)
		}
		s := p.add(phTables, w.label(), tbl+" REORGANIZE PARTITION "+ddl.QuoteList(p.d, names)+
			" INTO ("+ddl.MySQLPartitionList(to.Method, next)+")")
		p.needs(s, dropGroup)
		if !sameBounds(old, next) {
			s.Destructive = "reorganizes partitions of " + w.label() + ": fails if rows fall outside the new bounds"
		}
	}
}

// samePartition: the same name, bound, comment and subpartitions.
func samePartition(a, b schema.MySQLPartition) bool {
	return a.Name == b.Name && a.Bound == b.Bound && a.Comment == b.Comment && slices.Equal(a.Subpartitions, b.Subpartitions)
}

// sameBounds: partitions reorganized into ones with the same names and bounds (only their
// options change), which every row fits again.
func sameBounds(from, to []schema.MySQLPartition) bool {
	return slices.EqualFunc(from, to, func(a, b schema.MySQLPartition) bool { return a.Name == b.Name && a.Bound == b.Bound })
}

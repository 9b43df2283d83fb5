package migrate

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/dbinspect/dbinspect/ddl"
	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/schema"
	"github.com/dbinspect/dbinspect/sqltext"
)

// schemaObject plans a change of an object that lives in a schema rather than in a table.
func (p *planner) schemaObject(c *diff.Change) error {
	switch c.Object {
	case diff.ObjSchema:
		p.schemaChange(c)
	case diff.ObjExtension:
		p.extension(c)
	case diff.ObjEnum:
		p.enum(c)
	case diff.ObjDomain, diff.ObjCompositeType:
		p.pgType(c)
	case diff.ObjSequence:
		p.sequence(c)
	case diff.ObjFunction:
		p.function(c)
	case diff.ObjCollation:
		p.collation(c)
	case diff.ObjTextSearch:
		p.textSearch(c)
	case diff.ObjEvent:
		p.event(c)
	default:
		return fmt.Errorf("cannot plan a %s %s of %s", c.Action, c.Object, c.Name)
	}
	return nil
}

// schemaChange creates a schema with everything in it, drops one, or changes its settings.
func (p *planner) schemaChange(c *diff.Change) {
	switch c.Action {
	case diff.Add:
		_, sc := c.Schemas()
		if p.r.createSchema {
			p.add(phSchemas, sc.Name, "CREATE SCHEMA "+p.q(sc.Name))
		}
		// Its tables are added tables already (collectTables); the rest is added here.
		add := func(obj diff.Object, name string, to any) *diff.Change {
			c := diff.NewChange(diff.Add, obj, sc.Name, "", name, nil, to)
			return &c
		}
		for i := range sc.Collations {
			p.collation(add(diff.ObjCollation, sc.Collations[i].Name, &sc.Collations[i]))
		}
		for i := range sc.TextSearchConfigs {
			p.textSearch(add(diff.ObjTextSearch, sc.TextSearchConfigs[i].Name, &sc.TextSearchConfigs[i]))
		}
		for i := range sc.Enums {
			p.enum(add(diff.ObjEnum, sc.Enums[i].Name, &sc.Enums[i]))
		}
		for i := range sc.Domains {
			p.pgType(add(diff.ObjDomain, sc.Domains[i].Name, &sc.Domains[i]))
		}
		for i := range sc.CompositeTypes {
			p.pgType(add(diff.ObjCompositeType, sc.CompositeTypes[i].Name, &sc.CompositeTypes[i]))
		}
		for i := range sc.Sequences {
			p.sequence(add(diff.ObjSequence, sc.Sequences[i].Name, &sc.Sequences[i]))
		}
		for i := range sc.Functions {
			p.function(add(diff.ObjFunction, sc.Functions[i].Name, &sc.Functions[i]))
		}
		for i := range sc.Events {
			p.event(add(diff.ObjEvent, sc.Events[i].Name, &sc.Events[i]))
		}
		if sc.Comment != nil && p.r.commentOn {
			p.add(phComments, sc.Name, "COMMENT ON SCHEMA "+p.q(sc.Name)+" IS "+p.str(*sc.Comment))
		}
	case diff.Drop:
		sc, _ := c.Schemas()
		// diff drops a schema as a whole only when the model holds everything in it, so the
		// cascade removes what this line says.
		stmt := "DROP SCHEMA " + p.q(sc.Name)
		if p.r.dropSchemaCascade {
			stmt += " CASCADE" // MySQL's DROP SCHEMA takes no CASCADE: it drops everything anyway
		}
		s := p.add(phDropSchemas, sc.Name, stmt)
		if what := sc.ContentsText(); what != "" && c.Destructive {
			s.Destructive = fmt.Sprintf("drops schema %s with its %s (and the tables' rows)", sc.Name, what)
		}
	case diff.Modify:
		_, to := c.Schemas()
		for _, f := range c.Fields {
			switch {
			case f.Field == diff.FieldComment && p.r.commentOn:
				p.add(phComments, c.Schema, "COMMENT ON SCHEMA "+p.q(c.Schema)+" IS "+p.commentText(to.Comment))
			case (f.Field == diff.FieldCharset || f.Field == diff.FieldCollation) && p.r.databaseOptions && to.MySQL != nil:
				p.add(phSchemas, c.Schema, "ALTER DATABASE CHARACTER SET "+to.MySQL.Charset+" COLLATE "+to.MySQL.Collation)
			}
		}
	}
}

func (p *planner) extension(c *diff.Change) {
	switch c.Action {
	case diff.Add:
		_, e := c.Extensions()
		sql := "CREATE EXTENSION IF NOT EXISTS " + p.q(e.Name)
		if e.Schema != "" {
			sql += " WITH SCHEMA " + p.q(e.Schema)
		}
		p.add(phSchemas, e.Name, sql)
	case diff.Drop:
		p.droppedExtensions = append(p.droppedExtensions, c.Name) // one statement: dropExtensions
	case diff.Modify:
		_, e := c.Extensions()
		for _, f := range c.Fields {
			switch f.Field {
			case diff.FieldVersion:
				p.add(phSchemas, e.Name, "ALTER EXTENSION "+p.q(e.Name)+" UPDATE TO "+p.str(e.Version))
			case diff.FieldSchema:
				p.add(phSchemas, e.Name, "ALTER EXTENSION "+p.q(e.Name)+" SET SCHEMA "+p.q(e.Schema))
			}
		}
	}
}

// enum plans a PostgreSQL enum: values inserted or appended are added with ALTER TYPE … ADD
// VALUE (which keeps every row and every column using the type); a value removed or moved
// means a new type and converting each column through text.
func (p *planner) enum(c *diff.Change) {
	qn := p.qq(c.Schema, c.Name)
	switch c.Action {
	case diff.Add:
		_, e := c.Enums()
		for _, sql := range ddl.CreateTypes(p.d, schema.Schema{Name: c.Schema, Enums: []schema.Enum{*e}}) {
			p.add(phTypes, c.Schema+"."+c.Name, sql)
		}
		if e.Comment != nil {
			p.add(phComments, c.Name, "COMMENT ON TYPE "+qn+" IS "+p.str(*e.Comment))
		}
	case diff.Drop:
		p.add(phDropLate, c.Schema+"."+c.Name, "DROP TYPE "+qn)
	case diff.Modify:
		f, t := c.Enums()
		if hasField(c, diff.FieldComment) {
			p.add(phComments, c.Name, "COMMENT ON TYPE "+qn+" IS "+p.commentText(t.Comment))
		}
		if !hasField(c, diff.FieldValues) {
			return
		}
		if isSubsequence(f.Values, t.Values) {
			p.addEnumValues(qn, f.Values, t.Values)
			return
		}
		p.rebuildEnum(c.Schema, f, t)
	}
}

// isSubsequence reports whether every value of a is in b, in the same order.
func isSubsequence(a, b []string) bool {
	i := 0
	for _, v := range b {
		if i < len(a) && a[i] == v {
			i++
		}
	}
	return i == len(a)
}

// addEnumValues adds the new values in order, each placed after its predecessor (or before
// the first value). They run before the transaction: a value added inside a transaction
// cannot be used (in a default, a check, a converted row) until that transaction commits.
func (p *planner) addEnumValues(qn string, from, to []string) {
	for i, v := range to {
		if slices.Contains(from, v) {
			continue
		}
		place := ""
		switch {
		case i > 0:
			place = " AFTER " + p.str(to[i-1])
		case len(to) > 1:
			place = " BEFORE " + p.str(to[1])
		}
		s := p.add(phBeforeTx, qn, "ALTER TYPE "+qn+" ADD VALUE IF NOT EXISTS "+p.str(v)+place)
		s.NoTransaction = true
	}
}

// rebuildEnum replaces an enum whose values are removed or reordered: the old type is renamed,
// the new one created, every column converted through text, and the old type dropped.
func (p *planner) rebuildEnum(schemaName string, f, t *schema.Enum) {
	g := p.newGroup()
	qn := p.qq(schemaName, f.Name)
	old := f.Name + "__dbinspect_old"
	var removed []string
	for _, v := range f.Values {
		if !slices.Contains(t.Values, v) {
			removed = append(removed, v)
		}
	}
	s := p.addGroup(phTypes, g, qn, "ALTER TYPE "+qn+" RENAME TO "+p.q(old))
	if len(removed) > 0 {
		s.Destructive = fmt.Sprintf("rebuilds enum %s.%s without %s: fails if a row holds one of them", schemaName, f.Name, strings.Join(removed, ", "))
	}
	for _, sql := range ddl.CreateTypes(p.d, schema.Schema{Name: schemaName, Enums: []schema.Enum{*t}}) {
		p.addGroup(phTypes, g, qn, sql)
	}
	// The new type has neither the old one's comment nor its owner and grants.
	if t.Comment != nil && f.Comment != nil && *f.Comment == *t.Comment {
		p.addGroup(phComments, g, qn, "COMMENT ON TYPE "+qn+" IS "+p.str(*t.Comment))
	}
	p.restoreAccess(phTypes, g, qn, "TYPE", "TYPE", qn, p.accessAfter(f.Access, t.Access))
	for _, u := range p.columnsOfType(schemaName, f.Name) {
		col := "ALTER TABLE " + p.qq(u.schema, u.table) + " ALTER COLUMN " + p.q(u.column.Name) + " "
		if u.column.Default != nil {
			p.addGroup(phTables, g, qn, col+"DROP DEFAULT")
		}
		p.addGroup(phTables, g, qn, col+"TYPE "+qn+" USING "+p.q(u.column.Name)+"::text::"+qn)
		if to := p.toTable(u.schema, u.table); to != nil {
			if tc := to.Column(u.column.Name); tc != nil && tc.Default != nil {
				p.addGroup(phTables, g, qn, col+"SET DEFAULT "+*tc.Default)
			}
		}
		p.enumColumns = append(p.enumColumns, columnKey{u.schema, u.table, u.column.Name})
	}
	p.addGroup(phDropLate, g, qn, "DROP TYPE "+p.qq(schemaName, old))
}

type columnUse struct {
	schema, table string
	column        schema.Column
}

// columnsOfType lists FROM's table columns whose type is the named type.
func (p *planner) columnsOfType(schemaName, typeName string) []columnUse {
	names := []string{typeName, schemaName + "." + typeName, p.q(typeName), p.q(schemaName) + "." + p.q(typeName)}
	var out []columnUse
	for _, sc := range p.from.Schemas {
		for _, t := range sc.Tables {
			for _, c := range t.Columns {
				if slices.Contains(names, c.Type) && (sc.Name == schemaName || strings.Contains(c.Type, ".")) {
					out = append(out, columnUse{sc.Name, t.Name, c})
				}
			}
		}
	}
	return out
}

// pgType plans domains and composite types.
func (p *planner) pgType(c *diff.Change) {
	qn := p.qq(c.Schema, c.Name)
	kind := "TYPE "
	if c.Object == diff.ObjDomain {
		kind = "DOMAIN "
	}
	switch c.Action {
	case diff.Add:
		sc := schema.Schema{Name: c.Schema}
		var comment *string
		if c.Object == diff.ObjDomain {
			_, d := c.Domains()
			sc.Domains, comment = []schema.Domain{*d}, d.Comment
		} else {
			_, ct := c.CompositeTypes()
			sc.CompositeTypes, comment = []schema.CompositeType{*ct}, ct.Comment
		}
		for _, sql := range ddl.CreateTypes(p.d, sc) {
			p.add(phTypes, qn, sql)
		}
		if comment != nil {
			p.add(phComments, qn, "COMMENT ON "+kind+qn+" IS "+p.str(*comment))
		}
	case diff.Drop:
		p.add(phDropLate, qn, "DROP "+kind+qn)
	case diff.Modify:
		if c.Object == diff.ObjDomain {
			p.alterDomain(c, qn)
		} else {
			p.alterComposite(c, qn)
		}
	}
}

func (p *planner) alterDomain(c *diff.Change, qn string) {
	f, t := c.Domains()
	alter := "ALTER DOMAIN " + qn + " "
	for _, fc := range c.Fields {
		switch fc.Field {
		case diff.FieldNotNull:
			if t.NotNull {
				s := p.add(phTypes, qn, alter+"SET NOT NULL")
				s.Destructive = "makes domain " + c.Name + " NOT NULL: fails if a value is NULL"
			} else {
				p.add(phTypes, qn, alter+"DROP NOT NULL")
			}
		case diff.FieldDefault:
			if t.Default != nil {
				p.add(phTypes, qn, alter+"SET DEFAULT "+*t.Default)
			} else {
				p.add(phTypes, qn, alter+"DROP DEFAULT")
			}
		case diff.FieldChecks:
			for _, ck := range f.Checks {
				p.add(phTypes, qn, alter+"DROP CONSTRAINT "+p.q(ck.Name))
			}
			for _, ck := range t.Checks {
				s := p.add(phTypes, qn, alter+"ADD CONSTRAINT "+p.q(ck.Name)+" "+ddl.CheckClause(ck.Expression))
				s.Destructive = "adds check " + ck.Name + " to domain " + c.Name + ": fails if a value violates it"
			}
		case diff.FieldComment:
			p.add(phComments, qn, "COMMENT ON DOMAIN "+qn+" IS "+p.commentText(t.Comment))
		case diff.FieldOwner, diff.FieldGrants: // planAccess
		default:
			p.note("the %s of domain %s changes (%s → %s): recreate the domain by hand", fc.Field, c.Name, fc.From, fc.To)
		}
	}
}

func (p *planner) alterComposite(c *diff.Change, qn string) {
	f, t := c.CompositeTypes()
	if hasField(c, diff.FieldComment) {
		p.add(phComments, qn, "COMMENT ON TYPE "+qn+" IS "+p.commentText(t.Comment))
	}
	if !hasField(c, diff.FieldAttributes) {
		return
	}
	fromAttr := map[string]schema.Column{}
	for _, a := range f.Attributes {
		fromAttr[a.Name] = a
	}
	var clauses []string
	for _, a := range f.Attributes {
		if !slices.ContainsFunc(t.Attributes, func(b schema.Column) bool { return b.Name == a.Name }) {
			clauses = append(clauses, "DROP ATTRIBUTE "+p.q(a.Name))
		}
	}
	for _, a := range t.Attributes {
		old, ok := fromAttr[a.Name]
		switch {
		case !ok:
			clauses = append(clauses, "ADD ATTRIBUTE "+p.q(a.Name)+" "+p.columnType(c.Schema, a.Type))
		case old.Type != a.Type:
			clauses = append(clauses, "ALTER ATTRIBUTE "+p.q(a.Name)+" TYPE "+p.columnType(c.Schema, a.Type))
		}
	}
	if len(clauses) > 0 {
		p.add(phTypes, qn, "ALTER TYPE "+qn+" "+strings.Join(clauses, ", "))
	}
}

// sequence plans a sequence in the dialect's way (dialectPlan.sequence).
func (p *planner) sequence(c *diff.Change) { p.r.sequence(p, c) }

// pgSequence plans a PostgreSQL sequence; its owner is set once the tables exist.
func (p *planner) pgSequence(c *diff.Change) {
	qn := p.qq(c.Schema, c.Name)
	switch c.Action {
	case diff.Add:
		_, s := c.Sequences()
		p.add(phTypes, qn, ddl.CreateSequence(p.d, c.Schema, *s))
		p.sequenceOwner(qn, s)
		if s.Comment != nil {
			p.add(phComments, qn, "COMMENT ON SEQUENCE "+qn+" IS "+p.str(*s.Comment))
		}
	case diff.Drop:
		if s, _ := c.Sequences(); s.OwnedBy != nil && p.ownerDropped(s.OwnedBy) {
			return // dropped with the table or column that owns it
		}
		// IF EXISTS: an owner the plan cannot see (another schema dropped CASCADE) may have
		// taken it.
		p.add(phDropLate, qn, "DROP SEQUENCE IF EXISTS "+qn)
	case diff.Modify:
		_, s := c.Sequences()
		for _, f := range c.Fields {
			switch f.Field {
			case diff.FieldType:
				p.add(phTypes, qn, "ALTER SEQUENCE "+qn+" AS "+s.Type)
			case diff.FieldOptions:
				p.add(phTypes, qn, "ALTER SEQUENCE "+qn+" "+ddl.SequenceOptions(s.SequenceOptions))
			case diff.FieldOwnedBy:
				if from, _ := c.Sequences(); from.OwnedBy != nil {
					// Before the old owner's table or column is dropped, which would drop the
					// sequence with it.
					p.add(phDropFKs, qn, "ALTER SEQUENCE "+qn+" OWNED BY NONE")
				}
				p.sequenceOwner(qn, s)
			case diff.FieldComment:
				p.add(phComments, qn, "COMMENT ON SEQUENCE "+qn+" IS "+p.commentText(s.Comment))
			}
		}
	}
}

func (p *planner) sequenceOwner(qn string, s *schema.Sequence) {
	if o := s.OwnedBy; o != nil && p.ddlRules().OwnedSequences {
		p.add(phFKs, qn, "ALTER SEQUENCE "+qn+" OWNED BY "+p.qq(o.Schema, o.Table)+"."+p.q(o.Column))
	}
}

// function plans a routine. PostgreSQL's own text is CREATE OR REPLACE, which changes a body
// in place; a changed result type or kind needs DROP first, as MySQL always does.
func (p *planner) function(c *diff.Change) {
	old, fn := c.Functions()
	if c.Action == diff.Modify && onlyAccess(c) {
		return // planAccess
	}
	replace, dropped := false, false
	switch c.Action {
	case diff.Drop:
		ph := phDropLate
		switch {
		case old.Kind == "aggregate":
			ph = phDropAggregates // before the functions it calls
		case p.namesDroppedTable(c.Schema, old):
			ph = phDropKeys // after the views that may call it, before the tables it depends on
		}
		s := p.add(ph, c.Schema+"."+c.Name, p.r.dropFunction(p, c.Schema, old))
		s.Destructive = destructiveDrop(c, old.Kind+" "+c.Schema+"."+c.Name)
		return
	case diff.Modify:
		if !p.r.replacesRoutines || hasField(c, diff.FieldReturns, diff.FieldKind) {
			p.add(phFunctions, c.Schema+"."+c.Name, p.r.dropFunction(p, c.Schema, old))
			dropped = true
		} else {
			replace = true
		}
	}
	sql := ddl.CreateFunction(c.Schema, *fn)
	if sql == "" {
		p.note("%s %s.%s is left out: the server gave no CREATE text for it", fn.Kind, c.Schema, c.Name)
		return
	}
	ph := phFunctions
	switch {
	case fn.Kind == "aggregate" && p.r.aggregates:
		// After every function it may call (late ones included), before the views using it.
		ph = phAggregates
		if replace {
			// pg_aggregate gives plain CREATE AGGREGATE; PostgreSQL 12 and later replace in
			// place (same arguments and result), which keeps the views that use it.
			sql = aggregateCreateRe.ReplaceAllString(sql, "${1}OR REPLACE AGGREGATE")
		}
	case p.signatureNamesTable(fn) || p.bodyReadsTable(fn):
		ph = phLateFunctions
	}
	s := p.add(ph, c.Schema+"."+c.Name, sql)
	s.Body = p.ddlRules().DelimitedBodies
	p.r.createdRoutine(p, routineCreate{c: c, fn: fn, old: old, step: s, phase: ph, dropped: dropped})
}

var aggregateCreateRe = regexp.MustCompile(`(?i)^(\s*CREATE\s+)AGGREGATE`)

func functionKind(fn *schema.Function) string {
	if fn.Kind == "procedure" {
		return "procedure"
	}
	if fn.Kind == "aggregate" {
		return "aggregate"
	}
	return "function"
}

// argumentTypes removes the DEFAULT clauses from a signature: DROP FUNCTION takes the
// arguments without them.
func argumentTypes(args string) string {
	parts := sqltext.SplitTopLevel(args, ',')
	for i, a := range parts {
		if j := defaultRe.FindStringIndex(a); j != nil {
			a = a[:j[0]]
		}
		parts[i] = strings.TrimSpace(a)
	}
	return strings.Join(parts, ", ")
}

var defaultRe = regexp.MustCompile(`(?i)\s+(DEFAULT\b|=)`)

// signatureNamesTable: a routine returning a table's row type waits for the table.
func (p *planner) signatureNamesTable(fn *schema.Function) bool {
	if p.toRelations == nil { // built once: a scan of every table per word was quadratic
		p.toRelations = map[string]bool{}
		for _, sc := range p.to.Schemas {
			for _, t := range sc.Tables {
				p.toRelations[t.Name] = true
			}
			for _, v := range sc.Views {
				p.toRelations[v.Name] = true
			}
		}
	}
	for _, w := range wordRe.FindAllString(fn.Returns+" "+fn.Arguments, -1) {
		if p.toRelations[w] {
			return true
		}
	}
	return false
}

var wordRe = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_$]*`)

// collation plans a PostgreSQL collation. Nothing about a collation can be altered but its
// name and comment: a changed one is created again. When columns use it, the old one is
// renamed out of the way, the new one created, the columns converted to it (which rebuilds
// their indexes; views reading them are rebuilt), and the old one dropped at the end.
func (p *planner) collation(c *diff.Change) {
	qn := p.qq(c.Schema, c.Name)
	label := c.Schema + "." + c.Name
	switch c.Action {
	case diff.Add:
		_, co := c.Collations()
		p.add(phSearch, label, ddl.CreateCollation(p.d, c.Schema, *co))
		if co.Comment != nil {
			p.add(phComments, label, "COMMENT ON COLLATION "+qn+" IS "+p.str(*co.Comment))
		}
	case diff.Drop:
		p.add(phDropSearch, label, "DROP COLLATION "+qn)
	case diff.Modify:
		f, t := c.Collations()
		if hasField(c, diff.FieldComment) {
			p.add(phComments, label, "COMMENT ON COLLATION "+qn+" IS "+p.commentText(t.Comment))
		}
		if onlyFields(c, diff.FieldComment) {
			return
		}
		p.rebuildCollation(c.Schema, f, t)
	}
}

func (p *planner) rebuildCollation(schemaName string, f, t *schema.Collation) {
	qn := p.qq(schemaName, f.Name)
	label := schemaName + "." + f.Name
	cols, others := p.collationUsers(schemaName, f.Name)
	if len(others) > 0 {
		p.note("collation %s changes but %s use it: recreate it by hand", label, strings.Join(others, ", "))
		return
	}
	g := p.newGroup()
	if len(cols) == 0 {
		p.addGroup(phSearch, g, label, "DROP COLLATION "+qn)
		p.addGroup(phSearch, g, label, ddl.CreateCollation(p.d, schemaName, *t))
		return
	}
	old := f.Name + "__dbinspect_old"
	p.addGroup(phSearch, g, label, "ALTER COLLATION "+qn+" RENAME TO "+p.q(old))
	p.addGroup(phSearch, g, label, ddl.CreateCollation(p.d, schemaName, *t))
	for _, u := range cols {
		p.retypeToCollation(g, label, qn, u)
	}
	p.addGroup(phDropSearch, g, label, "DROP COLLATION "+p.qq(schemaName, old))
}

// collationRetype is a column converted to a re-created collation, written with its table's
// changes (retypeCollationColumns).
type collationRetype struct {
	group       int
	object, sql string
}

// retypeToCollation converts a column to the re-created collation qn. A column its table
// drops needs nothing, nor does a column of a dropped table (both go before the old
// collation). A table that changes gets the conversion among its own statements, after its
// column drops: a generated column reading the column, dropped by the same plan, would make
// ALTER … TYPE fail.
func (p *planner) retypeToCollation(g int, label, qn string, u columnUse) {
	typ := p.columnType(u.schema, u.column.Type)
	w := p.tables[tableKey{u.schema, u.table}]
	table := p.qq(u.schema, u.table)
	if w != nil {
		if w.dropped() || w.columnDropped(u.column.Name) {
			return
		}
		table = w.tableName(p)
	}
	sql := "ALTER TABLE " + table + " ALTER COLUMN " + p.q(u.column.Name) + " TYPE " + typ + " COLLATE " + qn
	p.enumColumns = append(p.enumColumns, columnKey{u.schema, u.table, u.column.Name})
	if w == nil || !w.kept() || w.refused || !p.r.retypesWithTable {
		p.addGroup(phTables, g, label, sql)
		return
	}
	w.collationRetypes = append(w.collationRetypes, collationRetype{group: g, object: label, sql: sql})
}

// columnDropped reports a column of FROM's table that the plan drops.
func (w *tableWork) columnDropped(name string) bool {
	for _, c := range w.changes {
		if c.Object == diff.ObjColumn && c.Action == diff.Drop && c.Name == name {
			return true
		}
	}
	return false
}

// collationUsers lists FROM's table columns whose collation is schemaName.name, and names the
// other users (domains, composite type attributes, index key parts) that the plan cannot
// convert.
func (p *planner) collationUsers(schemaName, name string) (cols []columnUse, others []string) {
	is := func(ref string) bool {
		parts := sqltext.SplitQualified(ref)
		return len(parts) == 2 && parts[0] == schemaName && parts[1] == name ||
			len(parts) == 1 && parts[0] == name && schemaName == "public"
	}
	for _, sc := range p.from.Schemas {
		for _, t := range sc.Tables {
			for _, c := range t.Columns {
				if is(c.Collation) {
					cols = append(cols, columnUse{sc.Name, t.Name, c})
				}
			}
			for _, x := range t.Indexes {
				for _, part := range x.Parts {
					if is(part.Collation) {
						others = append(others, "index "+sc.Name+"."+x.Name)
					}
				}
			}
		}
		for _, d := range sc.Domains {
			if is(d.Collation) {
				others = append(others, "domain "+sc.Name+"."+d.Name)
			}
		}
		for _, ct := range sc.CompositeTypes {
			for _, a := range ct.Attributes {
				if is(a.Collation) {
					others = append(others, "type "+sc.Name+"."+ct.Name)
				}
			}
		}
	}
	return cols, slices.Compact(others)
}

// textSearch plans a PostgreSQL text search configuration: mappings are altered in place; a
// different parser means creating the configuration again.
func (p *planner) textSearch(c *diff.Change) {
	qn := p.qq(c.Schema, c.Name)
	label := c.Schema + "." + c.Name
	switch c.Action {
	case diff.Add:
		_, ts := c.TextSearchConfigs()
		g := p.newGroup()
		for _, sql := range ddl.CreateTextSearchConfig(p.d, c.Schema, *ts) {
			p.addGroup(phSearch, g, label, sql)
		}
		if ts.Comment != nil {
			p.add(phComments, label, "COMMENT ON TEXT SEARCH CONFIGURATION "+qn+" IS "+p.str(*ts.Comment))
		}
	case diff.Drop:
		p.add(phDropSearch, label, "DROP TEXT SEARCH CONFIGURATION "+qn)
	case diff.Modify:
		f, t := c.TextSearchConfigs()
		if hasField(c, diff.FieldComment) {
			p.add(phComments, label, "COMMENT ON TEXT SEARCH CONFIGURATION "+qn+" IS "+p.commentText(t.Comment))
		}
		switch {
		case hasField(c, diff.FieldParser):
			g := p.newGroup()
			p.addGroup(phSearch, g, label, "DROP TEXT SEARCH CONFIGURATION "+qn)
			for _, sql := range ddl.CreateTextSearchConfig(p.d, c.Schema, *t) {
				p.addGroup(phSearch, g, label, sql)
			}
		case hasField(c, diff.FieldMappings):
			p.alterMappings(qn, label, f, t)
		}
	}
}

// alterMappings turns FROM's token mappings into TO's: DROP, ALTER or ADD MAPPING per token
// type, token types with the same change written together.
func (p *planner) alterMappings(qn, label string, f, t *schema.TextSearchConfig) {
	from := map[string][]string{}
	for _, m := range f.Mappings {
		from[m.Token] = m.Dictionaries
	}
	type clause struct {
		verb, dicts string
		tokens      []string
	}
	var clauses []clause
	push := func(verb, token string, dicts []string) {
		d := strings.Join(dicts, ", ")
		if n := len(clauses); n > 0 && clauses[n-1].verb == verb && clauses[n-1].dicts == d {
			clauses[n-1].tokens = append(clauses[n-1].tokens, p.q(token))
			return
		}
		clauses = append(clauses, clause{verb, d, []string{p.q(token)}})
	}
	for _, m := range f.Mappings {
		if !slices.ContainsFunc(t.Mappings, func(x schema.TextSearchMapping) bool { return x.Token == m.Token }) {
			push("DROP", m.Token, nil)
		}
	}
	for _, m := range t.Mappings {
		old, ok := from[m.Token]
		switch {
		case !ok:
			push("ADD", m.Token, m.Dictionaries)
		case !slices.Equal(old, m.Dictionaries):
			push("ALTER", m.Token, m.Dictionaries)
		}
	}
	for _, cl := range clauses {
		sql := "ALTER TEXT SEARCH CONFIGURATION " + qn + " " + cl.verb + " MAPPING FOR " + strings.Join(cl.tokens, ", ")
		if cl.verb != "DROP" {
			sql += " WITH " + cl.dicts
		}
		p.add(phSearch, label, sql)
	}
}

// dropExtensions drops the extensions FROM has and TO lacks in one DROP EXTENSION: the server
// drops the objects of one statement together, so an extension another one requires
// (earthdistance needs cube) goes with it whatever the order, and none is dropped twice.
func (p *planner) dropExtensions() {
	dropped := map[string]bool{} // schemas the plan drops
	for i := range p.res.Changes {
		if c := &p.res.Changes[i]; c.Object == diff.ObjSchema && c.Action == diff.Drop {
			dropped[c.Schema] = true
		}
	}
	var names, labels []string
	for _, n := range p.droppedExtensions {
		if e := p.fromExtension(n); e != nil && dropped[e.Schema] {
			continue // DROP SCHEMA … CASCADE drops an extension living in it
		}
		names, labels = append(names, p.q(n)), append(labels, n)
	}
	if len(names) == 0 {
		return
	}
	// After DROP SCHEMA … CASCADE: objects of a dropped schema may use the extension's (a
	// text search configuration mapping a token to unaccent's dictionary, a cube column).
	// The objects of kept schemas that use it are dropped in the earlier phases.
	p.add(phDropSchemas, strings.Join(labels, ", "), "DROP EXTENSION "+strings.Join(names, ", "))
}

// fromExtension is FROM's extension of that name.
func (p *planner) fromExtension(name string) *schema.Extension {
	for i := range p.from.Extensions {
		if p.from.Extensions[i].Name == name {
			return &p.from.Extensions[i]
		}
	}
	return nil
}

// ownerDropped reports a sequence owner (table and column of FROM) that the plan drops.
func (p *planner) ownerDropped(o *schema.ColumnRef) bool {
	w := p.tables[tableKey{o.Schema, o.Table}]
	if w == nil {
		return false
	}
	if w.dropped() {
		return true
	}
	return slices.ContainsFunc(w.changesOf(diff.ObjColumn), func(c *diff.Change) bool { return c.Action == diff.Drop && c.Name == o.Column })
}

// event plans a MySQL/MariaDB scheduled event: created after the tables and triggers, dropped
// with the routines, changed in place by one ALTER EVENT with every clause (and DO when the
// body changed), so the event keeps its definer and is never missing in between.
func (p *planner) event(c *diff.Change) {
	old, e := c.Events()
	switch c.Action {
	case diff.Add:
		s := p.add(phTriggers, c.Schema+"."+c.Name, ddl.CreateEvent(*e))
		s.Body = true
	case diff.Drop:
		s := p.add(phDropLate, c.Schema+"."+c.Name, "DROP EVENT "+p.q(old.Name))
		s.Destructive = destructiveDrop(c, "event "+c.Schema+"."+c.Name)
	case diff.Rename:
		p.add(phTriggers, c.Schema+"."+c.Name, "ALTER EVENT "+p.q(old.Name)+" RENAME TO "+p.q(e.Name))
	case diff.Modify:
		if old.Ends != "" && e.Ends == "" {
			// ALTER EVENT keeps an ENDS it is not given, and has no way to clear one.
			p.add(phDropLate, c.Schema+"."+c.Name, "DROP EVENT "+p.q(old.Name))
			s := p.add(phDropLate, c.Schema+"."+c.Name, ddl.CreateEvent(*e))
			s.Body = true
			return
		}
		sql := "ALTER EVENT " + p.q(old.Name) + " " + ddl.EventClauses(*e, false)
		body := hasField(c, diff.FieldDefinition)
		if body {
			sql += " DO " + strings.TrimSpace(e.Body)
		}
		s := p.add(phTriggers, c.Schema+"."+c.Name, sql)
		s.Body = body
	}
}

package migrate

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/dbinspect/dbinspect/ddl"
	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/schema"
)

// PostgreSQL planning of issue 12's objects: row-level security policies, rewrite rules,
// storage parameters of tables, indexes and columns, replica identity, constraint comments.
//
// Policies and rules read columns, and PostgreSQL refuses to drop a column or change its type
// under one ("cannot alter type of a column used in a policy definition"). So, like views,
// they are dropped before the tables change (phDropViews) and created after everything they
// can read exists (phTriggers: after tables, functions and views). A table that gains row
// level security gets its policies in the same transaction: ENABLE ROW LEVEL SECURITY runs in
// phTables and the CREATE POLICY statements later in the same BEGIN … COMMIT, so no session
// ever sees the table locked down without its policies.

// planPostgresObjects plans the policies, rules and per-column settings of every table of the
// plan: changed ones, those of new tables, and those that read a column that changes.
func (p *planner) planPostgresObjects() {
	changed := p.policyBreakingColumns()
	for _, w := range p.order {
		switch {
		case w.dropped():
			continue
		case w.added():
			p.newTablePostgresObjects(w)
			continue
		}
		p.policyChanges(w)
		p.ruleChanges(w, w.changesOf(diff.ObjRule), w.tableName(p))
		for _, c := range w.changesOf(diff.ObjColumn) {
			if c.Action == diff.Modify {
				_, t := c.Columns()
				p.columnSettings(w, c.Name, pgColumnOf(fromColumn(c)), pgColumnOf(t), c)
			}
		}
		p.rebuildPolicyReaders(w, changed)
	}
}

// policyBreakingColumns are the FROM columns dropped or changed in a way PostgreSQL refuses
// under a policy or rule that reads them.
func (p *planner) policyBreakingColumns() []columnKey {
	var out []columnKey
	for _, w := range p.order {
		if !w.kept() {
			continue
		}
		for _, c := range w.changesOf(diff.ObjColumn) {
			if c.Action == diff.Drop || c.Action == diff.Modify && hasField(c, diff.FieldType, diff.FieldCollation, diff.FieldGenerated) {
				out = append(out, columnKey{w.schema, w.name, c.Name})
			}
		}
	}
	return append(out, p.enumColumns...)
}

// reads says whether a policy expression or rule of table (schemaName, table) reads one of the
// changed columns: a column of its own table it names, or a column of another table it names
// along with that table.
func reads(schemaName, table, text string, changed []columnKey) bool {
	for _, k := range changed {
		if k.schema != schemaName || !mentions(text, k.column) {
			continue
		}
		if k.table == table || mentions(text, k.table) {
			return true
		}
	}
	return false
}

// rebuildPolicyReaders drops and creates again the unchanged policies and rules of a kept table that
// read a changing column.
func (p *planner) rebuildPolicyReaders(w *tableWork, changed []columnKey) {
	if len(changed) == 0 || w.from == nil || w.to == nil || w.from.Postgres == nil {
		return
	}
	touched := map[string]bool{}
	for _, c := range w.changes {
		if c.Object == diff.ObjPolicy || c.Object == diff.ObjRule {
			touched[string(c.Object)+" "+c.Name] = true
		}
	}
	toPG := w.to.Postgres
	if toPG == nil {
		return
	}
	for _, pol := range w.from.Postgres.Policies {
		if touched["policy "+pol.Name] || !reads(w.schema, w.name, pol.Using+" "+pol.WithCheck, changed) {
			continue
		}
		if np := findPolicy(toPG.Policies, pol.Name); np != nil {
			g := p.newGroup()
			p.addGroup(phDropViews, g, w.label(), p.dropPolicySQL(w, pol.Name, w.fromName(p)))
			p.createPolicy(w, *np, g)
		}
	}
	for _, r := range w.from.Postgres.Rules {
		if touched["rule "+r.Name] || !reads(w.schema, w.name, r.Definition, changed) {
			continue
		}
		if nr := findRule(toPG.Rules, r.Name); nr != nil {
			g := p.newGroup()
			p.addGroup(phDropViews, g, w.label(), "DROP RULE "+p.q(r.Name)+" ON "+w.fromName(p))
			p.createRule(w.label(), w.tableName(p), *nr, g)
		}
	}
}

func findPolicy(ps []schema.Policy, name string) *schema.Policy {
	for i := range ps {
		if ps[i].Name == name {
			return &ps[i]
		}
	}
	return nil
}

func findRule(rs []schema.Rule, name string) *schema.Rule {
	for i := range rs {
		if rs[i].Name == name {
			return &rs[i]
		}
	}
	return nil
}

// newTablePostgresObjects writes what CREATE TABLE does not carry for a new table: storage
// parameters, replica identity, per-column settings, policies, rules, constraint comments.
func (p *planner) newTablePostgresObjects(w *tableWork) {
	t := w.to
	tbl := w.tableName(p)
	for _, c := range t.Columns {
		p.columnSettings(w, c.Name, schema.PostgresColumn{}, pgColumnOf(&c), nil)
	}
	p.constraintComments(w, t)
	pg := t.Postgres
	if pg == nil {
		return
	}
	if len(pg.With) > 0 {
		p.add(phTables, w.label(), "ALTER TABLE "+tbl+" SET ("+strings.Join(pg.With, ", ")+")")
	}
	if pg.ReplicaIdentity != "" {
		p.add(phTriggers, w.label(), "ALTER TABLE "+tbl+" REPLICA IDENTITY "+p.replicaIdentity(pg))
	}
	for _, pol := range pg.Policies {
		p.createPolicy(w, pol, p.newGroup())
	}
	for _, r := range pg.Rules {
		p.createRule(w.label(), tbl, r, p.newGroup())
	}
}

// constraintComments writes the comments of a new table's constraints.
func (p *planner) constraintComments(w *tableWork, t *schema.Table) {
	on := func(name string, comment *string) {
		if comment != nil {
			p.add(phComments, w.label(), "COMMENT ON CONSTRAINT "+p.q(name)+" ON "+w.tableName(p)+" IS "+p.str(*comment))
		}
	}
	if t.PrimaryKey != nil && t.PrimaryKey.Name != nil {
		on(*t.PrimaryKey.Name, t.PrimaryKey.Comment)
	}
	for _, u := range t.Uniques {
		on(u.Name, u.Comment)
	}
	for _, c := range t.Checks {
		on(c.Name, c.Comment)
	}
	for _, fk := range t.ForeignKeys {
		on(fk.Name, fk.Comment)
	}
	if t.Postgres != nil {
		for _, x := range t.Postgres.Exclusions {
			on(x.Name, x.Comment)
		}
	}
}

// --- policies ---

// policyChanges plans the policy changes of a kept table. ALTER POLICY can change the roles and
// set the expressions; a change of command or PERMISSIVE/RESTRICTIVE, or an expression taken
// away, drops and creates the policy.
func (p *planner) policyChanges(w *tableWork) {
	for _, c := range w.changesOf(diff.ObjPolicy) {
		from, to := c.Policies()
		g := p.newGroup()
		switch {
		case c.Action == diff.Drop:
			s := p.addGroup(phDropViews, g, w.label(), p.dropPolicySQL(w, c.Name, w.fromName(p)))
			if c.Destructive {
				s.Destructive = "drops policy " + c.Name + " on " + w.label() + ", which TO does not have: the rows it let through are no longer visible"
			}
		case c.Action == diff.Add:
			p.createPolicy(w, *to, g)
		case onlyFields(c, diff.FieldComment):
			p.policyComment(w, to, g)
		case hasField(c, diff.FieldAs, diff.FieldCommand) || from.Using != "" && to.Using == "" || from.WithCheck != "" && to.WithCheck == "":
			p.addGroup(phDropViews, g, w.label(), p.dropPolicySQL(w, c.Name, w.fromName(p)))
			p.createPolicy(w, *to, g)
		default:
			sql := "ALTER POLICY " + p.q(to.Name) + " ON " + w.tableName(p)
			if hasField(c, diff.FieldRoles) {
				sql += " TO " + p.roleList(to.Roles)
			}
			if hasField(c, diff.FieldUsing) {
				sql += " USING (" + to.Using + ")"
			}
			if hasField(c, diff.FieldWithCheck) {
				sql += " WITH CHECK (" + to.WithCheck + ")"
			}
			p.addGroup(phTriggers, g, w.label(), sql)
			if hasField(c, diff.FieldComment) {
				p.policyComment(w, to, g)
			}
		}
	}
}

func (p *planner) dropPolicySQL(_ *tableWork, name, table string) string {
	return "DROP POLICY " + p.q(name) + " ON " + table
}

// createPolicy writes CREATE POLICY and the policy's comment, in group g.
func (p *planner) createPolicy(w *tableWork, pol schema.Policy, g int) {
	var b strings.Builder
	b.WriteString("CREATE POLICY " + p.q(pol.Name) + " ON " + w.tableName(p))
	if pol.Restrictive {
		b.WriteString(" AS RESTRICTIVE")
	}
	if pol.Command != "" && pol.Command != schema.PolicyAll {
		b.WriteString(" FOR " + string(pol.Command))
	}
	b.WriteString(" TO " + p.roleList(pol.Roles))
	if pol.Using != "" {
		b.WriteString(" USING (" + pol.Using + ")")
	}
	if pol.WithCheck != "" {
		b.WriteString(" WITH CHECK (" + pol.WithCheck + ")")
	}
	p.addGroup(phTriggers, g, w.label(), b.String())
	if pol.Comment != nil {
		p.policyComment(w, &pol, g)
	}
}

func (p *planner) policyComment(w *tableWork, pol *schema.Policy, g int) {
	p.addGroup(phComments, g, w.label(), "COMMENT ON POLICY "+p.q(pol.Name)+" ON "+w.tableName(p)+" IS "+p.commentText(pol.Comment))
}

// roleList writes roles for TO: PUBLIC unquoted (it is a keyword there, not a role).
func (p *planner) roleList(roles []string) string {
	if len(roles) == 0 {
		return "PUBLIC"
	}
	out := make([]string, len(roles))
	for i, r := range roles {
		out[i] = p.role(p.fromRole(r)) // TO's roles by FROM's names (--role-map)
	}
	return strings.Join(out, ", ")
}

func (p *planner) role(r string) string {
	if r == schema.PublicRole {
		return "PUBLIC"
	}
	return p.q(r)
}

// --- rules ---

// ruleChanges plans the rule changes of a table or view (table is its qualified name).
// CREATE OR REPLACE RULE replaces a rule's definition in place.
func (p *planner) ruleChanges(w *tableWork, changes []*diff.Change, table string) {
	for _, c := range changes {
		_, to := c.Rules()
		g := p.newGroup()
		switch {
		case c.Action == diff.Drop:
			s := p.addGroup(phDropViews, g, w.label(), "DROP RULE "+p.q(c.Name)+" ON "+table)
			if c.Destructive {
				s.Destructive = "drops rule " + c.Name + " on " + w.label() + ", which TO does not have"
			}
		case c.Action == diff.Add:
			p.createRule(w.label(), table, *to, g)
		default:
			if hasField(c, diff.FieldDefinition) {
				p.addGroup(phTriggers, g, w.label(), orReplaceRule(to.Definition))
			}
			if hasField(c, diff.FieldDisabled) {
				p.addGroup(phTriggers, g, w.label(), "ALTER TABLE "+table+map[bool]string{true: " DISABLE", false: " ENABLE"}[to.Disabled]+" RULE "+p.q(to.Name))
			}
			if hasField(c, diff.FieldComment) {
				p.addGroup(phComments, g, w.label(), "COMMENT ON RULE "+p.q(to.Name)+" ON "+table+" IS "+p.commentText(to.Comment))
			}
		}
	}
}

// createRule writes a rule's CREATE RULE (pg_get_ruledef), its state and comment.
func (p *planner) createRule(label, table string, r schema.Rule, g int) {
	p.addGroup(phTriggers, g, label, strings.TrimRight(strings.TrimSpace(r.Definition), ";"))
	if r.Disabled {
		p.addGroup(phTriggers, g, label, "ALTER TABLE "+table+" DISABLE RULE "+p.q(r.Name))
	}
	if r.Comment != nil {
		p.addGroup(phComments, g, label, "COMMENT ON RULE "+p.q(r.Name)+" ON "+table+" IS "+p.str(*r.Comment))
	}
}

var createRule = regexp.MustCompile(`^(?i)\s*CREATE\s+(OR\s+REPLACE\s+)?RULE\b`)

func orReplaceRule(def string) string {
	return createRule.ReplaceAllString(strings.TrimRight(strings.TrimSpace(def), ";"), "CREATE OR REPLACE RULE")
}

// --- storage parameters, replica identity, column settings ---

// tableSetting plans a change of a table's storage parameters or replica identity.
func (p *planner) tableSetting(w *tableWork, f diff.FieldChange) {
	var from, to schema.PostgresTable
	if w.from.Postgres != nil {
		from = *w.from.Postgres
	}
	if w.to.Postgres != nil {
		to = *w.to.Postgres
	}
	tbl := "ALTER TABLE " + w.tableName(p) + " "
	switch f.Field {
	case diff.FieldOptions:
		for _, sql := range setReset(from.With, to.With) {
			p.add(phTables, w.label(), tbl+sql)
		}
	case diff.FieldReplicaIdentity:
		// After the keys phase: USING INDEX needs the index, which may be new.
		p.add(phTriggers, w.label(), tbl+"REPLICA IDENTITY "+p.replicaIdentity(&to))
	}
}

func (p *planner) replicaIdentity(pg *schema.PostgresTable) string {
	switch pg.ReplicaIdentity {
	case "":
		return "DEFAULT"
	case schema.ReplicaIndex:
		return "USING INDEX " + p.q(pg.ReplicaIdentityIndex)
	}
	return string(pg.ReplicaIdentity)
}

// setReset writes SET (…) for the parameters TO sets that FROM does not have the same, and
// RESET (…) for those FROM sets and TO does not.
func setReset(from, to []string) []string {
	key := func(kv string) string { k, _, _ := strings.Cut(kv, "="); return strings.ToLower(k) }
	fromBy := map[string]string{}
	for _, kv := range from {
		fromBy[key(kv)] = strings.ToLower(kv)
	}
	toKeys := map[string]bool{}
	var set, reset []string
	for _, kv := range to {
		toKeys[key(kv)] = true
		if fromBy[key(kv)] != strings.ToLower(kv) {
			set = append(set, kv)
		}
	}
	for _, kv := range from {
		if !toKeys[key(kv)] {
			reset = append(reset, key(kv))
		}
	}
	var out []string
	if len(reset) > 0 {
		out = append(out, "RESET ("+strings.Join(reset, ", ")+")")
	}
	if len(set) > 0 {
		out = append(out, "SET ("+strings.Join(set, ", ")+")")
	}
	return out
}

// indexOptions plans a change of an index's storage parameters only: ALTER INDEX SET/RESET.
func (p *planner) indexOptions(w *tableWork, c *diff.Change) {
	f, t := indexSides(c)
	var fw, tw []string
	if f != nil && f.Postgres != nil {
		fw = f.Postgres.With
	}
	if t != nil && t.Postgres != nil {
		tw = t.Postgres.With
	}
	for _, sql := range setReset(fw, tw) {
		p.add(phKeys, w.label(), "ALTER INDEX "+p.qq(w.schema, c.Name)+" "+sql)
	}
}

// constraintComment plans a changed constraint comment (primary key, unique, check,
// exclusion) or index comment.
func (p *planner) constraintComment(w *tableWork, c *diff.Change) {
	if x := toIndex(c); x != nil && x.Constraint == "" {
		p.add(phComments, w.label(), "COMMENT ON INDEX "+p.qq(w.schema, c.Name)+" IS "+p.commentText(x.Comment))
		return
	}
	var comment *string
	name := c.Name
	switch c.Object {
	case diff.ObjPrimaryKey:
		_, t := c.PrimaryKeys()
		comment = t.Comment
		if t.Name != nil {
			name = *t.Name
		}
	case diff.ObjUnique:
		_, t := c.Uniques()
		comment = t.Comment
	case diff.ObjCheck:
		_, t := c.Checks()
		comment = t.Comment
	case diff.ObjExclusion:
		_, t := c.Exclusions()
		comment = t.Comment
	case diff.ObjForeignKey:
		_, t := c.ForeignKeys()
		comment = t.Comment
	}
	p.add(phComments, w.label(), "COMMENT ON CONSTRAINT "+p.q(name)+" ON "+w.tableName(p)+" IS "+p.commentText(comment))
}

func pgColumnOf(c *schema.Column) schema.PostgresColumn {
	if c == nil || c.Postgres == nil {
		return schema.PostgresColumn{}
	}
	return *c.Postgres
}

// columnSettings plans a column's SET (…), SET STATISTICS and SET STORAGE. c is the column's
// change (nil for a new table's column, where every setting is written).
func (p *planner) columnSettings(w *tableWork, column string, from, to schema.PostgresColumn, c *diff.Change) {
	alter := "ALTER TABLE " + w.tableName(p) + " ALTER COLUMN " + p.q(column) + " "
	want := func(f diff.Field) bool { return c == nil || hasField(c, f) }
	if want(diff.FieldOptions) {
		for _, sql := range setReset(from.With, to.With) {
			p.add(phTables, w.label(), alter+sql)
		}
	}
	if want(diff.FieldStatistics) && !equalInt(from.Statistics, to.Statistics) {
		n := -1 // the default target
		if to.Statistics != nil {
			n = *to.Statistics
		}
		p.add(phTables, w.label(), alter+"SET STATISTICS "+strconv.Itoa(n))
	}
	if want(diff.FieldStorage) && !strings.EqualFold(from.Storage, to.Storage) {
		storage := strings.ToUpper(to.Storage)
		if storage == "" {
			storage = defaultStorage(p.columnTypeOf(w, column))
		}
		if storage == "" {
			p.note("column %s.%s: its storage goes back to its type's default, which dbinspect does not know for this type: set it by hand", w.label(), column)
			return
		}
		p.add(phTables, w.label(), alter+"SET STORAGE "+storage)
	}
}

func equalInt(a, b *int) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}

func (p *planner) columnTypeOf(w *tableWork, column string) string {
	if w.to != nil {
		if c := w.to.Column(column); c != nil {
			return c.Type
		}
	}
	return ""
}

// defaultStorage is the storage mode of common types (pg_type.typstorage): PostgreSQL 15 has
// no SET STORAGE DEFAULT. "" when the type is not known here.
func defaultStorage(typ string) string {
	t := strings.ToLower(strings.TrimSpace(typ))
	if strings.HasSuffix(t, "[]") {
		return "EXTENDED"
	}
	if i := strings.IndexByte(t, '('); i >= 0 {
		t = strings.TrimSpace(t[:i])
	}
	switch {
	case slices.Contains([]string{"smallint", "integer", "bigint", "real", "double precision", "boolean", "date", "uuid",
		"timestamp without time zone", "timestamp with time zone", "time without time zone", "time with time zone",
		"money", "oid", "\"char\"", "interval", "point"}, t):
		return "PLAIN"
	case t == "numeric" || t == "inet" || t == "cidr":
		return "MAIN"
	case slices.Contains([]string{"text", "character varying", "character", "bytea", "json", "jsonb", "xml", "tsvector",
		"bit varying", "bit", "citext"}, t):
		return "EXTENDED"
	}
	return ""
}

// keyComment is the TO comment of a key or index change.
func (p *planner) keyComment(c *diff.Change) *string {
	if x := toIndex(c); x != nil {
		return x.Comment
	}
	switch c.Object {
	case diff.ObjPrimaryKey:
		_, t := c.PrimaryKeys()
		return t.Comment
	case diff.ObjUnique:
		_, t := c.Uniques()
		return t.Comment
	case diff.ObjCheck:
		_, t := c.Checks()
		return t.Comment
	case diff.ObjExclusion:
		_, t := c.Exclusions()
		return t.Comment
	}
	return nil
}

// recreatedKeyComment writes the comment of a key or index created or replaced by the plan:
// DROP takes the comment with it.
func (p *planner) recreatedKeyComment(w *tableWork, c *diff.Change) {
	if p.keyComment(c) != nil {
		p.constraintComment(w, c)
	}
}

// viewExtras writes what CREATE VIEW does not carry for a view the plan creates: its rules,
// and for a view that is rebuilt, the owner and grants it had.
func (p *planner) viewExtras(v viewRef) {
	name := p.qq(v.schema, v.view.Name)
	label := v.schema + "." + v.view.Name
	if v.view.Postgres != nil {
		for _, r := range v.view.Postgres.Rules {
			p.createRule(label, name, r, p.newGroup())
		}
	}
	if !p.views.rebuilt[label] {
		return
	}
	if sc := p.from.Schema(v.schema); sc != nil {
		if old := sc.View(v.view.Name); old != nil {
			p.restoreAccess(phViews, p.newGroup(), label, "TABLE", viewKind(old), name, p.accessAfter(old.Access, v.view.Access))
		}
	}
}

// accessAfter is the access an object created again must get: TO's when privileges are
// compared (the plan makes them TO's anyway), FROM's otherwise.
func (p *planner) accessAfter(from, to schema.Access) schema.Access {
	if p.res.Privileges {
		return p.mappedAccess(to)
	}
	return from
}

// uniqueUsingIndex plans a plain unique index that becomes a UNIQUE constraint as ADD
// CONSTRAINT … UNIQUE USING INDEX: the index is kept (and renamed to the constraint), not
// built again.
func (p *planner) uniqueUsingIndex(w *tableWork, c *diff.Change) bool {
	if c.Object != diff.ObjUnique || c.Action != diff.Modify || !hasField(c, diff.FieldKind) ||
		!onlyFields(c, diff.FieldKind, diff.FieldComment, diff.FieldDeferrable, diff.FieldInitiallyDeferred) {
		return false
	}
	fx, _ := c.UniqueIndexes()
	_, tu := c.Uniques()
	if fx == nil || tu == nil || fx.Constraint != "" {
		return false
	}
	p.add(phKeys, w.label(), "ALTER TABLE "+w.tableName(p)+" ADD CONSTRAINT "+p.q(tu.Name)+" UNIQUE USING INDEX "+p.q(fx.Name)+
		ddl.Deferrable(tu.Deferrable, tu.InitiallyDeferred))
	if tu.Comment != nil {
		p.constraintComment(w, c)
	}
	return true
}

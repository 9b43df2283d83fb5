package ddl

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

// Kinds of Statement, in the order Create emits them.
const (
	KindSetting    = "setting"
	KindSchema     = "schema"
	KindExtension  = "extension"
	KindCollation  = "collation"
	KindTextSearch = "text search"
	KindType       = "type"
	KindSequence   = "sequence"
	KindFunction   = "function"
	KindTable      = "table"
	KindIndex      = "index"
	KindForeignKey = "foreign key"
	KindView       = "view"
	KindTrigger    = "trigger"
	KindEvent      = "event"
	KindPolicy     = "policy" // PostgreSQL row-level security policies
	KindRule       = "rule"   // PostgreSQL rewrite rules
	KindComment    = "comment"
	// KindNote is not SQL: a comment saying what the script leaves out and why.
	KindNote = "note"
)

// Statement is one SQL statement (without its terminating semicolon).
type Statement struct {
	Kind string
	// Name is the object's qualified name, for messages and the planner.
	Name string
	SQL  string
}

// Create returns the statements that create every object of db, in an order the server
// accepts: settings, schemas, extensions, collations, text search configurations, types, sequences, functions, tables (columns, primary
// key, uniques, checks), indexes, foreign keys, views, triggers, comments.
//
// Indexes come before foreign keys (not after, as one might expect): a foreign key may
// reference columns that only a unique index, not a constraint, makes unique, and on MySQL
// an existing index is reused by the foreign key instead of a new one being added.
// Foreign keys come after all tables so that cycles need no special handling; SQLite cannot
// add them later, so there they stay inside CREATE TABLE (SQLite does not check the referenced
// table exists at that point).
func Create(db *schema.Database) []Statement {
	g := &generator{d: db.Dialect, db: db, ix: newIndex(db)}
	return g.all()
}

type generator struct {
	d   schema.Dialect
	db  *schema.Database
	out []Statement
	// ix indexes db's names (see catalog.go); order is tableOrder's result, kept for its next call.
	ix    *index
	order []tableInSchema
}

func (g *generator) add(kind, name, sql string) {
	g.out = append(g.out, Statement{Kind: kind, Name: name, SQL: sql})
}

func (g *generator) note(format string, args ...any) {
	g.add(KindNote, "", Comment(fmt.Sprintf(format, args...)))
}

func (g *generator) q(name string) string { return QuoteIdent(g.d, name) }

// dialect returns the rules of the generator's dialect.
func (g *generator) dialect() *Rules { return rulesOf(g.d) }

func (g *generator) qq(schemaName, name string) string { return Qualify(g.d, schemaName, name) }

// hasTable says whether the script creates the table (a --tables filter may have left it out).
func (g *generator) hasTable(schemaName, name string) bool {
	return g.table(schemaName, name) != nil
}

func (g *generator) all() []Statement {
	g.settings()
	g.schemasAndExtensions()
	for _, sc := range g.db.Schemas {
		g.collations(sc)
		g.textSearchConfigs(sc)
	}
	for _, sc := range g.db.Schemas {
		g.types(sc)
		g.sequences(sc)
	}
	late := g.functions()
	for _, t := range g.tableOrder() {
		g.createTable(t.schema, t.table)
	}
	g.functionsAfterTables(late)
	g.sequenceOwners()
	for _, t := range g.tableOrder() {
		g.dialect().tableExtras(g, t.schema, t.table)
	}
	for _, t := range g.tableOrder() {
		g.indexes(t.schema, t.table.Name, t.table.Indexes)
	}
	if !rulesOf(g.d).InlineForeignKeys {
		for _, t := range g.tableOrder() {
			g.foreignKeys(t.schema, t.table)
		}
	}
	g.views()
	for _, t := range g.tableOrder() {
		g.triggers(t.schema, t.table.Name, t.table.Triggers)
	}
	g.events()
	g.dialect().extras(g)
	g.dialect().comments(g)
	return g.out
}

func (g *generator) settings() {
	for _, s := range rulesOf(g.d).Settings {
		g.add(KindSetting, "", s)
	}
}

func (g *generator) schemasAndExtensions() {
	if !rulesOf(g.d).SchemaObjects {
		return
	}
	for _, sc := range g.db.Schemas {
		if sc.Name != "public" {
			g.add(KindSchema, sc.Name, "CREATE SCHEMA IF NOT EXISTS "+g.q(sc.Name))
		}
	}
	for _, e := range g.db.Extensions {
		sql := "CREATE EXTENSION IF NOT EXISTS " + g.q(e.Name)
		if e.Schema != "" {
			sql += " WITH SCHEMA " + g.q(e.Schema)
		}
		g.add(KindExtension, e.Name, sql)
	}
}

// collations creates the schema's own collations (PostgreSQL), which types, columns and
// indexes may use.
func (g *generator) collations(sc schema.Schema) {
	if !rulesOf(g.d).SchemaObjects {
		return
	}
	for _, c := range sc.Collations {
		opts := []string{"provider = " + c.Provider}
		if c.Provider == "libc" {
			opts = append(opts, "lc_collate = "+QuoteString(g.d, c.LcCollate), "lc_ctype = "+QuoteString(g.d, c.LcCtype))
		} else {
			opts = append(opts, "locale = "+QuoteString(g.d, c.Locale))
		}
		if !c.Deterministic {
			opts = append(opts, "deterministic = false")
		}
		if c.Rules != "" {
			opts = append(opts, "rules = "+QuoteString(g.d, c.Rules))
		}
		g.add(KindCollation, sc.Name+"."+c.Name, fmt.Sprintf("CREATE COLLATION %s (%s)", g.qq(sc.Name, c.Name), strings.Join(opts, ", ")))
	}
}

// textSearchConfigs creates the schema's text search configurations (PostgreSQL): the parser,
// then one ADD MAPPING per run of token types with the same dictionaries. They come after the
// extensions, which may provide dictionaries (unaccent), and before the functions that name them.
func (g *generator) textSearchConfigs(sc schema.Schema) {
	if !rulesOf(g.d).SchemaObjects {
		return
	}
	for _, c := range sc.TextSearchConfigs {
		name := g.qq(sc.Name, c.Name)
		g.add(KindTextSearch, sc.Name+"."+c.Name, "CREATE TEXT SEARCH CONFIGURATION "+name+" (PARSER = "+c.Parser+")")
		for i := 0; i < len(c.Mappings); {
			dicts := c.Mappings[i].Dictionaries
			var tokens []string
			for ; i < len(c.Mappings) && slices.Equal(c.Mappings[i].Dictionaries, dicts); i++ {
				tokens = append(tokens, g.q(c.Mappings[i].Token))
			}
			g.add(KindTextSearch, sc.Name+"."+c.Name, "ALTER TEXT SEARCH CONFIGURATION "+name+" ADD MAPPING FOR "+
				strings.Join(tokens, ", ")+" WITH "+strings.Join(dicts, ", "))
		}
	}
}

func (g *generator) types(sc schema.Schema) {
	for _, e := range sc.Enums {
		vals := make([]string, len(e.Values))
		for i, v := range e.Values {
			vals[i] = QuoteString(g.d, v)
		}
		g.add(KindType, sc.Name+"."+e.Name, fmt.Sprintf("CREATE TYPE %s AS ENUM (%s)", g.qq(sc.Name, e.Name), strings.Join(vals, ", ")))
	}
	for _, d := range sc.Domains {
		var b strings.Builder
		fmt.Fprintf(&b, "CREATE DOMAIN %s AS %s", g.qq(sc.Name, d.Name), d.Type)
		if d.Collation != "" {
			b.WriteString(" COLLATE " + g.q(d.Collation))
		}
		if d.Default != nil {
			b.WriteString(" DEFAULT " + *d.Default)
		}
		if d.NotNull {
			b.WriteString(" NOT NULL")
		}
		for _, c := range d.Checks {
			b.WriteString(" CONSTRAINT " + g.q(c.Name) + " " + CheckClause(c.Expression))
		}
		g.add(KindType, sc.Name+"."+d.Name, b.String())
	}
	for _, ct := range sc.CompositeTypes {
		attrs := make([]string, len(ct.Attributes))
		for i, a := range ct.Attributes {
			attrs[i] = g.q(a.Name) + " " + g.columnType(sc.Name, a.Type)
			if a.Collation != "" {
				attrs[i] += " COLLATE " + g.q(a.Collation)
			}
		}
		g.add(KindType, sc.Name+"."+ct.Name, fmt.Sprintf("CREATE TYPE %s AS (%s)", g.qq(sc.Name, ct.Name), strings.Join(attrs, ", ")))
	}
}

// CheckClause turns a check's expression into a CHECK clause. Engines report either the bare
// expression or the whole "CHECK (…)" (pg_get_constraintdef); both are accepted.
func CheckClause(expr string) string {
	trimmed := strings.TrimSpace(expr)
	if len(trimmed) >= 5 && strings.EqualFold(trimmed[:5], "CHECK") {
		rest := strings.TrimSpace(trimmed[5:])
		if strings.HasPrefix(rest, "(") {
			return "CHECK " + rest
		}
	}
	return "CHECK (" + trimmed + ")"
}

func (g *generator) sequences(sc schema.Schema) {
	for _, s := range sc.Sequences {
		g.add(KindSequence, sc.Name+"."+s.Name, g.dialect().CreateSequence(sc.Name, s))
	}
}

// pgCreateSequence: CREATE SEQUENCE … AS type with its options (OWNED BY once the table exists).
func pgCreateSequence(schemaName string, s schema.Sequence) string {
	sql := "CREATE SEQUENCE " + Qualify(schema.Postgres, schemaName, s.Name)
	if s.Type != "" {
		sql += " AS " + s.Type
	}
	return sql + sequenceOptions(s.SequenceOptions)
}

// noSequences: a dialect without sequences (SQLite) writes what a model of it cannot hold.
func noSequences(schemaName string, s schema.Sequence) string {
	return "CREATE SEQUENCE " + Qualify(schema.SQLite, schemaName, s.Name) + sequenceOptions(s.SequenceOptions)
}

func sequenceOptions(o schema.SequenceOptions) string {
	var b strings.Builder
	if o.Increment != 0 {
		fmt.Fprintf(&b, " INCREMENT BY %d", o.Increment)
	}
	if o.Min != 0 || o.Max != 0 {
		fmt.Fprintf(&b, " MINVALUE %d MAXVALUE %d", o.Min, o.Max)
	}
	if o.Start != 0 {
		fmt.Fprintf(&b, " START WITH %d", o.Start)
	}
	if o.Cache > 0 {
		fmt.Fprintf(&b, " CACHE %d", o.Cache)
	}
	if o.Cycle {
		b.WriteString(" CYCLE")
	} else {
		b.WriteString(" NO CYCLE")
	}
	return b.String()
}

// sequenceOwners ties sequences to their column, now that the tables exist.
func (g *generator) sequenceOwners() {
	for _, sc := range g.db.Schemas {
		for _, s := range sc.Sequences {
			if s.OwnedBy == nil || !g.dialect().OwnedSequences {
				continue
			}
			if !g.hasTable(s.OwnedBy.Schema, s.OwnedBy.Table) {
				continue
			}
			g.add(KindSequence, sc.Name+"."+s.Name, fmt.Sprintf("ALTER SEQUENCE %s OWNED BY %s.%s",
				g.qq(sc.Name, s.Name), g.qq(s.OwnedBy.Schema, s.OwnedBy.Table), g.q(s.OwnedBy.Column)))
		}
	}
}

type lateFunction struct {
	schema string
	fn     schema.Function
}

// functions emits the routines that can be created before the tables and returns the ones
// that must wait: those whose signature names a table's row type (RETURNS SETOF customer), and
// aggregates, which need their support functions (late ones included) to exist first.
func (g *generator) functions() []lateFunction {
	var late []lateFunction
	for _, sc := range g.db.Schemas {
		for _, f := range sc.Functions {
			if f.Kind == "aggregate" || g.signatureNamesTable(f) {
				late = append(late, lateFunction{sc.Name, f})
				continue
			}
			g.function(sc.Name, f)
		}
	}
	return late
}

// functionsAfterTables emits the late routines, aggregates last. No column default, check or
// index may call an aggregate, so nothing in the tables needs them earlier.
func (g *generator) functionsAfterTables(late []lateFunction) {
	for _, aggregates := range []bool{false, true} {
		for _, f := range late {
			if (f.fn.Kind == "aggregate") == aggregates {
				g.function(f.schema, f.fn)
			}
		}
	}
}

func (g *generator) function(schemaName string, f schema.Function) {
	def := trimStatement(f.Definition)
	if !startsWithWord(def, "CREATE") {
		g.note("%s %s.%s(%s) is left out: the server gave no CREATE text for it", f.Kind, schemaName, f.Name, f.Arguments)
		return
	}
	g.add(KindFunction, schemaName+"."+f.Name, def)
}

var wordRe = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_$]*`)

func (g *generator) signatureNamesTable(f schema.Function) bool {
	for _, w := range wordRe.FindAllString(f.Returns+" "+f.Arguments, -1) {
		if g.isRelation(w) {
			return true
		}
	}
	return false
}

type tableInSchema struct {
	schema string
	table  *schema.Table
}

// tableOrder lists tables parents first: a partition or an inheriting table needs its parent.
// SQLite virtual tables' shadow tables are left out: creating the virtual table makes them.
func (g *generator) tableOrder() []tableInSchema {
	if g.order != nil {
		return g.order
	}
	all := []tableInSchema{}
	for i := range g.db.Schemas {
		sc := &g.db.Schemas[i]
		for j := range sc.Tables {
			if g.isShadow(sc, sc.Tables[j].Name) {
				continue
			}
			all = append(all, tableInSchema{sc.Name, &sc.Tables[j]})
		}
	}
	depth := func(t tableInSchema) int {
		n := 0
		for p := t.table.Postgres; p != nil && n < 64; n++ {
			var parent *schema.TableRef
			if p.PartitionOf != nil {
				parent = p.PartitionOf
			} else if len(p.Inherits) > 0 {
				parent = &p.Inherits[0]
			} else {
				break
			}
			pt := g.table(parent.Schema, parent.Name)
			if pt == nil {
				break
			}
			p = pt.Postgres
		}
		return n
	}
	depths := make(map[*schema.Table]int, len(all))
	for _, t := range all {
		depths[t.table] = depth(t)
	}
	slices.SortStableFunc(all, func(a, b tableInSchema) int { return depths[a.table] - depths[b.table] })
	g.order = all
	return all
}

// shadowSuffixes are the tables FTS3/4/5 and R*Tree virtual tables keep their data in.
var shadowSuffixes = []string{"_content", "_segments", "_segdir", "_docsize", "_stat", "_data", "_idx", "_config", "_node", "_parent", "_rowid"}

func isShadowTable(sc *schema.Schema, name string) bool {
	for _, t := range sc.Tables {
		if t.SQLite == nil || t.SQLite.Module == "" {
			continue
		}
		for _, suffix := range shadowSuffixes {
			if name == t.Name+suffix {
				return true
			}
		}
	}
	return false
}

func startsWithWord(s, word string) bool {
	s = strings.TrimSpace(s)
	return len(s) >= len(word) && strings.EqualFold(s[:len(word)], word)
}

// trimStatement drops surrounding space and trailing semicolons from server-reported text.
func trimStatement(s string) string {
	return strings.TrimRight(strings.TrimSpace(s), "; \t\r\n")
}

// events writes MySQL/MariaDB scheduled events, after the tables their bodies use.
func (g *generator) events() {
	for _, sc := range g.db.Schemas {
		for _, e := range sc.Events {
			g.add(KindEvent, sc.Name+"."+e.Name, CreateEvent(e))
		}
	}
}

// CreateEvent writes CREATE EVENT with every clause, so that the event read back is the one
// modelled (the definer is the creating account's).
func CreateEvent(e schema.Event) string {
	return "CREATE EVENT " + QuoteIdent(schema.MySQL, e.Name) + " " + EventClauses(e, true) + " DO " + strings.TrimSpace(e.Body)
}

// EventClauses writes ON SCHEDULE, ON COMPLETION, the status and the COMMENT (an empty one when
// create is false and there is none, which ALTER EVENT needs to clear one).
func EventClauses(e schema.Event, create bool) string {
	var b strings.Builder
	b.WriteString("ON SCHEDULE " + e.Schedule())
	if e.Preserve {
		b.WriteString(" ON COMPLETION PRESERVE")
	} else {
		b.WriteString(" ON COMPLETION NOT PRESERVE")
	}
	switch e.Status {
	case "DISABLED":
		b.WriteString(" DISABLE")
	case "SLAVESIDE_DISABLED":
		b.WriteString(" DISABLE ON SLAVE")
	default:
		b.WriteString(" ENABLE")
	}
	switch {
	case e.Comment != nil:
		b.WriteString(" COMMENT " + QuoteString(schema.MySQL, *e.Comment))
	case !create:
		b.WriteString(" COMMENT ''")
	}
	return b.String()
}

package export

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/dbinspect/dbinspect/ddl"
	"github.com/dbinspect/dbinspect/schema"
)

// SQLAlchemy writes a Python module of SQLAlchemy models that recreates the schema with
// Base.metadata.create_all(engine).
//
// Tables with a primary key become declarative classes, tables without one sa.Table objects
// (the ORM cannot map them). Everything SQLAlchemy has a construct for is written with it:
// types (generic where SQLAlchemy's DDL is the database's own spelling, dialect types or a
// RawType holding the exact type otherwise), server defaults, Computed, Identity, Sequence,
// named constraints, indexes, comments, schemas. What it has none for (views, triggers,
// functions, domains, enums' CREATE TYPE, exclusion constraints, partitions) is created by
// DDL attached to the metadata's before_create/after_create events, using package ddl.
type SQLAlchemy struct {
	// Version is 1 (Column style, the default) or 2 (Mapped / mapped_column).
	Version int
}

// pyTable is everything the module needs to know about one table.
type pyTable struct {
	schema string
	t      *schema.Table
	// class is the class name, or "" for a table without a primary key (a sa.Table).
	class string
	// variable is the module-level name of a sa.Table.
	variable string
	// attrs maps column name -> attribute name (the Column's key).
	attrs map[string]string
	// taken holds the attribute names used in the class, relationships included.
	taken names
	rels  []string
	// skip: created by DDL instead (a partition, a virtual table, or an inheriting table
	// SQLAlchemy cannot name the parents of; see inheritsExpressible).
	skip bool
}

type pyModule struct {
	v      int
	d      schema.Dialect
	db     *schema.Database
	b      strings.Builder
	tables []*pyTable
	byName map[string]*pyTable
	usesPG bool
	usesMy bool
	// late holds module-level statements written after all classes.
	late []string
	// lateDDL holds statements for constraints SQLAlchemy 1.4 cannot write, run after_create.
	lateDDL []ddl.Statement
	// indexes finds a table's index by "schema.index" (indexByDDL), built on first use.
	indexes map[string]tableIndex
}

// Export writes the module.
func (s SQLAlchemy) Export(w io.Writer, db *schema.Database) error {
	m := &pyModule{v: s.Version, d: db.Dialect, db: db, byName: map[string]*pyTable{}}
	if m.v == 0 {
		m.v = 1
	}
	m.plan()
	body := m.body()
	var out strings.Builder
	m.header(&out)
	out.WriteString(body)
	_, err := io.WriteString(w, out.String())
	return err
}

func tableKey(schemaName, name string) string { return schemaName + "\x00" + name }

// plan names every class, table variable and attribute before anything is written, so that
// relationships on one class can name attributes of another.
func (m *pyModule) plan() {
	globals := names{}
	for n := range pyReserved {
		globals[n] = true
	}
	for i := range m.db.Schemas {
		sc := &m.db.Schemas[i]
		virtual := virtualTables(sc)
		for j := range sc.Tables {
			t := &sc.Tables[j]
			pt := &pyTable{schema: sc.Name, t: t, attrs: map[string]string{}, taken: names{}}
			pt.skip = (t.Postgres != nil && t.Postgres.PartitionOf != nil) || (t.SQLite != nil && t.SQLite.Module != "") ||
				isShadow(virtual, t.Name) || !inheritsExpressible(t)
			base := camel(t.Name)
			if base == "" || !(base[0] >= 'A' && base[0] <= 'Z' || base[0] >= 'a' && base[0] <= 'z') {
				base = "Table" + base
			}
			if t.PrimaryKey != nil && !pt.skip {
				pt.class = globals.take(identifier(base, "Table", pyKeywords))
			} else {
				pt.variable = globals.take(identifier("t_"+t.Name, "t", pyKeywords))
			}
			for n := range pyReserved {
				pt.taken[n] = true
			}
			for _, c := range t.Columns {
				pt.attrs[c.Name] = pt.taken.take(identifier(c.Name, "col", pyKeywords, pyReserved))
			}
			m.tables = append(m.tables, pt)
			m.byName[tableKey(sc.Name, t.Name)] = pt
		}
	}
	m.planRelationships()
}

// virtualTables lists the SQLite virtual tables of sc, whose shadow tables are named after
// them: found once per schema, so isShadow costs nothing where there are none.
func virtualTables(sc *schema.Schema) []string {
	var out []string
	for _, t := range sc.Tables {
		if t.SQLite != nil && t.SQLite.Module != "" {
			out = append(out, t.Name)
		}
	}
	return out
}

func isShadow(virtual []string, name string) bool {
	for _, v := range virtual {
		if strings.HasPrefix(name, v+"_") {
			return true
		}
	}
	return false
}

// planRelationships adds a relationship() pair per foreign key between two mapped classes:
// many-to-one on the child, one-to-many on the parent, tied with back_populates. Names are
// unique per class, so several FKs to one table and self references never collide.
func (m *pyModule) planRelationships() {
	for _, child := range m.tables {
		if child.class == "" {
			continue
		}
		perParent := map[string]int{}
		for _, fk := range child.t.ForeignKeys {
			perParent[tableKey(fk.RefSchema, fk.RefTable)]++
		}
		for _, fk := range child.t.ForeignKeys {
			parent := m.byName[tableKey(fk.RefSchema, fk.RefTable)]
			if parent == nil || parent.class == "" {
				continue
			}
			one := relationshipBase(fk)
			many := child.t.Name + "_collection"
			if perParent[tableKey(fk.RefSchema, fk.RefTable)] > 1 || parent == child {
				many = child.t.Name + "_" + one + "_collection"
			}
			oneName := child.taken.take(identifier(one, "rel", pyKeywords, pyReserved))
			manyName := parent.taken.take(identifier(many, "rel", pyKeywords, pyReserved))
			child.rels = append(child.rels, m.manyToOne(child, parent, fk, oneName, manyName))
			parent.rels = append(parent.rels, m.oneToMany(child, parent, fk, manyName, oneName))
		}
	}
}

// relationshipBase names the many-to-one side after its FK column (customer_id -> customer),
// or after the referenced table.
func relationshipBase(fk schema.ForeignKey) string {
	if len(fk.Columns) == 1 {
		c := strings.ToLower(fk.Columns[0])
		for _, suffix := range []string{"_id", "id"} {
			if strings.HasSuffix(c, suffix) && len(c) > len(suffix) {
				return strings.TrimRight(fk.Columns[0][:len(c)-len(suffix)], "_")
			}
		}
	}
	return fk.RefTable
}

func (m *pyModule) attrList(pt *pyTable, columns []string) string {
	out := make([]string, len(columns))
	for i, c := range columns {
		out[i] = pt.attrs[c]
	}
	return strings.Join(out, ", ")
}

func (m *pyModule) manyToOne(child, parent *pyTable, fk schema.ForeignKey, name, back string) string {
	args := fmt.Sprintf("%s, foreign_keys=[%s], back_populates=%s", pyString(parent.class), m.attrList(child, fk.Columns), pyString(back))
	if parent == child {
		args += ", remote_side=[" + m.attrList(parent, fk.RefColumns) + "]"
	}
	return m.relationship(name, "typing.Optional["+pyString(parent.class)+"]", args)
}

func (m *pyModule) oneToMany(child, parent *pyTable, fk schema.ForeignKey, name, back string) string {
	cols := make([]string, len(fk.Columns))
	for i, c := range fk.Columns {
		cols[i] = child.class + "." + child.attrs[c]
	}
	args := fmt.Sprintf("%s, foreign_keys=%s, back_populates=%s", pyString(child.class), pyString("["+strings.Join(cols, ", ")+"]"), pyString(back))
	return m.relationship(name, "typing.List["+pyString(child.class)+"]", args)
}

func (m *pyModule) relationship(name, pyType, args string) string {
	if m.v == 2 {
		return fmt.Sprintf("%s: orm.Mapped[%s] = orm.relationship(%s)", name, pyType, args)
	}
	return fmt.Sprintf("%s = orm.relationship(%s)", name, args)
}

func (m *pyModule) header(out *strings.Builder) {
	fmt.Fprintf(out, "# Generated by dbinspect export --format sqlalchemy from a %s %s database.\n", m.d, oneLine(m.db.ServerVersion))
	if m.v == 2 {
		out.WriteString("# SQLAlchemy 2.x (Mapped / mapped_column style).\n")
	} else {
		out.WriteString("# Runs on SQLAlchemy 1.4 and 2.x.\n")
	}
	out.WriteString("# Create the schema with Base.metadata.create_all(engine) on an empty database.\n")
	out.WriteString("import datetime\nimport decimal\nimport typing\n\nimport sqlalchemy as sa\nfrom sqlalchemy import orm\n")
	if m.usesPG {
		out.WriteString("from sqlalchemy.dialects import postgresql as sa_pg\n")
	}
	if m.usesMy {
		out.WriteString("from sqlalchemy.dialects import mysql as sa_mysql\n")
	}
	if m.v == 2 {
		out.WriteString("\n\nclass Base(orm.DeclarativeBase):\n    pass\n")
	} else {
		out.WriteString("\nBase = orm.declarative_base()\n")
	}
	out.WriteString("\n\n" + SQLAlchemyRawTypeSource)
}

func (m *pyModule) body() string {
	m.ddlEvents("before_create", m.beforeDDL())
	for _, sc := range m.db.Schemas {
		for _, s := range sc.Sequences {
			m.sequence(sc.Name, s)
		}
	}
	for _, pt := range m.tables {
		switch {
		case pt.skip:
		case pt.class != "":
			m.class(pt)
		default:
			m.table(pt)
		}
	}
	if len(m.late) > 0 {
		m.b.WriteString("\n\n" + strings.Join(m.late, "\n") + "\n")
	}
	m.ddlEvents("after_create", m.afterDDL())
	return m.b.String()
}

// beforeDDL is what must exist before the tables: schemas, extensions, types, functions.
func (m *pyModule) beforeDDL() []ddl.Statement {
	var out []ddl.Statement
	for _, s := range ddl.Create(m.db) {
		if s.Kind == ddl.KindTable {
			break
		}
		switch s.Kind {
		case ddl.KindSchema, ddl.KindExtension, ddl.KindCollation, ddl.KindTextSearch, ddl.KindType, ddl.KindFunction:
			out = append(out, s)
		case ddl.KindSetting:
			if strings.Contains(s.SQL, "check_function_bodies") {
				out = append(out, s)
			}
		}
	}
	return out
}

// afterDDL is what SQLAlchemy has no construct for and must follow the tables: partitions,
// virtual tables, table settings, late functions, sequence ownership, views, triggers,
// comments on objects other than tables and columns, and indexes it cannot express.
func (m *pyModule) afterDDL() []ddl.Statement {
	out := m.lateDDL
	seenTable := false
	skipped := map[string]bool{}
	skippedFK := map[string]bool{}
	for _, pt := range m.tables {
		if pt.skip {
			skipped[pt.schema+"."+pt.t.Name] = true
			skippedFK["ALTER TABLE "+ddl.Qualify(m.d, pt.schema, pt.t.Name)+" ADD "] = true
		}
	}
	for _, s := range ddl.Create(m.db) {
		if s.Kind == ddl.KindTable && !seenTable {
			seenTable = true
		}
		if !seenTable {
			continue
		}
		switch s.Kind {
		case ddl.KindTable:
			if skipped[s.Name] || strings.HasPrefix(s.SQL, "ALTER TABLE") {
				out = append(out, s)
			}
		case ddl.KindFunction, ddl.KindSequence, ddl.KindView, ddl.KindTrigger, ddl.KindComment:
			out = append(out, s)
		case ddl.KindForeignKey:
			if prefix, _, ok := strings.Cut(s.SQL, " ADD "); ok && skippedFK[prefix+" ADD "] { // a table created by DDL
				out = append(out, s)
			}
		case ddl.KindIndex:
			if m.indexByDDL(s.Name) {
				out = append(out, s)
			}
		}
	}
	return out
}

// indexByDDL says whether the index named "schema.index" is created by DDL: it belongs to a
// view, to a table created by DDL, or has clauses SQLAlchemy 1.4 cannot write.
func (m *pyModule) indexByDDL(qualified string) bool {
	if m.indexes == nil {
		m.indexes = map[string]tableIndex{}
		for _, pt := range m.tables {
			for i := range pt.t.Indexes {
				q := pt.schema + "." + pt.t.Indexes[i].Name
				if _, ok := m.indexes[q]; !ok {
					m.indexes[q] = tableIndex{pt, &pt.t.Indexes[i]}
				}
			}
		}
	}
	ti, ok := m.indexes[qualified]
	if !ok {
		return true // a materialized view's index
	}
	return ti.table.skip || !m.nativeIndex(*ti.index)
}

// tableIndex is an index with its table.
type tableIndex struct {
	table *pyTable
	index *schema.Index
}

func (m *pyModule) nativeIndex(x schema.Index) bool {
	if m.d == schema.MySQL && needsIndexForm(&x) && hasLength(x) {
		return false // SQLAlchemy's MySQL compiler cannot mix prefix lengths with text parts
	}
	return !x.NullsNotDistinct && !x.Invisible && x.Comment == nil && (x.Postgres == nil || x.Postgres.Tablespace == "")
}

// ddlEvents attaches statements to a metadata event. sa.DDL applies Python %-formatting to
// its text, so every % is doubled.
func (m *pyModule) ddlEvents(event string, stmts []ddl.Statement) {
	var lines []string
	for _, s := range stmts {
		if s.Kind == ddl.KindNote {
			lines = append(lines, "# NOTE: "+oneLine(s.SQL))
			continue
		}
		sql := strings.ReplaceAll(s.SQL, "%", "%%")
		lines = append(lines, fmt.Sprintf("sa.event.listen(Base.metadata, %s, sa.DDL(%s))", pyString(event), pyString(sql)))
	}
	if len(lines) > 0 {
		fmt.Fprintf(&m.b, "\n# SQL that SQLAlchemy has no construct for, run by create_all (%s).\n", event)
		m.b.WriteString(strings.Join(lines, "\n") + "\n")
	}
}

func (m *pyModule) schemaArg(schemaName string) string {
	if m.d == schema.Postgres && schemaName != "public" && schemaName != "" {
		return schemaName
	}
	return ""
}

func (m *pyModule) sequence(schemaName string, s schema.Sequence) {
	args := []string{pyString(s.Name), "metadata=Base.metadata"}
	if sc := m.schemaArg(schemaName); sc != "" {
		args = append(args, "schema="+pyString(sc))
	}
	if s.Type != "" && s.Type != "bigint" {
		args = append(args, "data_type="+m.pyType(s.Type, schemaName).expr)
	}
	args = append(args, sequenceArgs(s.SequenceOptions)...)
	fmt.Fprintf(&m.b, "\nsa.Sequence(%s)\n", strings.Join(args, ", "))
}

func sequenceArgs(o schema.SequenceOptions) []string {
	return []string{
		"start=" + strconv.FormatInt(o.Start, 10), "increment=" + strconv.FormatInt(o.Increment, 10),
		"minvalue=" + strconv.FormatInt(o.Min, 10), "maxvalue=" + strconv.FormatInt(o.Max, 10),
		"cache=" + strconv.FormatInt(max(o.Cache, 1), 10), "cycle=" + pyBool(o.Cycle),
	}
}

func pyBool(b bool) string {
	if b {
		return "True"
	}
	return "False"
}

func (m *pyModule) class(pt *pyTable) {
	t := pt.t
	fmt.Fprintf(&m.b, "\n\nclass %s(Base):\n", pt.class)
	fmt.Fprintf(&m.b, "    __tablename__ = %s\n", pyString(t.Name))
	args, notes := m.tableArgs(pt)
	for _, n := range notes {
		m.b.WriteString("    # NOTE: " + oneLine(n) + "\n")
	}
	if opts := m.tableOptions(pt); len(opts) > 0 {
		kv := make([]string, len(opts))
		for i, o := range opts {
			kv[i] = pyString(o[0]) + ": " + o[1]
		}
		args = append(args, "{"+strings.Join(kv, ", ")+"}")
	}
	if len(args) > 0 {
		m.b.WriteString("    __table_args__ = (\n")
		for _, a := range args {
			m.b.WriteString("        " + a + ",\n")
		}
		m.b.WriteString("    )\n")
	}
	m.b.WriteString("\n")
	for _, c := range t.Columns {
		m.b.WriteString("    " + m.column(pt, c) + "\n")
	}
	if len(pt.rels) > 0 {
		m.b.WriteString("\n")
		for _, r := range pt.rels {
			m.b.WriteString("    " + r + "\n")
		}
	}
}

func (m *pyModule) table(pt *pyTable) {
	t := pt.t
	args, notes := m.tableArgs(pt)
	m.b.WriteString("\n")
	for _, n := range notes {
		m.b.WriteString("# NOTE: " + oneLine(n) + "\n")
	}
	fmt.Fprintf(&m.b, "\n%s = sa.Table(\n    %s,\n    Base.metadata,\n", pt.variable, pyString(t.Name))
	for _, c := range t.Columns {
		m.b.WriteString("    " + m.columnExpr(pt, c, true) + ",\n")
	}
	for _, a := range args {
		m.b.WriteString("    " + a + ",\n")
	}
	for _, o := range m.tableOptions(pt) {
		m.b.WriteString("    " + o[0] + "=" + o[1] + ",\n")
	}
	m.b.WriteString(")\n")
}

// column writes one attribute of a class.
func (m *pyModule) column(pt *pyTable, c schema.Column) string {
	attr := pt.attrs[c.Name]
	expr := m.columnExpr(pt, c, attr != c.Name)
	if m.v == 2 {
		py := m.pyType(c.Type, pt.schema).py
		if c.Nullable {
			py = "typing.Optional[" + py + "]"
		}
		expr = strings.Replace(expr, "sa.Column(", "orm.mapped_column(", 1)
		return fmt.Sprintf("%s: orm.Mapped[%s] = %s", attr, py, expr)
	}
	return attr + " = " + expr
}

// columnExpr writes sa.Column(...). withName: pass the real column name (always in a
// sa.Table; in a class only when the attribute name differs from it).
func (m *pyModule) columnExpr(pt *pyTable, c schema.Column, withName bool) string {
	var args []string
	if withName {
		args = append(args, pyString(c.Name))
	}
	args = append(args, m.columnType(pt.schema, c))
	if c.Generated != nil {
		args = append(args, fmt.Sprintf("sa.Computed(%s, persisted=%s)", pyString(c.Generated.Expression), pyBool(c.Generated.Kind == "STORED")))
	}
	if id := c.Identity; id != nil {
		args = append(args, fmt.Sprintf("sa.Identity(always=%s, %s)", pyBool(id.Generation == "ALWAYS"), strings.Join(sequenceArgs(id.SequenceOptions), ", ")))
	}
	for _, ck := range pt.t.Checks {
		if m.d == schema.MySQL && ck.Column == c.Name && ck.Name == c.Name {
			args = append(args, "sa.CheckConstraint("+pyText(ckExpr(ck.Expression))+")")
		}
	}
	args = append(args, "nullable="+pyBool(c.Nullable))
	if def := m.serverDefault(c); def != "" {
		args = append(args, "server_default="+def)
	}
	if c.Identity == nil { // SQLAlchemy refuses autoincrement= beside Identity
		args = append(args, "autoincrement="+pyBool(c.AutoIncrement && m.d != schema.Postgres))
	}
	if c.Comment != nil {
		args = append(args, "comment="+pyString(*c.Comment))
	}
	return "sa.Column(" + strings.Join(args, ", ") + ")"
}

// serverDefault is the column's server_default expression (sa.text(...)), or "".
func (m *pyModule) serverDefault(c schema.Column) string {
	if c.Default == nil || c.Generated != nil {
		return ""
	}
	def := *c.Default
	if m.d == schema.MySQL && c.MySQL != nil && c.MySQL.OnUpdate != "" {
		// SQLAlchemy has no DDL for ON UPDATE; MySQL reads it as part of the default.
		def += " ON UPDATE " + c.MySQL.OnUpdate
	}
	return pyText(def)
}

// ckExpr strips CHECK ( … ) from a check reported with it: SQLAlchemy adds its own.
func ckExpr(expr string) string {
	clause := ddl.CheckClause(expr)
	return strings.TrimSuffix(strings.TrimPrefix(clause, "CHECK ("), ")")
}

// columnType is the column's type, with what SQLAlchemy cannot say about it (collation,
// charset, MySQL ON UPDATE without a default, INVISIBLE) folded into a RawType.
func (m *pyModule) columnType(schemaName string, c schema.Column) string {
	extra := ""
	if m.d == schema.MySQL && c.MySQL != nil && c.MySQL.Charset != "" {
		extra += " CHARACTER SET " + c.MySQL.Charset
	}
	if c.Collation != "" {
		extra += " COLLATE " + ddl.Collation(m.d, c.Collation)
	}
	if m.d == schema.MySQL {
		if c.MySQL != nil && c.MySQL.OnUpdate != "" && c.Default == nil {
			extra += " ON UPDATE " + c.MySQL.OnUpdate
		}
		if c.Invisible {
			extra += " INVISIBLE"
		}
	}
	if extra != "" {
		return "RawType(" + pyString(c.Type+extra) + ")"
	}
	return m.pyType(c.Type, schemaName).expr
}

// tableArgs builds __table_args__: constraints, indexes, then the options dict. Notes say
// what is created elsewhere.
func (m *pyModule) tableArgs(pt *pyTable) (args, notes []string) {
	t := pt.t
	keys := func(cols []string) string {
		out := make([]string, len(cols))
		for i, c := range cols {
			out[i] = pyString(c) // table.c is keyed by column name, not attribute
		}
		return strings.Join(out, ", ")
	}
	if pk := t.PrimaryKey; pk != nil {
		a := "sa.PrimaryKeyConstraint(" + keys(pk.Columns)
		if pk.Name != nil && m.d != schema.MySQL {
			a += ", name=" + pyString(*pk.Name)
		}
		args = append(args, a+")")
	}
	for _, fk := range t.ForeignKeys {
		if a, ok := m.foreignKey(pt, fk); ok {
			args = append(args, a)
		}
	}
	for _, u := range t.Uniques {
		if x := t.Index(u.Name); m.d == schema.MySQL && x != nil && needsIndexForm(x) {
			continue // written as a unique index below, which can carry prefix lengths
		}
		if u.NullsNotDistinct {
			// postgresql_nulls_not_distinct needs SQLAlchemy 2.0.24: added by DDL instead.
			notes = append(notes, "UNIQUE NULLS NOT DISTINCT "+u.Name+" is added by DDL after the tables")
			m.lateDDL = append(m.lateDDL, ddl.Statement{Kind: ddl.KindTable, Name: pt.schema + "." + t.Name,
				SQL: "ALTER TABLE " + ddl.Qualify(m.d, pt.schema, t.Name) + " ADD CONSTRAINT " + ddl.QuoteIdent(m.d, u.Name) +
					" UNIQUE NULLS NOT DISTINCT (" + ddl.QuoteList(m.d, u.Columns) + ")" + ddl.Deferrable(u.Deferrable, u.InitiallyDeferred)})
			continue
		}
		a := "sa.UniqueConstraint(" + keys(u.Columns)
		if u.Name != "" {
			a += ", name=" + pyString(u.Name)
		}
		args = append(args, a+deferrableArgs(u.Deferrable, u.InitiallyDeferred)+")")
	}
	for _, ck := range t.Checks {
		if ck.NotValid || (m.d == schema.MySQL && ck.Column == ck.Name && ck.Column != "") {
			continue // NOT VALID: DDL after the table; MySQL column checks: on the column
		}
		a := "sa.CheckConstraint(" + pyText(ckExpr(ck.Expression))
		if ck.Name != "" {
			a += ", name=" + pyString(ck.Name)
		}
		args = append(args, a+")")
	}
	for _, x := range t.Indexes {
		if a, ok := m.index(pt, x); ok {
			args = append(args, a)
		}
	}
	if p := t.Postgres; p != nil {
		for _, x := range p.Exclusions {
			notes = append(notes, "exclusion constraint "+x.Name+" is added by DDL after create")
			_ = x
		}
	}
	return args, notes
}

func hasLength(x schema.Index) bool {
	for _, p := range x.Parts {
		if p.Length > 0 {
			return true
		}
	}
	return false
}

func needsIndexForm(x *schema.Index) bool {
	for _, p := range x.Parts {
		if p.Length > 0 || p.Desc || p.Expression != "" {
			return true
		}
	}
	return false
}

func deferrableArgs(deferrable, initiallyDeferred bool) string {
	s := ""
	if deferrable {
		s += ", deferrable=True"
	}
	if initiallyDeferred {
		s += ", initially=\"DEFERRED\""
	}
	return s
}

// foreignKey writes a ForeignKeyConstraint. Referenced columns are matched by their database
// name (link_to_name), so attribute renames elsewhere never matter. A reference whose names
// hold a dot cannot be written as "schema.table.column" (SQLAlchemy splits on dots), so it
// is attached after all classes, pointing at the Column object itself.
func (m *pyModule) foreignKey(pt *pyTable, fk schema.ForeignKey) (string, bool) {
	parent := m.byName[tableKey(fk.RefSchema, fk.RefTable)]
	if parent == nil {
		return "", false
	}
	local := make([]string, len(fk.Columns))
	for i, c := range fk.Columns {
		local[i] = pyString(c)
	}
	opts := ""
	if fk.Name != "" {
		opts += ", name=" + pyString(fk.Name)
	}
	if fk.OnDelete != "" {
		opts += ", ondelete=" + pyString(string(fk.OnDelete))
	}
	if fk.OnUpdate != "" {
		opts += ", onupdate=" + pyString(string(fk.OnUpdate))
	}
	if fk.Match != "" {
		opts += ", match=" + pyString(fk.Match)
	}
	opts += deferrableArgs(fk.Deferrable, fk.InitiallyDeferred)
	// Added after every table exists (ALTER TABLE), so cycles and MySQL's index reuse work.
	if m.d != schema.SQLite && fk.Name != "" {
		opts += ", use_alter=True"
	}
	dotted := strings.Contains(fk.RefSchema+fk.RefTable, ".")
	for _, c := range fk.RefColumns {
		dotted = dotted || strings.Contains(c, ".")
	}
	if dotted || parent.skip {
		refs := make([]string, len(fk.RefColumns))
		for i, c := range fk.RefColumns {
			refs[i] = m.tableExpr(parent) + ".c[" + pyString(c) + "]"
		}
		m.late = append(m.late, fmt.Sprintf("%s.append_constraint(sa.ForeignKeyConstraint([%s], [%s]%s))",
			m.tableExpr(pt), strings.Join(local, ", "), strings.Join(refs, ", "), opts))
		return "", false
	}
	refs := make([]string, len(fk.RefColumns))
	prefix := fk.RefTable
	if sc := m.schemaArg(fk.RefSchema); sc != "" {
		prefix = sc + "." + fk.RefTable
	}
	for i, c := range fk.RefColumns {
		refs[i] = pyString(prefix + "." + c)
	}
	return fmt.Sprintf("sa.ForeignKeyConstraint([%s], [%s]%s, link_to_name=True)", strings.Join(local, ", "), strings.Join(refs, ", "), opts), true
}

// tableExpr is the module-level expression for a table's sa.Table.
func (m *pyModule) tableExpr(pt *pyTable) string {
	if pt.class != "" {
		return pt.class + ".__table__"
	}
	if pt.variable != "" {
		return pt.variable
	}
	return "Base.metadata.tables[" + pyString(pt.t.Name) + "]"
}

// index writes sa.Index for the indexes no constraint creates. Plain columns are given by
// key; any other part (expression, direction, collation, operator class) as the SQL text
// package ddl writes for it.
func (m *pyModule) index(pt *pyTable, x schema.Index) (string, bool) {
	// MySQL: a unique key with prefix lengths or directions is written as a unique index.
	isMySQLUniqueForm := m.d == schema.MySQL && x.Unique && x.Name != "PRIMARY" && needsIndexForm(&x)
	if (x.Constraint != "" && !isMySQLUniqueForm) || strings.HasPrefix(x.Name, "sqlite_autoindex_") {
		return "", false
	}
	if !m.nativeIndex(x) {
		if m.d == schema.MySQL {
			// The SQL export keeps MySQL indexes inside CREATE TABLE, so there is no statement
			// of its own to run after_create: add one.
			m.lateDDL = append(m.lateDDL, ddl.Statement{Kind: ddl.KindIndex, Name: pt.schema + "." + x.Name,
				SQL: ddl.CreateIndex(m.d, pt.schema, pt.t.Name, x)})
		}
		return "", false
	}
	var parts []string
	var lengths []string
	for _, p := range x.Parts {
		switch {
		case p.Column != "" && p.Collation == "" && p.OpClass == "" && !p.Desc && p.Nulls == "":
			parts = append(parts, pyString(p.Column))
			if p.Length > 0 {
				lengths = append(lengths, fmt.Sprintf("%s: %d", pyString(p.Column), p.Length))
			}
		default:
			parts = append(parts, pyText(ddl.IndexPart(m.d, p)))
		}
	}
	a := "sa.Index(" + pyString(x.Name) + ", " + strings.Join(parts, ", ")
	if x.Unique {
		a += ", unique=True"
	}
	switch m.d {
	case schema.Postgres:
		if x.Method != "" && x.Method != "btree" {
			a += ", postgresql_using=" + pyString(x.Method)
		}
		if x.Where != "" {
			a += ", postgresql_where=" + pyText(x.Where)
		}
		if len(x.Include) > 0 {
			inc := make([]string, len(x.Include))
			for i, c := range x.Include {
				inc[i] = pyString(c)
			}
			a += ", postgresql_include=[" + strings.Join(inc, ", ") + "]"
		}
	case schema.SQLite:
		if x.Where != "" {
			a += ", sqlite_where=" + pyText(x.Where)
		}
	case schema.MySQL:
		switch x.Method {
		case "fulltext", "spatial":
			a += ", mysql_prefix=" + pyString(strings.ToUpper(x.Method))
		case "hash":
			a += ", mysql_using=\"hash\""
		}
		if len(lengths) > 0 {
			a += ", mysql_length={" + strings.Join(lengths, ", ") + "}"
		}
		if x.MySQL != nil && x.MySQL.Parser != "" {
			a += ", mysql_with_parser=" + pyString(x.MySQL.Parser)
		}
	}
	return a + ")", true
}

// inheritsExpressible: SQLAlchemy quotes each postgresql_inherits name as one identifier, so
// "billing.base" cannot be written; only parents in public (on every default search_path) can
// be named bare. Other inheriting tables are created by the SQL export's DDL.
func inheritsExpressible(t *schema.Table) bool {
	if t.Postgres == nil {
		return true
	}
	for _, p := range t.Postgres.Inherits {
		if p.Schema != "public" {
			return false
		}
	}
	return true
}

// tableOptions are the table's keyword options: the trailing dict of __table_args__, or
// keyword arguments of sa.Table.
func (m *pyModule) tableOptions(pt *pyTable) [][2]string {
	t := pt.t
	var kv [][2]string
	if sc := m.schemaArg(pt.schema); sc != "" {
		kv = append(kv, [2]string{"schema", pyString(sc)})
	}
	if t.Comment != nil {
		kv = append(kv, [2]string{"comment", pyString(*t.Comment)})
	}
	switch {
	case t.MySQL != nil && m.d == schema.MySQL:
		if t.MySQL.Engine != "" {
			kv = append(kv, [2]string{"mysql_engine", pyString(t.MySQL.Engine)})
		}
		if t.MySQL.Charset != "" {
			kv = append(kv, [2]string{"mysql_charset", pyString(t.MySQL.Charset)})
		}
		if t.MySQL.Collation != "" {
			kv = append(kv, [2]string{"mysql_collate", pyString(t.MySQL.Collation)})
		}
		// SQLAlchemy writes every mysql_<option> keyword as the table option <OPTION>.
		if t.MySQL.RowFormat != "" {
			kv = append(kv, [2]string{"mysql_row_format", pyString(t.MySQL.RowFormat)})
		}
		for _, opt := range ddl.MySQLCreateOptions(t.MySQL.CreateOptions) {
			if k, v, _ := strings.Cut(opt, "="); !strings.HasPrefix(k, "`") {
				kv = append(kv, [2]string{"mysql_" + strings.ToLower(k), pyString(v)})
			}
		}
	case t.Postgres != nil && m.d == schema.Postgres:
		if t.Postgres.PartitionKey != "" {
			kv = append(kv, [2]string{"postgresql_partition_by", pyString(t.Postgres.PartitionKey)})
		}
		if len(t.Postgres.Inherits) > 0 {
			var parents []string
			for _, p := range t.Postgres.Inherits {
				parents = append(parents, pyString(p.Name))
			}
			kv = append(kv, [2]string{"postgresql_inherits", "(" + strings.Join(parents, ", ") + ",)"})
		}
	case t.SQLite != nil && m.d == schema.SQLite:
		if t.SQLite.WithoutRowID {
			kv = append(kv, [2]string{"sqlite_with_rowid", "False"})
		}
	}
	if m.d == schema.SQLite && t.PrimaryKey != nil && len(t.PrimaryKey.Columns) == 1 {
		if c := t.Column(t.PrimaryKey.Columns[0]); c != nil && c.AutoIncrement {
			kv = append(kv, [2]string{"sqlite_autoincrement", "True"})
		}
	}
	return kv
}

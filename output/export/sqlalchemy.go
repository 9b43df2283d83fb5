package export

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"

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
	// Version is 2 (Mapped / mapped_column, the default) or 1 (Column style, 1.4 and 2.x).
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
	// taken holds the attribute names used in the class, relationships included (take also
	// keeps clear of pyReserved).
	taken names
	rels  []string
	// assoc: an association table, written as a sa.Table under many-to-many relationships.
	assoc bool
	// skip: created by DDL instead (a partition, a virtual table, or an inheriting table
	// SQLAlchemy cannot name the parents of; see inheritsExpressible).
	skip bool
}

type pyModule struct {
	v      int
	d      schema.Dialect
	db     *schema.Database
	b      blockText // the body, written after the header (which names what it needs)
	tables []*pyTable
	byName map[string]*pyTable
	usesPG bool
	usesMy bool
	r      *dialectRules // see rules()
	// types remembers the logical type of each type spelling (classType asks per column).
	types logicalTypes
	// serials are the sequences of serial columns ("schema.name"), which SQLAlchemy creates
	// itself: no sa.Sequence and no OWNED BY for them.
	serials map[string]bool
	// usesSQLiteType: some column needs SQLiteType (sqlitetypes.go), defined in the header.
	usesSQLiteType bool
	// late holds module-level statements written after all classes.
	late []string
	// lateDDL holds statements for constraints SQLAlchemy 1.4 cannot write, run after_create.
	lateDDL []ddl.Statement
	// indexes finds a table's index by "schema.index" (indexByDDL), built on first use.
	indexes map[string]tableIndex
}

// Export writes the module.
func (s SQLAlchemy) Export(w io.Writer, db *schema.Database) error {
	m := &pyModule{v: s.Version, d: db.Dialect, db: db, byName: map[string]*pyTable{}, types: logicalTypes{}}
	if m.v == 0 {
		m.v = 2
	}
	m.plan()
	m.body()
	var head strings.Builder
	m.header(&head)
	if _, err := io.WriteString(w, head.String()); err != nil {
		return err
	}
	_, err := m.b.WriteTo(w)
	return err
}

// take is names.take in the class's scope: its attribute names and pyReserved, which is
// looked up rather than copied into every class's set (40 names a table were most of the
// memory the plan of a 20,000-table module held).
func (pt *pyTable) take(id string) string {
	out := id
	for i := 2; pt.taken[out] || pyReserved[out]; i++ {
		out = id + "_" + strconv.Itoa(i)
	}
	pt.taken[out] = true
	return out
}

// inPK says whether the column is part of the table's primary key.
func inPK(t *schema.Table, column string) bool {
	return t.PrimaryKey != nil && slices.Contains(t.PrimaryKey.Columns, column)
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
			for _, c := range t.Columns {
				pt.attrs[c.Name] = pt.take(identifier(c.Name, "col", pyKeywords, pyReserved))
			}
			m.tables = append(m.tables, pt)
			m.byName[tableKey(sc.Name, t.Name)] = pt
		}
	}
	for _, pt := range m.tables {
		if pt.class != "" && m.association(pt) {
			pt.assoc, pt.class = true, ""
			pt.variable = globals.take(identifier("t_"+pt.t.Name, "t", pyKeywords))
		}
	}
	m.serials = map[string]bool{}
	for _, pt := range m.tables {
		for _, c := range pt.t.Columns {
			if s := m.serial(pt, c); s != nil && !pt.skip {
				m.serials[pt.schema+"."+s.Name] = true
			}
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
// many-to-one on the child, one-to-many on the parent, tied with back_populates, and a
// many-to-many pair (secondary=) across each association table. Names are the ones a person
// would choose: the many-to-one after its column (customer_id -> customer) or the parent
// table, the one-to-many the plural of the child table (customers); several keys to one
// table prefix the one-to-many with the many-to-one's name (buyer_orders, payer_orders).
func (m *pyModule) planRelationships() {
	for _, child := range m.tables {
		if child.class == "" {
			if child.assoc {
				m.manyToMany(child)
			}
			continue
		}
		// Keys between the two tables either way: SQLAlchemy needs foreign_keys= as soon as
		// there is more than one (staff.store_id and store.manager_staff_id).
		perParent := map[string]int{}
		for _, fk := range child.t.ForeignKeys {
			perParent[tableKey(fk.RefSchema, fk.RefTable)]++
		}
		for key := range perParent {
			if parent := m.byName[key]; parent != nil && parent != child {
				for _, fk := range parent.t.ForeignKeys {
					if m.byName[tableKey(fk.RefSchema, fk.RefTable)] == child {
						perParent[key]++
					}
				}
			}
		}
		for _, fk := range child.t.ForeignKeys {
			parent := m.byName[tableKey(fk.RefSchema, fk.RefTable)]
			if parent == nil || parent.class == "" {
				continue
			}
			ambiguous := perParent[tableKey(fk.RefSchema, fk.RefTable)] > 1
			one := relationshipBase(fk)
			if one == child.class || one == parent.class {
				one = lowerFirst(one) // an attribute spelled like a class reads as the class
			}
			many := plural(child.t.Name)
			switch {
			case parent == child:
				many = one + "_reverse"
			case ambiguous:
				many = one + "_" + many
			}
			if many == parent.class || many == child.class {
				many = lowerFirst(many)
			}
			oneName := child.take(identifier(one, "rel", pyKeywords, pyReserved))
			manyName := parent.take(identifier(many, "rel", pyKeywords, pyReserved))
			child.rels = append(child.rels, m.manyToOne(child, parent, fk, oneName, manyName, ambiguous))
			parent.rels = append(parent.rels, m.oneToMany(child, parent, fk, manyName, oneName, ambiguous))
		}
	}
}

// association says whether a table only ties two others together: exactly two foreign keys,
// to mapped tables other than itself, covering all its columns, and nothing else on it.
func (m *pyModule) association(pt *pyTable) bool {
	t := pt.t
	if pt.skip || len(t.ForeignKeys) != 2 || len(t.Checks) > 0 || len(t.Triggers) > 0 {
		return false
	}
	if tableKey(t.ForeignKeys[0].RefSchema, t.ForeignKeys[0].RefTable) == tableKey(t.ForeignKeys[1].RefSchema, t.ForeignKeys[1].RefTable) {
		return false // a self-referential pair needs join conditions: left as a class
	}
	covered := map[string]bool{}
	for _, fk := range t.ForeignKeys {
		parent := m.byName[tableKey(fk.RefSchema, fk.RefTable)]
		if parent == nil || parent == pt || parent.skip || parent.t.PrimaryKey == nil || parent.class == "" {
			return false
		}
		for _, c := range fk.Columns {
			covered[c] = true
		}
	}
	for _, c := range t.Columns {
		if !covered[c.Name] {
			return false
		}
	}
	return len(covered) == len(t.Columns) && (t.PrimaryKey == nil || len(t.PrimaryKey.Columns) == len(t.Columns))
}

// manyToMany adds the relationship pair across an association table (a sa.Table), named by
// the table's name in the metadata so that the classes may come first.
func (m *pyModule) manyToMany(assoc *pyTable) {
	a, b := assoc.t.ForeignKeys[0], assoc.t.ForeignKeys[1]
	left, right := m.byName[tableKey(a.RefSchema, a.RefTable)], m.byName[tableKey(b.RefSchema, b.RefTable)]
	secondary := assoc.t.Name
	if sc := m.schemaArg(assoc.schema); sc != "" {
		secondary = sc + "." + secondary
	}
	ln := left.take(identifier(lowerIfClass(plural(right.t.Name), left, right), "rel", pyKeywords, pyReserved))
	rn := right.take(identifier(lowerIfClass(plural(left.t.Name), left, right), "rel", pyKeywords, pyReserved))
	left.rels = append(left.rels, m.relationship(ln, "typing.List["+pyString(right.class)+"]",
		fmt.Sprintf("%s, secondary=%s, back_populates=%s", pyString(right.class), pyString(secondary), pyString(rn))))
	right.rels = append(right.rels, m.relationship(rn, "typing.List["+pyString(left.class)+"]",
		fmt.Sprintf("%s, secondary=%s, back_populates=%s", pyString(left.class), pyString(secondary), pyString(ln))))
}

func lowerIfClass(name string, tables ...*pyTable) string {
	for _, t := range tables {
		if name == t.class {
			return lowerFirst(name)
		}
	}
	return name
}

func lowerFirst(s string) string {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// plural is the English plural of a table name's last word, the way a person names a
// collection: city -> cities, address -> addresses, Album -> Albums; a name already ending
// in a single s is taken as plural (identities, users).
func plural(name string) string {
	lower := strings.ToLower(name)
	switch {
	case strings.HasSuffix(lower, "ss") || strings.HasSuffix(lower, "x") || strings.HasSuffix(lower, "z") ||
		strings.HasSuffix(lower, "ch") || strings.HasSuffix(lower, "sh"):
		return name + "es"
	case strings.HasSuffix(lower, "s"):
		return name
	case len(lower) > 1 && strings.HasSuffix(lower, "y") && !strings.ContainsRune("aeiou", rune(lower[len(lower)-2])):
		if name[len(name)-1] == 'Y' {
			return name[:len(name)-1] + "IES"
		}
		return name[:len(name)-1] + "ies"
	}
	if last := name[len(name)-1]; last >= 'A' && last <= 'Z' {
		return name + "S"
	}
	return name + "s"
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

// manyToOne is the child's relationship to its parent, typed Optional unless every column of
// the key is NOT NULL. foreign_keys= only when the child has several keys to the parent.
func (m *pyModule) manyToOne(child, parent *pyTable, fk schema.ForeignKey, name, back string, ambiguous bool) string {
	args := pyString(parent.class)
	if ambiguous {
		args += ", foreign_keys=[" + m.attrList(child, fk.Columns) + "]"
	}
	if parent == child {
		args += ", remote_side=[" + m.attrList(parent, fk.RefColumns) + "]"
	}
	args += ", back_populates=" + pyString(back)
	typ := pyString(parent.class)
	for _, c := range fk.Columns {
		if col := child.t.Column(c); col == nil || col.Nullable {
			typ = "typing.Optional[" + typ + "]"
			break
		}
	}
	return m.relationship(name, typ, args)
}

func (m *pyModule) oneToMany(child, parent *pyTable, fk schema.ForeignKey, name, back string, ambiguous bool) string {
	args := pyString(child.class)
	if ambiguous {
		cols := make([]string, len(fk.Columns))
		for i, c := range fk.Columns {
			cols[i] = child.class + "." + child.attrs[c]
		}
		args += ", foreign_keys=" + pyString("["+strings.Join(cols, ", ")+"]")
	}
	args += ", back_populates=" + pyString(back)
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
	out.WriteString("# Alembic: in env.py, context.configure(..., target_metadata=Base.metadata,\n" +
		"# include_object=include_object) leaves alone what the DDL events below create.\n")
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
	if m.usesSQLiteType {
		out.WriteString("\n\n" + sqliteTypeSource)
	}
}

func (m *pyModule) body() {
	for _, sc := range m.db.Schemas {
		for _, s := range sc.Sequences {
			if !m.serials[sc.Name+"."+s.Name] {
				m.sequence(sc.Name, s)
			}
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
	// The DDL comes after the models, long bodies on lines of their own: the classes are what
	// a reader opens the module for. Listeners only need to exist before create_all runs.
	m.ddlEvents("before_create", m.beforeDDL())
	m.ddlEvents("after_create", m.afterDDL())
	m.includeObject()
}

// includeObject writes include_object for Alembic's env.py: what the DDL creates has no
// Table, Index or constraint in the metadata, and without it autogenerate would propose
// dropping it.
func (m *pyModule) includeObject() {
	var tables, objects []string
	for _, pt := range m.tables {
		sc := "None"
		if s := m.schemaArg(pt.schema); s != "" {
			sc = pyString(s)
		}
		if pt.skip {
			tables = append(tables, "    ("+sc+", "+pyString(pt.t.Name)+"),")
			continue
		}
		for _, x := range pt.t.Indexes {
			if x.Constraint == "" && !m.nativeIndex(x) {
				objects = append(objects, "    (\"index\", "+sc+", "+pyString(x.Name)+"),")
			}
		}
		for _, u := range pt.t.Uniques {
			if u.NullsNotDistinct {
				objects = append(objects, "    (\"unique_constraint\", "+sc+", "+pyString(u.Name)+"),")
			}
		}
	}
	set := func(items []string) string {
		if len(items) == 0 {
			return "frozenset()"
		}
		return "frozenset({\n" + strings.Join(items, "\n") + "\n})"
	}
	m.b.WriteString(`

# What the DDL above creates rather than a Table, Index or constraint (partitions, virtual
# tables and their shadow tables, tables inheriting from another schema, indexes and
# constraints SQLAlchemy has no arguments for): Alembic must leave it alone. In env.py:
#     context.configure(..., include_object=models.include_object)
DDL_TABLES = ` + set(tables) + `
DDL_OBJECTS = ` + set(objects) + `


def include_object(obj, name, type_, reflected, compare_to):
    table = obj if type_ == "table" else getattr(obj, "table", None)
    schema = table.schema if table is not None else None
    if table is not None and (schema, table.name) in DDL_TABLES:
        return False
    return (type_, schema, name) not in DDL_OBJECTS
`)
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
		case ddl.KindSequence:
			if !m.serials[s.Name] {
				out = append(out, s)
			}
		case ddl.KindFunction, ddl.KindView, ddl.KindTrigger, ddl.KindEvent, ddl.KindPolicy, ddl.KindRule, ddl.KindComment:
			out = append(out, s)
		case ddl.KindForeignKey:
			if prefix, _, ok := strings.Cut(s.SQL, " ADD "); ok && skippedFK[prefix+" ADD "] { // a table created by DDL
				out = append(out, s)
			}
		case ddl.KindIndex:
			if m.indexByDDL(s.Name) {
				out = append(out, s)
			}
		default:
			// Kinds the SQL export may learn later (rules, policies, grants): run them too,
			// rather than leave them out of create_all unseen.
			out = append(out, s)
		}
	}
	return out
}

// indexByDDL says whether the index named "schema.index" is created by DDL: it belongs to a
// view, to a table created by DDL, or has clauses SQLAlchemy 1.4 cannot write.
func (m *pyModule) indexByDDL(qualified string) bool {
	if m.indexes == nil {
		exportWork.indexMaps.Add(1)
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

// exportWork counts the lookups that keep the ORM exports linear, for scale_test.go: foreign
// keys visited through referrersOf, index owner maps built, passes over every table and type
// spellings classified (diff.Classify, remembered per spelling in logicalTypes).
var exportWork struct{ refVisits, indexMaps, tablePasses, classified atomic.Int64 }

// tableIndex is an index with its table.
type tableIndex struct {
	table *pyTable
	index *schema.Index
}

func (m *pyModule) nativeIndex(x schema.Index) bool {
	if !m.rules().saIndexable(&x) {
		return false
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
		lines = append(lines, fmt.Sprintf("sa.event.listen(Base.metadata, %s, sa.DDL(%s))", pyString(event), pyLongString(sql)))
	}
	if len(lines) > 0 {
		fmt.Fprintf(&m.b, "\n# SQL that SQLAlchemy has no construct for, run by create_all (%s).\n", event)
		m.b.WriteString(strings.Join(lines, "\n") + "\n")
	}
}

func (m *pyModule) schemaArg(schemaName string) string {
	if m.rules().namedSchema(schemaName) {
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
	args = append(args, m.rules().saSequenceArgs(m, schemaName, s)...)
	fmt.Fprintf(&m.b, "\nsa.Sequence(%s)\n", strings.Join(args, ", "))
}

// mariaDBSequenceArgs are a MariaDB sequence's settings as sa.Sequence takes them: the cache as
// it is (0 is NOCACHE), cycle only when set, since SQLAlchemy writes cycle=False as NO CYCLE,
// which MariaDB rejects (its NOCYCLE is the default).
func mariaDBSequenceArgs(o schema.SequenceOptions) []string {
	args := []string{
		"start=" + strconv.FormatInt(o.Start, 10), "increment=" + strconv.FormatInt(o.Increment, 10),
		"minvalue=" + strconv.FormatInt(o.Min, 10), "maxvalue=" + strconv.FormatInt(o.Max, 10),
		"cache=" + strconv.FormatInt(o.Cache, 10),
	}
	if o.Cycle {
		args = append(args, "cycle=True")
	}
	return args
}

// mariaDBSequenceOptions sets what sa.Sequence cannot say of a MariaDB sequence, its engine
// (other than the default InnoDB) and comment, by ALTER TABLE after create_all.
func (m *pyModule) mariaDBSequenceOptions(schemaName string, s schema.Sequence) {
	var opts []string
	if s.MySQL != nil && s.MySQL.Engine != "" && !strings.EqualFold(s.MySQL.Engine, "InnoDB") {
		opts = append(opts, "ENGINE="+s.MySQL.Engine)
	}
	if s.Comment != nil {
		opts = append(opts, "COMMENT="+ddl.QuoteString(m.d, *s.Comment))
	}
	if len(opts) > 0 {
		m.lateDDL = append(m.lateDDL, ddl.Statement{Kind: ddl.KindSequence, Name: schemaName + "." + s.Name,
			SQL: "ALTER TABLE " + ddl.QuoteIdent(m.d, s.Name) + " " + strings.Join(opts, " ")})
	}
}

// pySequenceArgs: every setting, as sa.Sequence writes it (PostgreSQL's CREATE SEQUENCE).
func pySequenceArgs(_ *pyModule, _ string, s schema.Sequence) []string {
	return sequenceArgs(s.SequenceOptions)
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
		m.b.WriteString("    " + m.columnExpr(pt, c, true, false) + ",\n")
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
	expr := m.columnExpr(pt, c, attr != c.Name, m.v == 2)
	if m.v == 2 {
		py := m.columnPyT(pt.schema, c, inPK(pt.t, c.Name)).py
		if m.declaredNullable(pt, c) {
			py = "typing.Optional[" + py + "]"
		}
		expr = strings.Replace(expr, "sa.Column(", "orm.mapped_column(", 1)
		return fmt.Sprintf("%s: orm.Mapped[%s] = %s", attr, py, expr)
	}
	return attr + " = " + expr
}

// columnExpr writes sa.Column(...). withName: pass the real column name (always in a
// sa.Table; in a class only when the attribute name differs from it).
//
// annotated: the column is a mapped_column under Mapped[...], whose Optional (or not) says
// whether it is nullable, so nullable= is written only for a nullable key column.
func (m *pyModule) columnExpr(pt *pyTable, c schema.Column, withName, annotated bool) string {
	var args []string
	if withName {
		args = append(args, pyString(c.Name))
	}
	args = append(args, m.columnType(pt.schema, c, inPK(pt.t, c.Name)))
	if c.Generated != nil {
		args = append(args, fmt.Sprintf("sa.Computed(%s, persisted=%s)", pyString(c.Generated.Expression), pyBool(c.Generated.Kind == "STORED")))
	}
	if id := c.Identity; id != nil {
		args = append(args, fmt.Sprintf("sa.Identity(always=%s, %s)", pyBool(id.Generation == "ALWAYS"), strings.Join(sequenceArgs(id.SequenceOptions), ", ")))
	}
	for _, ck := range pt.t.Checks {
		if m.rules().columnCheck(ck) && ck.Column == c.Name {
			args = append(args, "sa.CheckConstraint("+pyText(ckExpr(ck.Expression))+")")
		}
	}
	pk := inPK(pt.t, c.Name)
	if pk && m.columnPK(pt) {
		args = append(args, "primary_key=True")
	}
	// Keyword arguments only where they differ from SQLAlchemy's defaults: a key column is
	// NOT NULL unless said otherwise, any other column nullable.
	switch nullable := m.declaredNullable(pt, c); {
	case pk && nullable:
		args = append(args, "nullable=True")
	case !pk && !nullable && !annotated:
		args = append(args, "nullable=False")
	}
	serial := m.serial(pt, c) != nil
	if def := m.serverDefault(c); def != "" && !serial {
		args = append(args, "server_default="+def)
	}
	if auto := m.autoIncrementCandidate(pt, c); auto && !serial && !c.AutoIncrement && m.rules().saAutoIncrementImplied {
		// SQLAlchemy would make it SERIAL / AUTO_INCREMENT.
		args = append(args, "autoincrement=False")
	} else if !auto && c.AutoIncrement && m.rules().saAutoIncrementAnywhere {
		args = append(args, "autoincrement=True")
	}
	if c.Comment != nil {
		args = append(args, "comment="+pyString(*c.Comment))
	}
	return "sa.Column(" + strings.Join(args, ", ") + ")"
}

// autoIncrementCandidate says whether SQLAlchemy's autoincrement="auto" makes the column
// its table's autoincrement column: the only primary key column, of an integer type, with no
// foreign key, no server default and no identity.
func (m *pyModule) autoIncrementCandidate(pt *pyTable, c schema.Column) bool {
	t := pt.t
	if t.PrimaryKey == nil || len(t.PrimaryKey.Columns) != 1 || t.PrimaryKey.Columns[0] != c.Name ||
		c.Identity != nil || c.Generated != nil || (c.Default != nil && m.serial(pt, c) == nil) {
		return false
	}
	for _, fk := range t.ForeignKeys {
		if slices.Contains(fk.Columns, c.Name) {
			return false
		}
	}
	typ := m.columnPyT(pt.schema, c, true)
	return typ.py == "int" && !strings.HasPrefix(typ.expr, "RawType(") && !strings.HasPrefix(typ.expr, "sa_mysql.YEAR")
}

// columnPK says whether the primary key is written on its column (primary_key=True) rather
// than as a PrimaryKeyConstraint: it has one column and the name the database would give it.
func (m *pyModule) columnPK(pt *pyTable) bool {
	pk := pt.t.PrimaryKey
	if pk == nil || len(pk.Columns) != 1 {
		return false
	}
	return m.rules().saImplicitPK(pk, pt.t.Name)
}

// declaredNullable is the column's nullability as SQLAlchemy reads it (see saNullable).
func (m *pyModule) declaredNullable(pt *pyTable, c schema.Column) bool {
	return m.rules().saNullable(pt.t, c)
}

// serial returns the sequence of a PostgreSQL serial column: an integer primary key whose
// default is nextval of the sequence it owns, named and set up as SERIAL would. SQLAlchemy
// writes such a column as SERIAL by itself (autoincrement), and Alembic expects no default.
func (m *pyModule) serial(pt *pyTable, c schema.Column) *schema.Sequence {
	if !m.rules().serials || c.Default == nil || pt.t.PrimaryKey == nil || len(pt.t.PrimaryKey.Columns) != 1 || pt.t.PrimaryKey.Columns[0] != c.Name {
		return nil
	}
	maxFor := map[string]int64{"integer": 2147483647, "bigint": 9223372036854775807, "smallint": 32767}
	limit, ok := maxFor[c.Type]
	if !ok {
		return nil
	}
	for _, fk := range pt.t.ForeignKeys {
		if slices.Contains(fk.Columns, c.Name) {
			return nil
		}
	}
	name := pt.t.Name + "_" + c.Name + "_seq"
	sc := m.db.Schema(pt.schema)
	if sc == nil || len(name) > 63 {
		return nil
	}
	want := []string{"nextval('" + name + "'::regclass)", "nextval('" + pgIdent(pt.schema) + "." + pgIdent(name) + "'::regclass)"}
	if !slices.Contains(want, *c.Default) && *c.Default != "nextval('"+pgIdent(name)+"'::regclass)" {
		return nil
	}
	for i := range sc.Sequences {
		s := &sc.Sequences[i]
		o := s.SequenceOptions
		if s.Name == name && s.OwnedBy != nil && s.OwnedBy.Schema == pt.schema && s.OwnedBy.Table == pt.t.Name && s.OwnedBy.Column == c.Name &&
			(s.Type == "" || s.Type == c.Type) && o.Start == 1 && o.Increment == 1 && o.Min == 1 && o.Max == limit && o.Cache <= 1 && !o.Cycle {
			return s
		}
	}
	return nil
}

// serverDefault is the column's server_default expression (sa.text(...)), or "".
func (m *pyModule) serverDefault(c schema.Column) string {
	if c.Default == nil || c.Generated != nil {
		return ""
	}
	// SQLAlchemy has no DDL for MySQL's ON UPDATE; MySQL reads it as part of the default.
	return pyText(m.rules().saDefault(*c.Default, c))
}

// ckExpr strips CHECK ( … ) from a check reported with it: SQLAlchemy adds its own.
func ckExpr(expr string) string {
	clause := ddl.CheckClause(expr)
	return strings.TrimSuffix(strings.TrimPrefix(clause, "CHECK ("), ")")
}

// columnType is the column's type, with what SQLAlchemy cannot say about it (collation,
// charset, MySQL ON UPDATE without a default, INVISIBLE) folded into a RawType. inPK: the
// column is in its table's primary key.
func (m *pyModule) columnType(schemaName string, c schema.Column, inPK bool) string {
	return m.columnPyT(schemaName, c, inPK).expr
}

// columnPyT is columnType with the Python type of the column's values.
func (m *pyModule) columnPyT(schemaName string, c schema.Column, inPK bool) pyT {
	return m.rules().saColumnType(m, schemaName, c, inPK)
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
	if pk := t.PrimaryKey; pk != nil && !m.columnPK(pt) {
		a := "sa.PrimaryKeyConstraint(" + keys(pk.Columns)
		if pk.Name != nil && m.rules().namedPrimaryKeys {
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
		if x := t.Index(u.Name); m.rules().uniqueIndexes && x != nil && needsIndexForm(x) {
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
		if u.Name != "" && !ddl.IsAutoIndexName(u.Name) { // SQLite's name for an unnamed one
			a += ", name=" + pyString(u.Name)
		}
		args = append(args, a+deferrableArgs(u.Deferrable, u.InitiallyDeferred)+")")
	}
	for _, ck := range t.Checks {
		if ck.NotValid || m.rules().columnCheck(ck) {
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
	if fk.OnDelete != "" && fk.OnDelete != schema.FKNoAction { // NO ACTION is every engine's default
		opts += ", ondelete=" + pyString(string(fk.OnDelete))
	}
	if fk.OnUpdate != "" && fk.OnUpdate != schema.FKNoAction {
		opts += ", onupdate=" + pyString(string(fk.OnUpdate))
	}
	if fk.Match != "" {
		opts += ", match=" + pyString(fk.Match)
	}
	opts += deferrableArgs(fk.Deferrable, fk.InitiallyDeferred)
	// Added after every table exists (ALTER TABLE), so cycles and MySQL's index reuse work.
	if !ddl.RulesOf(m.d).InlineForeignKeys && fk.Name != "" {
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
	isMySQLUniqueForm := m.rules().uniqueIndexes && x.Unique && x.Name != "PRIMARY" && needsIndexForm(&x)
	if (x.Constraint != "" && !isMySQLUniqueForm) || ddl.IsAutoIndexName(x.Name) {
		return "", false
	}
	if !m.nativeIndex(x) {
		if m.rules().indexesInTable {
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
		case p.Column != "" && m.defaultCollation(pt, p) && p.OpClass == "" && !p.Desc && p.Nulls == "":
			parts = append(parts, pyString(p.Column))
			if p.Length > 0 {
				lengths = append(lengths, fmt.Sprintf("%s: %d", pyString(p.Column), p.Length))
			}
		default:
			if p.Expression != "" {
				p.Expression = m.rules().saIndexExpr(p.Expression)
			}
			parts = append(parts, pyText(ddl.IndexPart(m.d, p)))
		}
	}
	a := "sa.Index(" + pyString(x.Name) + ", " + strings.Join(parts, ", ")
	if x.Unique {
		a += ", unique=True"
	}
	a += m.rules().saIndexOptions(x, lengths)
	return a + ")", true
}

// defaultCollation says whether an index part has its column's own collation (SQLite
// reports the collation of every part, inherited or not).
func (m *pyModule) defaultCollation(pt *pyTable, p schema.IndexPart) bool {
	if p.Collation == "" {
		return true
	}
	if !m.rules().partCollations {
		return false
	}
	c := pt.t.Column(p.Column)
	return c != nil && (strings.EqualFold(p.Collation, c.Collation) || (c.Collation == "" && strings.EqualFold(p.Collation, "BINARY")))
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
	return append(kv, m.rules().saTableOptions(t)...)
}

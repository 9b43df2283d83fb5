package alembic

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/dbinspect/dbinspect/ddl"
	"github.com/dbinspect/dbinspect/migrate"
	"github.com/dbinspect/dbinspect/output/export"
	"github.com/dbinspect/dbinspect/schema"
)

// renderer writes the steps of one plan.
type renderer struct {
	d schema.Dialect
	// r is what the revision writes differently in d (dialect.go).
	r      *dialect
	target *schema.Database
	// current is the model the plan starts from: the types columns have before a change.
	current                 *schema.Database
	usesPG, usesMy, usesRaw bool
}

func newRenderer(d schema.Dialect, target, current *schema.Database) *renderer {
	return &renderer{d: d, r: dialects.Of(d), target: target, current: current} // Write checked d
}

func (rd *renderer) imports() imports {
	return imports{pg: rd.usesPG, mysql: rd.usesMy, raw: rd.usesRaw}
}

// step writes one step at indentation in: its destructive comment, then the op.* call or
// op.execute of its SQL.
func (rd *renderer) step(s migrate.Step, in string) string {
	var b strings.Builder
	if s.Destructive != "" {
		b.WriteString(in + "# destructive: " + oneLine(s.Destructive) + "\n")
	}
	if s.Hazard != "" {
		b.WriteString(in + "# hazard: " + oneLine(s.Hazard) + "\n")
	}
	call, ok := "", false
	if s.Op != nil {
		call, ok = rd.op(s.Op)
	}
	if !ok {
		call = "op.execute(" + sqlLiteral(s.SQL) + ")"
	}
	for i, line := range strings.Split(call, "\n") {
		if i > 0 && strings.HasPrefix(line, "\x00") {
			b.WriteString(line[1:] + "\n") // inside a triple-quoted string: as it is
			continue
		}
		b.WriteString(in + line + "\n")
	}
	return b.String()
}

// op renders a described step as Alembic's operation, or reports false where the operation
// would not say exactly what the SQL says.
func (rd *renderer) op(o *migrate.Op) (string, bool) {
	switch o.Kind {
	case migrate.OpCreateTable:
		return rd.createTable(o)
	case migrate.OpDropTable:
		return call("op.drop_table", []string{py(o.Table)}, rd.schemaKw(o.Schema)), true
	case migrate.OpRenameTable:
		return call("op.rename_table", []string{py(o.Table), py(o.NewName)}, rd.schemaKw(o.Schema)), true
	case migrate.OpAddColumn:
		if !rd.sameSchema(o.Schema) {
			return "", false
		}
		col := *o.Column
		if rd.r.commentsApart {
			col.Comment = nil // COMMENT ON COLUMN follows as a step of its own
		}
		return call("op.add_column", []string{py(o.Table), rd.column(o.Schema, &schema.Table{Name: o.Table}, col)}, rd.schemaKw(o.Schema)), true
	case migrate.OpDropColumn:
		return call("op.drop_column", []string{py(o.Table), py(o.Name)}, rd.schemaKw(o.Schema)), true
	case migrate.OpCreateIndex:
		cols, ok := plainIndex(rd.d, o.Index)
		if !ok {
			return "", false
		}
		kw := []string{}
		if o.Index.Unique {
			kw = append(kw, "unique=True")
		}
		return call("op.create_index", []string{py(o.Index.Name), py(o.Table), pyList(cols)}, append(kw, rd.schemaKw(o.Schema)...)), true
	case migrate.OpDropIndex:
		return call("op.drop_index", []string{py(o.Name)}, append([]string{"table_name=" + py(o.Table)}, rd.schemaKw(o.Schema)...)), true
	case migrate.OpAddForeignKey:
		return rd.createForeignKey(o)
	case migrate.OpAlterColumn:
		return rd.alterColumn(o)
	case migrate.OpDropForeignKey:
		return call("op.drop_constraint", []string{py(o.Name), py(o.Table)}, append(rd.schemaKw(o.Schema), "type_=\"foreignkey\"")), true
	}
	return "", false
}

// sameSchema reports a statement in a schema the target model names alike. With schemas
// paired under other names (a schema map) the export's types would name TO's schemas; the
// planner's SQL names FROM's, so it is the one written.
func (rd *renderer) sameSchema(name string) bool {
	return !rd.r.schemas || rd.target.Schema(name) != nil
}

// alterColumn renders one facet of a column change as op.alter_column, with existing_type as
// autogenerate writes it; a type change with a collation (the SQL says COLLATE) stays SQL.
func (rd *renderer) alterColumn(o *migrate.Op) (string, bool) {
	c := o.Column
	if !rd.sameSchema(o.Schema) || c == nil || o.Existing == nil {
		return "", false
	}
	existing := rd.columnType(rd.current, o.Schema, *o.Existing)
	var kw []string
	switch o.Alter {
	case migrate.AlterType:
		if c.Collation != "" || strings.Contains(o.Using, "%") {
			return "", false
		}
		kw = append(kw, "type_="+rd.columnType(rd.target, o.Schema, *c), "existing_type="+existing)
		if o.Using != "" {
			kw = append(kw, "postgresql_using="+py(o.Using))
		}
	case migrate.AlterNullable:
		kw = append(kw, "existing_type="+existing, "nullable="+pyBool(c.Nullable))
	case migrate.AlterDefault:
		def := "None"
		if c.Default != nil {
			def = export.SQLAlchemyServerDefault(rd.target, *c)
		}
		kw = append(kw, "existing_type="+existing, "server_default="+def)
	default:
		return "", false
	}
	return call("op.alter_column", []string{py(o.Table), py(o.Name)}, append(kw, rd.schemaKw(o.Schema)...)), true
}

// columnType is the SQLAlchemy type of c in db, its imports noted.
func (rd *renderer) columnType(db *schema.Database, schemaName string, c schema.Column) string {
	typ := export.SQLAlchemyColumnType(db, schemaName, c)
	for _, imp := range typ.Imports {
		rd.usesPG = rd.usesPG || strings.Contains(imp, "postgresql")
		rd.usesMy = rd.usesMy || strings.Contains(imp, "mysql")
	}
	rd.usesRaw = rd.usesRaw || typ.Raw
	return typ.Expr
}

// call writes name(args…, kwargs…) on one line, or one argument a line when that is long.
func call(name string, args, kwargs []string) string {
	all := append(slices.Clone(args), kwargs...)
	one := name + "(" + strings.Join(all, ", ") + ")"
	if len(one) <= 88 && !strings.Contains(one, "\n") {
		return one
	}
	return name + "(\n    " + strings.Join(all, ",\n    ") + ",\n)"
}

// py writes s as a Python string literal: Go's ASCII quoting uses only escapes Python reads
// the same way, so no name can end the literal early.
func py(s string) string { return strconv.QuoteToASCII(s) }

// pyText is sa.text("…") of SQL text, its bind-like colons escaped.
func pyText(sql string) string { return "sa.text(" + py(escapeBinds(sql)) + ")" }

func pyBool(b bool) string {
	if b {
		return "True"
	}
	return "False"
}

// column is sa.Column(…) for column c of table t, with the SQLAlchemy export's type and
// server default (export.SQLAlchemyColumnType), so a revision and the models agree.
func (rd *renderer) column(schemaName string, t *schema.Table, c schema.Column) string {
	return rd.columnWith(rd.target, schemaName, t, c)
}

// columnWith is column with the types of model db.
func (rd *renderer) columnWith(db *schema.Database, schemaName string, t *schema.Table, c schema.Column) string {
	args := []string{py(c.Name), rd.columnType(db, schemaName, c)}
	if g := c.Generated; g != nil {
		args = append(args, fmt.Sprintf("sa.Computed(%s, persisted=%s)", py(g.Expression), pyBool(strings.EqualFold(string(g.Kind), string(schema.GeneratedStored)))))
	}
	if id := c.Identity; id != nil {
		o := id.SequenceOptions
		args = append(args, fmt.Sprintf("sa.Identity(always=%s, start=%d, increment=%d, minvalue=%d, maxvalue=%d, cache=%d, cycle=%s)",
			pyBool(id.Generation == "ALWAYS"), o.Start, o.Increment, o.Min, o.Max, max(o.Cache, 1), pyBool(o.Cycle)))
	}
	for _, ck := range t.Checks {
		if rd.r.ddl.ColumnChecks && ck.Column == c.Name && ck.Name == c.Name {
			args = append(args, "sa.CheckConstraint("+pyText(checkExpr(ck.Expression))+")") // MariaDB keeps it on the column
		}
	}
	args = append(args, "nullable="+pyBool(c.Nullable))
	if def := export.SQLAlchemyServerDefault(db, c); def != "" {
		args = append(args, "server_default="+def)
	}
	auto := c.AutoIncrement && !rd.r.serialKeys
	if c.Identity == nil && (auto || rd.keyColumn(t, c.Name)) {
		// SQLAlchemy makes an integer key column SERIAL or AUTO_INCREMENT unless told.
		args = append(args, "autoincrement="+pyBool(auto))
	}
	if c.Comment != nil {
		args = append(args, "comment="+py(*c.Comment))
	}
	return "sa.Column(" + strings.Join(args, ", ") + ")"
}

// keyColumn reports a column of t's primary key.
func (rd *renderer) keyColumn(t *schema.Table, name string) bool {
	return t.PrimaryKey != nil && slices.Contains(t.PrimaryKey.Columns, name)
}

func pyList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = py(n)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// schemaKw is schema="…" where the statement names the schema: as ddl.Qualify does, never
// MySQL's (the database the revision runs in) nor SQLite's main, and not PostgreSQL's public,
// which Alembic's connection finds on the search path.
func (rd *renderer) schemaKw(name string) []string {
	if name == "" || rd.r.implicitSchema(name) {
		return nil
	}
	return []string{"schema=" + py(name)}
}

// plainIndex returns the columns of an index Alembic's create_index says exactly: plain
// ascending columns, the default method, no predicate, INCLUDE, options or comment.
func plainIndex(d schema.Dialect, x *schema.Index) ([]string, bool) {
	if x == nil || x.Where != "" || len(x.Include) > 0 || x.NullsNotDistinct || x.Invisible || x.Comment != nil ||
		x.Postgres != nil && (x.Postgres.Tablespace != "" || len(x.Postgres.With) > 0) || x.MySQL != nil && x.MySQL.Parser != "" {
		return nil, false
	}
	if m := strings.ToLower(x.Method); m != "" && m != "btree" {
		return nil, false
	}
	if len(x.Parts) == 0 {
		return x.Columns, len(x.Columns) > 0
	}
	var cols []string
	for _, p := range x.Parts {
		if p.Column == "" || p.Expression != "" || p.Desc || p.Nulls != "" || p.Collation != "" || p.OpClass != "" || p.Length != 0 {
			return nil, false
		}
		cols = append(cols, p.Column)
	}
	return cols, true
}

// fkKwargs are the arguments of a foreign key beyond its columns, or false where Alembic
// cannot say one (NOT VALID, a MATCH of MySQL).
func fkKwargs(d *dialect, fk *schema.ForeignKey) ([]string, bool) {
	if fk.NotValid || fk.Comment != nil {
		return nil, false
	}
	var kw []string
	for _, a := range []struct{ key, val string }{{"ondelete", string(fk.OnDelete)}, {"onupdate", string(fk.OnUpdate)}} {
		if v := strings.ToUpper(a.val); v != "" && v != "NO ACTION" && !(d.restrictDefault && v == "RESTRICT") {
			kw = append(kw, a.key+"="+py(v))
		}
	}
	if m := strings.ToUpper(fk.Match); m != "" && m != "SIMPLE" && m != "NONE" {
		if !d.matches {
			return nil, false
		}
		kw = append(kw, "match="+py(m))
	}
	if fk.Deferrable {
		kw = append(kw, "deferrable=True")
		if fk.InitiallyDeferred {
			kw = append(kw, "initially=\"DEFERRED\"")
		}
	}
	return kw, true
}

func (rd *renderer) createForeignKey(o *migrate.Op) (string, bool) {
	fk := o.ForeignKey
	kw, ok := fkKwargs(rd.r, fk)
	if !ok || fk.Name == "" {
		return "", false
	}
	var skw []string
	if s := rd.schemaKw(o.Schema); s != nil {
		skw = append(skw, "source_schema="+py(o.Schema))
	}
	ref := fk.RefSchema
	if ref == "" {
		ref = o.Schema
	}
	if s := rd.schemaKw(ref); s != nil {
		skw = append(skw, "referent_schema="+py(ref))
	}
	return call("op.create_foreign_key", []string{py(fk.Name), py(o.Table), py(fk.RefTable), pyList(fk.Columns), pyList(fk.RefColumns)},
		append(skw, kw...)), true
}

// createTable renders op.create_table with the table's columns and constraints, or reports
// false for a table Alembic cannot create exactly as the SQL does (partitions, inheritance,
// exclusion constraints, storage options, SQLite's STRICT and WITHOUT ROWID, MySQL options
// beyond engine, charset and collation).
func (rd *renderer) createTable(o *migrate.Op) (string, bool) {
	t := o.Def
	if !rd.sameSchema(o.Schema) {
		return "", false
	}
	kw, ok := rd.r.tableKwargs(t)
	if !ok {
		return "", false
	}
	args := []string{py(t.Name)}
	for _, c := range t.Columns {
		if rd.r.commentsApart {
			c.Comment = nil // COMMENT ON COLUMN follows as a step of its own
		}
		args = append(args, rd.column(o.Schema, t, c))
	}
	cons, ok := rd.constraints(o.Schema, t)
	if !ok {
		return "", false
	}
	args = append(args, cons...)
	return "op.create_table(\n    " + strings.Join(append(args, append(kw, rd.schemaKw(o.Schema)...)...), ",\n    ") + ",\n)", true
}

// constraints are the table-level items of op.create_table: primary key, uniques, checks,
// SQLite's foreign keys (on the other engines they are added after every table exists) and
// MySQL's indexes (part of its CREATE TABLE).
func (rd *renderer) constraints(schemaName string, t *schema.Table) ([]string, bool) {
	var out []string
	name := func(n string) []string {
		if n == "" {
			return nil
		}
		return []string{"name=" + py(n)}
	}
	if pk := t.PrimaryKey; pk != nil {
		var kw []string
		if pk.Name != nil && !rd.r.ddl.KeysAreIndexes { // MySQL's is PRIMARY
			kw = name(*pk.Name)
		}
		out = append(out, call("sa.PrimaryKeyConstraint", quoted(pk.Columns), kw))
	}
	for _, u := range t.Uniques {
		if u.NullsNotDistinct || u.Deferrable || u.Comment != nil {
			return nil, false
		}
		out = append(out, call("sa.UniqueConstraint", quoted(u.Columns), name(u.Name)))
	}
	for _, ck := range t.Checks {
		switch {
		case ck.NotValid:
			continue // added NOT VALID after the table, as a step of its own
		case ck.NoInherit || ck.Comment != nil:
			return nil, false
		case rd.r.ddl.ColumnChecks && ck.Column == ck.Name && ck.Column != "":
			continue // MariaDB's column check: part of the column (the export's Column)
		}
		out = append(out, call("sa.CheckConstraint", []string{pyText(checkExpr(ck.Expression))}, name(ck.Name)))
	}
	if rd.r.ddl.InlineForeignKeys {
		for _, fk := range t.ForeignKeys {
			kw, ok := fkKwargs(rd.r, &fk)
			if !ok {
				return nil, false
			}
			refs := make([]string, len(fk.RefColumns))
			for i, c := range fk.RefColumns {
				refs[i] = fk.RefTable + "." + c
			}
			out = append(out, call("sa.ForeignKeyConstraint", []string{pyList(fk.Columns), pyList(refs)}, append(name(fk.Name), kw...)))
		}
	}
	if rd.r.ddl.KeysAreIndexes {
		for _, x := range t.Indexes {
			if x.Constraint != "" || x.Name == "PRIMARY" || slices.ContainsFunc(t.Uniques, func(u schema.Unique) bool { return u.Name == x.Name }) {
				continue
			}
			cols, ok := plainIndex(rd.d, &x)
			if !ok {
				return nil, false
			}
			kw := []string{}
			if x.Unique {
				kw = append(kw, "unique=True")
			}
			out = append(out, call("sa.Index", append([]string{py(x.Name)}, quoted(cols)...), kw))
		}
	}
	return out, true
}

func quoted(names []string) []string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = py(n)
	}
	return q
}

// checkExpr is a check's expression without CHECK ( … ): SQLAlchemy writes its own.
func checkExpr(expr string) string {
	clause := ddl.CheckClause(expr)
	return strings.TrimSuffix(strings.TrimPrefix(clause, "CHECK ("), ")")
}

// bindRe finds what SQLAlchemy's text() would take for a bind parameter (":name"); op.execute
// wraps a string in text(), so such colons are escaped with a backslash, which text() removes.
var bindRe = regexp.MustCompile(`(^|[^:\w\\]):(\w)`)

func escapeBinds(sql string) string {
	escaped := bindRe.ReplaceAllString(sql, `${1}\:${2}`)
	// A second pass catches adjacent matches the first one consumed the prefix of.
	return bindRe.ReplaceAllString(escaped, `${1}\:${2}`)
}

// sqlLiteral writes a statement for op.execute: a triple-quoted raw string where the text
// allows (one line of Python per line of SQL, as people write them), an escaped one
// otherwise. Lines of a triple-quoted string are marked with a leading NUL so the caller
// leaves their indentation alone.
func sqlLiteral(sql string) string {
	escaped := escapeBinds(sql)
	if !strings.Contains(sql, "\n") || strings.ContainsAny(sql, "\\\r") || strings.Contains(sql, `"""`) || strings.HasSuffix(sql, `"`) || !printable(sql) {
		return pyQuoted(escaped)
	}
	lines := strings.Split(escaped, "\n")
	for i := 1; i < len(lines); i++ {
		lines[i] = "\x00" + lines[i]
	}
	return `r"""` + strings.Join(lines, "\n") + `"""`
}

// pyQuoted is a one-line Python literal of s in the quotes it holds fewer of: SQL quotes
// identifiers with " and strings with ', and a literal that escapes every identifier's
// quotes is hard to read.
func pyQuoted(s string) string {
	lit := py(s)
	if strings.Count(s, `"`) <= strings.Count(s, "'") {
		return lit
	}
	inner := lit[1 : len(lit)-1]
	var b strings.Builder
	b.WriteByte('\'')
	for i := 0; i < len(inner); i++ {
		switch {
		case inner[i] == '\\' && i+1 < len(inner) && inner[i+1] == '"':
			b.WriteByte('"')
			i++
		case inner[i] == '\\' && i+1 < len(inner):
			b.WriteString(inner[i : i+2])
			i++
		case inner[i] == '\'':
			b.WriteString(`\'`)
		default:
			b.WriteByte(inner[i])
		}
	}
	b.WriteByte('\'')
	return b.String()
}

// printable reports text without control characters other than newline and tab, which a
// raw string would carry invisibly.
func printable(s string) bool {
	for _, r := range s {
		if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r == '\u2028' || r == '\u2029' || r == '\ufeff' {
			return false
		}
	}
	return true
}

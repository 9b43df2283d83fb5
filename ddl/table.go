package ddl

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

func (g *generator) createTable(schemaName string, t *schema.Table) {
	name := schemaName + "." + t.Name
	if t.SQLite != nil && t.SQLite.Module != "" {
		// A virtual table's arguments belong to its module; only its own text recreates it.
		g.add(KindTable, name, trimStatement(t.SQLite.Definition))
		return
	}
	if p := t.Postgres; p != nil && p.PartitionOf != nil {
		g.add(KindTable, name, fmt.Sprintf("CREATE TABLE %s PARTITION OF %s %s", g.qq(schemaName, t.Name),
			g.qq(p.PartitionOf.Schema, p.PartitionOf.Name), p.PartitionBound))
		return
	}
	var lines []string
	for _, c := range t.Columns {
		if c.Inherited && t.Postgres != nil && len(t.Postgres.Inherits) > 0 {
			continue // INHERITS brings the parents' columns
		}
		lines = append(lines, g.columnDef(schemaName, t, c))
	}
	lines = append(lines, g.tableConstraints(t)...)
	head := "CREATE TABLE "
	if t.Postgres != nil && t.Postgres.Unlogged {
		head = "CREATE UNLOGGED TABLE "
	}
	sql := head + g.qq(schemaName, t.Name) + " (\n  " + strings.Join(lines, ",\n  ") + "\n)" + g.tableOptions(t)
	g.add(KindTable, name, sql)
}

// columnDef is one column's definition inside CREATE TABLE.
func (g *generator) columnDef(schemaName string, t *schema.Table, c schema.Column) string {
	var b strings.Builder
	b.WriteString(g.q(c.Name))
	if c.Type != "" {
		b.WriteString(" " + g.columnType(schemaName, c.Type))
	}
	if g.dialect().ColumnCharsets && c.MySQL != nil && c.MySQL.Charset != "" {
		b.WriteString(" CHARACTER SET " + c.MySQL.Charset)
	}
	if c.Collation != "" {
		b.WriteString(" COLLATE " + g.collation(c.Collation))
	}
	if g.inlinePrimaryKey(t, c) {
		b.WriteString(" PRIMARY KEY AUTOINCREMENT")
	}
	if c.Generated != nil {
		fmt.Fprintf(&b, " GENERATED ALWAYS AS (%s) %s", c.Generated.Expression, c.Generated.Kind)
	}
	rowPeriod := g.dialect().SystemVersioning && c.MySQL != nil && c.MySQL.RowPeriod != ""
	if rowPeriod {
		b.WriteString(" GENERATED ALWAYS AS ROW " + c.MySQL.RowPeriod)
	}
	if c.Identity != nil {
		fmt.Fprintf(&b, " GENERATED %s AS IDENTITY (%s)", c.Identity.Generation, strings.TrimSpace(sequenceOptions(c.Identity.SequenceOptions)))
	}
	if c.Default != nil && c.Generated == nil {
		b.WriteString(" DEFAULT " + DefaultClause(g.d, *c.Default))
	}
	explicitNull := g.dialect().ExplicitNull
	// MariaDB refuses NOT NULL on generated columns; their nullability follows the expression.
	if !(explicitNull && c.Generated != nil) && !rowPeriod {
		if !c.Nullable && !g.implicitNotNull(t, c.Name) {
			b.WriteString(" NOT NULL")
		} else if c.Nullable && explicitNull {
			b.WriteString(" NULL")
		}
	}
	b.WriteString(prefixSpace(g.dialect().ColumnAttributes(t, c)))
	return b.String()
}

// noTableExtras: CREATE TABLE says everything.
func noTableExtras(*generator, string, *schema.Table) {}

// noColumnAttributes: a dialect whose column definitions end with their nullability.
func noColumnAttributes(*schema.Table, schema.Column) string { return "" }

// columnType qualifies a PostgreSQL column type that names a type of the column's own schema:
// the model leaves those unqualified (format_type's text without the schema, see
// schema.Column.Type), and the script must not depend on the search_path it runs with.
func (g *generator) columnType(schemaName, typ string) string {
	if !g.dialect().SchemaObjects || g.db == nil {
		return typ // only PostgreSQL's schemas hold types of their own
	}
	base := strings.TrimRight(typ, "[]")
	suffix := typ[len(base):]
	name := base
	if len(base) >= 2 && base[0] == '"' && base[len(base)-1] == '"' {
		name = strings.ReplaceAll(base[1:len(base)-1], `""`, `"`)
	} else if strings.ContainsAny(base, `."( `) {
		return typ // qualified already, or a built-in type with modifiers or several words
	}
	if !g.definesType(schemaName, name) {
		return typ
	}
	return g.qq(schemaName, name) + suffix
}

// definesType says whether a schema has a type of that name: an enum, domain, composite
// type, or a table's or view's row type.
func definesType(sc *schema.Schema, name string) bool {
	for _, e := range sc.Enums {
		if e.Name == name {
			return true
		}
	}
	for _, d := range sc.Domains {
		if d.Name == name {
			return true
		}
	}
	for _, c := range sc.CompositeTypes {
		if c.Name == name {
			return true
		}
	}
	return sc.Table(name) != nil || sc.View(name) != nil
}

func (g *generator) collation(name string) string { return Collation(g.d, name) }

// Collation writes a column's collation name (schema.Column.Collation) for a COLLATE clause:
// quoted where the engine treats it as an identifier. PostgreSQL names may be
// schema-qualified (musicbrainz.musicbrainz, or already quoted: "Co S"."natural").
func Collation(d schema.Dialect, name string) string {
	if rulesOf(d).SchemaObjects && !strings.Contains(name, `"`) { // a collation is an object of a schema
		if s, n, ok := strings.Cut(name, "."); ok {
			return QuoteIdent(d, s) + "." + QuoteIdent(d, n)
		}
		return QuoteIdent(d, name)
	}
	return name
}

// implicitNotNull reports an SQLite key column that is NOT NULL without saying so (a rowid
// alias, a WITHOUT ROWID key): written as the user declared it.
func (g *generator) implicitNotNull(t *schema.Table, name string) bool {
	return g.dialect().RowidKeys && t.SQLite != nil && slices.Contains(t.SQLite.ImplicitNotNull, name)
}

// inlinePrimaryKey: SQLite's AUTOINCREMENT exists only as "INTEGER PRIMARY KEY AUTOINCREMENT"
// on the column itself.
func (g *generator) inlinePrimaryKey(t *schema.Table, c schema.Column) bool {
	return g.dialect().RowidKeys && c.AutoIncrement && t.PrimaryKey != nil && len(t.PrimaryKey.Columns) == 1 && t.PrimaryKey.Columns[0] == c.Name
}

// constraintName writes "CONSTRAINT name " before a constraint, or "" for an unnamed one.
// SQLite's automatic index names (sqlite_autoindex_<table>_<n>, which the inspector gives an
// unnamed UNIQUE or PRIMARY KEY) are SQLite's, not the user's: such a constraint is written
// unnamed, as it was declared, and SQLite names its index again.
func (g *generator) constraintName(name string) string {
	if name == "" || g.dialect().RowidKeys && IsAutoIndexName(name) {
		return ""
	}
	return "CONSTRAINT " + g.q(name) + " "
}

func (g *generator) tableConstraints(t *schema.Table) []string {
	var out []string
	keysAreIndexes := g.dialect().KeysAreIndexes
	if pk := t.PrimaryKey; pk != nil && !g.inlinePrimaryKey(t, *t.Column(pk.Columns[0])) {
		name := ""
		if pk.Name != nil && !keysAreIndexes { // MySQL's is its index's, PRIMARY
			name = *pk.Name
		}
		out = append(out, g.constraintName(name)+"PRIMARY KEY ("+g.keyParts(t, pkIndexName(t), pk.Columns)+")"+deferrable(pk.Deferrable, pk.InitiallyDeferred)+g.mysqlKeyComment(t, pk.Comment))
	}
	for _, u := range t.Uniques {
		if keysAreIndexes {
			if x := t.Index(u.Name); x != nil && len(x.Parts) == len(u.Columns) {
				out = append(out, g.mysqlIndex(*x)) // with its comment and visibility
				continue
			}
			out = append(out, "UNIQUE KEY "+g.q(u.Name)+" ("+g.keyParts(t, u.Name, u.Columns)+")")
			continue
		}
		s := g.constraintName(u.Name) + "UNIQUE "
		if u.NullsNotDistinct {
			s += "NULLS NOT DISTINCT "
		}
		out = append(out, s+"("+QuoteList(g.d, u.Columns)+")"+deferrable(u.Deferrable, u.InitiallyDeferred))
	}
	for _, c := range t.Checks {
		if c.NotValid || c.Inherited || (g.dialect().ColumnChecks && c.Column == c.Name && c.Column != "") {
			continue // NOT VALID checks are added after the table; MySQL column checks sit on the column; parents bring theirs
		}
		s := g.constraintName(c.Name) + CheckClause(c.Expression) + MySQLCheckEnforcement(c)
		if c.NoInherit {
			s += " NO INHERIT"
		}
		out = append(out, s)
	}
	if t.Postgres != nil {
		for _, x := range t.Postgres.Exclusions {
			out = append(out, g.constraintName(x.Name)+x.Definition+deferrable(x.Deferrable, x.InitiallyDeferred))
		}
	}
	if g.dialect().InlineForeignKeys {
		for _, fk := range t.ForeignKeys {
			if g.hasTable(fk.RefSchema, fk.RefTable) || fk.RefSchema == "" {
				out = append(out, g.foreignKeyClause(fk))
			}
		}
	}
	if g.dialect().SystemVersioning {
		if period := MySQLSystemPeriod(t); period != "" {
			out = append(out, period)
		}
	}
	if keysAreIndexes {
		// Plain indexes go inside CREATE TABLE so the foreign keys added later reuse them.
		for _, x := range t.Indexes {
			if x.Constraint == "" {
				out = append(out, g.mysqlIndex(x))
			}
		}
	}
	return out
}

// mysqlKeyComment writes a MySQL primary key's COMMENT: the key's own, or its index's.
func (g *generator) mysqlKeyComment(t *schema.Table, c *string) string {
	if !g.dialect().KeysAreIndexes {
		return ""
	}
	if c == nil {
		if x := t.Index("PRIMARY"); x != nil {
			c = x.Comment
		}
	}
	if c == nil {
		return ""
	}
	return " COMMENT " + QuoteString(g.d, *c)
}

// MySQLPrimaryKeyComment is mysqlKeyComment for ALTER TABLE … ADD PRIMARY KEY.
func MySQLPrimaryKeyComment(t *schema.Table) string {
	g := &generator{d: schema.MySQL}
	return g.mysqlKeyComment(t, t.PrimaryKey.Comment)
}

// IsAutoIndexName reports a name SQLite gave the index of an unnamed UNIQUE or PRIMARY KEY.
func IsAutoIndexName(name string) bool {
	return strings.HasPrefix(name, "sqlite_autoindex_")
}

// pkIndexName finds the index that backs the primary key (MySQL: PRIMARY), for prefix lengths.
func pkIndexName(t *schema.Table) string {
	for _, x := range t.Indexes {
		if x.Name == "PRIMARY" || (t.PrimaryKey != nil && t.PrimaryKey.Name != nil && x.Constraint == *t.PrimaryKey.Name) {
			return x.Name
		}
	}
	return ""
}

// keyParts writes a key's columns; on MySQL the backing index supplies prefix lengths and
// directions, which the constraint itself does not carry.
func (g *generator) keyParts(t *schema.Table, indexName string, columns []string) string {
	if g.dialect().KeysAreIndexes && indexName != "" {
		if x := t.Index(indexName); x != nil && len(x.Parts) == len(columns) {
			return g.indexParts(x.Parts)
		}
	}
	return QuoteList(g.d, columns)
}

func (g *generator) mysqlIndex(x schema.Index) string {
	kind := "KEY "
	switch {
	case x.Unique:
		kind = "UNIQUE KEY "
	case x.Method == "fulltext":
		kind = "FULLTEXT KEY "
	case x.Method == "spatial":
		kind = "SPATIAL KEY "
	}
	s := kind + g.q(x.Name) + " (" + g.indexParts(x.Parts) + ")"
	if x.Method == "hash" {
		s += " USING " + strings.ToUpper(x.Method)
	}
	if x.MySQL != nil && x.MySQL.Parser != "" {
		s += " WITH PARSER " + x.MySQL.Parser
	}
	if x.Comment != nil {
		s += " COMMENT " + QuoteString(g.d, *x.Comment)
	}
	if x.Invisible {
		s += " " + MySQLIndexVisibility(true)
	}
	return s
}

// MySQLCheckEnforcement writes MySQL 8's NOT ENFORCED after a check's clause, as an executable
// comment MariaDB skips (it has no such checks), or "" for an enforced check.
func MySQLCheckEnforcement(c schema.Check) string {
	if !c.NotEnforced {
		return ""
	}
	return " /*!80016 NOT ENFORCED */"
}

// MySQLIndexVisibility spells a hidden (or visible again) index for both servers at once, as
// executable comments: MySQL 8 says INVISIBLE and ignores /*M!…*/, MariaDB 10.6+ says IGNORED
// and ignores MySQL's /*!80000…*/ (MariaDB skips versions 50700–99999). One model flag, so a
// plan or an export runs on the server it was made for and on the other.
func MySQLIndexVisibility(hidden bool) string {
	if hidden {
		return "/*!80000 INVISIBLE */ /*M!100600 IGNORED */"
	}
	return "/*!80000 VISIBLE */ /*M!100600 NOT IGNORED */"
}

func deferrable(d, initiallyDeferred bool) string {
	switch {
	case d && initiallyDeferred:
		return " DEFERRABLE INITIALLY DEFERRED"
	case d:
		return " DEFERRABLE"
	}
	return ""
}

func (g *generator) tableOptions(t *schema.Table) string { return prefixSpace(TableOptions(g.d, t)) }

// TableOptions writes what follows the closing parenthesis of CREATE TABLE in dialect d
// (the dialect's Rules.TableOptions). "" when there is nothing.
func TableOptions(d schema.Dialect, t *schema.Table) string { return rulesOf(d).TableOptions(t) }

func prefixSpace(s string) string {
	if s == "" {
		return ""
	}
	return " " + s
}

// pgTableExtras are the PostgreSQL table settings that have no place inside CREATE TABLE.
func pgTableExtras(g *generator, schemaName string, t *schema.Table) {
	name := g.qq(schemaName, t.Name)
	for _, c := range t.Checks {
		if c.NotValid {
			g.add(KindTable, schemaName+"."+t.Name, "ALTER TABLE "+name+" ADD "+g.constraintName(c.Name)+CheckClause(c.Expression)+" NOT VALID")
		}
	}
	if p := t.Postgres; p != nil && p.RowSecurity {
		g.add(KindTable, schemaName+"."+t.Name, "ALTER TABLE "+name+" ENABLE ROW LEVEL SECURITY")
		if p.ForceRowSecurity {
			g.add(KindTable, schemaName+"."+t.Name, "ALTER TABLE "+name+" FORCE ROW LEVEL SECURITY")
		}
	}
}

func (g *generator) indexParts(parts []schema.IndexPart) string {
	out := make([]string, len(parts))
	for i, p := range parts {
		out[i] = IndexPart(g.d, p)
	}
	return strings.Join(out, ", ")
}

// IndexPart writes one key part of an index: a quoted column or a parenthesised expression,
// then prefix length, collation, operator class, direction and NULLS order.
func IndexPart(d schema.Dialect, p schema.IndexPart) string {
	s := "(" + p.Expression + ")"
	if p.Column != "" {
		s = QuoteIdent(d, p.Column)
	}
	if p.Length > 0 {
		s += fmt.Sprintf("(%d)", p.Length)
	}
	if p.Collation != "" {
		s += " COLLATE " + Collation(d, p.Collation) // quoted: COLLATE C would fold to "c"
	}
	if p.OpClass != "" {
		s += " " + p.OpClass
	}
	if p.Desc {
		s += " DESC"
	}
	if p.Nulls != "" {
		s += " NULLS " + p.Nulls
	}
	return s
}

// indexes creates the indexes that no constraint creates by itself.
func (g *generator) indexes(schemaName, table string, idx []schema.Index) {
	if g.dialect().KeysAreIndexes {
		return // inside CREATE TABLE
	}
	for _, x := range idx {
		if x.Constraint != "" || IsAutoIndexName(x.Name) || x.Inherited {
			continue // a partition's copy of its parent's index is made with the partition
		}
		g.add(KindIndex, schemaName+"."+x.Name, CreateIndex(g.d, schemaName, table, x))
	}
}

// CreateIndex writes the statement that adds an index to schemaName.table (the dialect's
// Rules.CreateIndex).
func CreateIndex(d schema.Dialect, schemaName, table string, x schema.Index) string {
	return rulesOf(d).CreateIndex(schemaName, table, x)
}

// mysqlCreateIndex: ALTER TABLE … ADD KEY, as CREATE TABLE writes the index.
func mysqlCreateIndex(schemaName, table string, x schema.Index) string {
	g := &generator{d: schema.MySQL}
	return "ALTER TABLE " + g.qq(schemaName, table) + " ADD " + g.mysqlIndex(x)
}

// createIndexHead is "CREATE [UNIQUE] INDEX name ON table".
func createIndexHead(indexName, table string, x schema.Index) string {
	unique := ""
	if x.Unique {
		unique = "UNIQUE "
	}
	return "CREATE " + unique + "INDEX " + indexName + " ON " + table
}

func where(x schema.Index) string {
	if x.Where == "" {
		return ""
	}
	return " WHERE " + x.Where
}

// sqliteCreateIndex: the index is named in its table's schema (main, or an attached one).
func sqliteCreateIndex(schemaName, table string, x schema.Index) string {
	g := &generator{d: schema.SQLite}
	return createIndexHead(g.qq(schemaName, x.Name), g.qq(schemaName, table), x) + " (" + g.indexParts(x.Parts) + ")" + where(x)
}

// pgCreateIndex: PostgreSQL puts an index in its table's schema, so the name is not qualified.
func pgCreateIndex(schemaName, table string, x schema.Index) string {
	g := &generator{d: schema.Postgres}
	var b strings.Builder
	b.WriteString(createIndexHead(g.q(x.Name), g.qq(schemaName, table), x))
	if x.Method != "" {
		b.WriteString(" USING " + x.Method)
	}
	b.WriteString(" (" + g.indexParts(x.Parts) + ")")
	if len(x.Include) > 0 {
		b.WriteString(" INCLUDE (" + QuoteList(g.d, x.Include) + ")")
	}
	if x.NullsNotDistinct {
		b.WriteString(" NULLS NOT DISTINCT")
	}
	if x.Postgres != nil && len(x.Postgres.With) > 0 {
		b.WriteString(" WITH (" + strings.Join(x.Postgres.With, ", ") + ")")
	}
	if x.Postgres != nil && x.Postgres.Tablespace != "" {
		b.WriteString(" TABLESPACE " + g.q(x.Postgres.Tablespace))
	}
	return b.String() + where(x)
}

func (g *generator) foreignKeyClause(fk schema.ForeignKey) string {
	var b strings.Builder
	b.WriteString(g.constraintName(fk.Name))
	fmt.Fprintf(&b, "FOREIGN KEY (%s) REFERENCES %s (%s)", QuoteList(g.d, fk.Columns), g.qq(fk.RefSchema, fk.RefTable), QuoteList(g.d, fk.RefColumns))
	if fk.Match != "" {
		b.WriteString(" MATCH " + fk.Match)
	}
	// MySQL and SQLite keep what was declared (MariaDB reports an action left out as
	// RESTRICT, one written out as NO ACTION; SQLite keeps the table's text): the default, NO
	// ACTION, is left out there, as people write it, so a migrated table reads back like one
	// created by hand. PostgreSQL stores one code for both and gets every action written.
	for _, a := range []struct {
		on     string
		action schema.FKAction
	}{{"UPDATE", fk.OnUpdate}, {"DELETE", fk.OnDelete}} {
		if a.action == "" || !g.dialect().WritesNoAction && strings.EqualFold(string(a.action), string(schema.FKNoAction)) {
			continue
		}
		b.WriteString(" ON " + a.on + " " + string(a.action))
	}
	b.WriteString(deferrable(fk.Deferrable, fk.InitiallyDeferred))
	return b.String()
}

// inheritedForeignKey says whether a partition's foreign key is the clone PostgreSQL makes of
// its partitioned parent's: same name, columns and target. Adding it again would fail.
func (g *generator) inheritedForeignKey(t *schema.Table, fk schema.ForeignKey) bool {
	p := t.Postgres
	if fk.Inherited {
		return true
	}
	if p == nil || p.PartitionOf == nil {
		return false
	}
	parent := g.table(p.PartitionOf.Schema, p.PartitionOf.Name)
	if parent == nil {
		return false
	}
	for _, pk := range parent.ForeignKeys {
		if pk.Name == fk.Name && slices.Equal(pk.Columns, fk.Columns) && pk.RefSchema == fk.RefSchema &&
			pk.RefTable == fk.RefTable && slices.Equal(pk.RefColumns, fk.RefColumns) {
			return true
		}
	}
	return false
}

func (g *generator) foreignKeys(schemaName string, t *schema.Table) {
	for _, fk := range t.ForeignKeys {
		if g.inheritedForeignKey(t, fk) {
			continue // the parent's foreign key creates it on each partition
		}
		if !g.hasTable(fk.RefSchema, fk.RefTable) {
			g.note("foreign key %s on %s.%s is left out: it references %s.%s, which is not exported", fk.Name, schemaName, t.Name, fk.RefSchema, fk.RefTable)
			continue
		}
		sql := "ALTER TABLE " + g.qq(schemaName, t.Name) + " ADD " + g.foreignKeyClause(fk)
		if fk.NotValid {
			sql += " NOT VALID"
		}
		g.add(KindForeignKey, schemaName+"."+fk.Name, sql)
	}
}

// MySQLCreateOptions writes the table options the server lists in CREATE_OPTIONS
// ("key_block_size=8 stats_persistent=0", "`encrypted`=yes") as CREATE TABLE and ALTER TABLE
// take them: KEY_BLOCK_SIZE=8, STATS_PERSISTENT=0, `encrypted`=yes. KEY_BLOCK_SIZE stays
// itself: the Compressed row format it implies is not written in its place.
func MySQLCreateOptions(s string) []string {
	var out []string
	for _, opt := range strings.Fields(s) {
		key, value, ok := strings.Cut(opt, "=")
		if !ok {
			continue // a flag such as "partitioned" is said elsewhere
		}
		if !strings.HasPrefix(key, "`") {
			key = strings.ToUpper(key)
		}
		out = append(out, key+"="+value)
	}
	return out
}

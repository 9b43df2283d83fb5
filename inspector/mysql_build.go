package inspector

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/dbinspect/dbinspect/schema"
	"github.com/dbinspect/dbinspect/sqltext"
)

// buildMySQL turns catalog rows into the canonical model. It needs no server, so tests run it
// over rows recorded from MariaDB and rows written in MySQL 8's shape.
func buildMySQL(c *mysqlCatalog) *schema.Database {
	b := newMySQLBuilder(c)
	for _, stage := range mysqlBuildStages {
		stage.build(b)
	}
	return b.finish()
}

// mysqlBuildStages are buildMySQL's steps in order, each with the catalog reads (mysqlQueries'
// step names) it needs, so that ReadMySQL can run each one as soon as those are read, while
// the server works on the later statements (it answers an information_schema query only
// when all of it is made: the client waits idle for most of an inspection). A stage may rely
// on every stage before it. What the reads note (c.Notes, c.Unread) is taken in finish, last.
// ReadMySQL lets go of the rows a stage was the last to read (release) once it has run, and
// hands the builder the column and index rows in batches as they are scanned (columnRows,
// indexRows), between the stage that makes their tables and the one that ends them: at
// 20,000 tables they are some 240,000 and 100,000 rows, which need not wait beside the model
// for their stage. buildMySQL hands them over all at once, from the catalog.
var mysqlBuildStages = []struct {
	needs   []string
	build   func(*mysqlBuilder)
	release func(*mysqlCatalog)
}{
	{[]string{"databases", "tables", "views", "check constraints"}, func(b *mysqlBuilder) {
		b.addSchemas()
		b.addTables()
		b.addViews()
		b.startColumns()
	}, func(c *mysqlCatalog) { c.Views = nil }},
	{[]string{"columns"}, func(b *mysqlBuilder) {
		b.columnRows(b.cat.Columns) // the rows not handed over while they were read
		b.endColumns()
		b.addChecks()
	}, func(c *mysqlCatalog) { c.Checks, c.Columns = nil, nil }},
	{[]string{"indexes"}, func(b *mysqlBuilder) {
		b.indexRows(b.cat.Indexes)
		b.endIndexes()
	}, func(c *mysqlCatalog) { c.Indexes = nil }},
	{[]string{"foreign key columns", "foreign key rules"}, (*mysqlBuilder).addForeignKeys,
		func(c *mysqlCatalog) { c.ForeignKeys, c.FKRules = nil, nil }},
	{[]string{"triggers"}, (*mysqlBuilder).addTriggers, nil},
	{[]string{"partitions"}, (*mysqlBuilder).addPartitioning, nil},
	{[]string{"routines", "routine parameters"}, (*mysqlBuilder).addRoutines, nil},
	{[]string{"events"}, (*mysqlBuilder).addEvents, nil},
	{[]string{"sequences"}, (*mysqlBuilder).addSequences, nil},
}

func newMySQLBuilder(c *mysqlCatalog) *mysqlBuilder {
	return &mysqlBuilder{
		cat:    c,
		flavor: parseMySQLVersion(c.Version),
		tables: map[myTableKey]*schema.Table{},
		views:  map[myTableKey]*schema.View{},
		db:     &schema.Database{FormatVersion: schema.FormatVersion, Dialect: schema.MySQL, ServerVersion: c.Version},
	}
}

// finish puts what the reads noted before what the build noted, as one sequential build
// would have them, and assembles the model.
func (b *mysqlBuilder) finish() *schema.Database {
	notes, unread := b.db.Notes, b.db.Unread
	b.db.Notes, b.db.Unread = append(slices.Clone(b.cat.Notes), notes...), slices.Clone(b.cat.Unread)
	for _, u := range unread {
		b.db.MarkUnread(u.Kind, u.Schema)
	}
	b.assemble()
	return b.db
}

// myTableKey identifies a table or view across the inspected databases.
type myTableKey struct{ schema, name string }

type mysqlBuilder struct {
	cat     *mysqlCatalog
	flavor  mysqlFlavor
	db      *schema.Database
	schemas map[string]*schema.Schema
	tables  map[myTableKey]*schema.Table
	views   map[myTableKey]*schema.View
	// sequenceTypes are the types of the sequence tables' start_value columns.
	sequenceTypes map[myTableKey]string
	// cols is the adding of the columns, from startColumns to endColumns; jsonColumns are
	// the columns that read as json, whose json_valid checks addChecks leaves out.
	cols        *myColumnsBuild
	jsonColumns map[myColumnKey]bool
	// idx is the adding of the indexes, from endColumns to endIndexes.
	idx *myIndexesBuild
}

func (b *mysqlBuilder) note(format string, args ...any) {
	b.db.Notes = append(b.db.Notes, fmt.Sprintf(format, args...))
}

func (b *mysqlBuilder) addSchemas() {
	b.schemas = map[string]*schema.Schema{}
	for _, r := range b.cat.Schemata {
		b.schemas[r.Name] = &schema.Schema{Name: r.Name, MySQL: &schema.MySQLSchema{Charset: r.Charset, Collation: r.Collation,
			LowerCaseTableNames: b.cat.LowerCaseTableNames}}
	}
	for _, name := range b.cat.Schemas {
		if b.schemas[name] == nil {
			b.note("database %q does not exist or this user has no privilege on it: not inspected", name)
			b.db.MarkUnread(schema.UnreadTables, name)
		}
	}
}

func (b *mysqlBuilder) addTables() {
	for _, r := range b.cat.Tables {
		if b.schemas[r.Schema] == nil || r.Type == "VIEW" || r.Type == "SEQUENCE" {
			continue // views come from information_schema.VIEWS, MariaDB sequences in addSequences
		}
		b.tables[myTableKey{r.Schema, r.Name}] = myNewTable(r)
	}
}

func myNewTable(r mysqlTableRow) *schema.Table {
	collation := myDeref(r.Collation)
	t := &schema.Table{
		Name:    r.Name,
		Comment: myNonEmpty(myDeref(r.Comment)),
		MySQL: &schema.MySQLTable{
			Engine:        myDeref(r.Engine),
			Collation:     collation,
			Charset:       myCharsetOfCollation(collation),
			RowFormat:     myDeclaredRowFormat(myDeref(r.CreateOptions)),
			CreateOptions: myCanonicalCreateOptions(myDeref(r.CreateOptions)),
			// TABLE_TYPE says it: no statement more.
			SystemVersioned: r.Type == "SYSTEM VERSIONED",
		},
	}
	stats := &schema.TableStats{RowEstimate: r.Rows}
	if r.DataLength != nil && r.IndexLength != nil {
		size := *r.DataLength + *r.IndexLength
		stats.SizeBytes = &size
	}
	if r.AutoIncrement != nil {
		if n, err := strconv.ParseInt(*r.AutoIncrement, 10, 64); err == nil {
			stats.AutoIncrement = &n
		}
	}
	if stats.RowEstimate != nil || stats.SizeBytes != nil || stats.AutoIncrement != nil {
		t.Stats = stats
	}
	return t
}

// myCharsetOfCollation derives a character set from a collation name: every MySQL and MariaDB
// collation is named charset_…, except "binary". This saves a query on information_schema.COLLATIONS.
func myCharsetOfCollation(collation string) string {
	if i := strings.IndexByte(collation, '_'); i > 0 {
		return collation[:i]
	}
	return collation
}

// myDeclaredRowFormat is the ROW_FORMAT the table was created or altered with, from
// CREATE_OPTIONS ("row_format=DYNAMIC"), or "" when none was given. information_schema's
// ROW_FORMAT column says what the engine uses, which is not what was declared: Dynamic for
// every table of a default server, Compressed for one declared only with KEY_BLOCK_SIZE=8.
func myDeclaredRowFormat(s string) string {
	for _, opt := range strings.Fields(s) {
		if k, v, ok := strings.Cut(opt, "="); ok && strings.EqualFold(k, "row_format") {
			return strings.ToUpper(v)
		}
	}
	return ""
}

// myCanonicalCreateOptions drops what other fields already say: "partitioned"
// (MySQLTable.Partitioning) and row_format (MySQLTable.RowFormat).
func myCanonicalCreateOptions(s string) string {
	var keep []string
	for _, opt := range strings.Fields(s) {
		if opt == "partitioned" || strings.HasPrefix(strings.ToLower(opt), "row_format=") {
			continue
		}
		keep = append(keep, opt)
	}
	return strings.Join(keep, " ")
}

func (b *mysqlBuilder) addViews() {
	hidden := 0
	for _, r := range b.cat.Views {
		if b.schemas[r.Schema] == nil {
			continue
		}
		v := &schema.View{
			Name:        r.Name,
			Definition:  myCanonicalViewDefinition(r.Definition, r.Schema),
			CheckOption: strings.ToUpper(r.CheckOption),
			MySQL:       &schema.MySQLView{SecurityType: r.Security},
		}
		if v.CheckOption == "NONE" {
			v.CheckOption = ""
		}
		// UNDEFINED is the default, and MySQL does not report the algorithm at all.
		if r.Algorithm != "" && r.Algorithm != "UNDEFINED" {
			v.MySQL.Algorithm = r.Algorithm
		}
		if r.Definition == "" {
			hidden++
		}
		b.views[myTableKey{r.Schema, r.Name}] = v
	}
	if hidden > 0 {
		b.note("%d view definition(s) are hidden: the user needs SHOW VIEW on them", hidden)
		b.db.MarkUnread(schema.UnreadDefinitions, "")
	}
}

// myCanonicalViewDefinition removes what VIEW_DEFINITION adds to the text as written: the view's
// own database in front of every reference, and MySQL 8's character set introducers and
// extra parentheses around join and WHERE/HAVING conditions.
func myCanonicalViewDefinition(def, schemaName string) string {
	def = myStripIntroducers(myStripSchemaQualifier(def, schemaName))
	return strings.TrimSpace(myStripClauseParens(myCollapseDoubleParens(def)))
}

// myColumnKey identifies a column across the inspected databases.
type myColumnKey struct{ schema, table, column string }

// mariaDBJSONChecks finds the json_valid() checks MariaDB adds to its JSON columns (an alias
// of longtext): those columns read as json and the checks are dropped, as MySQL 8 has them.
// The columns are not in yet: a check found here counts once its column is a longtext
// (columnRun); on another type it is a real check.
func (b *mysqlBuilder) mariaDBJSONChecks() map[myColumnKey]bool {
	found := map[myColumnKey]bool{}
	if !b.flavor.MariaDB {
		return found
	}
	for _, r := range b.cat.Checks {
		if r.Level != "Table" && r.Clause == "json_valid("+myQuoteIdent(r.Name)+")" {
			found[myColumnKey{r.Schema, r.Table, r.Name}] = true
		}
	}
	return found
}

func myQuoteIdent(name string) string {
	return "`" + strings.ReplaceAll(name, "`", "``") + "`"
}

// myColumnsBuild is what adding the columns keeps from one batch of rows to the next.
type myColumnsBuild struct {
	jsonChecks map[myColumnKey]bool // mariaDBJSONChecks
	types      map[string]string    // COLUMN_TYPE -> its canonical spelling: a few dozen distinct ones
	// The server sends each table's or view's rows as one run in position order. When it
	// does not, positions keeps the ORDINAL_POSITION of each column added (from the first run
	// that is not 1, 2, 3, …) and split the tables and views met in more than one run, which
	// endColumns puts in position order.
	positions map[myTableKey][]int
	split     map[myTableKey]bool
}

// startColumns readies the adding of columns once the tables, views and checks are in.
func (b *mysqlBuilder) startColumns() {
	b.cols = &myColumnsBuild{jsonChecks: b.mariaDBJSONChecks(), types: map[string]string{},
		positions: map[myTableKey][]int{}, split: map[myTableKey]bool{}}
	b.jsonColumns = map[myColumnKey]bool{}
	b.sequenceTypes = map[myTableKey]string{}
	for _, t := range b.cat.Tables {
		if t.Type == "SEQUENCE" {
			b.sequenceTypes[myTableKey{t.Schema, t.Name}] = ""
		}
	}
}

// columnRows adds the columns of rows (a batch of COLUMNS rows, or all of them) table by
// table: the rows of one table are a run, its table looked up once and its slice made to
// measure. Rows handed over before the tables are in (startColumns) wait in the catalog for
// the columns stage; columnRows reports whether it added them.
func (b *mysqlBuilder) columnRows(rows []mysqlColumnRow) bool {
	if b.cols == nil {
		b.cat.Columns = append(b.cat.Columns, rows...)
		return false
	}
	for start := 0; start < len(rows); {
		end := start + 1
		for end < len(rows) && rows[end].Table == rows[start].Table && rows[end].Schema == rows[start].Schema {
			end++
		}
		b.columnRun(rows[start:end])
		start = end
	}
	return true
}

// columnRun adds the columns of one run of rows of one table, view or sequence.
func (b *mysqlBuilder) columnRun(run []mysqlColumnRow) {
	cb, key := b.cols, myTableKey{run[0].Schema, run[0].Table}
	var cols *[]schema.Column
	t, v := b.tables[key], b.views[key]
	switch {
	case t != nil:
		cols = &t.Columns
	case v != nil:
		cols = &v.Columns
	default:
		if _, ok := b.sequenceTypes[key]; ok {
			for _, r := range run {
				if r.Name == "start_value" {
					b.sequenceTypes[key] = myCanonicalType(r.ColumnType)
				}
			}
		}
		return
	}
	if len(*cols) > 0 || !myFirstPositions(run) { // met before, or out of order
		cb.placed(key, run, len(*cols))
	}
	if *cols == nil {
		// Exactly the run: Compact copies a slice with room to spare (slices.Grow rounds up).
		*cols = make([]schema.Column, 0, len(run))
	} else {
		*cols = slices.Grow(*cols, len(run))
	}
	for _, r := range run {
		if t == nil {
			*cols = append(*cols, myViewColumn(r))
			continue
		}
		isJSON := len(cb.jsonChecks) > 0 && r.DataType == "longtext" && cb.jsonChecks[myColumnKey{r.Schema, r.Table, r.Name}]
		if isJSON {
			b.jsonColumns[myColumnKey{r.Schema, r.Table, r.Name}] = true
		}
		*cols = append(*cols, b.column(r, t.MySQL, isJSON, cb.types))
	}
}

// myFirstPositions reports a run whose positions are 1, 2, 3, …: a whole table's columns in
// order, as the server sends them.
func myFirstPositions(run []mysqlColumnRow) bool {
	for i, r := range run {
		if r.Position != i+1 {
			return false
		}
	}
	return true
}

// placed is the way of a run that is not a whole table's columns in order: the run is put in
// position order and the positions kept, those of the n columns added before it too (1 to n
// when they came as myFirstPositions), and a table met again (n > 0) is marked split.
func (cb *myColumnsBuild) placed(key myTableKey, run []mysqlColumnRow, n int) {
	slices.SortStableFunc(run, func(x, y mysqlColumnRow) int { return cmp.Compare(x.Position, y.Position) })
	pos, kept := cb.positions[key]
	if !kept {
		for i := range n {
			pos = append(pos, i+1)
		}
	}
	if n > 0 {
		cb.split[key] = true
	}
	for _, r := range run {
		pos = append(pos, r.Position)
	}
	cb.positions[key] = pos
}

// sortByPosition puts elems in the order of their positions (pos[i] is elems[i]'s), in place;
// elems of equal position keep their order.
func sortByPosition[E any](elems []E, pos []int) {
	order := make([]int, len(elems))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int { return cmp.Compare(pos[i], pos[j]) })
	sorted := make([]E, len(elems))
	for i, j := range order {
		sorted[i] = elems[j]
	}
	copy(elems, sorted)
}

// endColumns puts the columns of the tables and views met in pieces in position order.
func (b *mysqlBuilder) endColumns() {
	for key := range b.cols.split {
		var cols []schema.Column
		if t := b.tables[key]; t != nil {
			cols = t.Columns
		} else {
			cols = b.views[key].Columns
		}
		sortByPosition(cols, b.cols.positions[key])
	}
	b.cols = nil
	b.idx = newMyIndexesBuild()
}

// canonicalType is myCanonicalType(columnType), worked out once per distinct spelling.
func canonicalType(types map[string]string, columnType string) string {
	t, ok := types[columnType]
	if !ok {
		t = myCanonicalType(columnType)
		types[columnType] = t
	}
	return t
}

// column builds one table column. table supplies the charset and collation a column matches
// when it declares none of its own; types memoises the canonical types (canonicalType).
func (b *mysqlBuilder) column(r mysqlColumnRow, table *schema.MySQLTable, isJSON bool, types map[string]string) schema.Column {
	c := schema.Column{
		Name:          r.Name,
		Type:          canonicalType(types, r.ColumnType),
		Nullable:      r.Nullable == "YES",
		Comment:       myNonEmpty(r.Comment),
		AutoIncrement: myContainsFold(r.Extra, "auto_increment"),
		Invisible:     myContainsFold(r.Extra, "INVISIBLE"),
	}
	if isJSON {
		c.Type = "json"
	}
	if gen := myGeneratedKind(r.Extra); gen != "" {
		expr := myDeref(r.Generation)
		if !b.flavor.MariaDB {
			expr = myUnescapeQuotes(expr)
		}
		c.Generated = &schema.Generated{Expression: myCanonicalExpr(expr), Kind: schema.GeneratedKind(gen)}
	} else {
		c.Default = b.columnDefault(r)
	}
	mc := &schema.MySQLColumn{OnUpdate: myOnUpdateExpr(r.Extra), WithoutVersioning: myContainsFold(r.Extra, "WITHOUT SYSTEM VERSIONING")}
	if c.Generated != nil && b.flavor.MariaDB {
		// A system-versioned table's explicit period columns: GENERATED ALWAYS AS ROW START.
		switch c.Generated.Expression {
		case "ROW START":
			mc.RowPeriod, c.Generated = "START", nil
		case "ROW END":
			mc.RowPeriod, c.Generated = "END", nil
		}
	}
	// JSON is utf8mb4_bin on MariaDB and has no collation on MySQL: never a difference.
	if !isJSON && c.Type != "json" {
		if coll := myDeref(r.Collation); coll != "" && coll != table.Collation {
			c.Collation = coll
		}
		if cs := myDeref(r.Charset); cs != "" && cs != table.Charset {
			mc.Charset = cs
		}
	}
	if *mc != (schema.MySQLColumn{}) {
		c.MySQL = mc
	}
	return c
}

// myViewColumn describes a view's column by name, type and nullability: its defaults and
// collations are derived from the query and the session that created the view.
func myViewColumn(r mysqlColumnRow) schema.Column {
	return schema.Column{Name: r.Name, Type: myCanonicalType(r.ColumnType), Nullable: r.Nullable == "YES",
		Comment: myNonEmpty(r.Comment)}
}

// myGeneratedKind reads EXTRA: "VIRTUAL GENERATED" or "STORED GENERATED" on both servers.
func myGeneratedKind(extra string) string {
	switch {
	case myContainsFold(extra, "VIRTUAL GENERATED"):
		return "VIRTUAL"
	case myContainsFold(extra, "STORED GENERATED"):
		return "STORED"
	}
	return ""
}

// myOnUpdateExpr reads the ON UPDATE clause from EXTRA: MariaDB "on update current_timestamp(3)",
// MySQL "DEFAULT_GENERATED on update CURRENT_TIMESTAMP(3)".
func myOnUpdateExpr(extra string) string {
	i := strings.Index(strings.ToLower(extra), "on update ")
	if i < 0 {
		return ""
	}
	expr := strings.Fields(extra[i+len("on update "):])
	if len(expr) == 0 {
		return ""
	}
	ts, _ := myCanonicalTimestampExpr(expr[0])
	return ts
}

// columnDefault returns the default as SQL expression text, or nil for none. MariaDB already
// reports expression text ('x' quoted) but says NULL for "no default"; MySQL reports literals
// unquoted and marks expressions with DEFAULT_GENERATED.
func (b *mysqlBuilder) columnDefault(r mysqlColumnRow) *string {
	if r.Default == nil {
		return nil
	}
	raw := *r.Default
	var expr string
	switch {
	case b.flavor.MariaDB && raw == "NULL":
		return nil
	case b.flavor.MariaDB:
		// NEXTVAL(s) and NEXT VALUE FOR s read as nextval(`db`.`s`): the own database's
		// qualifier goes, as in views, so the default reads alike in every database.
		expr = myStripSchemaQualifier(raw, r.Schema)
		if strings.HasPrefix(raw, "(") {
			expr = myCanonicalExpr(expr)
		}
	case myContainsFold(r.Extra, "DEFAULT_GENERATED"):
		expr = myCanonicalExpr(myUnescapeQuotes(raw))
	default:
		expr = mysqlLiteralDefault(raw, r.DataType)
	}
	if ts, ok := myCanonicalTimestampExpr(expr); ok {
		expr = ts
	}
	return &expr
}

// myIndexKey identifies an index across the inspected databases.
type myIndexKey struct{ schema, table, name string }

// myIndexesBuild is what adding the indexes keeps from one batch of rows to the next: as
// myColumnsBuild, for an index's rows the server did not send as one run in key-part order.
type myIndexesBuild struct {
	positions map[myIndexKey][]int
	split     map[myIndexKey]bool
}

func newMyIndexesBuild() *myIndexesBuild {
	return &myIndexesBuild{positions: map[myIndexKey][]int{}, split: map[myIndexKey]bool{}}
}

// indexRows adds the indexes of rows (a batch of STATISTICS rows, or all of them), one run of
// rows each. Rows handed over before the columns are in wait in the catalog for the indexes
// stage: what an index keeps of a system-versioned table depends on its columns (endIndexes).
// indexRows reports whether it added them.
func (b *mysqlBuilder) indexRows(rows []mysqlIndexRow) bool {
	if b.idx == nil {
		b.cat.Indexes = append(b.cat.Indexes, rows...)
		return false
	}
	for start := 0; start < len(rows); {
		// The runs of one table, its slice of indexes made to measure (Compact copies a
		// slice with room to spare).
		end, n := start+1, 1
		for end < len(rows) && rows[end].Table == rows[start].Table && rows[end].Schema == rows[start].Schema {
			if !myIndexRowsAlike(rows[end], rows[end-1]) {
				n++
			}
			end++
		}
		t := b.tables[myTableKey{rows[start].Schema, rows[start].Table}]
		if t == nil {
			start = end
			continue
		}
		if t.Indexes == nil {
			t.Indexes = make([]schema.Index, 0, n)
		}
		for start < end {
			next := start + 1
			for next < end && myIndexRowsAlike(rows[next], rows[start]) {
				next++
			}
			b.indexRun(t, rows[start:next])
			start = next
		}
	}
	return true
}

// indexRun adds the key parts of one run of rows of one index of t.
func (b *mysqlBuilder) indexRun(t *schema.Table, run []mysqlIndexRow) {
	ib, first := b.idx, run[0]
	// An index met before is one of the table's (their names are unique): a few to look at.
	at := slices.IndexFunc(t.Indexes, func(x schema.Index) bool { return x.Name == first.Name })
	met := at >= 0
	if !met && myFirstSeqs(run) {
		t.Indexes = append(t.Indexes, myNewIndex(run))
		return
	}
	key := myIndexKey{first.Schema, first.Table, first.Name}
	slices.SortStableFunc(run, func(x, y mysqlIndexRow) int { return cmp.Compare(x.Seq, y.Seq) })
	pos, kept := ib.positions[key]
	if !met {
		at = len(t.Indexes)
		t.Indexes = append(t.Indexes, schema.Index{})
	} else if !kept {
		for i := range t.Indexes[at].Parts {
			pos = append(pos, i+1)
		}
	}
	x := &t.Indexes[at]
	if met {
		ib.split[key] = true
		for _, r := range run {
			x.Parts = append(x.Parts, myIndexPart(r))
		}
	} else {
		*x = myNewIndex(run)
	}
	for _, r := range run {
		pos = append(pos, r.Seq)
	}
	ib.positions[key] = pos
}

// myFirstSeqs reports a run whose key parts are 1, 2, 3, …: a whole index in order, as the
// server sends it.
func myFirstSeqs(run []mysqlIndexRow) bool {
	for i, r := range run {
		if r.Seq != i+1 {
			return false
		}
	}
	return true
}

// myIndexRowsAlike reports rows of one index.
func myIndexRowsAlike(x, y mysqlIndexRow) bool {
	return x.Name == y.Name && x.Table == y.Table && x.Schema == y.Schema
}

// myNewIndex is one index from its rows in key-part order; endIndexes completes it.
func myNewIndex(rows []mysqlIndexRow) schema.Index {
	first := rows[0]
	x := schema.Index{
		Name:      first.Name,
		Unique:    first.NonUnique == 0,
		Method:    strings.ToLower(first.Type),
		Invisible: first.Hidden,
		Comment:   myNonEmpty(first.Comment),
		Parts:     make([]schema.IndexPart, len(rows)),
	}
	for i, r := range rows {
		x.Parts[i] = myIndexPart(r)
	}
	return x
}

// endIndexes puts the key parts of the indexes met in pieces in order, and completes every
// index: its columns, and the primary key or unique constraint it backs.
func (b *mysqlBuilder) endIndexes() {
	ib := b.idx
	for key := range ib.split {
		t := b.tables[myTableKey{key.schema, key.table}]
		at := slices.IndexFunc(t.Indexes, func(x schema.Index) bool { return x.Name == key.name })
		sortByPosition(t.Indexes[at].Parts, ib.positions[key])
	}
	b.idx = nil
	for _, t := range b.tables {
		for i := range t.Indexes {
			myEndIndex(t, &t.Indexes[i])
		}
	}
}

// myEndIndex completes index x of t: in MySQL every unique index is a unique constraint.
func myEndIndex(t *schema.Table, x *schema.Index) {
	x.Columns = schema.PartColumns(x.Parts)
	if x.Unique {
		x.Constraint = x.Name
	}
	switch {
	case x.Name == "PRIMARY":
		t.PrimaryKey = &schema.PrimaryKey{Columns: x.Columns, Comment: x.Comment}
	case x.Unique:
		t.Uniques = append(t.Uniques, schema.Unique{Name: x.Name, Columns: x.Columns})
	}
	myDropRowEndPart(t, x)
}

func myIndexPart(r mysqlIndexRow) schema.IndexPart {
	p := schema.IndexPart{Column: myDeref(r.Column), Desc: myDeref(r.Order) == "D"}
	if r.Expression != nil && p.Column == "" {
		p.Expression = myCanonicalExpr(*r.Expression)
	}
	// SPATIAL keys report a SUB_PART of 32 that no DDL wrote and none can change.
	if r.SubPart != nil && !strings.EqualFold(r.Type, "SPATIAL") {
		p.Length = *r.SubPart
	}
	return p
}

func (b *mysqlBuilder) addForeignKeys() {
	type fkKey struct{ schema, table, name string }
	rules := make(map[fkKey]mysqlFKRuleRow, len(b.cat.FKRules))
	for _, r := range b.cat.FKRules {
		rules[fkKey{r.Schema, r.Table, r.Name}] = r
	}
	rows := b.cat.ForeignKeys
	slices.SortFunc(rows, func(x, y mysqlFKColumnRow) int {
		return cmp.Or(cmp.Compare(x.Schema, y.Schema), cmp.Compare(x.Table, y.Table),
			cmp.Compare(x.Name, y.Name), cmp.Compare(x.Position, y.Position))
	})
	for start := 0; start < len(rows); {
		end := start + 1
		for end < len(rows) && rows[end].Schema == rows[start].Schema && rows[end].Table == rows[start].Table && rows[end].Name == rows[start].Name {
			end++
		}
		first := rows[start]
		if t := b.tables[myTableKey{first.Schema, first.Table}]; t != nil {
			rule := rules[fkKey{first.Schema, first.Table, first.Name}]
			fk := schema.ForeignKey{Name: first.Name, RefSchema: first.RefSchema, RefTable: first.RefTable,
				OnDelete: myCanonicalFKAction(rule.OnDelete), OnUpdate: myCanonicalFKAction(rule.OnUpdate)}
			if m := strings.ToUpper(rule.Match); m == "FULL" || m == "PARTIAL" {
				fk.Match = m
			}
			for _, r := range rows[start:end] {
				fk.Columns = append(fk.Columns, r.Column)
				fk.RefColumns = append(fk.RefColumns, r.RefColumn)
			}
			t.ForeignKeys = append(t.ForeignKeys, fk)
		}
		start = end
	}
}

// myCanonicalFKAction spells an action out (sqltext.FKAction, the rule diff applies too):
// MariaDB reports an FK declared without an action as RESTRICT where MySQL 8 reports NO ACTION.
func myCanonicalFKAction(a string) schema.FKAction { return sqltext.FKAction(schema.MySQL, a) }

func (b *mysqlBuilder) addChecks() {
	for _, r := range b.cat.Checks {
		t := b.tables[myTableKey{r.Schema, r.Table}]
		if t == nil || b.jsonColumns[myColumnKey{r.Schema, r.Table, r.Name}] {
			continue
		}
		c := schema.Check{Name: r.Name, Expression: myCanonicalExpr(r.Clause), NotEnforced: r.NotEnforced}
		if r.Level == "Column" {
			c.Column = r.Name // MariaDB names a column-level check after its column
		}
		t.Checks = append(t.Checks, c)
	}
}

func (b *mysqlBuilder) addTriggers() {
	for _, r := range b.cat.Triggers {
		t := b.tables[myTableKey{r.Schema, r.Table}]
		if t == nil {
			continue
		}
		t.Triggers = append(t.Triggers, schema.Trigger{
			Name:       r.Name,
			Timing:     schema.TriggerTiming(strings.ToUpper(r.Timing)),
			Events:     []schema.TriggerEvent{schema.TriggerEvent(strings.ToUpper(r.Event))},
			Level:      cmp.Or(strings.ToUpper(r.Level), "ROW"),
			Definition: strings.TrimSpace(r.Statement),
		})
	}
}

func (b *mysqlBuilder) addPartitioning() {
	byTable := map[myTableKey][]mysqlPartRow{}
	for _, r := range b.cat.Partitions {
		k := myTableKey{r.Schema, r.Table}
		byTable[k] = append(byTable[k], r)
	}
	for k, parts := range byTable {
		if t := b.tables[k]; t != nil {
			t.MySQL.PartitionBy = myPartitioning(parts)
			b.mySystemTimePartitions(k, t.MySQL.PartitionBy)
			t.MySQL.Partitioning = myDescribePartitioning(t.MySQL.PartitionBy)
		}
	}
}

// myDescribePartitioning writes PARTITION BY as information, e.g.
// "RANGE (`y`) (p0 VALUES LESS THAN (2000), p1 VALUES LESS THAN MAXVALUE COMMENT 'x')" or
// "HASH (`id`) PARTITIONS 3". It is what diff compares, so it holds every part of the model.
func myDescribePartitioning(p *schema.MySQLPartitioning) string {
	var s strings.Builder
	s.WriteString(p.Method + " (" + p.Expression + ")")
	if p.SubMethod != "" {
		fmt.Fprintf(&s, " SUBPARTITION BY %s (%s) SUBPARTITIONS %d", p.SubMethod, p.SubExpression, p.Subpartitions)
	}
	bounded := strings.HasPrefix(p.Method, "RANGE") || strings.HasPrefix(p.Method, "LIST") || strings.HasPrefix(p.Method, "SYSTEM_TIME")
	if !bounded && !p.Listed() {
		fmt.Fprintf(&s, " PARTITIONS %d", len(p.Partitions))
		return s.String()
	}
	defs := make([]string, len(p.Partitions))
	for i, part := range p.Partitions {
		defs[i] = part.Name + myPartitionBound(p.Method, part.Bound) + myCommentText(part.Comment)
		if len(part.Subpartitions) > 0 {
			subs := make([]string, len(part.Subpartitions))
			for j, sub := range part.Subpartitions {
				subs[j] = sub.Name + myCommentText(sub.Comment)
			}
			defs[i] += " (" + strings.Join(subs, ", ") + ")"
		}
	}
	s.WriteString(" (" + strings.Join(defs, ", ") + ")")
	return s.String()
}

// myCommentText is " COMMENT '…'" for a partition's comment, or "".
func myCommentText(comment string) string {
	if comment == "" {
		return ""
	}
	return " COMMENT '" + strings.ReplaceAll(comment, "'", "''") + "'"
}

// myPartitioning is the same PARTITION BY in parts (rows in partition, subpartition order).
func myPartitioning(rows []mysqlPartRow) *schema.MySQLPartitioning {
	first := rows[0]
	p := &schema.MySQLPartitioning{Method: strings.ToUpper(first.Method), Expression: myDeref(first.Expression),
		SubMethod: strings.ToUpper(myDeref(first.SubMethod)), SubExpression: myDeref(first.SubExpression)}
	for _, r := range rows {
		n := len(p.Partitions)
		if n == 0 || p.Partitions[n-1].Name != r.Name {
			p.Partitions = append(p.Partitions, schema.MySQLPartition{Name: r.Name, Bound: myDeref(r.Description), Comment: r.Comment})
			n++
		}
		if r.SubName != nil {
			part := &p.Partitions[n-1]
			part.Subpartitions = append(part.Subpartitions, schema.MySQLSubpartition{Name: *r.SubName, Comment: r.Comment})
		}
		if r.SubName != nil && r.Name == first.Name {
			p.Subpartitions++
		}
	}
	myFoldSubpartitions(p.Partitions)
	return p
}

// myFoldSubpartitions keeps the subpartitions listed only when they say more than their
// number: a name other than the server's (p0sp0, p0sp1, …) or comments that differ within a
// partition. A partition's COMMENT is copied to each of its subpartitions, so one comment
// shared by all is the partition's. The server takes lists for every partition or none.
func myFoldSubpartitions(parts []schema.MySQLPartition) {
	for _, part := range parts {
		for i, sub := range part.Subpartitions {
			if sub.Name != part.Name+"sp"+strconv.Itoa(i) || sub.Comment != part.Subpartitions[0].Comment {
				for j := range parts {
					parts[j].Comment = ""
				}
				return
			}
		}
	}
	for i := range parts {
		if subs := parts[i].Subpartitions; len(subs) > 0 {
			parts[i].Comment, parts[i].Subpartitions = subs[0].Comment, nil
		}
	}
}

func myPartitionBound(method, desc string) string {
	switch {
	case strings.HasPrefix(method, "RANGE") && desc == "MAXVALUE":
		return " VALUES LESS THAN MAXVALUE"
	case strings.HasPrefix(method, "RANGE"):
		return " VALUES LESS THAN (" + desc + ")"
	case strings.HasPrefix(method, "LIST"):
		return " VALUES IN (" + desc + ")"
	case method == "SYSTEM_TIME":
		return " " + desc // HISTORY or CURRENT
	}
	return ""
}

// addEvents adds the scheduled events; an interval is kept as "value unit", the value quoted
// when it is not a plain number ("'1:30' HOUR_MINUTE", as MariaDB reports it), as CREATE EVENT
// takes it.
func (b *mysqlBuilder) addEvents() {
	for _, r := range b.cat.Events {
		s := b.schemas[r.Schema]
		if s == nil {
			continue
		}
		e := schema.Event{Name: r.Name, Status: r.Status, Preserve: r.OnCompletion == "PRESERVE", Body: r.Body,
			Comment: myNonEmpty(r.Comment), Definer: r.Definer}
		if r.ExecuteAt != nil {
			e.At = *r.ExecuteAt
		}
		if r.IntervalValue != nil && r.IntervalField != nil {
			v := *r.IntervalValue
			if _, err := strconv.Atoi(v); err != nil && !strings.HasPrefix(v, "'") { // MariaDB quotes '1:30' itself
				v = "'" + strings.ReplaceAll(v, "'", "''") + "'"
			}
			e.Every = v + " " + *r.IntervalField
		}
		if r.Starts != nil && e.At == "" && !r.StartsDefaulted {
			e.Starts = *r.Starts
		}
		if r.Ends != nil {
			e.Ends = *r.Ends
		}
		s.Events = append(s.Events, e)
	}
}

func (b *mysqlBuilder) addRoutines() {
	type routineKey struct{ schema, name, kind string }
	params := map[routineKey][]mysqlParamRow{}
	for _, p := range b.cat.Parameters {
		k := routineKey{p.Schema, p.Routine, p.Type}
		params[k] = append(params[k], p)
	}
	hidden := 0
	for _, r := range b.cat.Routines {
		s := b.schemas[r.Schema]
		if s == nil {
			continue
		}
		ps := params[routineKey{r.Schema, r.Name, r.Type}]
		slices.SortFunc(ps, func(x, y mysqlParamRow) int { return cmp.Compare(x.Position, y.Position) })
		if r.Definition == nil {
			hidden++
		}
		s.Functions = append(s.Functions, myRoutine(r, ps))
	}
	if hidden > 0 {
		b.note("%d stored routine bodies are hidden: the user needs SHOW CREATE ROUTINE (MariaDB) or SHOW_ROUTINE (MySQL), or to be their definer", hidden)
		b.db.MarkUnread(schema.UnreadDefinitions, "")
	}
}

// myRoutine builds a stored routine. Definition is a CREATE statement assembled from the catalog
// (without DEFINER, which names an account, not the schema), so any change to the signature,
// characteristics or body shows in a diff.
func myRoutine(r mysqlRoutineRow, params []mysqlParamRow) schema.Function {
	f := schema.Function{Name: r.Name, Kind: strings.ToLower(r.Type), Language: "SQL", Comment: myNonEmpty(r.Comment)}
	var args []string
	for _, p := range params {
		if p.Position == 0 {
			continue // a function's return value
		}
		arg := myQuoteIdent(myDeref(p.Name)) + " " + myCanonicalType(p.DataType)
		if f.Kind == "procedure" && p.Mode != nil {
			arg = *p.Mode + " " + arg
		}
		args = append(args, arg)
	}
	f.Arguments = strings.Join(args, ", ")
	if f.Kind == "function" {
		f.Returns = myCanonicalType(myDeref(r.Returns))
	}
	var d strings.Builder
	fmt.Fprintf(&d, "CREATE %s %s(%s)", strings.ToUpper(r.Type), myQuoteIdent(r.Name), f.Arguments)
	if f.Returns != "" {
		d.WriteString(" RETURNS " + f.Returns)
	}
	if r.Deterministic == "YES" {
		d.WriteString(" DETERMINISTIC")
	}
	if r.DataAccess != "" && r.DataAccess != "CONTAINS SQL" {
		d.WriteString(" " + r.DataAccess)
	}
	if r.Security == "INVOKER" {
		d.WriteString(" SQL SECURITY INVOKER")
	}
	d.WriteString("\n" + strings.TrimSpace(myDeref(r.Definition)))
	f.Definition = d.String()
	return f
}

// assemble moves tables and views into their schemas, each schema's slices made to measure
// (Compact would copy them otherwise).
func (b *mysqlBuilder) assemble() {
	tables, views := map[string]int{}, map[string]int{}
	for k := range b.tables {
		tables[k.schema]++
	}
	for k := range b.views {
		views[k.schema]++
	}
	for name, s := range b.schemas { // none stays nil: the snapshot tells nil from empty
		if n := tables[name]; n > 0 {
			s.Tables = make([]schema.Table, 0, n)
		}
		if n := views[name]; n > 0 {
			s.Views = make([]schema.View, 0, n)
		}
	}
	for k, t := range b.tables {
		s := b.schemas[k.schema]
		s.Tables = append(s.Tables, *t)
	}
	for k, v := range b.views {
		s := b.schemas[k.schema]
		s.Views = append(s.Views, *v)
	}
	for _, s := range b.schemas {
		b.db.Schemas = append(b.db.Schemas, *s)
	}
	b.db.Normalize()
}

func myDeref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func myNonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// myContainsFold reports whether s contains sub without regard to ASCII case. It allocates
// nothing: it runs several times for each column's EXTRA, which is mostly empty.
func myContainsFold(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return true
		}
	}
	return false
}

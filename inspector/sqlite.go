package inspector

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

// The SQLite catalog queries. Each reads one kind of object for the whole database by joining
// a table-valued pragma to sqlite_schema, so an inspection sends the same number of
// statements (sqliteStatements) for ten tables or ten thousand; rows are joined to their
// tables in Go through maps. What the pragmas do not report (CHECK constraints, constraint
// names, generated expressions, AUTOINCREMENT, column collations, DEFERRABLE, triggers) is
// read from sqlite_schema.sql by the parser in sqlite_parse.go.
//
// Ordinary tables are told from virtual tables by rootpage: a virtual table has no b-tree.
// Columns of views and virtual tables are read by separate queries because they alone can
// fail (a view over a dropped table, a virtual table whose module this build lacks); see
// readColumnsTolerant.
const (
	sqliteVersionQuery = `SELECT sqlite_version()`

	// sqlite_sequence and sqlite_stat* are SQLite's own tables, not the user's schema.
	sqliteObjectsQuery = `SELECT type, name, tbl_name, rootpage, sql FROM sqlite_schema
WHERE NOT (type = 'table' AND name LIKE 'sqlite\_%' ESCAPE '\')`

	sqliteColumnsSelect = `SELECT m.name, p.name, p.type, p."notnull", p.dflt_value, p.pk, p.hidden
FROM sqlite_schema m JOIN pragma_table_xinfo(m.name, 'main') p`
	sqliteTableColumnsQuery = sqliteColumnsSelect +
		` WHERE m.type = 'table' AND m.rootpage <> 0 AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'`
	sqliteViewColumnsQuery    = sqliteColumnsSelect + ` WHERE m.type = 'view'`
	sqliteVirtualColumnsQuery = sqliteColumnsSelect + ` WHERE m.type = 'table' AND m.rootpage = 0`
	// sqliteOneObjectColumnsQuery is only the fallback of readColumnsTolerant.
	sqliteOneObjectColumnsQuery = sqliteColumnsSelect + ` WHERE m.name = ?`

	sqliteIndexesQuery = `SELECT m.name, i.name, i."unique", i.origin, i.partial
FROM sqlite_schema m JOIN pragma_index_list(m.name, 'main') i
WHERE m.type = 'table' AND m.rootpage <> 0`

	// Key parts only (key = 1): the trailing rowid or primary key columns every index carries
	// are storage, not part of its definition. Indexes are found through pragma_index_list,
	// not sqlite_schema, which has no row for a WITHOUT ROWID table's primary key index. An
	// expression part has no name (NULL): finishIndexes takes its text from the CREATE INDEX.
	sqliteIndexPartsQuery = `SELECT i.name, x.name, x."desc", x.coll
FROM sqlite_schema m JOIN pragma_index_list(m.name, 'main') i JOIN pragma_index_xinfo(i.name, 'main') x
WHERE m.type = 'table' AND m.rootpage <> 0 AND x.key`

	sqliteForeignKeysQuery = `SELECT m.name, f.id, f."table", f."from", f."to", f.on_update, f.on_delete
FROM sqlite_schema m JOIN pragma_foreign_key_list(m.name, 'main') f
WHERE m.type = 'table' AND m.rootpage <> 0`
)

// sqliteBulkQueries are the statements one inspection sends, in order (benchmarks replay them).
var sqliteBulkQueries = []string{sqliteVersionQuery, sqliteObjectsQuery, sqliteTableColumnsQuery,
	sqliteVirtualColumnsQuery, sqliteViewColumnsQuery, sqliteIndexesQuery, sqliteIndexPartsQuery,
	sqliteForeignKeysQuery}

// sqliteSchemaName is the one schema an SQLite inspection reads. Attached databases are not
// part of the file being inspected, so Options.Schemas does not apply to SQLite.
const sqliteSchemaName = "main"

// ReadSQLite reads the catalog of the main database of an SQLite connection into the model.
func ReadSQLite(ctx context.Context, q Queryer, o Options) (*schema.Database, error) {
	r := newSQLiteReader(q)
	if err := r.run(ctx, []sqliteStep{{"version", r.readVersion}, {"objects", r.readObjects}}); err != nil {
		return nil, err
	}
	// The CREATE TABLE texts are parsed on a second goroutine while SQLite answers the
	// pragma queries on this one.
	go r.parseTables()
	err := r.run(ctx, []sqliteStep{
		{"table columns", r.readTableColumns},
		{"virtual table columns", r.readVirtualColumns},
		{"view columns", r.readViewColumns},
		{"indexes", r.readIndexes},
		{"index columns", r.readIndexParts},
	})
	if err != nil {
		return nil, err
	}
	// Everything but the foreign keys is finished on another goroutine while SQLite answers
	// the last query on this one: the rows it adds touch only the tables' ForeignKeys, which
	// nothing there reads.
	finished := make(chan error, 1)
	go func() { finished <- r.finishTables() }()
	err = r.run(ctx, []sqliteStep{{"foreign keys", r.readForeignKeys}})
	if ferr := <-finished; err == nil {
		err = ferr
	}
	if err != nil {
		return nil, err
	}
	return r.model(), nil
}

// sqliteStep is one catalog query of an inspection and what it reads, for error messages.
type sqliteStep struct {
	what string
	read func(context.Context) error
}

func (r *sqliteReader) run(ctx context.Context, steps []sqliteStep) error {
	for _, s := range steps {
		if err := s.read(ctx); err != nil {
			return fmt.Errorf("sqlite %s: %w", s.what, err)
		}
	}
	return nil
}

// sqliteReader accumulates one inspection. Tables and views live in slices, found by name
// through maps; parsed CREATE statements sit beside them.
type sqliteReader struct {
	q       Queryer
	version string
	tables  []schema.Table
	sqlite  []schema.SQLiteTable // one block for every tables[i].SQLite
	// defs holds the parsed CREATE TABLE of tables[i]. parseTables fills it on a goroutine of
	// its own while the pragma queries run; nothing reads it before parsed is closed.
	defs     []*tableDef
	parsed   chan struct{}
	parseErr error // a panic of parseTables, as an error
	pkCols   [][]pkColumn
	tableAt  map[string]int
	// lastTable is the table tableNamed found last, -1 at first.
	lastTable int
	// tableAtFolded finds tables by ASCII-folded name; built on first need.
	tableAtFolded map[string]int
	views         []schema.View
	viewAt        map[string]int
	// objects holds the rows of sqlite_schema from readObjects until indexTexts, on the
	// goroutine of parseTables, has read the indexes' texts from it.
	objects blocks[sqliteObject]
	// indexSQL maps an index name to its CREATE INDEX text (absent for autoindexes); made by
	// indexTexts, so nothing reads it before parsed is closed.
	indexSQL map[string]string
	// indexRefs locates every index in the model; indexByName finds one by name.
	indexRefs []indexRef
	indexAt   map[string]int // made on first need by indexByName
	// lastPart is the index of the previous key part row (partIndex).
	lastPart int
	// The groupers gather columns per table, indexes per table and key parts per index.
	columns     *grouper[schema.Column]
	indexGroups *grouper[schema.Index]
	partGroups  *grouper[schema.IndexPart]
	triggers    []sqliteObject
	notes       []string
	toks        []token // tokenizer buffer, reused across statements
}

// sqliteObject is one row of sqlite_schema.
type sqliteObject struct {
	typ, name, tblName, sql string
	rootPage                sqliteInt
}

// pkColumn is a column's place in the primary key (pragma table_xinfo pk, 1-based).
type pkColumn struct {
	position int64
	name     string
}

// indexRef locates an index in the model and keeps what pragma_index_list said about it.
type indexRef struct {
	name    string
	table   int
	pos     int
	origin  string // "c" CREATE INDEX, "u" UNIQUE constraint, "pk" PRIMARY KEY
	partial bool
}

func newSQLiteReader(q Queryer) *sqliteReader {
	r := &sqliteReader{q: q, tableAt: map[string]int{}, viewAt: map[string]int{},
		parsed: make(chan struct{}), lastTable: -1}
	r.columns = newGrouper(func(ti int, run []schema.Column) {
		r.tables[ti].Columns = appendRun(r.tables[ti].Columns, run)
	})
	r.indexGroups = newGrouper(func(ti int, run []schema.Index) {
		r.tables[ti].Indexes = appendRun(r.tables[ti].Indexes, run)
	})
	r.partGroups = newGrouper(func(seq int, run []schema.IndexPart) {
		ref := r.indexRefs[seq]
		x := &r.tables[ref.table].Indexes[ref.pos]
		x.Parts = appendRun(x.Parts, run)
	})
	return r
}

// query runs one catalog statement and hands each row to scan.
func (r *sqliteReader) query(ctx context.Context, query string, scan func(*sql.Rows) error, args ...any) error {
	return eachRow(ctx, r.q, query, scan, args...)
}

func (r *sqliteReader) readVersion(ctx context.Context) error {
	return r.query(ctx, sqliteVersionQuery, func(rows *sql.Rows) error { return rows.Scan(&r.version) })
}

func (r *sqliteReader) readObjects(ctx context.Context) error {
	var objects blocks[sqliteObject]
	var o sqliteObject // scanned into, then copied: one row buffer for all rows
	var text sql.NullString
	err := r.query(ctx, sqliteObjectsQuery, func(rows *sql.Rows) error {
		err := rows.Scan(&o.typ, &o.name, &o.tblName, &o.rootPage, &text)
		o.sql = text.String
		objects.add(o)
		return err
	})
	if err != nil {
		return err
	}
	tables, indexes := 0, 0
	objects.each(func(o *sqliteObject) {
		switch o.typ {
		case "table":
			tables++
		case "index":
			indexes++
		}
	})
	r.tables = make([]schema.Table, 0, tables)
	r.sqlite = make([]schema.SQLiteTable, 0, tables)
	r.pkCols = make([][]pkColumn, 0, tables)
	// Sized once: grown row by row, it was rebuilt a dozen times at 5,000 tables.
	r.tableAt = make(map[string]int, tables)
	// sqlite_schema lists every index, autoindexes included, so it counts them all but the
	// primary key index of a WITHOUT ROWID table.
	r.indexRefs = make([]indexRef, 0, indexes)
	objects.each(r.addObject)
	r.objects = objects
	return nil
}

// addObject adds a table, view or trigger of sqlite_schema. Indexes are left to indexTexts,
// on the goroutine that parses the tables.
func (r *sqliteReader) addObject(o *sqliteObject) {
	switch o.typ {
	case "table":
		r.addTable(o)
	case "view":
		// A view's Definition is its SELECT, as on the other engines; the full CREATE VIEW
		// text stays in sqlite_schema.
		r.viewAt[o.name] = len(r.views)
		r.views = append(r.views, schema.View{Name: o.name, Definition: parseViewQuery(o.sql)})
	case "trigger":
		r.triggers = append(r.triggers, *o)
	}
}

func (r *sqliteReader) addTable(o *sqliteObject) {
	r.tableAt[o.name] = len(r.tables)
	opts := schema.SQLiteTable{Definition: o.sql}
	if o.rootPage == 0 {
		opts.Module = virtualTableModule(o.sql)
	}
	r.sqlite = append(r.sqlite, opts) // sized up front: &r.sqlite[i] stays valid
	r.tables = append(r.tables, schema.Table{Name: o.name, SQLite: &r.sqlite[len(r.sqlite)-1]})
	r.pkCols = append(r.pkCols, nil)
}

// parseTables parses every CREATE TABLE text into defs, then closes parsed. It touches
// nothing else, so it can run while the main goroutine reads the pragmas.
func (r *sqliteReader) parseTables() {
	defer close(r.parsed)
	// A goroutine's panic would end the program with a stack trace: it becomes the error of
	// the inspection instead, reported in one line.
	defer func() {
		if p := recover(); p != nil {
			r.parseErr = fmt.Errorf("sqlite: parse CREATE TABLE statements: internal error: %v (please report this)", p)
		}
	}()
	r.defs = make([]*tableDef, len(r.tables))
	var toks []token
	for i := range r.tables {
		r.defs[i], toks = parseCreateTable(r.tables[i].SQLite.Definition, toks)
	}
	r.indexTexts()
}

// indexTexts maps every index's name to its CREATE INDEX text, for finishIndexes.
func (r *sqliteReader) indexTexts() {
	indexes := 0
	r.objects.each(func(o *sqliteObject) {
		if o.typ == "index" && o.sql != "" {
			indexes++
		}
	})
	r.indexSQL = make(map[string]string, indexes)
	r.objects.each(func(o *sqliteObject) {
		if o.typ == "index" && o.sql != "" {
			r.indexSQL[o.name] = o.sql
		}
	})
	r.objects = blocks[sqliteObject]{}
}

// columnRow is one row of pragma_table_xinfo joined to its table's name. Columns come in
// declaration order, so a column's cid is its place in its table's Columns.
type columnRow struct {
	object, name, typ string
	pk, hidden        sqliteInt
	notNull           bool
	dflt              sql.NullString
}

func (c *columnRow) scan(rows *sql.Rows) error {
	return rows.Scan(&c.object, &c.name, &c.typ, &c.notNull, &c.dflt, &c.pk, &c.hidden)
}

// sqliteInt is an INTEGER column scanned without reflection: database/sql converts into an
// *int64 through package reflect, which with three integers on each of 60,000 column rows
// was a tenth of the inspector's own time.
type sqliteInt int64

func (i *sqliteInt) Scan(v any) error {
	switch v := v.(type) {
	case int64:
		*i = sqliteInt(v)
	case nil:
		*i = 0
	default:
		return fmt.Errorf("want an integer, got %T", v)
	}
	return nil
}

func (r *sqliteReader) readTableColumns(ctx context.Context) error {
	var c columnRow // one row buffer for all rows
	err := r.query(ctx, sqliteTableColumnsQuery, func(rows *sql.Rows) error {
		err := c.scan(rows)
		if err == nil {
			r.addTableColumn(c)
		}
		return err
	})
	r.columns.flush()
	return err
}

func (r *sqliteReader) readVirtualColumns(ctx context.Context) error {
	err := r.readColumnsTolerant(ctx, sqliteVirtualColumnsQuery, r.virtualTableNames(), r.addTableColumn)
	r.columns.flush()
	return err
}

func (r *sqliteReader) readViewColumns(ctx context.Context) error {
	names := make([]string, len(r.views))
	for i, v := range r.views {
		names[i] = v.Name
	}
	return r.readColumnsTolerant(ctx, sqliteViewColumnsQuery, names, r.addViewColumn)
}

func (r *sqliteReader) virtualTableNames() []string {
	var names []string
	for _, t := range r.tables {
		if t.SQLite.Module != "" {
			names = append(names, t.Name)
		}
	}
	return names
}

// readColumnsTolerant reads columns with one bulk query. Should that fail, because one view
// refers to a table dropped since or one virtual table's module is missing from this build,
// it falls back to one query per object so the others are still read, and notes the ones
// that fail. The fallback costs one statement per view or virtual table, on broken
// databases only.
func (r *sqliteReader) readColumnsTolerant(ctx context.Context, bulk string, names []string, add func(columnRow)) error {
	if len(names) == 0 {
		return nil
	}
	var got []columnRow
	collect := func(rows *sql.Rows) error {
		var c columnRow
		err := c.scan(rows)
		got = append(got, c)
		return err
	}
	if err := r.query(ctx, bulk, collect); err == nil {
		for _, c := range got {
			add(c)
		}
		return nil
	} else if ctx.Err() != nil {
		return err
	}
	for _, name := range names {
		got = got[:0]
		if err := r.query(ctx, sqliteOneObjectColumnsQuery, collect, name); err != nil {
			if ctx.Err() != nil {
				return err
			}
			r.notes = append(r.notes, fmt.Sprintf("columns of %q not read: %v", name, err))
			continue
		}
		for _, c := range got {
			add(c)
		}
	}
	return nil
}

func (r *sqliteReader) addTableColumn(c columnRow) {
	ti, ok := r.tableNamed(c.object)
	if !ok {
		return
	}
	col := schema.Column{Name: c.name, Type: c.typ, Nullable: !c.notNull}
	if c.dflt.Valid {
		col.Default = schema.Ptr(c.dflt.String)
	}
	switch c.hidden {
	case 1: // a hidden column of a virtual table
		col.Invisible = true
	case 2: // the expression comes from the CREATE TABLE text (finishColumns)
		col.Generated = &schema.Generated{Kind: "VIRTUAL"}
	case 3:
		col.Generated = &schema.Generated{Kind: "STORED"}
	}
	if c.pk > 0 {
		r.pkCols[ti] = append(r.pkCols[ti], pkColumn{position: int64(c.pk), name: c.name})
	}
	r.columns.add(ti, col)
}

// tableNamed finds the table of a pragma row. The rows of every pragma query come table by
// table, so the last answer is usually the answer, found without hashing the name once for
// each column, index or foreign key.
func (r *sqliteReader) tableNamed(name string) (int, bool) {
	if r.lastTable >= 0 && r.tables[r.lastTable].Name == name {
		return r.lastTable, true
	}
	ti, ok := r.tableAt[name]
	if ok {
		r.lastTable = ti
	}
	return ti, ok
}

// finishColumns adds what only the CREATE TABLE text says about columns.
func (r *sqliteReader) finishColumns(ti int) {
	t := &r.tables[ti]
	for cid := range t.Columns {
		col := &t.Columns[cid]
		def := r.defs[ti].columnAt(cid, col.Name)
		if def == nil {
			continue
		}
		if col.Generated != nil {
			col.Generated.Expression = def.generated
		}
		col.AutoIncrement = def.autoIncrement
		if !equalFoldASCII(def.collation, "BINARY") {
			col.Collation = def.collation
		}
	}
}

// columnAt finds a column's parsed definition, by position first since the pragma's cid
// follows declaration order, by name when the two disagree.
func (d *tableDef) columnAt(cid int, name string) *columnDef {
	if cid >= 0 && cid < len(d.columns) && equalFoldASCII(d.columns[cid].name, name) {
		return &d.columns[cid]
	}
	return d.column(name)
}

func (r *sqliteReader) addViewColumn(c columnRow) {
	vi, ok := r.viewAt[c.object]
	if !ok {
		return
	}
	col := schema.Column{Name: c.name, Type: c.typ, Nullable: !c.notNull}
	r.views[vi].Columns = append(r.views[vi].Columns, col)
}

func (r *sqliteReader) readIndexes(ctx context.Context) error {
	indexCount := make([]int, len(r.tables))
	var table, name, origin string
	var unique, partial bool
	err := r.query(ctx, sqliteIndexesQuery, func(rows *sql.Rows) error {
		if err := rows.Scan(&table, &name, &unique, &origin, &partial); err != nil {
			return err
		}
		ti, ok := r.tableNamed(table)
		if !ok {
			return nil
		}
		r.indexRefs = append(r.indexRefs, indexRef{name: name, table: ti, pos: indexCount[ti], origin: origin, partial: partial})
		indexCount[ti]++
		// The Definition is finishIndexes's: the texts are mapped on the parsing goroutine.
		r.indexGroups.add(ti, schema.Index{Name: name, Unique: unique})
		return nil
	})
	r.indexGroups.flush()
	return err
}

// readIndexParts reads the key parts of every index; expression parts (no column name) are
// filled in by finishIndexes from the CREATE INDEX text.
func (r *sqliteReader) readIndexParts(ctx context.Context) error {
	var index string
	var column, collation sql.NullString
	var desc bool
	err := r.query(ctx, sqliteIndexPartsQuery, func(rows *sql.Rows) error {
		if err := rows.Scan(&index, &column, &desc, &collation); err != nil {
			return err
		}
		seq, ok := r.partIndex(index)
		if !ok {
			return nil
		}
		// The collation in force, BINARY included: dropInheritedCollations keeps it only where
		// it is not the column's.
		part := schema.IndexPart{Column: column.String, Desc: desc, Collation: collation.String}
		r.partGroups.add(seq, part)
		return nil
	})
	r.partGroups.flush()
	return err
}

// partIndex finds the index of a key part row. The parts come index by index in the order
// readIndexes met the indexes (the same join, one pragma deeper), so the answer is the
// previous row's index or the one after it, checked by name; any other is looked up.
func (r *sqliteReader) partIndex(name string) (int, bool) {
	for seq := r.lastPart; seq <= r.lastPart+1 && seq < len(r.indexRefs); seq++ {
		if r.indexRefs[seq].name == name {
			r.lastPart = seq
			return seq, true
		}
	}
	seq, ok := r.indexByName()[name]
	if ok {
		r.lastPart = seq
	}
	return seq, ok
}

// indexByName maps index names to their place in indexRefs, made on first need: the pragma
// rows find their index without it (partIndex), finishTables needs it.
func (r *sqliteReader) indexByName() map[string]int {
	if r.indexAt == nil {
		r.indexAt = make(map[string]int, len(r.indexRefs))
		for seq, ref := range r.indexRefs {
			r.indexAt[ref.name] = seq
		}
	}
	return r.indexAt
}

// foreignKeyRow is one row of pragma_foreign_key_list: one column pair of one foreign key.
type foreignKeyRow struct {
	table, refTable, from, onUpdate, onDelete string
	id                                        sqliteInt
	to                                        sql.NullString
}

// readForeignKeys builds foreign keys from the pragma rows, which come per table in
// (id, seq) order: a row with the previous row's table and id adds a column pair to the
// same key. The actions come from the pragma, which always spells them out.
func (r *sqliteReader) readForeignKeys(ctx context.Context) error {
	var f, prev foreignKeyRow
	var fk *schema.ForeignKey
	return r.query(ctx, sqliteForeignKeysQuery, func(rows *sql.Rows) error {
		if err := rows.Scan(&f.table, &f.id, &f.refTable, &f.from, &f.to, &f.onUpdate, &f.onDelete); err != nil {
			return err
		}
		if fk == nil || f.table != prev.table || f.id != prev.id {
			fk = r.newForeignKey(f)
		}
		prev = f
		if fk == nil {
			return nil
		}
		fk.Columns = append(fk.Columns, f.from)
		if f.to.Valid {
			fk.RefColumns = append(fk.RefColumns, f.to.String)
		}
		return nil
	})
}

// newForeignKey adds a foreign key to its table and returns it; nil for an unknown table.
func (r *sqliteReader) newForeignKey(f foreignKeyRow) *schema.ForeignKey {
	ti, ok := r.tableNamed(f.table)
	if !ok {
		return nil
	}
	t := &r.tables[ti]
	t.ForeignKeys = append(t.ForeignKeys, schema.ForeignKey{RefSchema: sqliteSchemaName,
		RefTable: f.refTable, OnDelete: schema.FKAction(f.onDelete), OnUpdate: schema.FKAction(f.onUpdate)})
	return &t.ForeignKeys[len(t.ForeignKeys)-1]
}

// finishTables joins the parsed CREATE TABLE texts to what the pragmas said of every table's
// options, columns, keys, indexes and checks, once the parsing is over. It reads and writes
// no table's ForeignKeys (ReadSQLite reads those meanwhile) and no state of the reader that
// the foreign key rows use. A panic becomes the error of the inspection, in one line, as in
// parseTables.
func (r *sqliteReader) finishTables() (err error) {
	<-r.parsed
	if r.parseErr != nil {
		return r.parseErr
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("sqlite: join CREATE TABLE statements to the catalog: internal error: %v (please report this)", p)
		}
	}()
	r.declaredVirtualColumns()
	for ti := range r.tables {
		r.finishTableOptions(ti)
		r.finishColumns(ti)
		r.finishPrimaryKey(ti)
		r.finishIndexes(ti)
		r.finishChecks(ti)
	}
	return nil
}

// model finishes the foreign keys, which need every table's columns finished
// (finishTables) and the foreign key rows, and returns the database.
func (r *sqliteReader) model() *schema.Database {
	for ti := range r.tables {
		r.finishForeignKeys(ti)
	}
	r.attachTriggers()
	db := &schema.Database{
		FormatVersion: schema.FormatVersion,
		Dialect:       schema.SQLite,
		ServerVersion: r.version,
		Schemas:       []schema.Schema{{Name: sqliteSchemaName, Tables: r.tables, Views: r.views}},
		Notes:         r.notes,
	}
	db.Normalize()
	return db
}

// declaredVirtualColumns gives an FTS3/FTS4 table whose module this build lacks (the pure-Go
// driver has FTS5 only) the columns its CREATE VIRTUAL TABLE text declares, in place of the
// note that its columns could not be read.
func (r *sqliteReader) declaredVirtualColumns() {
	for ti := range r.tables {
		t := &r.tables[ti]
		module := strings.ToLower(t.SQLite.Module)
		if len(t.Columns) > 0 || module != "fts3" && module != "fts4" {
			continue
		}
		for _, name := range virtualTableColumns(t.SQLite.Definition) {
			t.Columns = append(t.Columns, schema.Column{Name: name, Nullable: true})
		}
		if len(t.Columns) == 0 {
			continue
		}
		unread := fmt.Sprintf("columns of %q not read:", t.Name)
		for i, n := range r.notes {
			if strings.HasPrefix(n, unread) {
				r.notes[i] = fmt.Sprintf("%s: module %s is not in this build; its columns are read from its CREATE VIRTUAL TABLE text", t.Name, t.SQLite.Module)
			}
		}
	}
}

func (r *sqliteReader) finishTableOptions(ti int) {
	t := &r.tables[ti]
	t.SQLite.WithoutRowID = r.defs[ti].withoutRowID
	t.SQLite.Strict = r.defs[ti].strict
}

// finishPrimaryKey builds the primary key and makes its columns NOT NULL where SQLite
// enforces that although pragma table_xinfo says nullable: a rowid alias (INTEGER PRIMARY
// KEY) and every key column of a WITHOUT ROWID table. A rowid table's other primary keys
// do accept NULL (an old SQLite quirk), so they keep what the pragma says.
func (r *sqliteReader) finishPrimaryKey(ti int) {
	t := &r.tables[ti]
	cols := r.pkCols[ti]
	if len(cols) == 0 {
		return
	}
	slices.SortFunc(cols, func(a, b pkColumn) int { return int(a.position - b.position) })
	t.PrimaryKey = &schema.PrimaryKey{Name: r.defs[ti].pkName}
	for _, c := range cols {
		t.PrimaryKey.Columns = append(t.PrimaryKey.Columns, c.name)
	}
	// A rowid table's primary key gets an index (origin "pk") unless it is the rowid itself.
	rowidAlias := !t.SQLite.WithoutRowID && len(cols) == 1 && !r.hasIndexOfOrigin(ti, "pk")
	if rowidAlias || t.SQLite.WithoutRowID {
		for _, c := range cols {
			if col := t.Column(c.name); col != nil {
				if def := r.defs[ti].column(c.name); col.Nullable && def != nil && !def.notNull {
					t.SQLite.ImplicitNotNull = append(t.SQLite.ImplicitNotNull, col.Name)
				}
				col.Nullable = false
			}
		}
	}
}

func (r *sqliteReader) hasIndexOfOrigin(ti int, origin string) bool {
	for _, x := range r.tables[ti].Indexes {
		if r.indexRefs[r.indexByName()[x.Name]].origin == origin {
			return true
		}
	}
	return false
}

// finishIndexes fills in what only the CREATE INDEX text has (WHERE, expression parts) and
// links the automatic indexes of PRIMARY KEY and UNIQUE constraints to their constraint.
// An unnamed constraint is known by its index's name, the only name SQLite gives it.
func (r *sqliteReader) finishIndexes(ti int) {
	t := &r.tables[ti]
	def := r.defs[ti]
	used := make([]bool, len(def.uniques))
	for i := range t.Indexes {
		x := &t.Indexes[i]
		x.Definition = r.indexSQL[x.Name]
		ref := r.indexRefs[r.indexByName()[x.Name]]
		if ref.partial || hasExpressionPart(x.Parts) {
			r.applyIndexDefinition(x)
		}
		switch ref.origin {
		case "pk":
			x.Constraint = x.Name
			if def.pkName != nil {
				x.Constraint = *def.pkName
			}
		case "u":
			// An unnamed UNIQUE stays unnamed (""): sqlite_autoindex_t_N is its index's name,
			// SQLite's and not the user's, and it changes with the order of the constraints.
			// The index still says which constraint it backs: by its own name when that has none.
			u := schema.Unique{Name: def.uniqueName(schema.PartColumns(x.Parts), used), Columns: schema.PartColumns(x.Parts)}
			x.Constraint = u.Name
			if u.Name == "" {
				x.Constraint = x.Name
			}
			t.Uniques = append(t.Uniques, u)
		}
		r.dropInheritedCollations(t, x)
	}
}

// dropInheritedCollations clears the collation of index parts that only repeat their
// column's: pragma index_xinfo reports the collation in force, which is the column's unless
// the index says otherwise, and an index that did not declare one must not be written with it.
func (r *sqliteReader) dropInheritedCollations(t *schema.Table, x *schema.Index) {
	for i := range x.Parts {
		p := &x.Parts[i]
		inherited := "BINARY"
		if col := t.Column(p.Column); p.Column != "" && col != nil && col.Collation != "" {
			inherited = col.Collation
		}
		if equalFoldASCII(p.Collation, inherited) {
			p.Collation = ""
		}
	}
}

func hasExpressionPart(parts []schema.IndexPart) bool {
	for _, p := range parts {
		if p.Column == "" {
			return true
		}
	}
	return false
}

// applyIndexDefinition parses the CREATE INDEX text for a partial index's WHERE and the text
// of its expression parts. Plain indexes skip the parse: the pragma said everything.
func (r *sqliteReader) applyIndexDefinition(x *schema.Index) {
	var def *indexDef
	def, r.toks = parseCreateIndex(x.Definition, r.toks)
	x.Where = def.where
	for i := range x.Parts {
		if x.Parts[i].Column == "" && i < len(def.parts) {
			x.Parts[i].Expression = def.parts[i]
		}
	}
}

// uniqueName finds the declared name of the UNIQUE constraint on these columns, marking it
// used so two constraints on different columns never share one. SQLite makes no second
// index for a duplicate constraint, so a duplicate's name is simply not reported.
func (d *tableDef) uniqueName(columns []string, used []bool) string {
	for i, u := range d.uniques {
		if !used[i] && sameNames(u.columns, columns) {
			used[i] = true
			return u.name
		}
	}
	return ""
}

func sameNames(a, b []string) bool {
	return slices.EqualFunc(a, b, equalFoldASCII)
}

// finishForeignKeys resolves references to the parent's real spelling and primary key, and
// takes the name, MATCH and deferrability from the CREATE TABLE text.
func (r *sqliteReader) finishForeignKeys(ti int) {
	t := &r.tables[ti]
	def := r.defs[ti]
	used := make([]bool, len(def.foreignKeys))
	for i := range t.ForeignKeys {
		fk := &t.ForeignKeys[i]
		if parent := r.findTable(fk.RefTable); parent != nil {
			fk.RefTable = parent.Name
			fk.RefColumns = r.referencedColumns(parent, fk.RefColumns)
		}
		if d := def.foreignKeyFor(fk, used); d != nil {
			fk.Name = d.name
			fk.Deferrable = d.deferrable
			fk.InitiallyDeferred = d.initiallyDeferred
			if m := foldUpperASCII(d.match); m == "FULL" || m == "PARTIAL" {
				fk.Match = m
			}
		}
	}
}

// referencedColumns spells the referenced columns as the parent declares them; a reference
// without a column list means the parent's primary key.
func (r *sqliteReader) referencedColumns(parent *schema.Table, cols []string) []string {
	if len(cols) == 0 {
		if pk := r.primaryKeyColumns(parent.Name); pk != nil {
			return slices.Clone(pk)
		}
		return cols
	}
	for i, c := range cols {
		if col := findColumn(parent, c); col != nil {
			cols[i] = col.Name
		}
	}
	return cols
}

// primaryKeyColumns reads the key from pkCols, since the parent's PrimaryKey may not be built yet.
func (r *sqliteReader) primaryKeyColumns(table string) []string {
	ti := r.tableAt[table]
	cols := slices.Clone(r.pkCols[ti])
	slices.SortFunc(cols, func(a, b pkColumn) int { return int(a.position - b.position) })
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.name
	}
	return names
}

// foreignKeyFor finds the parsed clause of a pragma foreign key by its columns and parent
// (the pragma numbers foreign keys in reverse declaration order, so position is no guide).
func (d *tableDef) foreignKeyFor(fk *schema.ForeignKey, used []bool) *foreignKeyDef {
	for i := range d.foreignKeys {
		p := &d.foreignKeys[i]
		if !used[i] && sameNames(p.columns, fk.Columns) && equalFoldASCII(p.refTable, fk.RefTable) {
			used[i] = true
			return p
		}
	}
	return nil
}

// findTable finds a table as SQLite does: exact name first, then ASCII case-insensitively.
func (r *sqliteReader) findTable(name string) *schema.Table {
	if ti, ok := r.tableAt[name]; ok {
		return &r.tables[ti]
	}
	if r.tableAtFolded == nil {
		r.tableAtFolded = make(map[string]int, len(r.tables))
		for i := len(r.tables) - 1; i >= 0; i-- {
			r.tableAtFolded[foldASCII(r.tables[i].Name)] = i
		}
	}
	if ti, ok := r.tableAtFolded[foldASCII(name)]; ok {
		return &r.tables[ti]
	}
	return nil
}

func findColumn(t *schema.Table, name string) *schema.Column {
	if c := t.Column(name); c != nil {
		return c
	}
	for i := range t.Columns {
		if equalFoldASCII(t.Columns[i].Name, name) {
			return &t.Columns[i]
		}
	}
	return nil
}

// finishChecks copies the CHECK constraints, which exist only in the CREATE TABLE text.
func (r *sqliteReader) finishChecks(ti int) {
	t := &r.tables[ti]
	for _, c := range r.defs[ti].checks {
		check := schema.Check{Name: c.name, Expression: c.expression}
		if c.column != "" {
			check.Column = c.column
			if col := findColumn(t, c.column); col != nil {
				check.Column = col.Name
			}
		}
		t.Checks = append(t.Checks, check)
	}
}

// attachTriggers parses each trigger and hangs it on its table or view.
func (r *sqliteReader) attachTriggers() {
	for _, o := range r.triggers {
		d := parseCreateTrigger(o.sql)
		tr := schema.Trigger{Name: o.name, Timing: schema.TriggerTiming(d.timing), Level: "ROW", When: d.when,
			UpdateColumns: d.updateColumns, Definition: o.sql}
		if d.event != "" {
			tr.Events = []schema.TriggerEvent{schema.TriggerEvent(d.event)}
		}
		if t := r.findTable(o.tblName); t != nil {
			for i, c := range tr.UpdateColumns {
				if col := findColumn(t, c); col != nil {
					tr.UpdateColumns[i] = col.Name
				}
			}
			t.Triggers = append(t.Triggers, tr)
		} else if v := r.findView(o.tblName); v != nil {
			v.Triggers = append(v.Triggers, tr)
		}
	}
}

func (r *sqliteReader) findView(name string) *schema.View {
	if vi, ok := r.viewAt[name]; ok {
		return &r.views[vi]
	}
	for i := range r.views {
		if equalFoldASCII(r.views[i].Name, name) {
			return &r.views[i]
		}
	}
	return nil
}

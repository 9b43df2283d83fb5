package inspector

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

// mysqlFlavor tells MariaDB from MySQL and says which catalog columns the server has. Every
// query below is chosen from it, so the statement count depends on the server, never on the
// number of tables.
type mysqlFlavor struct {
	MariaDB             bool
	Major, Minor, Patch int
}

// parseMySQLVersion reads VERSION(): "10.11.19-MariaDB-0+deb12u1" or "8.0.36".
func parseMySQLVersion(v string) mysqlFlavor {
	f := mysqlFlavor{MariaDB: strings.Contains(v, "MariaDB")}
	// Old MariaDB handshakes prefix "5.5.5-" so that MySQL clients accept a version 10.
	number, _, _ := strings.Cut(strings.TrimPrefix(v, "5.5.5-"), "-")
	parts := []*int{&f.Major, &f.Minor, &f.Patch}
	for i, s := range strings.SplitN(number, ".", 3) {
		n, _ := strconv.Atoi(s)
		*parts[i] = n
	}
	return f
}

// atLeast reports whether the server version is at least major.minor.patch.
func (f mysqlFlavor) atLeast(major, minor, patch int) bool {
	if f.Major != major {
		return f.Major > major
	}
	if f.Minor != minor {
		return f.Minor > minor
	}
	return f.Patch >= patch
}

// hasChecks: MariaDB 10.2.22 added information_schema.CHECK_CONSTRAINTS, MySQL 8.0.16.
func (f mysqlFlavor) hasChecks() bool {
	if f.MariaDB {
		return f.atLeast(10, 2, 22)
	}
	return f.atLeast(8, 0, 16)
}

// hasCheckLevel: MariaDB 10.5.10 added CHECK_CONSTRAINTS.LEVEL (column or table check).
func (f mysqlFlavor) hasCheckLevel() bool { return f.MariaDB && f.atLeast(10, 5, 10) }

// indexHiddenColumn is the STATISTICS expression telling a hidden index: MariaDB 10.6 IGNORED,
// MySQL 8.0 IS_VISIBLE. Older servers have neither.
func (f mysqlFlavor) indexHiddenColumn() string {
	switch {
	case f.MariaDB && f.atLeast(10, 6, 0):
		return "IGNORED = 'YES'"
	case !f.MariaDB && f.atLeast(8, 0, 0):
		return "IS_VISIBLE = 'NO'"
	}
	return "0"
}

// indexExpressionColumn: MySQL 8.0.13 functional key parts.
func (f mysqlFlavor) indexExpressionColumn() string {
	if !f.MariaDB && f.atLeast(8, 0, 13) {
		return "EXPRESSION"
	}
	return "NULL"
}

// mysqlQueries runs the fixed set of catalog queries for the schemas in c.Schemas.
type mysqlQueries struct {
	q       Queryer
	flavor  mysqlFlavor
	in      string // "(?,?)" for the schema filter
	schemas []any
	// chosen is set when chooseSchemata has read the schemata already.
	chosen bool
	// strs shares the repeated texts of the rows kept (mysql_scan.go); only the goroutine
	// reading the catalog uses it.
	strs schema.Interner
	// columnBatches and indexBatches, when set, take the column and index rows in batches
	// (mysqlRowBatch) instead of the catalog (ReadMySQL's pipeline builds them as they come).
	columnBatches func([]mysqlColumnRow)
	indexBatches  func([]mysqlIndexRow)
}

// mysqlBatchRows is the size of a batch of rows handed to a hook, at least: about 40 KB of
// column rows, some 20 tables' columns or 50 tables' indexes.
const mysqlBatchRows = 256

// mysqlRowBatch gathers the rows of one query for a hook that takes them in batches. A batch
// is cut only where the table changes, so that it holds whole tables when the server sends
// their rows table by table, and each batch is a slice of its own: the hook keeps it.
type mysqlRowBatch[R any] struct {
	rows  []R
	send  func([]R)
	table func(*R) myTableKey
}

func (b *mysqlRowBatch[R]) add(r R) {
	if n := len(b.rows); n >= mysqlBatchRows && b.table(&b.rows[n-1]) != b.table(&r) {
		b.flush()
	}
	if b.rows == nil {
		b.rows = make([]R, 0, 2*mysqlBatchRows) // room for a table past the size
	}
	b.rows = append(b.rows, r)
}

// rowSink is where a query's rows go: appended to the catalog's slice, or, when batches is
// set, to it in batches cut where table changes. Call flush once the rows are read.
func rowSink[R any](catalog *[]R, batches func([]R), table func(*R) myTableKey) (add func(R), flush func()) {
	if batches == nil {
		return func(r R) { *catalog = append(*catalog, r) }, func() {}
	}
	b := &mysqlRowBatch[R]{send: batches, table: table}
	return b.add, b.flush
}

// flush sends the rows gathered, if any.
func (b *mysqlRowBatch[R]) flush() {
	if len(b.rows) > 0 {
		b.send(b.rows)
	}
	b.rows = nil
}

func newMySQLQueries(q Queryer, f mysqlFlavor, schemas []string) *mysqlQueries {
	m := &mysqlQueries{q: q, flavor: f}
	m.filterBy(schemas)
	return m
}

// filterBy makes every query read the databases named.
func (m *mysqlQueries) filterBy(schemas []string) {
	m.schemas = make([]any, len(schemas))
	for i, s := range schemas {
		m.schemas[i] = s
	}
	m.in = "(" + strings.TrimSuffix(strings.Repeat("?,", len(schemas)), ",") + ")"
}

// each runs one query, filtered by the schemas, and calls scan for every row.
func (m *mysqlQueries) each(ctx context.Context, what, query string, scan func(*sql.Rows) error) error {
	if err := eachRow(ctx, m.q, strings.ReplaceAll(query, "(?)", m.in), scan, m.schemas...); err != nil {
		return fmt.Errorf("read %s: %w", what, err)
	}
	return nil
}

// readAll fills c from the catalog, one query per information_schema view, each filtered by
// schema alone. The views are never joined on the server: on MariaDB a join between
// information_schema views re-opens every table per row and takes minutes on large schemas.
// read, when not nil, is told the name of each step once its rows are in c (mysqlBuildStages
// waits for them); "databases" comes first, also when chooseSchemata read them.
//
// The views and checks are read before the columns so that the columns, the most work to
// build, can be built while the server answers the index and foreign key queries.
func (m *mysqlQueries) readAll(ctx context.Context, c *mysqlCatalog, read func(step string)) error {
	steps := []struct {
		name string
		read func(context.Context, *mysqlCatalog) error
	}{
		{"tables", m.readTables}, {"sequences", m.readSequences}, {"views", m.readViews},
		{"check constraints", m.readChecks}, {"columns", m.readColumns}, {"indexes", m.readIndexes},
		{"foreign key columns", m.readForeignKeys}, {"foreign key rules", m.readFKRules},
		{"triggers", m.readTriggers}, {"routines", m.readRoutines}, {"routine parameters", m.readParameters},
		{"partitions", m.readPartitions}, {"events", m.readEvents}, {"privileges", m.readPrivileges},
	}
	if read == nil {
		read = func(string) {}
	}
	if !m.chosen {
		if err := m.readSchemata(ctx, c); err != nil {
			return err
		}
	}
	read("databases")
	for _, step := range steps {
		if err := step.read(ctx, c); err != nil {
			return err
		}
		read(step.name)
	}
	return nil
}

const schemataColumns = "SCHEMA_NAME, DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME"

func (m *mysqlQueries) readSchemata(ctx context.Context, c *mysqlCatalog) error {
	return m.each(ctx, "databases", `SELECT `+schemataColumns+`
		FROM information_schema.SCHEMATA WHERE SCHEMA_NAME IN (?)`, func(r *sql.Rows) error {
		var s mysqlSchemaRow
		err := r.Scan(&s.Name, &s.Charset, &s.Collation)
		c.Schemata = append(c.Schemata, s)
		return err
	})
}

// chooseSchemata reads every database but the system ones in the statement readSchemata
// would have sent, keeps those choose picks (Options.Choose), and filters every later query
// by them.
func (m *mysqlQueries) chooseSchemata(ctx context.Context, c *mysqlCatalog, choose func([]string) []string) error {
	var all []mysqlSchemaRow
	err := eachRow(ctx, m.q, `SELECT `+schemataColumns+` FROM information_schema.SCHEMATA
		WHERE SCHEMA_NAME NOT IN ('mysql', 'sys', 'information_schema', 'performance_schema')`, func(r *sql.Rows) error {
		var s mysqlSchemaRow
		err := r.Scan(&s.Name, &s.Charset, &s.Collation)
		all = append(all, s)
		return err
	})
	if err != nil {
		return fmt.Errorf("read databases: %w", err)
	}
	names := make([]string, len(all))
	for i, s := range all {
		names[i] = s.Name
	}
	slices.Sort(names)
	chosen := map[string]bool{}
	for _, n := range choose(names) {
		chosen[n] = true
	}
	c.Schemas = nil
	for _, s := range all {
		if chosen[s.Name] {
			c.Schemas = append(c.Schemas, s.Name)
			c.Schemata = append(c.Schemata, s)
		}
	}
	slices.Sort(c.Schemas)
	m.filterBy(c.Schemas)
	m.chosen = true
	return nil
}

func (m *mysqlQueries) readTables(ctx context.Context, c *mysqlCatalog) error {
	var t mysqlTableRow
	dests := []any{ // made once per query (mysql_scan.go)
		m.text(&t.Schema), m.text(&t.Name), m.text(&t.Type), m.nullText(&t.Engine),
		m.nullText(&t.RowFormat), &t.Rows, &t.DataLength, &t.IndexLength, &t.AutoIncrement,
		m.nullText(&t.Collation), m.nullText(&t.CreateOptions), m.nullText(&t.Comment),
	}
	return m.each(ctx, "tables", `SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, ENGINE, ROW_FORMAT, TABLE_ROWS,
		DATA_LENGTH, INDEX_LENGTH, CAST(AUTO_INCREMENT AS CHAR), TABLE_COLLATION, CREATE_OPTIONS, TABLE_COMMENT
		FROM information_schema.TABLES WHERE TABLE_SCHEMA IN (?)`, func(r *sql.Rows) error {
		err := r.Scan(dests...)
		c.Tables = append(c.Tables, t)
		return err
	})
}

func (m *mysqlQueries) readColumns(ctx context.Context, c *mysqlCatalog) error {
	var col mysqlColumnRow
	dests := []any{ // made once per query (mysql_scan.go)
		m.text(&col.Schema), m.text(&col.Table), m.text(&col.Name), &col.Position,
		m.nullText(&col.Default), m.text(&col.Nullable), m.text(&col.DataType),
		m.text(&col.ColumnType), m.nullText(&col.Charset), m.nullText(&col.Collation),
		m.text(&col.Extra), m.text(&col.Comment), m.nullText(&col.Generation),
	}
	add, flush := rowSink(&c.Columns, m.columnBatches, func(r *mysqlColumnRow) myTableKey { return myTableKey{r.Schema, r.Table} })
	defer flush()
	return m.each(ctx, "columns", `SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_DEFAULT,
		IS_NULLABLE, DATA_TYPE, COLUMN_TYPE, CHARACTER_SET_NAME, COLLATION_NAME, EXTRA, COLUMN_COMMENT,
		GENERATION_EXPRESSION
		FROM information_schema.COLUMNS WHERE TABLE_SCHEMA IN (?)`, func(r *sql.Rows) error {
		err := r.Scan(dests...)
		add(col)
		return err
	})
}

func (m *mysqlQueries) readIndexes(ctx context.Context, c *mysqlCatalog) error {
	var x mysqlIndexRow
	dests := []any{ // made once per query (mysql_scan.go)
		m.text(&x.Schema), m.text(&x.Table), m.text(&x.Name), &x.NonUnique, &x.Seq,
		m.nullText(&x.Column), m.nullText(&x.Order), &x.SubPart, m.text(&x.Type),
		m.text(&x.Comment), &x.Hidden, m.nullText(&x.Expression),
	}
	query := `SELECT TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME, COLLATION,
		SUB_PART, INDEX_TYPE, INDEX_COMMENT, ` + m.flavor.indexHiddenColumn() + `, ` + m.flavor.indexExpressionColumn() + `
		FROM information_schema.STATISTICS WHERE TABLE_SCHEMA IN (?)`
	add, flush := rowSink(&c.Indexes, m.indexBatches, func(r *mysqlIndexRow) myTableKey { return myTableKey{r.Schema, r.Table} })
	defer flush()
	return m.each(ctx, "indexes", query, func(r *sql.Rows) error {
		err := r.Scan(dests...)
		add(x)
		return err
	})
}

func (m *mysqlQueries) readForeignKeys(ctx context.Context, c *mysqlCatalog) error {
	var k mysqlFKColumnRow
	dests := []any{ // made once per query (mysql_scan.go)
		m.text(&k.Schema), m.text(&k.Table), m.text(&k.Name), m.text(&k.Column), &k.Position,
		m.text(&k.RefSchema), m.text(&k.RefTable), m.text(&k.RefColumn),
	}
	return m.each(ctx, "foreign key columns", `SELECT TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME,
		ORDINAL_POSITION, REFERENCED_TABLE_SCHEMA, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME
		FROM information_schema.KEY_COLUMN_USAGE
		WHERE TABLE_SCHEMA IN (?) AND REFERENCED_TABLE_NAME IS NOT NULL`, func(r *sql.Rows) error {
		err := r.Scan(dests...)
		c.ForeignKeys = append(c.ForeignKeys, k)
		return err
	})
}

func (m *mysqlQueries) readFKRules(ctx context.Context, c *mysqlCatalog) error {
	var k mysqlFKRuleRow
	dests := []any{ // made once per query (mysql_scan.go)
		m.text(&k.Schema), m.text(&k.Table), m.text(&k.Name), m.text(&k.Match),
		m.text(&k.OnUpdate), m.text(&k.OnDelete),
	}
	return m.each(ctx, "foreign key rules", `SELECT CONSTRAINT_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, MATCH_OPTION,
		UPDATE_RULE, DELETE_RULE
		FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA IN (?)`, func(r *sql.Rows) error {
		err := r.Scan(dests...)
		c.FKRules = append(c.FKRules, k)
		return err
	})
}

// readChecks reads CHECK constraints. MariaDB's CHECK_CONSTRAINTS names the table; MySQL's
// does not, so on MySQL the table comes from TABLE_CONSTRAINTS, read on its own and matched
// in Go by (schema, constraint name), which MySQL keeps unique per schema, with ENFORCED
// (MySQL 8.0.16, as CHECK_CONSTRAINTS): NO for a check declared NOT ENFORCED.
func (m *mysqlQueries) readChecks(ctx context.Context, c *mysqlCatalog) error {
	if !m.flavor.hasChecks() {
		c.Notes = append(c.Notes, "this server version keeps no CHECK constraints in information_schema: checks not read")
		return nil
	}
	if m.flavor.MariaDB {
		level := "''"
		if m.flavor.hasCheckLevel() {
			level = "LEVEL"
		}
		return m.each(ctx, "check constraints", `SELECT CONSTRAINT_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, `+level+`, CHECK_CLAUSE
			FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA IN (?)`, func(r *sql.Rows) error {
			var k mysqlCheckRow
			err := r.Scan(&k.Schema, &k.Table, &k.Name, &k.Level, &k.Clause)
			c.Checks = append(c.Checks, k)
			return err
		})
	}
	tableOf := map[[2]string]string{}
	notEnforced := map[[2]string]bool{}
	err := m.each(ctx, "check constraint tables", `SELECT CONSTRAINT_SCHEMA, CONSTRAINT_NAME, TABLE_NAME, ENFORCED
		FROM information_schema.TABLE_CONSTRAINTS WHERE CONSTRAINT_SCHEMA IN (?) AND CONSTRAINT_TYPE = 'CHECK'`, func(r *sql.Rows) error {
		var schemaName, name, table, enforced string
		err := r.Scan(&schemaName, &name, &table, &enforced)
		tableOf[[2]string{schemaName, name}] = table
		notEnforced[[2]string{schemaName, name}] = enforced == "NO"
		return err
	})
	if err != nil {
		return err
	}
	return m.each(ctx, "check constraints", `SELECT CONSTRAINT_SCHEMA, CONSTRAINT_NAME, CHECK_CLAUSE
		FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA IN (?)`, func(r *sql.Rows) error {
		var k mysqlCheckRow
		err := r.Scan(&k.Schema, &k.Name, &k.Clause)
		k.Table = tableOf[[2]string{k.Schema, k.Name}]
		k.NotEnforced = notEnforced[[2]string{k.Schema, k.Name}]
		c.Checks = append(c.Checks, k)
		return err
	})
}

func (m *mysqlQueries) readViews(ctx context.Context, c *mysqlCatalog) error {
	algorithm := "''" // MySQL's VIEWS has no ALGORITHM column
	if m.flavor.MariaDB {
		algorithm = "ALGORITHM"
	}
	return m.each(ctx, "views", `SELECT TABLE_SCHEMA, TABLE_NAME, VIEW_DEFINITION, CHECK_OPTION, SECURITY_TYPE, `+algorithm+`
		FROM information_schema.VIEWS WHERE TABLE_SCHEMA IN (?)`, func(r *sql.Rows) error {
		var v mysqlViewRow
		err := r.Scan(&v.Schema, &v.Name, &v.Definition, &v.CheckOption, &v.Security, &v.Algorithm)
		c.Views = append(c.Views, v)
		return err
	})
}

func (m *mysqlQueries) readTriggers(ctx context.Context, c *mysqlCatalog) error {
	return m.each(ctx, "triggers", `SELECT EVENT_OBJECT_SCHEMA, TRIGGER_NAME, EVENT_MANIPULATION, EVENT_OBJECT_TABLE,
		ACTION_ORDER, ACTION_STATEMENT, ACTION_TIMING, ACTION_ORIENTATION
		FROM information_schema.TRIGGERS WHERE EVENT_OBJECT_SCHEMA IN (?)`, func(r *sql.Rows) error {
		var t mysqlTriggerRow
		err := r.Scan(&t.Schema, &t.Name, &t.Event, &t.Table, &t.Order, &t.Statement, &t.Timing, &t.Level)
		c.Triggers = append(c.Triggers, t)
		return err
	})
}

func (m *mysqlQueries) readRoutines(ctx context.Context, c *mysqlCatalog) error {
	return m.each(ctx, "routines", `SELECT ROUTINE_SCHEMA, ROUTINE_NAME, ROUTINE_TYPE, DTD_IDENTIFIER, ROUTINE_BODY,
		ROUTINE_DEFINITION, IS_DETERMINISTIC, SQL_DATA_ACCESS, SECURITY_TYPE, ROUTINE_COMMENT
		FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA IN (?)`, func(r *sql.Rows) error {
		var x mysqlRoutineRow
		err := r.Scan(&x.Schema, &x.Name, &x.Type, &x.Returns, &x.Body, &x.Definition, &x.Deterministic,
			&x.DataAccess, &x.Security, &x.Comment)
		c.Routines = append(c.Routines, x)
		return err
	})
}

// readEvents reads the scheduled events: one statement for every database. A recurring event
// created or altered without STARTS gets the time of that statement as its STARTS; the query
// tells those (STARTS equal to CREATED or LAST_ALTERED, which are in the session's time zone
// where STARTS is in the event's) so that two databases made at different times compare equal.
func (m *mysqlQueries) readEvents(ctx context.Context, c *mysqlCatalog) error {
	return m.each(ctx, "events", `SELECT EVENT_SCHEMA, EVENT_NAME, DEFINER, EVENT_DEFINITION,
		CAST(EXECUTE_AT AS CHAR), INTERVAL_VALUE, INTERVAL_FIELD, CAST(STARTS AS CHAR), CAST(ENDS AS CHAR),
		STATUS, ON_COMPLETION, EVENT_COMMENT,
		COALESCE(STARTS = CONVERT_TZ(CREATED, @@session.time_zone, TIME_ZONE)
		  OR STARTS = CONVERT_TZ(LAST_ALTERED, @@session.time_zone, TIME_ZONE), 0)
		FROM information_schema.EVENTS WHERE EVENT_SCHEMA IN (?)`, func(r *sql.Rows) error {
		var e mysqlEventRow
		err := r.Scan(&e.Schema, &e.Name, &e.Definer, &e.Body, &e.ExecuteAt, &e.IntervalValue, &e.IntervalField,
			&e.Starts, &e.Ends, &e.Status, &e.OnCompletion, &e.Comment, &e.StartsDefaulted)
		c.Events = append(c.Events, e)
		return err
	})
}

func (m *mysqlQueries) readParameters(ctx context.Context, c *mysqlCatalog) error {
	return m.each(ctx, "routine parameters", `SELECT SPECIFIC_SCHEMA, SPECIFIC_NAME, ROUTINE_TYPE, ORDINAL_POSITION,
		PARAMETER_MODE, PARAMETER_NAME, DTD_IDENTIFIER
		FROM information_schema.PARAMETERS WHERE SPECIFIC_SCHEMA IN (?)`, func(r *sql.Rows) error {
		var p mysqlParamRow
		err := r.Scan(&p.Schema, &p.Routine, &p.Type, &p.Position, &p.Mode, &p.Name, &p.DataType)
		c.Parameters = append(c.Parameters, p)
		return err
	})
}

// readPartitions runs only when some table is partitioned: on MariaDB information_schema.PARTITIONS
// opens every table of the schema, which is pure cost when none is partitioned.
func (m *mysqlQueries) readPartitions(ctx context.Context, c *mysqlCatalog) error {
	if !myAnyPartitioned(c.Tables) {
		return nil
	}
	return m.each(ctx, "partitions", `SELECT TABLE_SCHEMA, TABLE_NAME, PARTITION_NAME, SUBPARTITION_NAME,
		PARTITION_METHOD, PARTITION_EXPRESSION, PARTITION_DESCRIPTION, SUBPARTITION_METHOD, SUBPARTITION_EXPRESSION,
		PARTITION_COMMENT
		FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA IN (?) AND PARTITION_NAME IS NOT NULL
		ORDER BY TABLE_SCHEMA, TABLE_NAME, PARTITION_ORDINAL_POSITION, SUBPARTITION_ORDINAL_POSITION`, func(r *sql.Rows) error {
		var p mysqlPartRow
		err := r.Scan(&p.Schema, &p.Table, &p.Name, &p.SubName, &p.Method, &p.Expression, &p.Description,
			&p.SubMethod, &p.SubExpression, &p.Comment)
		c.Partitions = append(c.Partitions, p)
		return err
	})
}

func myAnyPartitioned(tables []mysqlTableRow) bool {
	for _, t := range tables {
		if t.CreateOptions != nil && strings.Contains(*t.CreateOptions, "partitioned") {
			return true
		}
	}
	return false
}

// currentGrantee spells CURRENT_USER() the way the privilege views write GRANTEE: 'user'@'host'.
const currentGrantee = `CONCAT('''', SUBSTRING_INDEX(CURRENT_USER(), '@', 1), '''@''', SUBSTRING_INDEX(CURRENT_USER(), '@', -1), '''')`

// readPrivileges finds what the user may read as a whole, per database: tables (SELECT on
// *.* or db.*), stored routines (global SELECT, or EXECUTE or ALTER ROUTINE on *.* or db.*)
// triggers (TRIGGER on *.* or db.*) and events (EVENT on *.* or db.*). information_schema silently leaves out what a user
// may not see, so whatever is not read as a whole gets a note and is recorded as unread
// (Unread), which diff treats as unknown rather than absent. Privileges through roles are not
// followed: such a user gets the note although it may see everything.
func (m *mysqlQueries) readPrivileges(ctx context.Context, c *mysqlCatalog) error {
	granted := map[[2]string]bool{} // (database or "*", privilege)
	err := m.each(ctx, "privileges", `SELECT '*', PRIVILEGE_TYPE FROM information_schema.USER_PRIVILEGES
		WHERE GRANTEE = `+currentGrantee+` AND PRIVILEGE_TYPE IN ('SELECT', 'EXECUTE', 'ALTER ROUTINE', 'TRIGGER', 'EVENT')
		UNION ALL SELECT TABLE_SCHEMA, PRIVILEGE_TYPE FROM information_schema.SCHEMA_PRIVILEGES
		WHERE GRANTEE = `+currentGrantee+` AND PRIVILEGE_TYPE IN ('SELECT', 'EXECUTE', 'ALTER ROUTINE', 'TRIGGER', 'EVENT') AND TABLE_SCHEMA IN (?)`, func(r *sql.Rows) error {
		var name, privilege string
		err := r.Scan(&name, &privilege)
		granted[[2]string{name, privilege}] = true
		return err
	})
	if err != nil {
		return err
	}
	has := func(db string, privileges ...string) bool {
		for _, p := range privileges {
			if granted[[2]string{"*", p}] || granted[[2]string{db, p}] {
				return true
			}
		}
		return false
	}
	for _, name := range c.Schemas {
		if !has(name, "SELECT") {
			c.Notes = append(c.Notes, fmt.Sprintf("the user has no SELECT privilege on all of database %q: "+
				"only the tables and columns it holds grants on were read", name))
			c.Unread = append(c.Unread, schema.Unread{Kind: schema.UnreadTables, Schema: name})
			if m.flavor.MariaDB && !myUnread(c, schema.UnreadSequences, name) { // sequences are tables there
				c.Unread = append(c.Unread, schema.Unread{Kind: schema.UnreadSequences, Schema: name})
			}
		}
		if !granted[[2]string{"*", "SELECT"}] && !has(name, "EXECUTE", "ALTER ROUTINE") {
			c.Notes = append(c.Notes, fmt.Sprintf("stored routines of database %q not read: the user needs EXECUTE on it (or SELECT on *.*)", name))
			c.Unread = append(c.Unread, schema.Unread{Kind: schema.UnreadFunctions, Schema: name})
		}
		if !has(name, "TRIGGER") {
			c.Notes = append(c.Notes, fmt.Sprintf("triggers of database %q not read: the user needs the TRIGGER privilege on it", name))
			c.Unread = append(c.Unread, schema.Unread{Kind: schema.UnreadTriggers, Schema: name})
		}
		if !has(name, "EVENT") {
			c.Notes = append(c.Notes, fmt.Sprintf("events of database %q not read: the user needs the EVENT privilege on it", name))
			c.Unread = append(c.Unread, schema.Unread{Kind: schema.UnreadEvents, Schema: name})
		}
	}
	return nil
}

// myUnread reports a kind already recorded as unread in a database.
func myUnread(c *mysqlCatalog, kind schema.UnreadKind, name string) bool {
	return slices.Contains(c.Unread, schema.Unread{Kind: kind, Schema: name})
}

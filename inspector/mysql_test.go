package inspector

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/drivers"
	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/schema"
)

// inspectMySQL inspects a test database through the same path as the CLI: URL → target →
// driver → read-only transaction → ReadMySQL. extra names more databases (--schema).
func inspectMySQL(t testing.TB, rawURL string, extra ...string) *schema.Database {
	t.Helper()
	target, err := drivers.Resolve(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	o := Options{}
	if len(extra) > 0 {
		o.Schemas = append([]string{target.Database}, extra...)
	}
	m, err := Inspect(context.Background(), target, o)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// mustTable finds a table or fails the test.
func mustTable(t *testing.T, m *schema.Database, schemaName, table string) *schema.Table {
	t.Helper()
	s := m.Schema(schemaName)
	if s == nil {
		t.Fatalf("schema %q missing", schemaName)
	}
	tb := s.Table(table)
	if tb == nil {
		names := []string{}
		for _, x := range s.Tables {
			names = append(names, x.Name)
		}
		t.Fatalf("table %q missing; have %q", table, names)
	}
	return tb
}

func mustColumn(t *testing.T, tb *schema.Table, name string) *schema.Column {
	t.Helper()
	c := tb.Column(name)
	if c == nil {
		t.Fatalf("%s: column %q missing", tb.Name, name)
	}
	return c
}

func mustIndex(t *testing.T, tb *schema.Table, name string) *schema.Index {
	t.Helper()
	x := tb.Index(name)
	if x == nil {
		t.Fatalf("%s: index %q missing", tb.Name, name)
	}
	return x
}

func sp(s string) *string { return &s }

const mysqlObjectsDDL = "CREATE TABLE `parent` (\n" +
	"  id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,\n" +
	"  code varchar(10) NOT NULL DEFAULT 'it''s',\n" +
	"  a int NOT NULL, b int NOT NULL,\n" +
	"  UNIQUE KEY uq_code (code), UNIQUE KEY uq_ab (a, b)\n" +
	") ENGINE=InnoDB COMMENT='parents' AUTO_INCREMENT=42;\n" +
	"CREATE TABLE `child` (\n" +
	"  id bigint NOT NULL AUTO_INCREMENT,\n" +
	"  parent_id int unsigned DEFAULT NULL,\n" +
	"  pa int, pb int,\n" +
	"  flag tinyint(1) NOT NULL DEFAULT 0,\n" +
	"  small tinyint, wide int(11), z int(5) unsigned zerofill, y year(4),\n" +
	"  amount decimal(12,2) unsigned DEFAULT 1.50,\n" +
	"  kind enum('a','b''c') DEFAULT 'a',\n" +
	"  flags set('x','y') NOT NULL DEFAULT 'x,y',\n" +
	"  doc json,\n" +
	"  pt point NOT NULL,\n" +
	"  body text,\n" +
	"  created timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),\n" +
	"  day date DEFAULT '2020-01-01',\n" +
	"  label varchar(20) CHARACTER SET latin1 COLLATE latin1_swedish_ci COMMENT 'a label',\n" +
	"  bin_label varchar(20) COLLATE utf8mb4_bin,\n" +
	"  total bigint GENERATED ALWAYS AS (id * 2) VIRTUAL,\n" +
	"  tag varchar(30) AS (concat(body, 'x')) STORED,\n" +
	"  note varchar(20) DEFAULT (concat('a','b')),\n" +
	"  secret int INVISIBLE,\n" +
	"  positive int CHECK (positive > 0),\n" +
	"  PRIMARY KEY (id),\n" +
	"  KEY ix_amount_desc (amount DESC, label(5)),\n" +
	"  FULLTEXT KEY ft_body (body),\n" +
	"  SPATIAL KEY sp_pt (pt),\n" +
	"  KEY ix_ignored (small) IGNORED COMMENT 'not used',\n" +
	"  KEY ix_hash (wide) USING HASH,\n" +
	"  CONSTRAINT fk_parent FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE CASCADE,\n" +
	"  CONSTRAINT fk_ab FOREIGN KEY (pa, pb) REFERENCES parent (a, b) ON DELETE SET NULL ON UPDATE CASCADE,\n" +
	"  CONSTRAINT ck_amount CHECK (amount >= 0 AND kind <> 'b''c')\n" +
	") COMMENT='children' ROW_FORMAT=COMPACT;\n" +
	// hostile names: reserved words, unicode, a backtick, mixed case, spaces
	"CREATE TABLE `select` (`from` int PRIMARY KEY, `we``ird col` varchar(5), `Grüße 表` int, KEY `index` (`we``ird col`));\n" +
	"CREATE TABLE `MixedCase Table` (`Id` int, CONSTRAINT `Fk to select` FOREIGN KEY (`Id`) REFERENCES `select` (`from`));\n" +
	"CREATE TABLE parts (id int NOT NULL, y int NOT NULL, PRIMARY KEY (id, y)) PARTITION BY RANGE (y) (PARTITION p0 VALUES LESS THAN (2000), PARTITION pmax VALUES LESS THAN MAXVALUE);\n" +
	"CREATE ALGORITHM=MERGE SQL SECURITY INVOKER VIEW v_child AS SELECT c.id, c.amount, 'x' AS lit FROM child c WHERE c.amount > 1 WITH LOCAL CHECK OPTION;\n" +
	"CREATE VIEW `view of select` AS SELECT `from` FROM `select`;\n" +
	"CREATE TRIGGER trg_child_bi BEFORE INSERT ON child FOR EACH ROW SET NEW.note = 'trig';\n" +
	"CREATE TRIGGER trg_child_au AFTER UPDATE ON child FOR EACH ROW BEGIN\n  DELETE FROM parts WHERE id = OLD.id;\nEND;\n" +
	"CREATE FUNCTION f_add(a int, b varchar(10)) RETURNS int DETERMINISTIC COMMENT 'adds' RETURN a + 1;\n" +
	"CREATE PROCEDURE p_touch(IN p_id bigint, OUT p_n int) SQL SECURITY INVOKER MODIFIES SQL DATA BEGIN\n  UPDATE child SET note = 'x' WHERE id = p_id;\n  SET p_n = ROW_COUNT();\nEND;\n"

func TestMySQLObjects(t *testing.T) {
	db := dbtest.MySQL(t)
	db.Exec(t, mysqlObjectsDDL)
	m := inspectMySQL(t, db.URL)

	if !strings.Contains(m.ServerVersion, "MariaDB") || m.Dialect != schema.MySQL {
		t.Errorf("server = %q %q", m.Dialect, m.ServerVersion)
	}
	if len(m.Notes) != 0 {
		t.Errorf("notes for an administrator: %q", m.Notes)
	}
	s := m.Schema(db.Name)
	if s == nil || s.MySQL == nil || s.MySQL.Charset != "utf8mb4" || s.MySQL.Collation != "utf8mb4_general_ci" {
		t.Fatalf("schema = %+v", s)
	}
	t.Run("tables", func(t *testing.T) { checkMySQLTables(t, m, db.Name) })
	t.Run("columns", func(t *testing.T) { checkMySQLColumns(t, mustTable(t, m, db.Name, "child")) })
	t.Run("keys", func(t *testing.T) { checkMySQLKeys(t, m, db.Name) })
	t.Run("indexes", func(t *testing.T) { checkMySQLIndexes(t, mustTable(t, m, db.Name, "child")) })
	t.Run("views", func(t *testing.T) { checkMySQLViews(t, s) })
	t.Run("triggers", func(t *testing.T) { checkMySQLTriggers(t, mustTable(t, m, db.Name, "child")) })
	t.Run("routines", func(t *testing.T) { checkMySQLRoutines(t, s) })
	t.Run("hostile names", func(t *testing.T) { checkMySQLHostileNames(t, m, db.Name) })
}

func checkMySQLTables(t *testing.T, m *schema.Database, dbName string) {
	parent := mustTable(t, m, dbName, "parent")
	if got := *parent.MySQL; got != (schema.MySQLTable{Engine: "InnoDB", Charset: "utf8mb4", Collation: "utf8mb4_general_ci"}) { // no ROW_FORMAT declared: none in the model
		t.Errorf("parent.MySQL = %+v", got)
	}
	if parent.Comment == nil || *parent.Comment != "parents" {
		t.Errorf("parent comment = %v", parent.Comment)
	}
	if parent.Stats == nil || parent.Stats.AutoIncrement == nil || *parent.Stats.AutoIncrement != 42 {
		t.Errorf("parent stats = %+v", parent.Stats)
	}
	child := mustTable(t, m, dbName, "child")
	if child.MySQL.RowFormat != "COMPACT" || child.MySQL.CreateOptions != "" {
		t.Errorf("child row format %q, options %q", child.MySQL.RowFormat, child.MySQL.CreateOptions)
	}
	parts := mustTable(t, m, dbName, "parts")
	if want := "RANGE (`y`) (p0 VALUES LESS THAN (2000), pmax VALUES LESS THAN MAXVALUE)"; parts.MySQL.Partitioning != want {
		t.Errorf("partitioning = %q, want %q", parts.MySQL.Partitioning, want)
	}
}

func checkMySQLColumns(t *testing.T, child *schema.Table) {
	tests := []struct {
		name string
		want schema.Column
	}{
		{"id", schema.Column{Name: "id", Type: "bigint", AutoIncrement: true}},
		{"parent_id", schema.Column{Name: "parent_id", Type: "int unsigned", Nullable: true}},
		{"flag", schema.Column{Name: "flag", Type: "tinyint(1)", Default: sp("0")}},
		{"small", schema.Column{Name: "small", Type: "tinyint", Nullable: true}},
		{"wide", schema.Column{Name: "wide", Type: "int", Nullable: true}},
		{"z", schema.Column{Name: "z", Type: "int(5) unsigned zerofill", Nullable: true}},
		{"y", schema.Column{Name: "y", Type: "year", Nullable: true}},
		{"amount", schema.Column{Name: "amount", Type: "decimal(12,2) unsigned", Nullable: true, Default: sp("1.50")}},
		{"kind", schema.Column{Name: "kind", Type: "enum('a','b''c')", Nullable: true, Default: sp("'a'")}},
		{"flags", schema.Column{Name: "flags", Type: "set('x','y')", Default: sp("'x,y'")}},
		{"doc", schema.Column{Name: "doc", Type: "json", Nullable: true}},
		{"pt", schema.Column{Name: "pt", Type: "point"}},
		{"created", schema.Column{Name: "created", Type: "timestamp(3)", Default: sp("current_timestamp(3)"),
			MySQL: &schema.MySQLColumn{OnUpdate: "current_timestamp(3)"}}},
		{"day", schema.Column{Name: "day", Type: "date", Nullable: true, Default: sp("'2020-01-01'")}},
		{"label", schema.Column{Name: "label", Type: "varchar(20)", Nullable: true, Comment: sp("a label"),
			Collation: "latin1_swedish_ci", MySQL: &schema.MySQLColumn{Charset: "latin1"}}},
		{"bin_label", schema.Column{Name: "bin_label", Type: "varchar(20)", Nullable: true, Collation: "utf8mb4_bin"}},
		{"total", schema.Column{Name: "total", Type: "bigint", Nullable: true,
			Generated: &schema.Generated{Expression: "`id` * 2", Kind: "VIRTUAL"}}},
		{"tag", schema.Column{Name: "tag", Type: "varchar(30)", Nullable: true,
			Generated: &schema.Generated{Expression: "concat(`body`,'x')", Kind: "STORED"}}},
		{"note", schema.Column{Name: "note", Type: "varchar(20)", Nullable: true, Default: sp("concat('a','b')")}},
		{"secret", schema.Column{Name: "secret", Type: "int", Nullable: true, Invisible: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mustColumn(t, child, tt.name)
			if !reflect.DeepEqual(*got, tt.want) {
				t.Errorf("\n got %s\nwant %s", jsonOf(got), jsonOf(tt.want))
			}
		})
	}
	if child.Columns[0].Name != "id" || child.Columns[len(child.Columns)-1].Name != "positive" {
		t.Errorf("columns out of position order: first %q, last %q", child.Columns[0].Name, child.Columns[len(child.Columns)-1].Name)
	}
}

func checkMySQLKeys(t *testing.T, m *schema.Database, dbName string) {
	parent := mustTable(t, m, dbName, "parent")
	if want := (&schema.PrimaryKey{Columns: []string{"id"}}); !reflect.DeepEqual(parent.PrimaryKey, want) {
		t.Errorf("parent pk = %s", jsonOf(parent.PrimaryKey))
	}
	wantUniques := []schema.Unique{{Name: "uq_ab", Columns: []string{"a", "b"}}, {Name: "uq_code", Columns: []string{"code"}}}
	if !reflect.DeepEqual(parent.Uniques, wantUniques) {
		t.Errorf("parent uniques = %s", jsonOf(parent.Uniques))
	}
	if x := mustIndex(t, parent, "uq_ab"); !x.Unique || x.Constraint != "uq_ab" {
		t.Errorf("uq_ab index = %s", jsonOf(x))
	}
	child := mustTable(t, m, dbName, "child")
	wantFKs := []schema.ForeignKey{
		{Name: "fk_ab", Columns: []string{"pa", "pb"}, RefSchema: dbName, RefTable: "parent", RefColumns: []string{"a", "b"},
			OnDelete: "SET NULL", OnUpdate: "CASCADE"},
		{Name: "fk_parent", Columns: []string{"parent_id"}, RefSchema: dbName, RefTable: "parent", RefColumns: []string{"id"},
			OnDelete: "CASCADE", OnUpdate: "NO ACTION"},
	}
	if !reflect.DeepEqual(child.ForeignKeys, wantFKs) {
		t.Errorf("child fks = %s", jsonOf(child.ForeignKeys))
	}
	wantChecks := []schema.Check{
		{Name: "ck_amount", Expression: "`amount` >= 0 and `kind` <> 'b\\'c'"},
		{Name: "positive", Expression: "`positive` > 0", Column: "positive"},
	}
	if !reflect.DeepEqual(child.Checks, wantChecks) {
		t.Errorf("child checks = %s", jsonOf(child.Checks))
	}
}

func checkMySQLIndexes(t *testing.T, child *schema.Table) {
	tests := []schema.Index{
		{Name: "PRIMARY", Unique: true, Columns: []string{"id"}, Parts: []schema.IndexPart{{Column: "id"}}, Method: "btree", Constraint: "PRIMARY"},
		{Name: "ix_amount_desc", Columns: []string{"amount", "label"}, Method: "btree",
			Parts: []schema.IndexPart{{Column: "amount", Desc: true}, {Column: "label", Length: 5}}},
		{Name: "ft_body", Columns: []string{"body"}, Parts: []schema.IndexPart{{Column: "body"}}, Method: "fulltext"},
		{Name: "sp_pt", Columns: []string{"pt"}, Parts: []schema.IndexPart{{Column: "pt"}}, Method: "spatial"},
		{Name: "ix_ignored", Columns: []string{"small"}, Parts: []schema.IndexPart{{Column: "small"}}, Method: "btree",
			Invisible: true, Comment: sp("not used")},
		// InnoDB has no hash indexes: it silently builds a B-tree, and the catalog says so.
		{Name: "ix_hash", Columns: []string{"wide"}, Parts: []schema.IndexPart{{Column: "wide"}}, Method: "btree"},
		// InnoDB adds an index for each FK without one; it carries the FK's name.
		{Name: "fk_ab", Columns: []string{"pa", "pb"}, Parts: []schema.IndexPart{{Column: "pa"}, {Column: "pb"}}, Method: "btree"},
	}
	for _, want := range tests {
		t.Run(want.Name, func(t *testing.T) {
			if got := mustIndex(t, child, want.Name); !reflect.DeepEqual(*got, want) {
				t.Errorf("\n got %s\nwant %s", jsonOf(got), jsonOf(want))
			}
		})
	}
}

func checkMySQLViews(t *testing.T, s *schema.Schema) {
	v := s.View("v_child")
	if v == nil {
		t.Fatal("view v_child missing")
	}
	want := "select `c`.`id` AS `id`,`c`.`amount` AS `amount`,'x' AS `lit` from `child` `c` where `c`.`amount` > 1"
	if v.Definition != want {
		t.Errorf("definition\n got %s\nwant %s", v.Definition, want)
	}
	if v.CheckOption != "LOCAL" || *v.MySQL != (schema.MySQLView{Algorithm: "MERGE", SecurityType: "INVOKER"}) {
		t.Errorf("check option %q, mysql %+v", v.CheckOption, v.MySQL)
	}
	if len(v.Columns) != 3 || v.Columns[1].Name != "amount" || v.Columns[1].Type != "decimal(12,2) unsigned" {
		t.Errorf("view columns = %s", jsonOf(v.Columns))
	}
	if w := s.View("view of select"); w == nil || w.Definition != "select `select`.`from` AS `from` from `select`" {
		t.Errorf("view of select = %s", jsonOf(w))
	}
}

func checkMySQLTriggers(t *testing.T, child *schema.Table) {
	want := []schema.Trigger{
		{Name: "trg_child_au", Timing: "AFTER", Events: []schema.TriggerEvent{"UPDATE"}, Level: "ROW",
			Definition: "BEGIN\n  DELETE FROM parts WHERE id = OLD.id;\nEND"},
		{Name: "trg_child_bi", Timing: "BEFORE", Events: []schema.TriggerEvent{"INSERT"}, Level: "ROW", Definition: "SET NEW.note = 'trig'"},
	}
	if !reflect.DeepEqual(child.Triggers, want) {
		t.Errorf("triggers = %s", jsonOf(child.Triggers))
	}
}

func checkMySQLRoutines(t *testing.T, s *schema.Schema) {
	want := []schema.Function{
		{Name: "f_add", Kind: "function", Arguments: "`a` int, `b` varchar(10)", Returns: "int", Language: "SQL",
			Comment:    sp("adds"),
			Definition: "CREATE FUNCTION `f_add`(`a` int, `b` varchar(10)) RETURNS int DETERMINISTIC\nRETURN a + 1"},
		{Name: "p_touch", Kind: "procedure", Arguments: "IN `p_id` bigint, OUT `p_n` int", Language: "SQL",
			Definition: "CREATE PROCEDURE `p_touch`(IN `p_id` bigint, OUT `p_n` int) MODIFIES SQL DATA SQL SECURITY INVOKER\n" +
				"BEGIN\n  UPDATE child SET note = 'x' WHERE id = p_id;\n  SET p_n = ROW_COUNT();\nEND"},
	}
	if !reflect.DeepEqual(s.Functions, want) {
		t.Errorf("routines\n got %s\nwant %s", jsonOf(s.Functions), jsonOf(want))
	}
}

func checkMySQLHostileNames(t *testing.T, m *schema.Database, dbName string) {
	sel := mustTable(t, m, dbName, "select")
	for _, c := range []string{"from", "we`ird col", "Grüße 表"} {
		mustColumn(t, sel, c)
	}
	if x := mustIndex(t, sel, "index"); !reflect.DeepEqual(x.Columns, []string{"we`ird col"}) {
		t.Errorf("index `index` = %s", jsonOf(x))
	}
	mixed := mustTable(t, m, dbName, "MixedCase Table")
	if len(mixed.ForeignKeys) != 1 || mixed.ForeignKeys[0].Name != "Fk to select" || mixed.ForeignKeys[0].RefTable != "select" ||
		mixed.ForeignKeys[0].RefColumns[0] != "from" {
		t.Errorf("MixedCase fks = %s", jsonOf(mixed.ForeignKeys))
	}
}

func jsonOf(v any) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
	return strings.TrimSpace(b.String())
}

// TestMySQLCrossDatabase reads two databases (the URL's and one --schema) with an FK between
// them, and the note for a database that does not exist.
func TestMySQLCrossDatabase(t *testing.T) {
	other := dbtest.MySQL(t)
	other.Exec(t, "CREATE TABLE accounts (id int PRIMARY KEY, region char(2) NOT NULL, UNIQUE KEY (id, region))")
	db := dbtest.MySQL(t)
	db.Exec(t, "CREATE TABLE orders (id int PRIMARY KEY, account_id int, region char(2), "+
		"CONSTRAINT fk_account FOREIGN KEY (account_id, region) REFERENCES `"+other.Name+"`.accounts (id, region) ON DELETE RESTRICT)")
	m := inspectMySQL(t, db.URL, other.Name, "dbi_no_such_database")
	if len(m.Schemas) != 2 {
		t.Fatalf("schemas = %d, want 2", len(m.Schemas))
	}
	fk := mustTable(t, m, db.Name, "orders").ForeignKeys
	want := []schema.ForeignKey{{Name: "fk_account", Columns: []string{"account_id", "region"}, RefSchema: other.Name,
		RefTable: "accounts", RefColumns: []string{"id", "region"}, OnDelete: "NO ACTION", OnUpdate: "NO ACTION"}}
	if !reflect.DeepEqual(fk, want) {
		t.Errorf("fk = %s", jsonOf(fk))
	}
	mustTable(t, m, other.Name, "accounts")
	if len(m.Notes) != 1 || !strings.Contains(m.Notes[0], "dbi_no_such_database") {
		t.Errorf("notes = %q", m.Notes)
	}
}

// TestMySQLPartialGrants inspects as a user that may read one table only: it gets that table
// and a note saying the picture may be partial.
func TestMySQLPartialGrants(t *testing.T) {
	db := dbtest.MySQL(t)
	db.Exec(t, "CREATE TABLE visible (id int PRIMARY KEY, secret_col int)", "CREATE TABLE hidden (id int PRIMARY KEY)",
		"CREATE VIEW v AS SELECT id FROM hidden",
		"CREATE PROCEDURE p() SELECT 1", "CREATE SEQUENCE sq")
	user := "dbi_ro_" + db.Name[len(db.Name)-8:]
	db.Exec(t, "CREATE USER '"+user+"'@'%' IDENTIFIED BY 'pw'",
		"GRANT SELECT (id) ON `"+db.Name+"`.visible TO '"+user+"'@'%'",
		"GRANT SELECT ON `"+db.Name+"`.v TO '"+user+"'@'%'",
		"GRANT EXECUTE ON PROCEDURE `"+db.Name+"`.p TO '"+user+"'@'%'",
		// Listed in TABLES, but its row may not be read: no sequence is read, none is failed.
		"GRANT INSERT ON `"+db.Name+"`.sq TO '"+user+"'@'%'")
	t.Cleanup(func() { _, _ = db.Admin.Exec("DROP USER IF EXISTS '" + user + "'@'%'") })
	u, _ := url.Parse(db.URL)
	u.User = url.UserPassword(user, "pw")
	m := inspectMySQL(t, u.String())
	s := m.Schema(db.Name)
	if s == nil || len(s.Tables) != 1 || s.Tables[0].Name != "visible" {
		t.Fatalf("schema = %s", jsonOf(s))
	}
	if cols := s.Tables[0].Columns; len(cols) != 1 || cols[0].Name != "id" {
		t.Errorf("columns = %s", jsonOf(cols))
	}
	notes := strings.Join(m.Notes, "\n")
	for _, want := range []string{"SELECT", "view definition", "routine bodies", "triggers of database", "events of database", "sequences not read"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
	// The same as data, for diff: these kinds are unknown on this side, not absent.
	want := []schema.Unread{{Kind: schema.UnreadSequences, Schema: db.Name}, {Kind: schema.UnreadTables, Schema: db.Name},
		{Kind: schema.UnreadFunctions, Schema: db.Name},
		{Kind: schema.UnreadTriggers, Schema: db.Name}, {Kind: schema.UnreadEvents, Schema: db.Name}, {Kind: schema.UnreadDefinitions}}
	if fmt.Sprint(m.Unread) != fmt.Sprint(want) {
		t.Errorf("unread = %v, want %v", m.Unread, want)
	}
}

// countMySQLStatements inspects db through a counting Queryer.
func countMySQLStatements(t testing.TB, db *dbtest.DB) (int, *schema.Database) {
	t.Helper()
	admin := db.Admin
	tx, err := admin.BeginTx(context.Background(), &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback() //nolint:errcheck
	cq := &countingQueryer{Queryer: tx}
	m, err := ReadMySQL(context.Background(), cq, Options{Schemas: []string{db.Name}})
	if err != nil {
		t.Fatal(err)
	}
	return cq.statements, m
}

// TestMySQLStatementCount: the number of statements does not grow with the number of tables.
func TestMySQLStatementCount(t *testing.T) {
	counts := map[int]int{}
	for _, n := range []int{10, 1000} {
		db := dbtest.MySQL(t)
		var ddl strings.Builder
		for i := range n {
			ddl.WriteString(genTableDDL(i))
		}
		db.Exec(t, ddl.String())
		got, m := countMySQLStatements(t, db)
		if len(m.Schemas[0].Tables) != n {
			t.Fatalf("read %d tables, want %d", len(m.Schemas[0].Tables), n)
		}
		counts[n] = got
	}
	if counts[10] != counts[1000] {
		t.Errorf("statements: %d for 10 tables, %d for 1,000", counts[10], counts[1000])
	}
	t.Logf("statements per inspection: %d", counts[10])
}

// genTableDDL makes table i with every kind of object that is read per table.
func genTableDDL(i int) string {
	name := "t" + strconv.Itoa(i)
	fk := ""
	if i > 0 {
		fk = ", parent_id int, CONSTRAINT fk_" + name + " FOREIGN KEY (parent_id) REFERENCES t0 (id)"
	}
	seq := "" // MariaDB sequences, all read by one statement however many there are
	if i%10 == 0 {
		seq = "CREATE SEQUENCE seq_" + name + ";\n"
	}
	return "CREATE TABLE " + name + " (id int PRIMARY KEY, c varchar(10) DEFAULT 'x', j json, " +
		"CONSTRAINT ck_" + name + " CHECK (id > 0), UNIQUE KEY ux_" + name + " (c)" + fk + ") COMMENT='t';\n" +
		"CREATE TRIGGER tr_" + name + " BEFORE INSERT ON " + name + " FOR EACH ROW SET NEW.c = 'y';\n" + seq
}

// TestMySQLPipelinedBuildAsSequential: ReadMySQL builds while it reads (mysqlBuildStages);
// every stage's needs are steps the reading reports, each stage is started before the
// reading ends when its steps are read early, and the model is the one buildMySQL makes of
// the same rows.
func TestMySQLPipelinedBuildAsSequential(t *testing.T) {
	db := dbtest.MySQL(t)
	db.Exec(t, "CREATE TABLE `p;1` (id int PRIMARY KEY, j json, CHECK (id > 0)) COMMENT 'x'",
		"CREATE TABLE c (id int PRIMARY KEY, p int, KEY ix (p), FOREIGN KEY (p) REFERENCES `p;1` (id))",
		"CREATE VIEW v AS SELECT id FROM c", "CREATE SEQUENCE s",
		"CREATE TRIGGER tr BEFORE INSERT ON c FOR EACH ROW SET NEW.p = NEW.p")
	tx, err := db.Admin.BeginTx(context.Background(), &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback() //nolint:errcheck
	o := Options{Schemas: []string{db.Name}}
	var steps []string
	c, err := fetchMySQLCatalog(context.Background(), tx, o, &mysqlReadHooks{step: func(_ *mysqlCatalog, step string) { steps = append(steps, step) }})
	if err != nil {
		t.Fatal(err)
	}
	for i, stage := range mysqlBuildStages {
		for _, need := range stage.needs {
			if !slices.Contains(steps, need) {
				t.Errorf("stage %d needs %q, which the reading never reports (it reports %q)", i, need, steps)
			}
		}
	}
	again, err := readMySQLCatalog(context.Background(), tx, o) // the pipeline lets go of rows
	if err != nil {
		t.Fatal(err)
	}
	var p mysqlPipeline
	for _, step := range steps[:len(steps)-1] { // all but the last: privileges
		p.read(again, step)
	}
	if built := p.wait(); built != len(mysqlBuildStages) {
		t.Errorf("before the last step, %d of %d stages ran", built, len(mysqlBuildStages))
	}
	if again.Columns != nil || again.Indexes != nil {
		t.Errorf("the pipeline kept %d column and %d index rows past their stages", len(again.Columns), len(again.Indexes))
	}
	want, err := json.Marshal(buildMySQL(c))
	if err != nil {
		t.Fatal(err)
	}
	m, err := ReadMySQL(context.Background(), tx, o)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := json.Marshal(m); string(got) != string(want) {
		t.Errorf("pipelined:\n%s\nsequential:\n%s", got, want)
	}
}

// TestMySQLRowsNotHeld: ReadMySQL hands every column and index row to the builder in batches
// as they are read, and no more than a few batches wait at once, where the rows used to wait
// in the catalog until their stage: at 20,000 tables the 240,000 column rows were most of
// the peak memory. The model is the one buildMySQL makes of the same rows.
func TestMySQLRowsNotHeld(t *testing.T) {
	const tables, columns = 300, 16
	db := dbtest.MySQL(t)
	var ddl strings.Builder
	for i := range tables {
		fmt.Fprintf(&ddl, "CREATE TABLE `t;%d``x` (id int PRIMARY KEY", i) // hostile, and sorted apart from its number
		for j := 1; j < columns; j++ {
			fmt.Fprintf(&ddl, ", c%d varchar(10) DEFAULT 'v%d'", j, j)
		}
		ddl.WriteString(", KEY ix (c1, c2 DESC, c3));\n")
	}
	db.Exec(t, ddl.String())
	tx, err := db.Admin.BeginTx(context.Background(), &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback() //nolint:errcheck
	o := Options{Schemas: []string{db.Name}}
	c, err := readMySQLCatalog(context.Background(), tx, o)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Columns) != tables*columns {
		t.Fatalf("read %d column rows, want %d", len(c.Columns), tables*columns)
	}
	want := jsonOf(buildMySQL(c))
	var p mysqlPipeline
	m, err := readMySQLPipelined(context.Background(), tx, o, &p)
	if err != nil {
		t.Fatal(err)
	}
	if got := jsonOf(m); got != want {
		t.Errorf("pipelined:\n%s", firstDifference(want, got))
	}
	if rows := int64(len(c.Columns) + len(c.Indexes)); p.sent != rows {
		t.Errorf("%d column and index rows went to the builder in batches, of %d", p.sent, rows)
	}
	// In the channel, in the builder's hands and in the reader's: each batch cut where a
	// table ends past mysqlBatchRows.
	most := int64((mysqlPipelineDepth + 2) * (mysqlBatchRows + columns))
	if p.mostQueued > most || p.mostQueued >= int64(len(c.Columns)) {
		t.Errorf("%d rows waited for the builder at once, of %d; want at most %d", p.mostQueued, p.sent, most)
	}
	t.Logf("%d rows through the builder, at most %d waiting at once", p.sent, p.mostQueued)
}

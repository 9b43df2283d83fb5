package migrate_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/migrate"
	"github.com/dbinspect/dbinspect/migrate/migratetest"
	"github.com/dbinspect/dbinspect/schema"
)

// Issue 14: MySQL/MariaDB and SQLite migrations that converge. Each case runs both ways (FROM
// → TO and TO → FROM), applied with the engine's client; the second comparison and the second
// plan must be empty and the rows kept.

// bothWays returns each case and its reverse. The rows and the query must suit both schemas.
func bothWays(cases []migratetest.Case) []migratetest.Case {
	var out []migratetest.Case
	for _, c := range cases {
		back := c
		back.Name, back.From, back.To = c.Name+" (back)", c.To, c.From
		out = append(out, c, back)
	}
	return out
}

var mysqlIssue14 = []migratetest.Case{
	{
		Name: "column names changed in case only are renamed, keys and foreign keys over them kept",
		From: `CREATE TABLE Users (ID int PRIMARY KEY, Name varchar(50) NOT NULL, Email varchar(80), KEY ix_name (Name));
		       CREATE TABLE posts (id int PRIMARY KEY, User_Id int, FOREIGN KEY (User_Id) REFERENCES Users (ID));`,
		Rows: `INSERT INTO Users VALUES (1, 'ann', 'a@x'); INSERT INTO posts VALUES (10, 1);`,
		To: `CREATE TABLE Users (id int PRIMARY KEY, name varchar(50) NOT NULL, EMAIL varchar(100), KEY ix_name (name));
		     CREATE TABLE posts (id int PRIMARY KEY, user_id int, FOREIGN KEY (user_id) REFERENCES Users (id));`,
		Query: `SELECT u.id, u.name, u.email, p.id FROM Users u JOIN posts p ON p.user_id = u.id`,
		Want:  "1|ann|a@x|10",
		Diff:  diff.Options{ColumnOrder: true},
	},
	{
		Name: "foreign keys: actions only where not the default, an explicit backing index kept by its name",
		From: `CREATE TABLE author (id int PRIMARY KEY);
		       CREATE TABLE book (id int PRIMARY KEY, author_id int, editor_id int);`,
		Rows: `INSERT INTO author VALUES (1); INSERT INTO book VALUES (1, 1, 1);`,
		To: `CREATE TABLE author (id int PRIMARY KEY);
		     CREATE TABLE book (id int PRIMARY KEY, author_id int, editor_id int, KEY idx_author (author_id),
		       FOREIGN KEY (author_id) REFERENCES author (id),
		       CONSTRAINT fk_editor FOREIGN KEY (editor_id) REFERENCES author (id) ON DELETE CASCADE);`,
		Query: `SELECT id, author_id FROM book`,
		Want:  "1|1",
	},
	{
		Name: "table options: KEY_BLOCK_SIZE stays itself, an explicit ROW_FORMAT is kept, key comments",
		From: `CREATE TABLE t (id int NOT NULL, a int, PRIMARY KEY (id), KEY ix_a (a)) ENGINE=InnoDB; CREATE TABLE d (id int PRIMARY KEY);`,
		Rows: `INSERT INTO t VALUES (1, 2);`,
		To: `CREATE TABLE t (id int NOT NULL, a int, PRIMARY KEY (id) COMMENT 'the key', KEY ix_a (a) COMMENT 'by a') ENGINE=InnoDB KEY_BLOCK_SIZE=8 STATS_PERSISTENT=0;
		     CREATE TABLE d (id int PRIMARY KEY) ROW_FORMAT=DYNAMIC;`,
		Query: `SELECT id, a FROM t`,
		Want:  "1|2",
	},
	{
		Name:  "an AUTO_INCREMENT primary key column dropped with its key in one ALTER",
		From:  `CREATE TABLE t (id int NOT NULL AUTO_INCREMENT, code varchar(10) NOT NULL, PRIMARY KEY (id));`,
		Rows:  `INSERT INTO t (code) VALUES ('a');`,
		To:    `CREATE TABLE t (code varchar(10) NOT NULL, PRIMARY KEY (code));`,
		Query: `SELECT code FROM t`,
		Want:  "a",
	},
	{
		Name: "partitions added, dropped and reorganized; rows kept where their partition stays",
		From: `CREATE TABLE m (id int NOT NULL, y int NOT NULL, PRIMARY KEY (id, y))
		         PARTITION BY RANGE (y) (PARTITION p0 VALUES LESS THAN (2000), PARTITION p1 VALUES LESS THAN (2010), PARTITION p2 VALUES LESS THAN (2020));
		       CREATE TABLE l (id int NOT NULL, c int NOT NULL, PRIMARY KEY (id, c)) PARTITION BY LIST (c) (PARTITION a VALUES IN (1, 2), PARTITION b VALUES IN (3));`,
		Rows: `INSERT INTO m VALUES (1, 1990), (2, 2003), (3, 2015); INSERT INTO l VALUES (1, 1), (2, 3);`,
		To: `CREATE TABLE m (id int NOT NULL, y int NOT NULL, PRIMARY KEY (id, y))
		       PARTITION BY RANGE (y) (PARTITION p0 VALUES LESS THAN (2000), PARTITION p1 VALUES LESS THAN (2005), PARTITION p15 VALUES LESS THAN (2010),
		         PARTITION p2 VALUES LESS THAN (2020), PARTITION pmax VALUES LESS THAN MAXVALUE);
		     CREATE TABLE l (id int NOT NULL, c int NOT NULL, PRIMARY KEY (id, c)) PARTITION BY LIST (c) (PARTITION a VALUES IN (1, 2), PARTITION b VALUES IN (3), PARTITION c VALUES IN (4, 5));`,
		Query: `SELECT (SELECT group_concat(id ORDER BY id) FROM m), (SELECT group_concat(id ORDER BY id) FROM l)`,
		Want:  "1,2,3|1,2",
	},
	{
		Name: "partitioning added, its function changed, removed",
		From: `CREATE TABLE h (id int NOT NULL PRIMARY KEY, v int) PARTITION BY HASH (id) PARTITIONS 3;
		       CREATE TABLE k (id int NOT NULL PRIMARY KEY);
		       CREATE TABLE r (id int NOT NULL PRIMARY KEY) PARTITION BY KEY () PARTITIONS 2;`,
		Rows: `INSERT INTO h VALUES (1, 1), (2, 2); INSERT INTO k VALUES (1); INSERT INTO r VALUES (7);`,
		To: `CREATE TABLE h (id int NOT NULL PRIMARY KEY, v int) PARTITION BY RANGE COLUMNS (id) (PARTITION lo VALUES LESS THAN (10), PARTITION hi VALUES LESS THAN (MAXVALUE));
		     CREATE TABLE k (id int NOT NULL PRIMARY KEY) PARTITION BY LINEAR HASH (id) PARTITIONS 4;
		     CREATE TABLE r (id int NOT NULL PRIMARY KEY);`,
		Query: `SELECT (SELECT count(*) FROM h), (SELECT count(*) FROM k), (SELECT count(*) FROM r)`,
		Want:  "2|1|1",
	},
	{
		Name:  "MariaDB system versioning added and dropped; a versioned table created",
		From:  `CREATE TABLE v (id int PRIMARY KEY, x int);`,
		Rows:  `INSERT INTO v VALUES (1, 10);`,
		To:    `CREATE TABLE v (id int PRIMARY KEY, x int) WITH SYSTEM VERSIONING; CREATE TABLE n (id int PRIMARY KEY) WITH SYSTEM VERSIONING;`,
		Query: `SELECT id, x FROM v`,
		Want:  "1|10",
	},
}

// mysqlIssue14OneWay are cases whose check reads the catalog TO's side has.
var mysqlIssue14OneWay = []migratetest.Case{
	{
		Name: "foreign keys added read back with the rules of ones created by hand",
		From: `CREATE TABLE author (id int PRIMARY KEY);
		       CREATE TABLE book (id int PRIMARY KEY, author_id int, editor_id int);`,
		To: `CREATE TABLE author (id int PRIMARY KEY);
		     CREATE TABLE book (id int PRIMARY KEY, author_id int, editor_id int,
		       CONSTRAINT fk_author FOREIGN KEY (author_id) REFERENCES author (id),
		       CONSTRAINT fk_editor FOREIGN KEY (editor_id) REFERENCES author (id) ON DELETE CASCADE);`,
		Query: `SELECT CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE FROM information_schema.REFERENTIAL_CONSTRAINTS
		          WHERE CONSTRAINT_SCHEMA = DATABASE() ORDER BY 1`,
		Want: "fk_author|RESTRICT|RESTRICT\nfk_editor|RESTRICT|CASCADE",
	},
}

var sqliteIssue14 = []migratetest.Case{
	{
		Name:  "table and column names changed in case only are renamed, not dropped and created",
		From:  `CREATE TABLE Products (id INTEGER PRIMARY KEY, Name TEXT NOT NULL, price REAL); CREATE INDEX ix_name ON Products (Name);`,
		Rows:  `INSERT INTO Products VALUES (1, 'pen', 1.5);`,
		To:    `CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT NOT NULL, Price REAL); CREATE INDEX ix_name ON products (name);`,
		Query: `SELECT id, name, price FROM products`,
		Want:  "1|pen|1.5",
	},
	{
		Name:  "a case rename together with a change that rebuilds the table",
		From:  `CREATE TABLE Items (id INTEGER PRIMARY KEY, Label TEXT);`,
		Rows:  `INSERT INTO Items VALUES (1, 'a');`,
		To:    `CREATE TABLE items (id INTEGER PRIMARY KEY, label TEXT NOT NULL DEFAULT '');`,
		Query: `SELECT id, label FROM items`,
		Want:  "1|a",
	},
}

// mysqlPartitionedFromEmpty creates every kind of partitioned table from nothing.
var mysqlPartitionedFromEmpty = migratetest.Case{
	Name: "partitioned tables created with their partitioning",
	From: `CREATE TABLE keep (id int PRIMARY KEY);`,
	To: `CREATE TABLE keep (id int PRIMARY KEY);
	     CREATE TABLE rs (id int NOT NULL, d date NOT NULL, PRIMARY KEY (id, d))
	       PARTITION BY RANGE (year(d)) SUBPARTITION BY HASH (id) SUBPARTITIONS 2
	       (PARTITION p0 VALUES LESS THAN (2000), PARTITION p1 VALUES LESS THAN MAXVALUE);
	     CREATE TABLE lc (a varchar(10) NOT NULL, b int NOT NULL) PARTITION BY LIST COLUMNS (a, b)
	       (PARTITION x VALUES IN (('a', 1), ('b', 2)), PARTITION y VALUES IN (('c', 3)));
	     CREATE TABLE rc (a int NOT NULL, b date NOT NULL) PARTITION BY RANGE COLUMNS (a, b)
	       (PARTITION p0 VALUES LESS THAN (10, '2020-01-01'), PARTITION p1 VALUES LESS THAN (MAXVALUE, MAXVALUE));
	     CREATE TABLE lk (id int NOT NULL) PARTITION BY LINEAR KEY (id) PARTITIONS 3;`,
	Query: `SELECT TABLE_NAME, count(*) FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = DATABASE() GROUP BY TABLE_NAME ORDER BY 1`,
	Want:  "keep|1\nlc|2\nlk|3\nrc|2\nrs|4",
}

// sqliteIssue14OneWay check what the plan wrote into sqlite_schema: what the user declared.
var sqliteIssue14OneWay = []migratetest.Case{
	{
		Name: "written as declared: INTEGER PRIMARY KEY without NOT NULL and with it, unnamed UNIQUE, a redundant UNIQUE, an index without COLLATE",
		From: `CREATE TABLE keep (id INTEGER PRIMARY KEY);`,
		Rows: `INSERT INTO keep VALUES (1);`,
		To: `CREATE TABLE keep (id INTEGER PRIMARY KEY);
		     CREATE TABLE a (id INTEGER PRIMARY KEY, email TEXT UNIQUE, code TEXT COLLATE NOCASE, UNIQUE (code, email));
		     CREATE TABLE b (id INTEGER PRIMARY KEY UNIQUE, x INT);
		     CREATE TABLE "C" (id INTEGER NOT NULL PRIMARY KEY, x INT);
		     CREATE INDEX ix_code ON a (code);`,
		Query: `SELECT name, instr(sql, 'NOT NULL') > 0, instr(sql, 'sqlite_autoindex') > 0, instr(sql, 'COLLATE') > 0,
		          (SELECT count(*) FROM pragma_index_list(s.name))
		        FROM sqlite_schema s WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite_%' ORDER BY name`,
		Want: "C|1|0|0|0\na|0|0|1|3\nb|0|0|0|1\nix_code|0|0|0|0\nkeep|0|0|0|0",
	},
}

func TestMigrateMySQLIssue14(t *testing.T) {
	runCases(t, schema.MySQL, append(append(bothWays(mysqlIssue14), mysqlIssue14OneWay...), mysqlPartitionedFromEmpty))
}

func TestMigrateSQLiteIssue14(t *testing.T) {
	runCases(t, schema.SQLite, append(bothWays(sqliteIssue14), sqliteIssue14OneWay...))
}

// TestMigrateSQLiteFTS4: the pure-Go driver has no fts3/fts4 module, so the databases are made
// with the sqlite3 client; the columns come from the CREATE VIRTUAL TABLE text, the shadow
// tables stay out of the plan, and the plan applied with sqlite3 -bail converges.
func TestMigrateSQLiteFTS4(t *testing.T) {
	from, to := dbtest.Fresh(t, schema.SQLite), dbtest.Fresh(t, schema.SQLite)
	dir := t.TempDir()
	write := func(name, sql string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(sql), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	from.LoadFile(t, write("from.sql", "CREATE TABLE keep (id INTEGER PRIMARY KEY);\n"))
	to.LoadFile(t, write("to.sql", "CREATE TABLE keep (id INTEGER PRIMARY KEY);\n"+
		"CREATE VIRTUAL TABLE docs USING fts4(title, body TEXT, tokenize=porter);\n"+
		"CREATE VIRTUAL TABLE old USING fts3(content);\n"))
	docs := migratetest.Inspect(t, to).Schema("main").Table("docs")
	if docs == nil || docs.Column("title") == nil || docs.Column("body") == nil {
		t.Fatalf("docs read without its columns title and body: %+v", docs)
	}
	script := migratetest.Script(t, from, to, diff.Options{}, migrate.Options{}, false)
	if strings.Contains(script, "docs_content") || strings.Count(script, "CREATE VIRTUAL TABLE") != 2 {
		t.Fatalf("the plan creates shadow tables or misses a virtual table:\n%s", script)
	}
	migratetest.Apply(t, from, script)
	if got := migratetest.Changes(t, from, to, diff.Options{}); len(got) > 0 {
		t.Errorf("after the plan Compare still finds: %q\n%s", got, script)
	}
	migratetest.AgainEmpty(t, from, to, diff.Options{}, migrate.Options{})
}

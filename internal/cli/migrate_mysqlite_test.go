package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Issue 14: MySQL/MariaDB and SQLite migrations that converge. Each case runs both ways (FROM
// → TO and TO → FROM), applied with the engine's client; the second diff and the second plan
// must be empty and the rows kept.

// bothWays returns each case and its reverse. The rows and the query must suit both schemas.
func bothWays(cases []migrationCase) []migrationCase {
	var out []migrationCase
	for _, c := range cases {
		back := c
		back.name, back.from, back.to = c.name+" (back)", c.to, c.from
		out = append(out, c, back)
	}
	return out
}

var mysqlIssue14 = []migrationCase{
	{
		name: "column names changed in case only are renamed, keys and foreign keys over them kept",
		from: `CREATE TABLE Users (ID int PRIMARY KEY, Name varchar(50) NOT NULL, Email varchar(80), KEY ix_name (Name));
		       CREATE TABLE posts (id int PRIMARY KEY, User_Id int, FOREIGN KEY (User_Id) REFERENCES Users (ID));`,
		rows: `INSERT INTO Users VALUES (1, 'ann', 'a@x'); INSERT INTO posts VALUES (10, 1);`,
		to: `CREATE TABLE Users (id int PRIMARY KEY, name varchar(50) NOT NULL, EMAIL varchar(100), KEY ix_name (name));
		     CREATE TABLE posts (id int PRIMARY KEY, user_id int, FOREIGN KEY (user_id) REFERENCES Users (id));`,
		query: `SELECT u.id, u.name, u.email, p.id FROM Users u JOIN posts p ON p.user_id = u.id`,
		want:  "1|ann|a@x|10",
		args:  []string{"--column-order"},
	},
	{
		name: "foreign keys: actions only where not the default, an explicit backing index kept by its name",
		from: `CREATE TABLE author (id int PRIMARY KEY);
		       CREATE TABLE book (id int PRIMARY KEY, author_id int, editor_id int);`,
		rows: `INSERT INTO author VALUES (1); INSERT INTO book VALUES (1, 1, 1);`,
		to: `CREATE TABLE author (id int PRIMARY KEY);
		     CREATE TABLE book (id int PRIMARY KEY, author_id int, editor_id int, KEY idx_author (author_id),
		       FOREIGN KEY (author_id) REFERENCES author (id),
		       CONSTRAINT fk_editor FOREIGN KEY (editor_id) REFERENCES author (id) ON DELETE CASCADE);`,
		query: `SELECT id, author_id FROM book`,
		want:  "1|1",
	},
	{
		name: "table options: KEY_BLOCK_SIZE stays itself, an explicit ROW_FORMAT is kept, key comments",
		from: `CREATE TABLE t (id int NOT NULL, a int, PRIMARY KEY (id), KEY ix_a (a)) ENGINE=InnoDB; CREATE TABLE d (id int PRIMARY KEY);`,
		rows: `INSERT INTO t VALUES (1, 2);`,
		to: `CREATE TABLE t (id int NOT NULL, a int, PRIMARY KEY (id) COMMENT 'the key', KEY ix_a (a) COMMENT 'by a') ENGINE=InnoDB KEY_BLOCK_SIZE=8 STATS_PERSISTENT=0;
		     CREATE TABLE d (id int PRIMARY KEY) ROW_FORMAT=DYNAMIC;`,
		query: `SELECT id, a FROM t`,
		want:  "1|2",
	},
	{
		name:  "an AUTO_INCREMENT primary key column dropped with its key in one ALTER",
		from:  `CREATE TABLE t (id int NOT NULL AUTO_INCREMENT, code varchar(10) NOT NULL, PRIMARY KEY (id));`,
		rows:  `INSERT INTO t (code) VALUES ('a');`,
		to:    `CREATE TABLE t (code varchar(10) NOT NULL, PRIMARY KEY (code));`,
		query: `SELECT code FROM t`,
		want:  "a",
	},
	{
		name: "partitions added, dropped and reorganized; rows kept where their partition stays",
		from: `CREATE TABLE m (id int NOT NULL, y int NOT NULL, PRIMARY KEY (id, y))
		         PARTITION BY RANGE (y) (PARTITION p0 VALUES LESS THAN (2000), PARTITION p1 VALUES LESS THAN (2010), PARTITION p2 VALUES LESS THAN (2020));
		       CREATE TABLE l (id int NOT NULL, c int NOT NULL, PRIMARY KEY (id, c)) PARTITION BY LIST (c) (PARTITION a VALUES IN (1, 2), PARTITION b VALUES IN (3));`,
		rows: `INSERT INTO m VALUES (1, 1990), (2, 2003), (3, 2015); INSERT INTO l VALUES (1, 1), (2, 3);`,
		to: `CREATE TABLE m (id int NOT NULL, y int NOT NULL, PRIMARY KEY (id, y))
		       PARTITION BY RANGE (y) (PARTITION p0 VALUES LESS THAN (2000), PARTITION p1 VALUES LESS THAN (2005), PARTITION p15 VALUES LESS THAN (2010),
		         PARTITION p2 VALUES LESS THAN (2020), PARTITION pmax VALUES LESS THAN MAXVALUE);
		     CREATE TABLE l (id int NOT NULL, c int NOT NULL, PRIMARY KEY (id, c)) PARTITION BY LIST (c) (PARTITION a VALUES IN (1, 2), PARTITION b VALUES IN (3), PARTITION c VALUES IN (4, 5));`,
		query: `SELECT (SELECT group_concat(id ORDER BY id) FROM m), (SELECT group_concat(id ORDER BY id) FROM l)`,
		want:  "1,2,3|1,2",
	},
	{
		name: "partitioning added, its function changed, removed",
		from: `CREATE TABLE h (id int NOT NULL PRIMARY KEY, v int) PARTITION BY HASH (id) PARTITIONS 3;
		       CREATE TABLE k (id int NOT NULL PRIMARY KEY);
		       CREATE TABLE r (id int NOT NULL PRIMARY KEY) PARTITION BY KEY () PARTITIONS 2;`,
		rows: `INSERT INTO h VALUES (1, 1), (2, 2); INSERT INTO k VALUES (1); INSERT INTO r VALUES (7);`,
		to: `CREATE TABLE h (id int NOT NULL PRIMARY KEY, v int) PARTITION BY RANGE COLUMNS (id) (PARTITION lo VALUES LESS THAN (10), PARTITION hi VALUES LESS THAN (MAXVALUE));
		     CREATE TABLE k (id int NOT NULL PRIMARY KEY) PARTITION BY LINEAR HASH (id) PARTITIONS 4;
		     CREATE TABLE r (id int NOT NULL PRIMARY KEY);`,
		query: `SELECT (SELECT count(*) FROM h), (SELECT count(*) FROM k), (SELECT count(*) FROM r)`,
		want:  "2|1|1",
	},
	{
		name:  "MariaDB system versioning added and dropped; a versioned table created",
		from:  `CREATE TABLE v (id int PRIMARY KEY, x int);`,
		rows:  `INSERT INTO v VALUES (1, 10);`,
		to:    `CREATE TABLE v (id int PRIMARY KEY, x int) WITH SYSTEM VERSIONING; CREATE TABLE n (id int PRIMARY KEY) WITH SYSTEM VERSIONING;`,
		query: `SELECT id, x FROM v`,
		want:  "1|10",
	},
}

// mysqlIssue14OneWay are cases whose check reads the catalog TO's side has.
var mysqlIssue14OneWay = []migrationCase{
	{
		name: "foreign keys added read back with the rules of ones created by hand",
		from: `CREATE TABLE author (id int PRIMARY KEY);
		       CREATE TABLE book (id int PRIMARY KEY, author_id int, editor_id int);`,
		to: `CREATE TABLE author (id int PRIMARY KEY);
		     CREATE TABLE book (id int PRIMARY KEY, author_id int, editor_id int,
		       CONSTRAINT fk_author FOREIGN KEY (author_id) REFERENCES author (id),
		       CONSTRAINT fk_editor FOREIGN KEY (editor_id) REFERENCES author (id) ON DELETE CASCADE);`,
		query: `SELECT CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE FROM information_schema.REFERENTIAL_CONSTRAINTS
		          WHERE CONSTRAINT_SCHEMA = DATABASE() ORDER BY 1`,
		want: "fk_author|RESTRICT|RESTRICT\nfk_editor|RESTRICT|CASCADE",
	},
}

var sqliteIssue14 = []migrationCase{
	{
		name:  "table and column names changed in case only are renamed, not dropped and created",
		from:  `CREATE TABLE Products (id INTEGER PRIMARY KEY, Name TEXT NOT NULL, price REAL); CREATE INDEX ix_name ON Products (Name);`,
		rows:  `INSERT INTO Products VALUES (1, 'pen', 1.5);`,
		to:    `CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT NOT NULL, Price REAL); CREATE INDEX ix_name ON products (name);`,
		query: `SELECT id, name, price FROM products`,
		want:  "1|pen|1.5",
	},
	{
		name:  "a case rename together with a change that rebuilds the table",
		from:  `CREATE TABLE Items (id INTEGER PRIMARY KEY, Label TEXT);`,
		rows:  `INSERT INTO Items VALUES (1, 'a');`,
		to:    `CREATE TABLE items (id INTEGER PRIMARY KEY, label TEXT NOT NULL DEFAULT '');`,
		query: `SELECT id, label FROM items`,
		want:  "1|a",
	},
}

// sqliteIssue14OneWay check what the plan wrote into sqlite_schema: what the user declared.
// mysqlPartitionedFromEmpty creates every kind of partitioned table from nothing.
var mysqlPartitionedFromEmpty = migrationCase{
	name: "partitioned tables created with their partitioning",
	from: `CREATE TABLE keep (id int PRIMARY KEY);`,
	to: `CREATE TABLE keep (id int PRIMARY KEY);
	     CREATE TABLE rs (id int NOT NULL, d date NOT NULL, PRIMARY KEY (id, d))
	       PARTITION BY RANGE (year(d)) SUBPARTITION BY HASH (id) SUBPARTITIONS 2
	       (PARTITION p0 VALUES LESS THAN (2000), PARTITION p1 VALUES LESS THAN MAXVALUE);
	     CREATE TABLE lc (a varchar(10) NOT NULL, b int NOT NULL) PARTITION BY LIST COLUMNS (a, b)
	       (PARTITION x VALUES IN (('a', 1), ('b', 2)), PARTITION y VALUES IN (('c', 3)));
	     CREATE TABLE rc (a int NOT NULL, b date NOT NULL) PARTITION BY RANGE COLUMNS (a, b)
	       (PARTITION p0 VALUES LESS THAN (10, '2020-01-01'), PARTITION p1 VALUES LESS THAN (MAXVALUE, MAXVALUE));
	     CREATE TABLE lk (id int NOT NULL) PARTITION BY LINEAR KEY (id) PARTITIONS 3;`,
	query: `SELECT TABLE_NAME, count(*) FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA = DATABASE() GROUP BY TABLE_NAME ORDER BY 1`,
	want:  "keep|1\nlc|2\nlk|3\nrc|2\nrs|4",
}

var sqliteIssue14OneWay = []migrationCase{
	{
		name: "written as declared: INTEGER PRIMARY KEY without NOT NULL and with it, unnamed UNIQUE, a redundant UNIQUE, an index without COLLATE",
		from: `CREATE TABLE keep (id INTEGER PRIMARY KEY);`,
		rows: `INSERT INTO keep VALUES (1);`,
		to: `CREATE TABLE keep (id INTEGER PRIMARY KEY);
		     CREATE TABLE a (id INTEGER PRIMARY KEY, email TEXT UNIQUE, code TEXT COLLATE NOCASE, UNIQUE (code, email));
		     CREATE TABLE b (id INTEGER PRIMARY KEY UNIQUE, x INT);
		     CREATE TABLE "C" (id INTEGER NOT NULL PRIMARY KEY, x INT);
		     CREATE INDEX ix_code ON a (code);`,
		query: `SELECT name, instr(sql, 'NOT NULL') > 0, instr(sql, 'sqlite_autoindex') > 0, instr(sql, 'COLLATE') > 0,
		          (SELECT count(*) FROM pragma_index_list(s.name))
		        FROM sqlite_schema s WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite_%' ORDER BY name`,
		want: "C|1|0|0|0\na|0|0|1|3\nb|0|0|0|1\nix_code|0|0|0|0\nkeep|0|0|0|0",
	},
}

func TestMigrateMySQLIssue14(t *testing.T) {
	for _, c := range append(append(bothWays(mysqlIssue14), mysqlIssue14OneWay...), mysqlPartitionedFromEmpty) {
		t.Run(c.name, func(t *testing.T) { runMigrationCase(t, freshMySQL, c) })
	}
}

func TestMigrateSQLiteIssue14(t *testing.T) {
	for _, c := range append(bothWays(sqliteIssue14), sqliteIssue14OneWay...) {
		t.Run(c.name, func(t *testing.T) { runMigrationCase(t, freshSQLite, c) })
	}
}

// TestMigrateSQLiteFTS4: the pure-Go driver has no fts3/fts4 module, so the databases are made
// with the sqlite3 client; the columns come from the CREATE VIRTUAL TABLE text, the shadow
// tables stay out of the plan, and the plan applied with sqlite3 -bail converges.
func TestMigrateSQLiteFTS4(t *testing.T) {
	from, to := freshSQLite(t), freshSQLite(t)
	dir := t.TempDir()
	write := func(name, sql string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(sql), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	from.apply(t, write("from.sql", "CREATE TABLE keep (id INTEGER PRIMARY KEY);\n"))
	to.apply(t, write("to.sql", "CREATE TABLE keep (id INTEGER PRIMARY KEY);\n"+
		"CREATE VIRTUAL TABLE docs USING fts4(title, body TEXT, tokenize=porter);\n"+
		"CREATE VIRTUAL TABLE old USING fts3(content);\n"))
	stdout, stderr, code := dbinspect(t, "describe", "--db", to.url, "docs")
	if code != 0 || !strings.Contains(stdout, "title") || !strings.Contains(stdout, "body") {
		t.Fatalf("describe docs (exit %d): %s%s", code, stdout, stderr)
	}
	script := migrationSQL(t, from.url, to.url, false)
	if strings.Contains(script, "docs_content") || strings.Count(script, "CREATE VIRTUAL TABLE") != 2 {
		t.Fatalf("the plan creates shadow tables or misses a virtual table:\n%s", script)
	}
	from.apply(t, write("plan.sql", script))
	if got, code := diffJSON(t, from.url, to.url); code != 0 || len(got) > 0 {
		t.Errorf("after the plan diff still finds (exit %d): %q\n%s", code, got, script)
	}
	if again := migrationSQL(t, from.url, to.url, false); again != "-- no differences\n" {
		t.Errorf("second plan not empty:\n%s", again)
	}
}

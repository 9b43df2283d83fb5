package cli

import "testing"

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

func TestMigrateMySQLIssue14(t *testing.T) {
	for _, c := range bothWays(mysqlIssue14) {
		t.Run(c.name, func(t *testing.T) { runMigrationCase(t, freshMySQL, c) })
	}
}

func TestMigrateSQLiteIssue14(t *testing.T) {
	for _, c := range bothWays(sqliteIssue14) {
		t.Run(c.name, func(t *testing.T) { runMigrationCase(t, freshSQLite, c) })
	}
}

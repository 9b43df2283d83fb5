package migratetest

// SQLiteCases are the SQLite migration cases: migrate's acceptance tests run them through Run,
// the CLI's tests through diff --format sql --pair and --format alembic.
// SQLite has no enum types (a CHECK … IN list plays their part: a changed check is a table
// rebuild, covered below) and no sequences, domains or routines.
var SQLiteCases = []Case{
	{
		Name: "columns added with ALTER TABLE, dropped and changed with a rebuild",
		From: `CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, mood TEXT, note TEXT NOT NULL DEFAULT 'x');
		       CREATE INDEX users_name ON users (name);`,
		Rows: `INSERT INTO users VALUES (1, 'ann', 'ok', 'n1'), (2, 'bob', NULL, 'n2');`,
		To: `CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT 'anon', note TEXT, nick TEXT, score INTEGER NOT NULL DEFAULT 0);
		     CREATE INDEX users_name ON users (name);`,
		Query: `SELECT id, name, note, nick, score FROM users ORDER BY id`,
		Want:  "1|ann|n1|NULL|0\n2|bob|n2|NULL|0",
	},
	{
		Name:  "only plain columns added: no rebuild",
		From:  `CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT);`,
		Rows:  `INSERT INTO t VALUES (1, 'x');`,
		To:    `CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b INTEGER DEFAULT 5, c TEXT);`,
		Query: `SELECT id, a, b, c FROM t`,
		Want:  "1|x|5|NULL",
	},
	{
		Name: "type changes with data, under a foreign key",
		From: `CREATE TABLE parent (id INTEGER PRIMARY KEY, code TEXT, label VARCHAR(200));
		       CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent (id));`,
		Rows: `INSERT INTO parent VALUES (1, '10', 'one'), (2, '20', 'two');
		       INSERT INTO child VALUES (1, 1), (2, 2);`,
		To: `CREATE TABLE parent (id INTEGER PRIMARY KEY, code INTEGER, label VARCHAR(100));
		     CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent (id) ON DELETE CASCADE);`,
		Query: `SELECT p.id, p.code + 1, typeof(p.code), p.label, c.id FROM parent p JOIN child c ON c.parent_id = p.id ORDER BY p.id`,
		Want:  "1|11|integer|one|1\n2|21|integer|two|2",
	},
	{
		Name:  "table renamed keeps its rows; index renamed",
		From:  `CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT); CREATE INDEX ix_email ON users (email);`,
		Rows:  `INSERT INTO users VALUES (1, 'a@x'), (2, 'b@x');`,
		To:    `CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT); CREATE INDEX ix_people_email ON people (email);`,
		Query: `SELECT id, email FROM people ORDER BY id`,
		Want:  "1|a@x\n2|b@x",
	},
	{
		Name: "foreign key cycle between two new tables, and tables dropped that reference each other",
		From: `CREATE TABLE x (id INTEGER PRIMARY KEY, y_id INTEGER REFERENCES y (id));
		       CREATE TABLE y (id INTEGER PRIMARY KEY, x_id INTEGER REFERENCES x (id));
		       CREATE TABLE keep (id INTEGER PRIMARY KEY);`,
		Rows: `INSERT INTO keep VALUES (1);`,
		To: `CREATE TABLE keep (id INTEGER PRIMARY KEY);
		     CREATE TABLE a (id INTEGER PRIMARY KEY, b_id INTEGER REFERENCES b (id));
		     CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a (id) ON DELETE CASCADE);`,
		Query: `SELECT id FROM keep`,
		Want:  "1",
	},
	{
		Name: "views over a rebuilt table are created again, with views over them",
		From: `CREATE TABLE orders (id INTEGER PRIMARY KEY, total NUMERIC, status TEXT);
		       CREATE VIEW big AS SELECT id, total FROM orders WHERE total > 100;
		       CREATE VIEW very_big AS SELECT id FROM big WHERE total > 1000;`,
		Rows: `INSERT INTO orders VALUES (1, 50, 'new'), (2, 5000, 'paid');`,
		To: `CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL NOT NULL DEFAULT 0, status TEXT);
		     CREATE VIEW big AS SELECT id, total FROM orders WHERE total > 100;
		     CREATE VIEW very_big AS SELECT id FROM big WHERE total > 1000;`,
		Query: `SELECT id FROM very_big`,
		Want:  "2",
	},
	{
		Name: "composite keys: primary key changed, composite foreign key added",
		From: `CREATE TABLE line (order_id INTEGER NOT NULL, line_no INTEGER NOT NULL, sku TEXT NOT NULL, PRIMARY KEY (order_id));
		       CREATE TABLE note (order_id INTEGER, line_no INTEGER, body TEXT);`,
		Rows: `INSERT INTO line VALUES (1, 1, 'a'); INSERT INTO note VALUES (1, 1, 'hello');`,
		To: `CREATE TABLE line (order_id INTEGER NOT NULL, line_no INTEGER NOT NULL, sku TEXT NOT NULL, PRIMARY KEY (order_id, line_no),
		       UNIQUE (sku, order_id));
		     CREATE TABLE note (order_id INTEGER, line_no INTEGER, body TEXT,
		       FOREIGN KEY (order_id, line_no) REFERENCES line (order_id, line_no) ON UPDATE CASCADE);`,
		Query: `SELECT n.body, l.sku FROM note n JOIN line l USING (order_id, line_no)`,
		Want:  "hello|a",
	},
	{
		Name: "autoincrement and generated columns",
		From: `CREATE TABLE a (id INTEGER PRIMARY KEY, price INTEGER, qty INTEGER, total INTEGER GENERATED ALWAYS AS (price * qty) VIRTUAL);`,
		Rows: `INSERT INTO a (id, price, qty) VALUES (1, 2, 3), (2, 4, 5);`,
		To: `CREATE TABLE a (id INTEGER PRIMARY KEY AUTOINCREMENT, price INTEGER, qty INTEGER,
		       total INTEGER GENERATED ALWAYS AS (price * qty + 1) STORED, half INTEGER GENERATED ALWAYS AS (price / 2) VIRTUAL);`,
		Query: `SELECT id, total, half FROM a ORDER BY id`,
		Want:  "1|7|1\n2|21|2",
	},
	{
		Name: "indexes, uniques, checks and triggers",
		From: `CREATE TABLE r (id INTEGER PRIMARY KEY, room INTEGER, code TEXT, qty INTEGER CHECK (qty > 0),
		         CONSTRAINT r_code UNIQUE (code), CONSTRAINT state CHECK (code IN ('a', 'b', 'c')));
		       CREATE INDEX r_old ON r (qty);
		       CREATE INDEX r_room ON r (room);
		       CREATE TRIGGER r_touch AFTER UPDATE ON r BEGIN SELECT 1; END;`,
		Rows: `INSERT INTO r VALUES (1, 1, 'a', 1), (2, 2, 'b', 2);`,
		To: `CREATE TABLE r (id INTEGER PRIMARY KEY, room INTEGER, code TEXT, qty INTEGER CHECK (qty >= 0),
		       CONSTRAINT r_code UNIQUE (code, room), CONSTRAINT state CHECK (code IN ('a', 'b', 'c', 'd')));
		     CREATE INDEX r_room ON r (room DESC) WHERE room > 0;
		     CREATE UNIQUE INDEX r_qty ON r (qty);
		     CREATE TRIGGER r_touch AFTER UPDATE ON r BEGIN SELECT 2; END;
		     CREATE TRIGGER r_new AFTER INSERT ON r BEGIN SELECT 3; END;`,
		Query: `SELECT id, code FROM r ORDER BY id`,
		Want:  "1|a\n2|b",
	},
	{
		Name:      "the --split output applied statement by statement through the driver",
		From:      `CREATE TABLE t (id INTEGER PRIMARY KEY, x TEXT); CREATE VIEW v AS SELECT id, x FROM t;`,
		Rows:      `INSERT INTO t VALUES (1, '7');`,
		To:        `CREATE TABLE t (id INTEGER PRIMARY KEY, x INTEGER NOT NULL, y INTEGER DEFAULT 3); CREATE VIEW v AS SELECT id, x FROM t; CREATE TRIGGER t_ins AFTER INSERT ON t BEGIN UPDATE t SET y = 4 WHERE id = NEW.id; END;`,
		Query:     `SELECT id, x, y FROM v JOIN t USING (id, x)`,
		Want:      "1|7|3",
		ViaDriver: true,
	},
}

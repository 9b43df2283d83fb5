package migratetest

import (
	"github.com/dbinspect/dbinspect/diff"
)

// MySQLCases are the MySQL/MariaDB migration cases: migrate's acceptance tests run them through Run,
// the CLI's tests through diff --format sql --pair and --format alembic.
var MySQLCases = []Case{
	{
		Name: "columns added, dropped, changed; MODIFY keeps what the change does not mention",
		From: `CREATE TABLE users (id int PRIMARY KEY, name varchar(50) COMMENT 'shown name', mood varchar(10),
		         note varchar(20) NOT NULL DEFAULT 'x', updated timestamp NULL DEFAULT NULL ON UPDATE CURRENT_TIMESTAMP);`,
		Rows: `INSERT INTO users (id, name, mood, note) VALUES (1, 'ann', 'ok', 'n1'), (2, 'bob', NULL, 'n2');`,
		To: `CREATE TABLE users (id int PRIMARY KEY, nick varchar(20), name varchar(80) NOT NULL DEFAULT 'anon' COMMENT 'shown name',
		       note varchar(20) NULL, updated timestamp NULL DEFAULT NULL ON UPDATE CURRENT_TIMESTAMP, score int NOT NULL DEFAULT 0);`,
		Query: `SELECT id, name, note, nick, score FROM users ORDER BY id`,
		Want:  "1|ann|n1|NULL|0\n2|bob|n2|NULL|0",
		Diff:  diff.Options{ColumnOrder: true},
	},
	{
		Name: "type changes with data, under a foreign key",
		From: `CREATE TABLE parent (id int PRIMARY KEY, code varchar(10), label varchar(200), amount decimal(8,2) DEFAULT 0);
		       CREATE TABLE child (id int PRIMARY KEY, parent_id int, FOREIGN KEY (parent_id) REFERENCES parent (id));`,
		Rows: `INSERT INTO parent VALUES (1, '10', 'one', 1.5), (2, '20', 'two', 2);
		       INSERT INTO child VALUES (1, 1), (2, 2);`,
		To: `CREATE TABLE parent (id bigint PRIMARY KEY, code int, label varchar(100), amount decimal(12,3) DEFAULT 0);
		     CREATE TABLE child (id int PRIMARY KEY, parent_id bigint, FOREIGN KEY (parent_id) REFERENCES parent (id));`,
		Query: `SELECT p.id, p.code + 1, p.label, p.amount, c.id FROM parent p JOIN child c ON c.parent_id = p.id ORDER BY p.id`,
		Want:  "1|11|one|1.500|1\n2|21|two|2.000|2",
	},
	{
		Name:  "enum values inserted in the middle and appended",
		From:  `CREATE TABLE people (id int PRIMARY KEY, mood enum('happy','sad') DEFAULT 'happy');`,
		Rows:  `INSERT INTO people VALUES (1, 'happy'), (2, 'sad');`,
		To:    `CREATE TABLE people (id int PRIMARY KEY, mood enum('happy','ok','sad','angry') DEFAULT 'ok');`,
		Query: `SELECT id, mood FROM people ORDER BY id`,
		Want:  "1|happy\n2|sad",
	},
	{
		Name:  "table renamed keeps its rows; index renamed",
		From:  `CREATE TABLE users (id int PRIMARY KEY, email varchar(100), KEY ix_email (email));`,
		Rows:  `INSERT INTO users VALUES (1, 'a@x'), (2, 'b@x');`,
		To:    `CREATE TABLE people (id int PRIMARY KEY, email varchar(100), KEY ix_people_email (email));`,
		Query: `SELECT id, email FROM people ORDER BY id`,
		Want:  "1|a@x\n2|b@x",
	},
	{
		Name: "foreign key cycle between two new tables, and tables dropped that reference each other",
		From: `CREATE TABLE x (id int PRIMARY KEY, y_id int);
		       CREATE TABLE y (id int PRIMARY KEY, x_id int, FOREIGN KEY (x_id) REFERENCES x (id));
		       ALTER TABLE x ADD FOREIGN KEY (y_id) REFERENCES y (id);
		       CREATE TABLE keep (id int PRIMARY KEY);`,
		Rows: `INSERT INTO keep VALUES (1);`,
		To: `CREATE TABLE keep (id int PRIMARY KEY);
		     CREATE TABLE a (id int PRIMARY KEY, b_id int);
		     CREATE TABLE b (id int PRIMARY KEY, a_id int, CONSTRAINT b_a_fk FOREIGN KEY (a_id) REFERENCES a (id) ON DELETE CASCADE);
		     ALTER TABLE a ADD CONSTRAINT a_b_fk FOREIGN KEY (b_id) REFERENCES b (id);`,
		Query: `SELECT id FROM keep`,
		Want:  "1",
	},
	{
		Name: "views over changed columns, and a view over a view",
		From: `CREATE TABLE orders (id int PRIMARY KEY, total decimal(8,2), status varchar(10));
		       CREATE VIEW big AS SELECT id, total FROM orders WHERE total > 100;
		       CREATE VIEW very_big AS SELECT id FROM big WHERE total > 1000;
		       CREATE VIEW gone AS SELECT id FROM orders;`,
		Rows: `INSERT INTO orders VALUES (1, 50, 'new'), (2, 5000, 'paid');`,
		To: `CREATE TABLE orders (id int PRIMARY KEY, total decimal(14,2), status varchar(10));
		     CREATE VIEW big AS SELECT id, total, status FROM orders WHERE total > 100;
		     CREATE VIEW very_big AS SELECT id FROM big WHERE total > 1000;`,
		Query: `SELECT v.id, b.status FROM very_big v JOIN big b USING (id)`,
		Want:  "2|paid",
	},
	{
		Name: "composite keys: primary key changed, composite foreign key added",
		From: `CREATE TABLE line (order_id int NOT NULL, line_no int NOT NULL, sku varchar(20) NOT NULL, PRIMARY KEY (order_id));
		       CREATE TABLE note (order_id int, line_no int, body text);`,
		Rows: `INSERT INTO line VALUES (1, 1, 'a'); INSERT INTO note VALUES (1, 1, 'hello');`,
		To: `CREATE TABLE line (order_id int NOT NULL, line_no int NOT NULL, sku varchar(20) NOT NULL, PRIMARY KEY (order_id, line_no),
		       UNIQUE KEY sku_order (sku, order_id));
		     CREATE TABLE note (order_id int, line_no int, body text,
		       CONSTRAINT note_line FOREIGN KEY (order_id, line_no) REFERENCES line (order_id, line_no) ON UPDATE CASCADE);`,
		Query: `SELECT n.body, l.sku FROM note n JOIN line l USING (order_id, line_no)`,
		Want:  "hello|a",
	},
	{
		Name: "auto-increment and generated columns",
		From: `CREATE TABLE a (id int NOT NULL, price int, qty int, total int AS (price * qty) VIRTUAL, PRIMARY KEY (id));`,
		Rows: `INSERT INTO a (id, price, qty) VALUES (1, 2, 3), (2, 4, 5);`,
		To: `CREATE TABLE a (id int NOT NULL AUTO_INCREMENT, price int, qty int, total int AS (price * qty + 1) STORED,
		       half int AS (price DIV 2) VIRTUAL, PRIMARY KEY (id));`,
		Query: `SELECT id, total, half FROM a ORDER BY id`,
		Want:  "1|7|1\n2|21|2",
	},
	{
		Name: "indexes, uniques, checks, triggers, routines and table options",
		From: `CREATE TABLE r (id int PRIMARY KEY, room int, code varchar(10), qty int CHECK (qty > 0),
		         CONSTRAINT r_code UNIQUE (code), CONSTRAINT r_positive CHECK (room > 0), KEY r_old (qty), KEY r_room (room)) COMMENT 'rooms';
		       CREATE FUNCTION twice(x int) RETURNS int DETERMINISTIC RETURN x * 2;
		       CREATE PROCEDURE gone() BEGIN SELECT 1; END;
		       CREATE TRIGGER r_touch BEFORE UPDATE ON r FOR EACH ROW SET NEW.qty = NEW.qty;`,
		Rows: `INSERT INTO r VALUES (1, 1, 'a', 1), (2, 2, 'b', 2);`,
		To: `CREATE TABLE r (id int PRIMARY KEY, room int, code varchar(10), qty int CHECK (qty >= 0),
		       CONSTRAINT r_code UNIQUE (code, room), CONSTRAINT r_nonneg CHECK (room >= 0), KEY r_room (room, qty DESC)) COMMENT 'all rooms';
		     CREATE FUNCTION twice(x int) RETURNS int DETERMINISTIC RETURN x + x;
		     CREATE PROCEDURE fresh(IN n int) BEGIN DECLARE m int; SET m = n; SELECT m; END;
		     CREATE TRIGGER r_touch BEFORE UPDATE ON r FOR EACH ROW BEGIN SET NEW.qty = NEW.qty + 0; SET NEW.room = NEW.room; END;
		     CREATE TRIGGER r_new BEFORE INSERT ON r FOR EACH ROW SET NEW.qty = coalesce(NEW.qty, 0);`,
		Query: `SELECT id, code, twice(qty) FROM r ORDER BY id`,
		Want:  "1|a|2\n2|b|4",
	},
	{
		Name:      "the --split output applied statement by statement through the driver",
		From:      `CREATE TABLE t (id int PRIMARY KEY, x varchar(10)); CREATE VIEW v AS SELECT id, x FROM t;`,
		Rows:      `INSERT INTO t VALUES (1, '7');`,
		To:        `CREATE TABLE t (id int PRIMARY KEY, x int, y int DEFAULT 3); CREATE VIEW v AS SELECT id, x FROM t; CREATE TRIGGER t_ins BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.y = 4; SET NEW.x = NEW.x; END;`,
		Query:     `SELECT id, x, y FROM v JOIN t USING (id, x)`,
		Want:      "1|7|3",
		ViaDriver: true,
	},
}

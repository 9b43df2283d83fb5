package migratetest

import (
	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/migrate"
)

// PostgresCases are the PostgreSQL migration cases: migrate's acceptance tests run them through Run,
// the CLI's tests through diff --format sql --pair and --format alembic.
var PostgresCases = []Case{
	{
		Name: "columns added, dropped, nullability and defaults",
		From: `CREATE TABLE users (id int PRIMARY KEY, name text, mood text, note text NOT NULL DEFAULT 'x');`,
		Rows: `INSERT INTO users VALUES (1, 'ann', 'ok', 'n1'), (2, 'bob', NULL, 'n2');`,
		To: `CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL DEFAULT 'anon', note text,
		       nick varchar(20), score int NOT NULL DEFAULT 0);`,
		Query: `SELECT id, name, note, nick, score FROM users ORDER BY id`,
		Want:  "1|ann|n1|NULL|0\n2|bob|n2|NULL|0",
	},
	{
		Name: "type changes with and without a cast, under a foreign key",
		From: `CREATE TABLE parent (id int PRIMARY KEY, code text, label varchar(200), amount numeric(8,2) DEFAULT 0);
		       CREATE TABLE child (id int PRIMARY KEY, parent_id int REFERENCES parent (id));`,
		Rows: `INSERT INTO parent VALUES (1, '10', 'one', 1.5), (2, '20', 'two', 2);
		       INSERT INTO child VALUES (1, 1), (2, 2);`,
		To: `CREATE TABLE parent (id bigint PRIMARY KEY, code integer, label varchar(100), amount numeric(12,3) DEFAULT 0);
		     CREATE TABLE child (id int PRIMARY KEY, parent_id bigint REFERENCES parent (id));`,
		Query: `SELECT p.id, p.code + 1, p.label, p.amount, c.id FROM parent p JOIN child c ON c.parent_id = p.id ORDER BY p.id`,
		Want:  "1|11|one|1.500|1\n2|21|two|2.000|2",
	},
	{
		Name: "enum values inserted in the middle and appended, used by a default",
		From: `CREATE TYPE mood AS ENUM ('happy', 'sad');
		       CREATE TABLE people (id int PRIMARY KEY, mood mood DEFAULT 'happy');`,
		Rows: `INSERT INTO people VALUES (1, 'happy'), (2, 'sad');`,
		To: `CREATE TYPE mood AS ENUM ('happy', 'ok', 'sad', 'angry');
		     CREATE TABLE people (id int PRIMARY KEY, mood mood DEFAULT 'ok');`,
		Query: `SELECT id, mood FROM people ORDER BY id`,
		Want:  "1|happy\n2|sad",
	},
	{
		Name: "enum value removed and reordered: the type is rebuilt, views over it too",
		From: `CREATE TYPE state AS ENUM ('new', 'old', 'gone');
		       CREATE TABLE items (id int PRIMARY KEY, state state NOT NULL DEFAULT 'new');
		       CREATE VIEW fresh_items AS SELECT id FROM items WHERE state = 'new';`,
		Rows: `INSERT INTO items VALUES (1, 'new'), (2, 'old');`,
		To: `CREATE TYPE state AS ENUM ('old', 'new');
		     CREATE TABLE items (id int PRIMARY KEY, state state NOT NULL DEFAULT 'new');
		     CREATE VIEW fresh_items AS SELECT id FROM items WHERE state = 'new';`,
		Query: `SELECT id, state FROM items ORDER BY state`,
		Want:  "2|old\n1|new",
	},
	{
		Name: "table renamed keeps its rows; index and constraint renamed",
		From: `CREATE TABLE users (id int PRIMARY KEY, email text);
		       CREATE INDEX ix_email ON users (email);
		       CREATE TABLE t (id int, CONSTRAINT t_chk_positive CHECK (id > 0));`,
		Rows: `INSERT INTO users VALUES (1, 'a@x'), (2, 'b@x'); INSERT INTO t VALUES (5);`,
		To: `CREATE TABLE people (id int PRIMARY KEY, email text);
		     CREATE INDEX ix_people_email ON people (email);
		     CREATE TABLE t (id int, CONSTRAINT positive_id CHECK (id > 0));`,
		Query: `SELECT id, email FROM people ORDER BY id`,
		Want:  "1|a@x\n2|b@x",
	},
	{
		Name: "foreign key cycle between two new tables, and tables dropped that reference each other",
		From: `CREATE TABLE x (id int PRIMARY KEY, y_id int);
		       CREATE TABLE y (id int PRIMARY KEY, x_id int REFERENCES x (id));
		       ALTER TABLE x ADD FOREIGN KEY (y_id) REFERENCES y (id);
		       CREATE TABLE keep (id int PRIMARY KEY);`,
		Rows: `INSERT INTO keep VALUES (1);`,
		To: `CREATE TABLE keep (id int PRIMARY KEY);
		     CREATE TABLE a (id int PRIMARY KEY, b_id int);
		     CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id) ON DELETE CASCADE);
		     ALTER TABLE a ADD CONSTRAINT a_b_fk FOREIGN KEY (b_id) REFERENCES b (id) DEFERRABLE INITIALLY DEFERRED;`,
		Query: `SELECT id FROM keep`,
		Want:  "1",
	},
	{
		Name: "views over changed columns are rebuilt, with views over them",
		From: `CREATE TABLE orders (id int PRIMARY KEY, total numeric(8,2), status varchar(10));
		       CREATE VIEW big AS SELECT id, total FROM orders WHERE total > 100;
		       CREATE VIEW very_big AS SELECT id FROM big WHERE total > 1000;
		       CREATE VIEW by_status AS SELECT status, count(*) AS n FROM orders GROUP BY status;
		       CREATE MATERIALIZED VIEW totals AS SELECT sum(total) AS s FROM orders;`,
		Rows: `INSERT INTO orders VALUES (1, 50, 'new'), (2, 5000, 'paid');`,
		To: `CREATE TABLE orders (id int PRIMARY KEY, total numeric(14,2), status varchar(10));
		     CREATE VIEW big AS SELECT id, total FROM orders WHERE total > 100;
		     CREATE VIEW very_big AS SELECT id FROM big WHERE total > 1000;
		     CREATE VIEW by_status AS SELECT status, count(*) AS n FROM orders GROUP BY status;
		     CREATE MATERIALIZED VIEW totals AS SELECT sum(total) AS s, count(*) AS n FROM orders;
		     CREATE UNIQUE INDEX totals_s ON totals (s);`,
		Query: `SELECT v.id, t.s FROM very_big v, totals t`,
		Want:  "2|5050.00",
	},
	{
		Name: "composite keys: primary key changed, composite foreign key added",
		From: `CREATE TABLE line (order_id int NOT NULL, line_no int NOT NULL, sku text NOT NULL, PRIMARY KEY (order_id));
		       CREATE TABLE note (order_id int, line_no int, body text);`,
		Rows: `INSERT INTO line VALUES (1, 1, 'a'); INSERT INTO note VALUES (1, 1, 'hello');`,
		To: `CREATE TABLE line (order_id int NOT NULL, line_no int NOT NULL, sku text NOT NULL, PRIMARY KEY (order_id, line_no),
		       UNIQUE (sku, order_id));
		     CREATE TABLE note (order_id int, line_no int, body text,
		       FOREIGN KEY (order_id, line_no) REFERENCES line (order_id, line_no) ON UPDATE CASCADE);`,
		Query: `SELECT n.body, l.sku FROM note n JOIN line l USING (order_id, line_no)`,
		Want:  "hello|a",
	},
	{
		Name: "identity and generated columns",
		From: `CREATE TABLE a (id serial PRIMARY KEY, price int, qty int, total int GENERATED ALWAYS AS (price * qty) STORED,
		         ref int GENERATED ALWAYS AS IDENTITY);`,
		Rows: `INSERT INTO a (price, qty) VALUES (2, 3), (4, 5);`,
		To: `CREATE TABLE a (id int GENERATED BY DEFAULT AS IDENTITY (START WITH 100) PRIMARY KEY, price int, qty int,
		       total int GENERATED ALWAYS AS (price * qty + 1) STORED, ref int GENERATED BY DEFAULT AS IDENTITY (INCREMENT BY 5),
		       half int GENERATED ALWAYS AS (price / 2) STORED);`,
		Query: `SELECT id, total, half FROM a ORDER BY id`,
		Want:  "1|7|1\n2|21|2",
	},
	{
		Name: "indexes, uniques, checks, exclusions, triggers and functions added, changed and dropped",
		From: `CREATE EXTENSION IF NOT EXISTS btree_gist;
		       CREATE TABLE r (id int PRIMARY KEY, room int, during tsrange, code text, qty int CHECK (qty > 0),
		         CONSTRAINT r_code_key UNIQUE (code));
		       CREATE INDEX r_room ON r (room);
		       CREATE INDEX r_old ON r (qty);
		       CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.qty := NEW.qty; RETURN NEW; END $$;
		       CREATE FUNCTION gone(a int DEFAULT 1) RETURNS int LANGUAGE sql AS 'SELECT a';
		       CREATE TRIGGER r_touch BEFORE UPDATE ON r FOR EACH ROW EXECUTE FUNCTION touch();`,
		Rows: `INSERT INTO r VALUES (1, 1, '[2020-01-01,2020-01-02)', 'a', 1), (2, 1, '[2020-01-03,2020-01-04)', 'b', 2);`,
		To: `CREATE EXTENSION IF NOT EXISTS btree_gist;
		     CREATE TABLE r (id int PRIMARY KEY, room int, during tsrange, code text, qty int CHECK (qty >= 0),
		       CONSTRAINT r_code_key UNIQUE (code, room),
		       CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during WITH &&));
		     CREATE INDEX r_room ON r (room) WHERE room > 0;
		     CREATE UNIQUE INDEX r_during ON r (during);
		     CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.qty := NEW.qty + 0; RETURN NEW; END $$;
		     CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
		     CREATE TRIGGER r_touch BEFORE INSERT OR UPDATE ON r FOR EACH ROW EXECUTE FUNCTION touch();
		     CREATE TRIGGER r_stamp AFTER DELETE ON r FOR EACH ROW EXECUTE FUNCTION stamp();`,
		Query: `SELECT id, code FROM r ORDER BY id`,
		Want:  "1|a\n2|b",
	},
	{
		Name: "types, sequences, schemas and comments",
		From: `CREATE DOMAIN posint AS int CHECK (VALUE > 0);
		       CREATE TYPE pair AS (a int, b text);
		       CREATE TYPE dropme AS ENUM ('x');
		       CREATE SEQUENCE counter START 10;
		       CREATE SCHEMA old_stuff; CREATE TABLE old_stuff.t (id int);
		       CREATE TABLE t (id int PRIMARY KEY, n posint, p pair);
		       COMMENT ON TABLE t IS 'before';`,
		Rows: `INSERT INTO t VALUES (1, 5, ROW(1, 'a'));`,
		To: `CREATE DOMAIN posint AS int NOT NULL DEFAULT 1 CHECK (VALUE > 0) CHECK (VALUE < 1000);
		     CREATE TYPE pair AS (a int, b text, c date);
		     CREATE SEQUENCE counter START 10 INCREMENT 5;
		     CREATE SEQUENCE other;
		     CREATE SCHEMA new_stuff; CREATE TYPE new_stuff.colour AS ENUM ('red');
		     CREATE TABLE new_stuff.t (id int PRIMARY KEY, c new_stuff.colour);
		     CREATE VIEW new_stuff.v AS SELECT id FROM new_stuff.t;
		     CREATE TABLE t (id int PRIMARY KEY, n posint, p pair, s bigint DEFAULT nextval('other'));
		     COMMENT ON TABLE t IS 'after'; COMMENT ON COLUMN t.n IS 'a number'; COMMENT ON SCHEMA new_stuff IS 'new';`,
		Query: `SELECT id, n, (p).b FROM t`,
		Want:  "1|5|a",
	},
	{
		Name: "collations, text search configurations and aggregates added, changed and dropped",
		From: `CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
		       CREATE COLLATION gone (provider = icu, locale = 'de');
		       CREATE TEXT SEARCH CONFIGURATION cfg (COPY = pg_catalog.simple);
		       CREATE TEXT SEARCH CONFIGURATION cfg_gone (COPY = pg_catalog.simple);
		       CREATE TABLE words (id int PRIMARY KEY, w text COLLATE ci);
		       CREATE VIEW wv AS SELECT id, w FROM words;
		       CREATE FUNCTION _cat(text, text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT $1 || $2 $$;
		       CREATE AGGREGATE cat(text) (SFUNC = _cat, STYPE = text);
		       CREATE VIEW all_words AS SELECT cat(w) AS s FROM words;
		       CREATE FUNCTION _old(int, int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT $1 + $2 $$;
		       CREATE AGGREGATE old_agg(int) (SFUNC = _old, STYPE = int);`,
		Rows: `INSERT INTO words VALUES (1, 'a'), (2, 'B');`,
		To: `CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level1', deterministic = false);
		     CREATE COLLATION num (provider = icu, locale = 'und-u-kn-true');
		     COMMENT ON COLLATION num IS 'numbers in order';
		     CREATE TEXT SEARCH CONFIGURATION cfg (COPY = pg_catalog.english);
		     ALTER TEXT SEARCH CONFIGURATION cfg DROP MAPPING FOR email, url;
		     CREATE TEXT SEARCH CONFIGURATION cfg_new (PARSER = pg_catalog."default");
		     ALTER TEXT SEARCH CONFIGURATION cfg_new ADD MAPPING FOR asciiword WITH simple;
		     CREATE TABLE words (id int PRIMARY KEY, w text COLLATE ci, n text COLLATE num,
		       tsv tsvector GENERATED ALWAYS AS (to_tsvector('cfg_new', w)) STORED);
		     CREATE VIEW wv AS SELECT id, w FROM words;
		     CREATE FUNCTION _cat(text, text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT $1 || $2 $$;
		     CREATE AGGREGATE cat(text) (SFUNC = _cat, STYPE = text, INITCOND = '');
		     CREATE VIEW all_words AS SELECT cat(w) AS s FROM words;
		     CREATE FUNCTION zz_step(int, int) RETURNS int LANGUAGE sql IMMUTABLE AS $$ SELECT $1 * $2 $$;
		     CREATE AGGREGATE a_product(int) (SFUNC = zz_step, STYPE = int, INITCOND = '1');`,
		Query: `SELECT id, w FROM wv WHERE w = 'b' ORDER BY id`,
		Want:  "2|B",
	},
	{
		// A renamed table that also changed is a rename with its changes, not drop + create:
		// the rows stay, and the foreign key pointing at it follows.
		Name: "a table renamed that also gained and lost a column keeps its rows",
		From: `CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, email text, created date, fax text);
		       CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers (id));
		       CREATE TABLE gone (id int PRIMARY KEY, a int, b int);`,
		Rows: `INSERT INTO customers VALUES (1, 'ann', 'a@x', '2020-01-01', NULL), (2, 'bob', NULL, NULL, '5');
		       INSERT INTO orders VALUES (10, 1), (11, 2);`,
		To: `CREATE TABLE clients (id int PRIMARY KEY, name text NOT NULL, email text, created date, phone text);
		     CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES clients (id));
		     CREATE TABLE fresh (id int PRIMARY KEY, x text, y text);`,
		Query: `SELECT c.id, c.name, c.email, o.id FROM clients c JOIN orders o ON o.customer_id = c.id ORDER BY c.id`,
		Want:  "1|ann|a@x|10\n2|bob|NULL|11",
	},
	{
		// MusicBrainz → empty: schema objects use a kept schema's extensions (a text search
		// configuration mapping tokens to unaccent's dictionary, cube columns and a function,
		// an index with pg_trgm's operator class), so the extensions go after DROP SCHEMA …
		// CASCADE; one living in a dropped schema goes with it.
		Name: "extensions dropped after the dropped schemas and objects that use them",
		From: `CREATE EXTENSION cube; CREATE EXTENSION earthdistance; CREATE EXTENSION unaccent;
		       CREATE SCHEMA trgm; CREATE EXTENSION pg_trgm WITH SCHEMA trgm;
		       CREATE SCHEMA app;
		       CREATE TEXT SEARCH CONFIGURATION app.simple_unaccent (COPY = pg_catalog.simple);
		       ALTER TEXT SEARCH CONFIGURATION app.simple_unaccent ALTER MAPPING FOR word, asciiword WITH unaccent, simple;
		       CREATE TEXT SEARCH CONFIGURATION public.plain_unaccent (COPY = pg_catalog.simple);
		       ALTER TEXT SEARCH CONFIGURATION public.plain_unaccent ALTER MAPPING FOR word WITH unaccent, simple;
		       CREATE TABLE app.place (id int PRIMARY KEY, at cube, name text);
		       CREATE INDEX place_name_trgm ON app.place USING gin (name trgm.gin_trgm_ops);
		       CREATE FUNCTION app.near(cube) RETURNS float8 LANGUAGE sql IMMUTABLE AS $$ SELECT cube_distance($1, cube(0)) $$;
		       CREATE TABLE public.spot (id int PRIMARY KEY, at cube);
		       CREATE TABLE keep (id int PRIMARY KEY, name text);`,
		Rows: `INSERT INTO keep VALUES (1, 'a'), (2, 'b'); INSERT INTO app.place VALUES (1, cube(1), 'x');
		       INSERT INTO spot VALUES (1, cube(2));`,
		To:    `CREATE TABLE keep (id int PRIMARY KEY, name text);`,
		Query: `SELECT id, name FROM keep ORDER BY id`,
		Want:  "1|a\n2|b",
	},
	{
		// The way back of the case above: the re-created collation's column is converted after
		// the generated column reading it is dropped (PostgreSQL refuses ALTER … TYPE before).
		Name: "collations: a column converted to a re-created collation after the generated column reading it is dropped",
		From: `CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level1', deterministic = false);
		       CREATE COLLATION num (provider = icu, locale = 'und-u-kn-true');
		       CREATE TEXT SEARCH CONFIGURATION cfg_new (PARSER = pg_catalog."default");
		       ALTER TEXT SEARCH CONFIGURATION cfg_new ADD MAPPING FOR asciiword WITH simple;
		       CREATE TABLE words (id int PRIMARY KEY, w text COLLATE ci, n text COLLATE num,
		         tsv tsvector GENERATED ALWAYS AS (to_tsvector('cfg_new', w)) STORED);
		       CREATE VIEW wv AS SELECT id, w FROM words;`,
		Rows: `INSERT INTO words (id, w, n) VALUES (1, 'a', '1'), (2, 'B', '2');`,
		To: `CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
		     CREATE TABLE words (id int PRIMARY KEY, w text COLLATE ci, extra tsvector GENERATED ALWAYS AS (to_tsvector('simple', w)) STORED);
		     CREATE VIEW wv AS SELECT id, w FROM words;`,
		Query: `SELECT id, w, extra FROM words WHERE w = 'b' ORDER BY id`,
		Want:  "2|B|'b':1",
	},
	{
		Name: "--schema-map: types of the schema qualified with FROM's name in new tables, added and changed columns",
		From: `CREATE SCHEMA app; CREATE TYPE app.mood AS ENUM ('a', 'b'); CREATE DOMAIN app.pos AS int CHECK (VALUE > 0);
		       CREATE TABLE app.t (id int PRIMARY KEY, m app.mood, x text);`,
		Rows: `INSERT INTO app.t VALUES (1, 'a', 'b');`,
		To: `CREATE SCHEMA stage; CREATE TYPE stage.mood AS ENUM ('a', 'b'); CREATE DOMAIN stage.pos AS int CHECK (VALUE > 0);
		     CREATE TABLE stage.t (id int PRIMARY KEY, m stage.mood, x stage.mood, n stage.pos, ms stage.mood[]);
		     CREATE TABLE stage.u (id int PRIMARY KEY, m stage.mood NOT NULL, n stage.pos);`,
		Query: `SELECT id, m, x, n FROM app.t`,
		Want:  "1|a|b|NULL",
		Diff:  diff.Options{SchemaMap: map[string]string{"app": "stage"}},
	},
	{
		Name: "--concurrently: indexes of existing tables after the transaction",
		From: `CREATE TABLE t (id int PRIMARY KEY, a int, b text); CREATE INDEX t_b ON t (b);`,
		Rows: `INSERT INTO t VALUES (1, 1, 'x'), (2, 2, 'y');`,
		To: `CREATE TABLE t (id int PRIMARY KEY, a int, b text, c int); CREATE INDEX t_b ON t (b, a);
		     CREATE UNIQUE INDEX t_a ON t (a); CREATE TABLE n (id int PRIMARY KEY, t_a int REFERENCES t (a));
		     CREATE INDEX n_t ON n (t_a);`,
		Query: `SELECT indexname FROM pg_indexes WHERE tablename IN ('t', 'n') ORDER BY 1`,
		Want:  "n_pkey\nn_t\nt_a\nt_b\nt_pkey",
		Plan:  migrate.Options{Concurrently: true},
	},
	{
		Name:      "the --split output applied statement by statement through the driver",
		From:      `CREATE TYPE mood AS ENUM ('a', 'c'); CREATE TABLE t (id int PRIMARY KEY, m mood, x text); CREATE VIEW v AS SELECT id, x FROM t;`,
		Rows:      `INSERT INTO t VALUES (1, 'a', '7');`,
		To:        `CREATE TYPE mood AS ENUM ('a', 'b', 'c'); CREATE TABLE t (id int PRIMARY KEY, m mood DEFAULT 'b', x int); CREATE VIEW v AS SELECT id, x FROM t;`,
		Query:     `SELECT id, m, x FROM v JOIN t USING (id, x)`,
		Want:      "1|a|7",
		ViaDriver: true,
	},
}

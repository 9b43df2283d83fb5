package main

import (
	"path/filepath"
	"testing"

	"github.com/dbinspect/dbinspect/drivers/dbtest"
)

var postgresMigrations = []migrationCase{
	{
		name: "columns added, dropped, nullability and defaults",
		from: `CREATE TABLE users (id int PRIMARY KEY, name text, mood text, note text NOT NULL DEFAULT 'x');`,
		rows: `INSERT INTO users VALUES (1, 'ann', 'ok', 'n1'), (2, 'bob', NULL, 'n2');`,
		to: `CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL DEFAULT 'anon', note text,
		       nick varchar(20), score int NOT NULL DEFAULT 0);`,
		query: `SELECT id, name, note, nick, score FROM users ORDER BY id`,
		want:  "1|ann|n1|NULL|0\n2|bob|n2|NULL|0",
	},
	{
		name: "type changes with and without a cast, under a foreign key",
		from: `CREATE TABLE parent (id int PRIMARY KEY, code text, label varchar(200), amount numeric(8,2) DEFAULT 0);
		       CREATE TABLE child (id int PRIMARY KEY, parent_id int REFERENCES parent (id));`,
		rows: `INSERT INTO parent VALUES (1, '10', 'one', 1.5), (2, '20', 'two', 2);
		       INSERT INTO child VALUES (1, 1), (2, 2);`,
		to: `CREATE TABLE parent (id bigint PRIMARY KEY, code integer, label varchar(100), amount numeric(12,3) DEFAULT 0);
		     CREATE TABLE child (id int PRIMARY KEY, parent_id bigint REFERENCES parent (id));`,
		query: `SELECT p.id, p.code + 1, p.label, p.amount, c.id FROM parent p JOIN child c ON c.parent_id = p.id ORDER BY p.id`,
		want:  "1|11|one|1.500|1\n2|21|two|2.000|2",
	},
	{
		name: "enum values inserted in the middle and appended, used by a default",
		from: `CREATE TYPE mood AS ENUM ('happy', 'sad');
		       CREATE TABLE people (id int PRIMARY KEY, mood mood DEFAULT 'happy');`,
		rows: `INSERT INTO people VALUES (1, 'happy'), (2, 'sad');`,
		to: `CREATE TYPE mood AS ENUM ('happy', 'ok', 'sad', 'angry');
		     CREATE TABLE people (id int PRIMARY KEY, mood mood DEFAULT 'ok');`,
		query: `SELECT id, mood FROM people ORDER BY id`,
		want:  "1|happy\n2|sad",
	},
	{
		name: "enum value removed and reordered: the type is rebuilt, views over it too",
		from: `CREATE TYPE state AS ENUM ('new', 'old', 'gone');
		       CREATE TABLE items (id int PRIMARY KEY, state state NOT NULL DEFAULT 'new');
		       CREATE VIEW fresh_items AS SELECT id FROM items WHERE state = 'new';`,
		rows: `INSERT INTO items VALUES (1, 'new'), (2, 'old');`,
		to: `CREATE TYPE state AS ENUM ('old', 'new');
		     CREATE TABLE items (id int PRIMARY KEY, state state NOT NULL DEFAULT 'new');
		     CREATE VIEW fresh_items AS SELECT id FROM items WHERE state = 'new';`,
		query: `SELECT id, state FROM items ORDER BY state`,
		want:  "2|old\n1|new",
	},
	{
		name: "table renamed keeps its rows; index and constraint renamed",
		from: `CREATE TABLE users (id int PRIMARY KEY, email text);
		       CREATE INDEX ix_email ON users (email);
		       CREATE TABLE t (id int, CONSTRAINT t_chk_positive CHECK (id > 0));`,
		rows: `INSERT INTO users VALUES (1, 'a@x'), (2, 'b@x'); INSERT INTO t VALUES (5);`,
		to: `CREATE TABLE people (id int PRIMARY KEY, email text);
		     CREATE INDEX ix_people_email ON people (email);
		     CREATE TABLE t (id int, CONSTRAINT positive_id CHECK (id > 0));`,
		query: `SELECT id, email FROM people ORDER BY id`,
		want:  "1|a@x\n2|b@x",
	},
	{
		name: "foreign key cycle between two new tables, and tables dropped that reference each other",
		from: `CREATE TABLE x (id int PRIMARY KEY, y_id int);
		       CREATE TABLE y (id int PRIMARY KEY, x_id int REFERENCES x (id));
		       ALTER TABLE x ADD FOREIGN KEY (y_id) REFERENCES y (id);
		       CREATE TABLE keep (id int PRIMARY KEY);`,
		rows: `INSERT INTO keep VALUES (1);`,
		to: `CREATE TABLE keep (id int PRIMARY KEY);
		     CREATE TABLE a (id int PRIMARY KEY, b_id int);
		     CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id) ON DELETE CASCADE);
		     ALTER TABLE a ADD CONSTRAINT a_b_fk FOREIGN KEY (b_id) REFERENCES b (id) DEFERRABLE INITIALLY DEFERRED;`,
		query: `SELECT id FROM keep`,
		want:  "1",
	},
	{
		name: "views over changed columns are rebuilt, with views over them",
		from: `CREATE TABLE orders (id int PRIMARY KEY, total numeric(8,2), status varchar(10));
		       CREATE VIEW big AS SELECT id, total FROM orders WHERE total > 100;
		       CREATE VIEW very_big AS SELECT id FROM big WHERE total > 1000;
		       CREATE VIEW by_status AS SELECT status, count(*) AS n FROM orders GROUP BY status;
		       CREATE MATERIALIZED VIEW totals AS SELECT sum(total) AS s FROM orders;`,
		rows: `INSERT INTO orders VALUES (1, 50, 'new'), (2, 5000, 'paid');`,
		to: `CREATE TABLE orders (id int PRIMARY KEY, total numeric(14,2), status varchar(10));
		     CREATE VIEW big AS SELECT id, total FROM orders WHERE total > 100;
		     CREATE VIEW very_big AS SELECT id FROM big WHERE total > 1000;
		     CREATE VIEW by_status AS SELECT status, count(*) AS n FROM orders GROUP BY status;
		     CREATE MATERIALIZED VIEW totals AS SELECT sum(total) AS s, count(*) AS n FROM orders;
		     CREATE UNIQUE INDEX totals_s ON totals (s);`,
		query: `SELECT v.id, t.s FROM very_big v, totals t`,
		want:  "2|5050.00",
	},
	{
		name: "composite keys: primary key changed, composite foreign key added",
		from: `CREATE TABLE line (order_id int NOT NULL, line_no int NOT NULL, sku text NOT NULL, PRIMARY KEY (order_id));
		       CREATE TABLE note (order_id int, line_no int, body text);`,
		rows: `INSERT INTO line VALUES (1, 1, 'a'); INSERT INTO note VALUES (1, 1, 'hello');`,
		to: `CREATE TABLE line (order_id int NOT NULL, line_no int NOT NULL, sku text NOT NULL, PRIMARY KEY (order_id, line_no),
		       UNIQUE (sku, order_id));
		     CREATE TABLE note (order_id int, line_no int, body text,
		       FOREIGN KEY (order_id, line_no) REFERENCES line (order_id, line_no) ON UPDATE CASCADE);`,
		query: `SELECT n.body, l.sku FROM note n JOIN line l USING (order_id, line_no)`,
		want:  "hello|a",
	},
	{
		name: "identity and generated columns",
		from: `CREATE TABLE a (id serial PRIMARY KEY, price int, qty int, total int GENERATED ALWAYS AS (price * qty) STORED,
		         ref int GENERATED ALWAYS AS IDENTITY);`,
		rows: `INSERT INTO a (price, qty) VALUES (2, 3), (4, 5);`,
		to: `CREATE TABLE a (id int GENERATED BY DEFAULT AS IDENTITY (START WITH 100) PRIMARY KEY, price int, qty int,
		       total int GENERATED ALWAYS AS (price * qty + 1) STORED, ref int GENERATED BY DEFAULT AS IDENTITY (INCREMENT BY 5),
		       half int GENERATED ALWAYS AS (price / 2) STORED);`,
		query: `SELECT id, total, half FROM a ORDER BY id`,
		want:  "1|7|1\n2|21|2",
	},
	{
		name: "indexes, uniques, checks, exclusions, triggers and functions added, changed and dropped",
		from: `CREATE EXTENSION IF NOT EXISTS btree_gist;
		       CREATE TABLE r (id int PRIMARY KEY, room int, during tsrange, code text, qty int CHECK (qty > 0),
		         CONSTRAINT r_code_key UNIQUE (code));
		       CREATE INDEX r_room ON r (room);
		       CREATE INDEX r_old ON r (qty);
		       CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.qty := NEW.qty; RETURN NEW; END $$;
		       CREATE FUNCTION gone(a int DEFAULT 1) RETURNS int LANGUAGE sql AS 'SELECT a';
		       CREATE TRIGGER r_touch BEFORE UPDATE ON r FOR EACH ROW EXECUTE FUNCTION touch();`,
		rows: `INSERT INTO r VALUES (1, 1, '[2020-01-01,2020-01-02)', 'a', 1), (2, 1, '[2020-01-03,2020-01-04)', 'b', 2);`,
		to: `CREATE EXTENSION IF NOT EXISTS btree_gist;
		     CREATE TABLE r (id int PRIMARY KEY, room int, during tsrange, code text, qty int CHECK (qty >= 0),
		       CONSTRAINT r_code_key UNIQUE (code, room),
		       CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during WITH &&));
		     CREATE INDEX r_room ON r (room) WHERE room > 0;
		     CREATE UNIQUE INDEX r_during ON r (during);
		     CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.qty := NEW.qty + 0; RETURN NEW; END $$;
		     CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
		     CREATE TRIGGER r_touch BEFORE INSERT OR UPDATE ON r FOR EACH ROW EXECUTE FUNCTION touch();
		     CREATE TRIGGER r_stamp AFTER DELETE ON r FOR EACH ROW EXECUTE FUNCTION stamp();`,
		query: `SELECT id, code FROM r ORDER BY id`,
		want:  "1|a\n2|b",
	},
	{
		name: "types, sequences, schemas and comments",
		from: `CREATE DOMAIN posint AS int CHECK (VALUE > 0);
		       CREATE TYPE pair AS (a int, b text);
		       CREATE TYPE dropme AS ENUM ('x');
		       CREATE SEQUENCE counter START 10;
		       CREATE SCHEMA old_stuff; CREATE TABLE old_stuff.t (id int);
		       CREATE TABLE t (id int PRIMARY KEY, n posint, p pair);
		       COMMENT ON TABLE t IS 'before';`,
		rows: `INSERT INTO t VALUES (1, 5, ROW(1, 'a'));`,
		to: `CREATE DOMAIN posint AS int NOT NULL DEFAULT 1 CHECK (VALUE > 0) CHECK (VALUE < 1000);
		     CREATE TYPE pair AS (a int, b text, c date);
		     CREATE SEQUENCE counter START 10 INCREMENT 5;
		     CREATE SEQUENCE other;
		     CREATE SCHEMA new_stuff; CREATE TYPE new_stuff.colour AS ENUM ('red');
		     CREATE TABLE new_stuff.t (id int PRIMARY KEY, c new_stuff.colour);
		     CREATE VIEW new_stuff.v AS SELECT id FROM new_stuff.t;
		     CREATE TABLE t (id int PRIMARY KEY, n posint, p pair, s bigint DEFAULT nextval('other'));
		     COMMENT ON TABLE t IS 'after'; COMMENT ON COLUMN t.n IS 'a number'; COMMENT ON SCHEMA new_stuff IS 'new';`,
		query: `SELECT id, n, (p).b FROM t`,
		want:  "1|5|a",
	},
	{
		name: "--concurrently: indexes of existing tables after the transaction",
		from: `CREATE TABLE t (id int PRIMARY KEY, a int, b text); CREATE INDEX t_b ON t (b);`,
		rows: `INSERT INTO t VALUES (1, 1, 'x'), (2, 2, 'y');`,
		to: `CREATE TABLE t (id int PRIMARY KEY, a int, b text, c int); CREATE INDEX t_b ON t (b, a);
		     CREATE UNIQUE INDEX t_a ON t (a); CREATE TABLE n (id int PRIMARY KEY, t_a int REFERENCES t (a));
		     CREATE INDEX n_t ON n (t_a);`,
		query:   `SELECT indexname FROM pg_indexes WHERE tablename IN ('t', 'n') ORDER BY 1`,
		want:    "n_pkey\nn_t\nt_a\nt_b\nt_pkey",
		sqlArgs: []string{"--concurrently"},
	},
	{
		name:      "the --split output applied statement by statement through the driver",
		from:      `CREATE TYPE mood AS ENUM ('a', 'c'); CREATE TABLE t (id int PRIMARY KEY, m mood, x text); CREATE VIEW v AS SELECT id, x FROM t;`,
		rows:      `INSERT INTO t VALUES (1, 'a', '7');`,
		to:        `CREATE TYPE mood AS ENUM ('a', 'b', 'c'); CREATE TABLE t (id int PRIMARY KEY, m mood DEFAULT 'b', x int); CREATE VIEW v AS SELECT id, x FROM t;`,
		query:     `SELECT id, m, x FROM v JOIN t USING (id, x)`,
		want:      "1|a|7",
		viaDriver: true,
	},
}

func TestMigratePostgres(t *testing.T) {
	for _, c := range postgresMigrations {
		t.Run(c.name, func(t *testing.T) {
			runMigrationCase(t, freshPostgres, c)
		})
	}
}

// TestMigratePostgresCorpus migrates an empty database to each PostgreSQL corpus schema.
func TestMigratePostgresCorpus(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(dbtest.CorpusDir(t), "*", "postgres.sql"))
	for _, f := range files {
		name := filepath.Base(filepath.Dir(f))
		t.Run(name, func(t *testing.T) {
			corpusRoundTrip(t, freshPostgres, postgresCorpusPreludes[name], postgresCorpusKnown[name], func(db *engineDB) { db.apply(t, f) })
		})
	}
}

// postgresCorpusPreludes are the corpus exceptions: objects the model does not describe, so
// no plan can create them. The empty database gets them before the plan is made; the plan must
// do everything else.
var postgresCorpusPreludes = map[string]string{
	// Aggregates are listed without a definition (pg_get_functiondef has none for them).
	"pagila": sakilaAggregate,
	"sakila": sakilaAggregate,
	// Collations and text search configurations are not in the model.
	"musicbrainz": `CREATE SCHEMA musicbrainz;
		CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;
		CREATE COLLATION musicbrainz.musicbrainz (provider = icu, locale = '@colCaseFirst=lower;colNumeric=yes');
		CREATE TEXT SEARCH CONFIGURATION musicbrainz.mb_simple (COPY = pg_catalog.simple);
		ALTER TEXT SEARCH CONFIGURATION musicbrainz.mb_simple
		  ALTER MAPPING FOR word, numword, hword, numhword, hword_part, hword_numpart WITH public.unaccent, simple;
		CREATE FUNCTION musicbrainz._median(INTEGER[]) RETURNS INTEGER AS $$
		  WITH q AS (SELECT val FROM unnest($1) AS val WHERE VAL IS NOT NULL ORDER BY val)
		  SELECT val FROM q LIMIT 1 OFFSET greatest(0, floor((select count(*) FROM q) / 2.0) - 1)
		$$ LANGUAGE sql IMMUTABLE;
		CREATE AGGREGATE musicbrainz.median(INTEGER) (SFUNC = array_append, STYPE = INTEGER[], FINALFUNC = musicbrainz._median, INITCOND = '{}');`,
}

// postgresCorpusKnown are differences that remain after the migration, with the reason.
var postgresCorpusKnown = map[string][]string{
	// pg_get_viewdef prints an unnamed "NULL::integer" in a UNION branch bare; created again
	// from that text, the server names the column and prints "NULL::integer AS int4". The view
	// is the same; its text is not.
	"musicbrainz": {"modify view release_event"},
}

const sakilaAggregate = `CREATE FUNCTION public._group_concat(text, text) RETURNS text LANGUAGE sql IMMUTABLE
  AS $_$ SELECT CASE WHEN $2 IS NULL THEN $1 WHEN $1 IS NULL THEN $2 ELSE $1 || ', ' || $2 END $_$;
CREATE AGGREGATE public.group_concat(text) (SFUNC = public._group_concat, STYPE = text);`

package migrate_test

import (
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/migrate"
	"github.com/dbinspect/dbinspect/migrate/migratetest"
	"github.com/dbinspect/dbinspect/schema"
)

// Issue 13: PostgreSQL partitioned tables and inheritance children. What a partitioned parent
// declares (indexes, keys, foreign keys, checks, row triggers) the server copies onto every
// partition; the plan must make only the parent's, and drop only the parent's.

// partitionedEvents is a partitioned table with three range partitions and a default one,
// a partition-local index, and rows in every partition.
const partitionedEvents = `CREATE TABLE ref (id int PRIMARY KEY);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
CREATE TABLE ev (id int NOT NULL, at date NOT NULL, r int, note text, qty int, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE ev_2020 PARTITION OF ev FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');
CREATE TABLE ev_2021 PARTITION OF ev FOR VALUES FROM ('2021-01-01') TO ('2022-01-01');
CREATE TABLE ev_2022 PARTITION OF ev FOR VALUES FROM ('2022-01-01') TO ('2023-01-01');
CREATE TABLE ev_def PARTITION OF ev DEFAULT;
`

// partitionedExtras are objects on the parent (copied to every partition) and one on a
// partition alone.
const partitionedExtras = `CREATE INDEX ev_note ON ev (note);
CREATE UNIQUE INDEX ev_u ON ev (r, at);
ALTER TABLE ev ADD CONSTRAINT ev_r_fkey FOREIGN KEY (r) REFERENCES ref (id);
ALTER TABLE ev ADD CONSTRAINT ev_qty_positive CHECK (qty > 0);
CREATE TRIGGER ev_touch BEFORE INSERT ON ev FOR EACH ROW EXECUTE FUNCTION touch();
CREATE INDEX ev_2021_local ON ev_2021 (id);
`

const partitionedRows = `INSERT INTO ref VALUES (1), (2);
INSERT INTO ev VALUES (1, '2020-05-01', 1, 'a', 1), (2, '2021-05-01', 2, 'b', 2), (3, '2022-05-01', NULL, 'c', 3), (4, '2030-01-01', 1, 'd', 4);`

var postgresPartitionMigrations = []migratetest.Case{
	{
		Name:  "partitioned table created with parent objects and a partition-local index",
		From:  `SELECT 1;`,
		To:    partitionedEvents + partitionedExtras,
		Query: `SELECT count(*) FROM ev`,
		Want:  "0",
	},
	{
		Name:  "objects added on a partitioned parent are made once, on the parent",
		From:  partitionedEvents,
		Rows:  partitionedRows,
		To:    partitionedEvents + partitionedExtras,
		Query: `SELECT tableoid::regclass, id, note FROM ev ORDER BY id`,
		Want:  "ev_2020|1|a\nev_2021|2|b\nev_2022|3|c\nev_def|4|d",
	},
	{
		Name:  "objects dropped from a partitioned parent are dropped once",
		From:  partitionedEvents + partitionedExtras,
		Rows:  partitionedRows,
		To:    partitionedEvents,
		Query: `SELECT tableoid::regclass, id, note FROM ev ORDER BY id`,
		Want:  "ev_2020|1|a\nev_2021|2|b\nev_2022|3|c\nev_def|4|d",
	},
	{
		Name: "columns added, dropped and changed on a partitioned parent",
		From: partitionedEvents + partitionedExtras,
		Rows: partitionedRows,
		To: `CREATE TABLE ref (id int PRIMARY KEY);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
CREATE TABLE ev (id int NOT NULL, at date NOT NULL, r bigint, note varchar(20) NOT NULL DEFAULT '', qty int, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE ev_2020 PARTITION OF ev FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');
CREATE TABLE ev_2021 PARTITION OF ev FOR VALUES FROM ('2021-01-01') TO ('2022-01-01');
CREATE TABLE ev_2022 PARTITION OF ev FOR VALUES FROM ('2022-01-01') TO ('2023-01-01');
CREATE TABLE ev_def PARTITION OF ev DEFAULT;
ALTER TABLE ev DROP COLUMN qty;
ALTER TABLE ev ADD COLUMN tag text;
CREATE INDEX ev_note ON ev (note, tag);
CREATE UNIQUE INDEX ev_u ON ev (r, at);
ALTER TABLE ev ADD CONSTRAINT ev_r_fkey FOREIGN KEY (r) REFERENCES ref (id);
CREATE TRIGGER ev_touch BEFORE INSERT ON ev FOR EACH ROW EXECUTE FUNCTION touch();
CREATE INDEX ev_2021_local ON ev_2021 (id);`,
		Query: `SELECT tableoid::regclass, id, r, note, tag FROM ev ORDER BY id`,
		Want:  "ev_2020|1|1|a|NULL\nev_2021|2|2|b|NULL\nev_2022|3|NULL|c|NULL\nev_def|4|1|d|NULL",
	},
	{
		Name:  "a partitioned table dropped with its partitions",
		From:  partitionedEvents + partitionedExtras + `CREATE TABLE keep (id int PRIMARY KEY);`,
		Rows:  partitionedRows + `INSERT INTO keep VALUES (7);`,
		To:    `CREATE TABLE keep (id int PRIMARY KEY);`,
		Query: `SELECT id FROM keep`,
		Want:  "7",
	},
	{
		Name: "INHERITS children: parent columns and checks changed once",
		From: `CREATE TABLE animal (id int, name text, legs int, CONSTRAINT legs_ok CHECK (legs >= 0));
CREATE TABLE dog (good bool) INHERITS (animal);`,
		Rows: `INSERT INTO dog VALUES (1, 'rex', 4, true);`,
		To: `CREATE TABLE animal (id int, name text, born date, CONSTRAINT name_set CHECK (name <> ''));
CREATE TABLE dog (good bool) INHERITS (animal);
CREATE TABLE cat (lives int) INHERITS (animal);`,
		Query: `SELECT id, name, born, good FROM dog`,
		Want:  "1|rex|NULL|true",
	},
	{
		Name: "partitions detached, attached, re-bounded and added; the default partition's rows move where they now belong",
		From: partitionedEvents + partitionedExtras + `CREATE TABLE loose (id int NOT NULL, at date NOT NULL, r int, note text, qty int);`,
		Rows: partitionedRows + `INSERT INTO ev VALUES (5, '2023-03-01', 1, 'e', 5), (6, '2024-06-01', 2, 'f', 6);
INSERT INTO loose VALUES (9, '2023-09-09', 1, 'z', 9);`,
		To: partitionedEvents + partitionedExtras + `ALTER TABLE ev DETACH PARTITION ev_2021;
ALTER TABLE ev_2021 DROP CONSTRAINT ev_2021_pkey; DROP INDEX ev_2021_note_idx; DROP INDEX ev_2021_r_at_idx; DROP INDEX ev_2021_local;
ALTER TABLE ev_2021 DROP CONSTRAINT ev_r_fkey; ALTER TABLE ev_2021 DROP CONSTRAINT ev_qty_positive;
ALTER TABLE ev DETACH PARTITION ev_2022;
ALTER TABLE ev ATTACH PARTITION ev_2022 FOR VALUES FROM ('2022-01-01') TO ('2023-07-01');
CREATE TABLE ev_2024 PARTITION OF ev FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE loose (id int NOT NULL, at date NOT NULL, r int, note text, qty int, CONSTRAINT ev_qty_positive CHECK (qty > 0));
ALTER TABLE ev ATTACH PARTITION loose FOR VALUES FROM ('2023-07-01') TO ('2024-01-01');`,
		Query: `(SELECT tableoid::regclass, id FROM ev UNION ALL SELECT tableoid::regclass, id FROM ev_2021) ORDER BY id`,
		Want:  "ev_2020|1\nev_2021|2\nev_2022|3\nev_def|4\nev_2022|5\nev_2024|6\nloose|9",
	},
	{
		// The default partition is dropped while partitions covering some of its rows are
		// created: the rows go into them; the row no partition covers is lost with it (the
		// plan says so).
		Name: "the default partition dropped while partitions covering its rows are created",
		From: partitionedEvents + partitionedExtras,
		Rows: partitionedRows + `INSERT INTO ev VALUES (5, '2023-03-01', 1, 'e', 5), (7, '2040-01-01', 2, 'g', 7);`,
		To: strings.Replace(partitionedEvents, "CREATE TABLE ev_def PARTITION OF ev DEFAULT;\n", "", 1) + partitionedExtras +
			`CREATE TABLE ev_2023 PARTITION OF ev FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE TABLE "ev 2030%" PARTITION OF ev FOR VALUES FROM ('2030-01-01') TO ('2031-01-01');`,
		Query: `SELECT tableoid::regclass, id FROM ev ORDER BY id`,
		Want:  "ev_2020|1\nev_2021|2\nev_2022|3\n\"ev 2030%\"|4\nev_2023|5",
	},
}

func TestMigratePostgresPartitions(t *testing.T) {
	for _, c := range postgresPartitionMigrations {
		t.Run(c.Name, func(t *testing.T) {
			migratetest.Run(t, schema.Postgres, c)
		})
	}
}

// TestMigratePostgresPartitionKeyRefused: a partition key that changes is not planned. diff
// --format sql says so and exits 2; with --allow-notes the rest of the plan is written, the
// change listed as NOT PLANNED, and nothing the table still needs (its trigger's function)
// is dropped.
func TestMigratePostgresPartitionKeyRefused(t *testing.T) {
	from, to := dbtest.Fresh(t, schema.Postgres), dbtest.Fresh(t, schema.Postgres)
	migratetest.Exec(t, from.Admin, partitionedEvents+partitionedExtras+partitionedRows)
	migratetest.Exec(t, to.Admin, `CREATE TABLE ref (id int PRIMARY KEY);
CREATE TABLE ev (id int NOT NULL, at date NOT NULL, r int, note text, qty int, PRIMARY KEY (id, at)) PARTITION BY RANGE (id);
CREATE TABLE ev_low PARTITION OF ev FOR VALUES FROM (0) TO (100);
CREATE TABLE extra (id int);`)
	_, plan := migratetest.Plan(t, from, to, diff.Options{}, migrate.Options{})
	if refused := strings.Join(plan.Refused, "; "); !strings.Contains(refused, "partition key RANGE (at) → RANGE (id)") {
		t.Fatalf("refused %q; want the partition key named", refused)
	}
	script := migratetest.ScriptAllowingNotes(t, from, to, diff.Options{}, migrate.Options{})
	for _, want := range []string{"-- NOT PLANNED: table public.ev: partition key", `CREATE TABLE "public"."extra"`} {
		if !strings.Contains(script, want) {
			t.Errorf("script lacks %q:\n%s", want, script)
		}
	}
	for _, unwanted := range []string{`"ev`, "touch"} {
		if strings.Contains(strings.SplitN(script, "BEGIN;", 2)[1], unwanted) {
			t.Errorf("script plans something of the refused table (%s):\n%s", unwanted, script)
		}
	}
}

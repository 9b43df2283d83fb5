package migrate_test

import (
	"testing"

	"github.com/dbinspect/dbinspect/migrate"
	"github.com/dbinspect/dbinspect/migrate/migratetest"
	"github.com/dbinspect/dbinspect/schema"
)

// TestMigrateMySQLSafeDependents: a --safe plan leaves out, with a destructive statement, every
// statement of the table that cannot run without it, so the plan applies with the mariadb
// client. After it ran the diff finds exactly what was left out (Case.Left), the other
// table's change is made, the rows are kept, and the --safe plan built again runs nothing.
// Before planner.needs, the period and partition cases failed on the server (ADD COLUMN …
// ROW START on a versioned table, ADD SYSTEM VERSIONING on one, ADD PARTITION behind
// MAXVALUE, PARTITION BY RANGE over a varchar); without Step.on the trigger was created
// though the column it reads was left out ("Unknown column 'n' in 'NEW'").
func TestMigrateMySQLSafeDependents(t *testing.T) {
	const other, otherTo = "CREATE TABLE other (id int PRIMARY KEY);\n", "CREATE TABLE other (id int PRIMARY KEY, n int);\n"
	const rows = "INSERT INTO other VALUES (1);\n"
	safe := migrate.Options{Safe: true}
	for _, c := range []migratetest.Case{
		{Name: "implicit period columns made explicit", From: other + implicitPeriod, To: otherTo + explicitPeriod,
			Rows: rows + "INSERT INTO imp VALUES (1, 10), (2, 20);", Query: "SELECT id, x FROM imp ORDER BY id", Want: "1|10\n2|20",
			Left: []string{"add column imp.e !", "add column imp.s !"}},
		{Name: "trigger reading a column of the left-out ALTER", From: other + implicitPeriod,
			To: otherTo + "CREATE TABLE imp (id int PRIMARY KEY, x int, n int, s timestamp(6) GENERATED ALWAYS AS ROW START INVISIBLE, " +
				"e timestamp(6) GENERATED ALWAYS AS ROW END INVISIBLE, PERIOD FOR SYSTEM_TIME (s, e)) WITH SYSTEM VERSIONING;\n" +
				"CREATE TRIGGER tr BEFORE UPDATE ON imp FOR EACH ROW SET NEW.n = NEW.x + 1;",
			Rows: rows + "INSERT INTO imp VALUES (1, 10);", Query: "SELECT id, x FROM imp", Want: "1|10",
			Left: []string{"add column imp.e !", "add column imp.n", "add column imp.s !", "add trigger imp.tr"}},
		{Name: "explicit period columns made implicit", From: other + explicitPeriod, To: otherTo + implicitPeriod,
			Rows: rows + "INSERT INTO imp (id, x) VALUES (1, 10);", Query: "SELECT id, x FROM imp", Want: "1|10",
			Left: []string{"drop column imp.e !", "drop column imp.s !"}},
		{Name: "versioning removed with its columns", From: other + explicitPeriod, To: otherTo + "CREATE TABLE imp (id int PRIMARY KEY, x int);",
			Rows: rows + "INSERT INTO imp (id, x) VALUES (1, 10);", Query: "SELECT id, x FROM imp", Want: "1|10",
			Left: []string{"drop column imp.e !", "drop column imp.s !", "modify table imp"}},
		{Name: "last partition dropped, one added after it",
			From: other + "CREATE TABLE pt (id int PRIMARY KEY) PARTITION BY RANGE (id) (PARTITION p0 VALUES LESS THAN (10), PARTITION p1 VALUES LESS THAN MAXVALUE);",
			To:   otherTo + "CREATE TABLE pt (id int PRIMARY KEY) PARTITION BY RANGE (id) (PARTITION p0 VALUES LESS THAN (10), PARTITION p2 VALUES LESS THAN (100));",
			Rows: rows + "INSERT INTO pt VALUES (1), (50), (500);", Query: "SELECT id FROM pt ORDER BY id", Want: "1\n50\n500",
			Left: []string{"modify table pt"}},
		{Name: "partitioning column's type narrowed",
			From: other + "CREATE TABLE pk2 (id int, c varchar(8) NOT NULL, PRIMARY KEY (id, c)) PARTITION BY KEY (c) PARTITIONS 2;",
			To:   otherTo + "CREATE TABLE pk2 (id int, c int NOT NULL, PRIMARY KEY (id, c)) PARTITION BY RANGE (c) (PARTITION p0 VALUES LESS THAN MAXVALUE);",
			Rows: rows + "INSERT INTO pk2 VALUES (1, '7'), (2, 'x');", Query: "SELECT id, c FROM pk2 ORDER BY id", Want: "1|7\n2|x",
			Left: []string{"modify column pk2.c !", "modify table pk2"}},
	} {
		c.Plan = safe
		t.Run(c.Name, func(t *testing.T) { migratetest.Run(t, schema.MySQL, c) })
	}
}

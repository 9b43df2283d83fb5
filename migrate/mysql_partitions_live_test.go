package migrate_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/migrate"
	"github.com/dbinspect/dbinspect/migrate/migratetest"
	"github.com/dbinspect/dbinspect/schema"
)

// Per-partition options (issue 14): partition and subpartition COMMENTs and names of their
// own, read back field by field, created, and changed in place (REORGANIZE PARTITION into
// the same bounds, which no row can fall out of) with the mariadb client, both ways.
const (
	partOptsFrom = "CREATE TABLE `par``t` (id int NOT NULL, y int NOT NULL, PRIMARY KEY (id, y)) PARTITION BY RANGE (y)\n" +
		"  (PARTITION p0 VALUES LESS THAN (2000) COMMENT 'old rows', PARTITION `p'1` VALUES LESS THAN (2010), PARTITION p2 VALUES LESS THAN MAXVALUE);\n" +
		"CREATE TABLE h (id int NOT NULL PRIMARY KEY) PARTITION BY HASH (id) PARTITIONS 2;\n" +
		"CREATE TABLE s (id int NOT NULL, y int NOT NULL, PRIMARY KEY (id, y)) PARTITION BY RANGE (y) SUBPARTITION BY HASH (id) SUBPARTITIONS 2\n" +
		"  (PARTITION p0 VALUES LESS THAN (2000), PARTITION p1 VALUES LESS THAN MAXVALUE);"
	partOptsTo = "CREATE TABLE `par``t` (id int NOT NULL, y int NOT NULL, PRIMARY KEY (id, y)) PARTITION BY RANGE (y)\n" +
		"  (PARTITION p0 VALUES LESS THAN (2000) COMMENT 'older rows', PARTITION `p'1` VALUES LESS THAN (2010) COMMENT 'it''s the 2000s',\n" +
		"   PARTITION p2 VALUES LESS THAN MAXVALUE);\n" +
		"CREATE TABLE h (id int NOT NULL PRIMARY KEY) PARTITION BY HASH (id) (PARTITION `a``x` COMMENT 'first', PARTITION b);\n" +
		"CREATE TABLE s (id int NOT NULL, y int NOT NULL, PRIMARY KEY (id, y)) PARTITION BY RANGE (y) SUBPARTITION BY HASH (id) SUBPARTITIONS 2\n" +
		"  (PARTITION p0 VALUES LESS THAN (2000) COMMENT 'x' (SUBPARTITION a, SUBPARTITION b),\n" +
		"   PARTITION p1 VALUES LESS THAN MAXVALUE (SUBPARTITION `s 1` COMMENT 'c', SUBPARTITION s2));"
	partOptsRows  = "INSERT INTO `par``t` VALUES (1, 1990), (2, 2005), (3, 2020); INSERT INTO h VALUES (1), (2), (3); INSERT INTO s VALUES (1, 1990), (2, 2020);"
	partOptsQuery = "SELECT (SELECT group_concat(id ORDER BY id) FROM `par``t`), (SELECT group_concat(id ORDER BY id) FROM h), (SELECT group_concat(id ORDER BY id) FROM s)"
)

func TestMySQLPartitionOptionsRead(t *testing.T) {
	db := dbtest.Fresh(t, schema.MySQL)
	migratetest.Exec(t, db.Admin, partOptsTo)
	sc := migratetest.Inspect(t, db).Schemas[0]
	parts := func(name string) []schema.MySQLPartition {
		tb := sc.Table(name)
		if tb == nil || tb.MySQL == nil || tb.MySQL.PartitionBy == nil {
			t.Fatalf("table %s not read as partitioned: %+v", name, tb)
		}
		return tb.MySQL.PartitionBy.Partitions
	}
	if got, want := parts("par`t"), []schema.MySQLPartition{{Name: "p0", Bound: "2000", Comment: "older rows"},
		{Name: "p'1", Bound: "2010", Comment: "it's the 2000s"}, {Name: "p2", Bound: "MAXVALUE"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("range partitions = %+v", got)
	}
	if got, want := parts("h"), []schema.MySQLPartition{{Name: "a`x", Comment: "first"}, {Name: "b"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("hash partitions = %+v", got)
	}
	if got, want := parts("s"), []schema.MySQLPartition{
		{Name: "p0", Bound: "2000", Subpartitions: []schema.MySQLSubpartition{{Name: "a", Comment: "x"}, {Name: "b", Comment: "x"}}},
		{Name: "p1", Bound: "MAXVALUE", Subpartitions: []schema.MySQLSubpartition{{Name: "s 1", Comment: "c"}, {Name: "s2"}}}}; !reflect.DeepEqual(got, want) {
		t.Errorf("subpartitioned partitions = %+v", got)
	}
}

func TestMigrateMySQLPartitionOptions(t *testing.T) {
	for _, c := range []migratetest.Case{
		{Name: "comments and names added", From: partOptsFrom, To: partOptsTo, Rows: partOptsRows, Query: partOptsQuery, Want: "1,2,3|1,2,3|1,2"},
		{Name: "and back", From: partOptsTo, To: partOptsFrom, Rows: partOptsRows, Query: partOptsQuery, Want: "1,2,3|1,2,3|1,2"},
		{Name: "from empty", From: "", To: partOptsTo},
	} {
		t.Run(c.Name, func(t *testing.T) { migratetest.Run(t, schema.MySQL, c) })
	}
	from, to := dbtest.Fresh(t, schema.MySQL), dbtest.Fresh(t, schema.MySQL)
	migratetest.Exec(t, from.Admin, partOptsFrom)
	migratetest.Exec(t, to.Admin, partOptsTo)
	script := migratetest.Script(t, from, to, diff.Options{}, migrate.Options{}, false)
	if !strings.Contains(script, "ALTER TABLE `par``t` REORGANIZE PARTITION `p0`, `p'1` INTO") || strings.Contains(script, "destructive: reorganizes partitions of par`t") {
		t.Errorf("want the commented partitions reorganized into the same bounds, not marked destructive:\n%s", script)
	}
	if !strings.Contains(script, "ALTER TABLE `h` REORGANIZE PARTITION `p0`, `p1` INTO (PARTITION `a``x` COMMENT = 'first', PARTITION `b`)") ||
		strings.Contains(script, "REMOVE PARTITIONING") {
		t.Errorf("want the HASH partitions reorganized into their new names, not the partitioning set anew:\n%s", script)
	}
}

// TestMigrateMySQLPartitionCount: HASH and KEY partitions of the same function change in number
// by ADD PARTITION PARTITIONS n and COALESCE PARTITION n (the rows move, none is lost), not by
// removing the partitioning and setting it anew (two copies of the table).
func TestMigrateMySQLPartitionCount(t *testing.T) {
	const (
		from = "CREATE TABLE `h``x` (id int NOT NULL PRIMARY KEY) PARTITION BY HASH (id) PARTITIONS 3;\n" +
			"CREATE TABLE k (id int NOT NULL PRIMARY KEY) PARTITION BY LINEAR KEY (id) PARTITIONS 4;"
		to = "CREATE TABLE `h``x` (id int NOT NULL PRIMARY KEY) PARTITION BY HASH (id) PARTITIONS 5;\n" +
			"CREATE TABLE k (id int NOT NULL PRIMARY KEY) PARTITION BY LINEAR KEY (id) PARTITIONS 2;"
		rows  = "INSERT INTO `h``x` VALUES (1), (2), (3), (4), (5), (6); INSERT INTO k VALUES (1), (2), (3), (4), (5);"
		query = "SELECT (SELECT group_concat(id ORDER BY id) FROM `h``x`), (SELECT group_concat(id ORDER BY id) FROM k)"
	)
	for _, c := range []migratetest.Case{
		{Name: "more and fewer", From: from, To: to, Rows: rows, Query: query, Want: "1,2,3,4,5,6|1,2,3,4,5"},
		{Name: "and back", From: to, To: from, Rows: rows, Query: query, Want: "1,2,3,4,5,6|1,2,3,4,5"},
	} {
		t.Run(c.Name, func(t *testing.T) {
			migratetest.Run(t, schema.MySQL, c)
			a, b := dbtest.Fresh(t, schema.MySQL), dbtest.Fresh(t, schema.MySQL)
			migratetest.Exec(t, a.Admin, c.From)
			migratetest.Exec(t, b.Admin, c.To)
			script := migratetest.Script(t, a, b, diff.Options{}, migrate.Options{}, false)
			if strings.Contains(script, "REMOVE PARTITIONING") || !strings.Contains(script, "ADD PARTITION PARTITIONS 2") ||
				!strings.Contains(script, "COALESCE PARTITION 2") {
				t.Errorf("want ADD PARTITION PARTITIONS 2 and COALESCE PARTITION 2, no REMOVE PARTITIONING:\n%s", script)
			}
		})
	}
}

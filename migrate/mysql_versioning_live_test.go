package migrate_test

import (
	"slices"
	"testing"

	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/migrate/migratetest"
	"github.com/dbinspect/dbinspect/schema"
)

// MariaDB system versioning with explicit period columns (GENERATED ALWAYS AS ROW START/END,
// PERIOD FOR SYSTEM_TIME) and columns WITHOUT SYSTEM VERSIONING, hostile names among them:
// read back field by field, then migrated both ways (versioning added with explicit columns,
// removed with them, columns taken out of and back into the history, a column added WITHOUT
// SYSTEM VERSIONING) with the mariadb client, each time diffing again to empty and planning
// again to nothing, the rows kept.
const (
	versioningFrom = "CREATE TABLE plain (id int PRIMARY KEY, a int, UNIQUE KEY ua (a));\n" +
		"CREATE TABLE versioned (id int PRIMARY KEY, b int, rs timestamp(6) GENERATED ALWAYS AS ROW START, " +
		"re timestamp(6) GENERATED ALWAYS AS ROW END, PERIOD FOR SYSTEM_TIME (rs, re)) WITH SYSTEM VERSIONING;\n" +
		"CREATE TABLE ref (id int PRIMARY KEY);\n" +
		"CREATE TABLE cols (id int PRIMARY KEY, c int WITHOUT SYSTEM VERSIONING, d int) WITH SYSTEM VERSIONING;"
	versioningTo = "CREATE TABLE plain (id int PRIMARY KEY, a int, `row start``'` timestamp(6) GENERATED ALWAYS AS ROW START INVISIBLE, " +
		"`row end` timestamp(6) GENERATED ALWAYS AS ROW END INVISIBLE, UNIQUE KEY ua (a), " +
		"PERIOD FOR SYSTEM_TIME (`row start``'`, `row end`)) WITH SYSTEM VERSIONING;\n" +
		"CREATE TABLE versioned (id int PRIMARY KEY, b int);\n" +
		"CREATE TABLE ref (id int PRIMARY KEY);\n" +
		"CREATE TABLE cols (id int PRIMARY KEY, c int, d int WITHOUT SYSTEM VERSIONING, `e;'` int WITHOUT SYSTEM VERSIONING, " +
		"CONSTRAINT fk_ref FOREIGN KEY (d) REFERENCES ref (id)) WITH SYSTEM VERSIONING;"
)

// A versioned table switched between the hidden period columns and explicit ones: only
// through DROP SYSTEM VERSIONING.
const (
	implicitPeriod = "CREATE TABLE imp (id int PRIMARY KEY, x int) WITH SYSTEM VERSIONING;"
	explicitPeriod = "CREATE TABLE imp (id int PRIMARY KEY, x int, s timestamp(6) GENERATED ALWAYS AS ROW START INVISIBLE, " +
		"e timestamp(6) GENERATED ALWAYS AS ROW END INVISIBLE, PERIOD FOR SYSTEM_TIME (s, e)) WITH SYSTEM VERSIONING;"
)

func TestMySQLSystemVersioningRead(t *testing.T) {
	db := dbtest.Fresh(t, schema.MySQL)
	migratetest.Exec(t, db.Admin, versioningTo)
	sc := migratetest.Inspect(t, db).Schemas[0]
	plain := sc.Table("plain")
	if plain == nil || plain.MySQL == nil || !plain.MySQL.SystemVersioned {
		t.Fatalf("plain read as %+v", plain)
	}
	start, end := plain.Column("row start`'"), plain.Column("row end")
	for _, c := range []struct {
		col    *schema.Column
		period string
	}{{start, "START"}, {end, "END"}} {
		if c.col == nil || c.col.MySQL == nil || c.col.MySQL.RowPeriod != c.period || c.col.Generated != nil ||
			c.col.Type != "timestamp(6)" || c.col.Nullable || !c.col.Invisible || c.col.MySQL.WithoutVersioning {
			t.Errorf("ROW %s column read as %+v", c.period, c.col)
		}
	}
	// MariaDB appends the ROW END column to the primary key and each unique key: the model
	// keeps the keys declared.
	if !slices.Equal(plain.PrimaryKey.Columns, []string{"id"}) || len(plain.Uniques) != 1 || !slices.Equal(plain.Uniques[0].Columns, []string{"a"}) ||
		!slices.Equal(plain.Index("ua").Columns, []string{"a"}) || len(plain.Index("PRIMARY").Parts) != 1 {
		t.Errorf("keys read as %+v, %+v, %+v", plain.PrimaryKey, plain.Uniques, plain.Indexes)
	}
	cols := sc.Table("cols")
	for name, without := range map[string]bool{"c": false, "d": true, "e;'": true} {
		c := cols.Column(name)
		if got := c.MySQL != nil && c.MySQL.WithoutVersioning; got != without || (c.MySQL != nil && c.MySQL.RowPeriod != "") {
			t.Errorf("column %s read as %+v (%+v), WITHOUT SYSTEM VERSIONING %v", name, c, c.MySQL, without)
		}
	}
	if v := sc.Table("versioned"); v.MySQL.SystemVersioned {
		t.Errorf("versioned read as system-versioned")
	}
}

func TestMigrateMySQLSystemVersioning(t *testing.T) {
	rows := "INSERT INTO plain VALUES (1, 1); INSERT INTO versioned (id, b) VALUES (2, 2); INSERT INTO ref VALUES (3); INSERT INTO cols (id, c, d) VALUES (3, 3, 3);"
	query := "SELECT id, a FROM plain UNION ALL SELECT id, b FROM versioned UNION ALL SELECT id, c FROM cols ORDER BY 1"
	for _, c := range []migratetest.Case{
		{Name: "versioning added and removed with explicit columns, columns out of and into history", From: versioningFrom, To: versioningTo,
			Rows: rows, Query: query, Want: "1|1\n2|2\n3|3"},
		{Name: "and back", From: versioningTo, To: versioningFrom, Rows: rows, Query: query, Want: "1|1\n2|2\n3|3"},
		{Name: "from empty", From: "", To: versioningTo},
		{Name: "implicit period columns made explicit", From: implicitPeriod, To: explicitPeriod,
			Rows: "INSERT INTO imp VALUES (1, 10);", Query: "SELECT id, x FROM imp", Want: "1|10"},
		{Name: "explicit period columns made implicit", From: explicitPeriod, To: implicitPeriod,
			Rows: "INSERT INTO imp VALUES (1, 10);", Query: "SELECT id, x FROM imp", Want: "1|10"},
	} {
		t.Run(c.Name, func(t *testing.T) { migratetest.Run(t, schema.MySQL, c) })
	}
}

// PARTITION BY SYSTEM_TIME: a versioned table's history kept in a HISTORY partition apart from
// the CURRENT one, read back, created, set and removed. (More HISTORY partitions need the
// INTERVAL or LIMIT no catalog view holds: not created from the model.)
const (
	systemTimeFrom = "CREATE TABLE ph (id int PRIMARY KEY, x int) WITH SYSTEM VERSIONING;"
	systemTimeTo   = "CREATE TABLE ph (id int PRIMARY KEY, x int) WITH SYSTEM VERSIONING " +
		"PARTITION BY SYSTEM_TIME (PARTITION `h``'` HISTORY, PARTITION cur CURRENT);"
)

func TestMigrateMySQLSystemTimePartitions(t *testing.T) {
	db := dbtest.Fresh(t, schema.MySQL)
	migratetest.Exec(t, db.Admin, systemTimeTo)
	m := migratetest.Inspect(t, db)
	p := m.Schemas[0].Table("ph").MySQL.PartitionBy
	want := []schema.MySQLPartition{{Name: "h`'", Bound: "HISTORY"}, {Name: "cur", Bound: "CURRENT"}}
	if p == nil || p.Method != "SYSTEM_TIME" || p.Expression != "" || !slices.EqualFunc(p.Partitions, want, func(a, b schema.MySQLPartition) bool {
		return a.Name == b.Name && a.Bound == b.Bound
	}) {
		t.Fatalf("PARTITION BY SYSTEM_TIME read as %+v", p)
	}
	rows := "INSERT INTO ph VALUES (1, 10); UPDATE ph SET x = 11;"
	for _, c := range []migratetest.Case{
		{Name: "set", From: systemTimeFrom, To: systemTimeTo, Rows: rows, Query: "SELECT id, x FROM ph", Want: "1|11"},
		{Name: "removed", From: systemTimeTo, To: systemTimeFrom, Rows: rows, Query: "SELECT id, x FROM ph", Want: "1|11"},
		{Name: "from empty", From: "", To: systemTimeTo},
	} {
		t.Run(c.Name, func(t *testing.T) { migratetest.Run(t, schema.MySQL, c) })
	}
}

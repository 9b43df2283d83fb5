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

// Index kinds MariaDB has (issue 14): SPATIAL indexes and IGNORED indexes (MySQL 8's INVISIBLE,
// one model flag). Read back field by field, then migrated both ways and from empty with the
// mariadb client; hiding or showing an index is ALTER INDEX, not a rebuild of the index.
const (
	indexKindsFrom = "CREATE TABLE `pla``ces` (id int PRIMARY KEY, pos point NOT NULL, name varchar(50), body text,\n" +
		"  KEY ix_name (name), KEY `ix ``gone` (name, id), SPATIAL KEY sp_old (pos));"
	indexKindsTo = "CREATE TABLE `pla``ces` (id int PRIMARY KEY, pos point NOT NULL, name varchar(50), body text,\n" +
		"  KEY ix_name (name) IGNORED, SPATIAL KEY `sp ``pos` (pos) COMMENT 'where', FULLTEXT KEY ft_body (body),\n" +
		"  UNIQUE KEY ux_id (id, name) IGNORED);\n" +
		"CREATE TABLE shapes (id int PRIMARY KEY, g geometry NOT NULL, SPATIAL KEY sx (g), KEY hid (id) IGNORED);"
	indexKindsRows = "INSERT INTO `pla``ces` VALUES (1, ST_GeomFromText('POINT(1 2)'), 'a', 'hello world');"
)

func TestMySQLIndexKindsRead(t *testing.T) {
	db := dbtest.Fresh(t, schema.MySQL)
	migratetest.Exec(t, db.Admin, indexKindsTo)
	m := migratetest.Inspect(t, db)
	tb := m.Schemas[0].Table("pla`ces")
	if tb == nil {
		t.Fatalf("no table: %+v", m.Schemas[0].Tables)
	}
	sp := tb.Index("sp `pos")
	if sp == nil || sp.Method != "spatial" || sp.Unique || sp.Invisible || len(sp.Parts) != 1 ||
		sp.Parts[0] != (schema.IndexPart{Column: "pos"}) || sp.Comment == nil || *sp.Comment != "where" {
		t.Errorf("spatial index read as %+v", sp)
	}
	if x := tb.Index("ix_name"); x == nil || !x.Invisible || x.Method != "btree" {
		t.Errorf("ignored index read as %+v", x)
	}
	if x := tb.Index("ux_id"); x == nil || !x.Invisible || !x.Unique {
		t.Errorf("ignored unique index read as %+v", x)
	}
	if x := tb.Index("ft_body"); x == nil || x.Method != "fulltext" || x.Invisible {
		t.Errorf("fulltext index read as %+v", x)
	}
}

func TestMigrateMySQLIndexKinds(t *testing.T) {
	for _, c := range []migratetest.Case{
		{Name: "spatial and ignored indexes added, hidden, shown, dropped", From: indexKindsFrom, To: indexKindsTo,
			Rows: indexKindsRows, Query: "SELECT id, ST_AsText(pos), name FROM `pla``ces`", Want: "1|POINT(1 2)|a"},
		{Name: "and back", From: indexKindsTo, To: indexKindsFrom,
			Rows: indexKindsRows, Query: "SELECT id, ST_AsText(pos), name FROM `pla``ces`", Want: "1|POINT(1 2)|a"},
		{Name: "from empty", From: "", To: indexKindsTo},
	} {
		t.Run(c.Name, func(t *testing.T) { migratetest.Run(t, schema.MySQL, c) })
	}
	from, to := dbtest.Fresh(t, schema.MySQL), dbtest.Fresh(t, schema.MySQL)
	migratetest.Exec(t, from.Admin, indexKindsFrom)
	migratetest.Exec(t, to.Admin, indexKindsTo)
	script := migratetest.Script(t, from, to, diff.Options{}, migrate.Options{}, false)
	if !strings.Contains(script, "ALTER INDEX `ix_name` /*!80000 INVISIBLE */ /*M!100600 IGNORED */") || strings.Contains(script, "DROP INDEX `ix_name`") {
		t.Errorf("hiding ix_name should be ALTER INDEX … IGNORED, not drop and add:\n%s", script)
	}
}

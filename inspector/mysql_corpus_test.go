package inspector

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/schema"
)

// mysqlCorpus lists every MySQL schema of the shared corpus.
var mysqlCorpus = []string{"glpi", "ambari", "sakila", "employees", "chinook", "roundcube", "rt"}

// TestMySQLCorpus loads each corpus schema with the mariadb client and checks that the model
// holds as many tables, columns, indexes, foreign keys, checks, views, triggers and routines
// as the server counts itself, that two inspections are byte-identical and that the snapshot
// reads back into an equal model.
func TestMySQLCorpus(t *testing.T) {
	for _, name := range mysqlCorpus {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			path := dbtest.Corpus(t, name, "mysql")
			db := dbtest.MySQL(t)
			db.LoadMySQLFile(t, path)
			m := inspectMySQL(t, db.URL)
			assertEncodingJSON(t, m, nil)
			want := mysqlServerCounts(t, db)
			if got := mysqlModelCounts(m); got != want {
				t.Errorf("model counts %+v\nserver counts %+v", got, want)
			}
			if want.tables == 0 {
				t.Error("the corpus file created no tables")
			}
			checkSnapshotStable(t, m, inspectMySQL(t, db.URL))
		})
	}
}

// mysqlCounts are what the corpus test compares.
type mysqlCounts struct {
	tables, columns, indexes, foreignKeys, checks, views, triggers, routines int
}

func mysqlModelCounts(m *schema.Database) mysqlCounts {
	var c mysqlCounts
	for _, s := range m.Schemas {
		c.views += len(s.Views)
		c.routines += len(s.Functions)
		for _, t := range s.Tables {
			c.tables++
			c.columns += len(t.Columns)
			c.indexes += len(t.Indexes)
			c.foreignKeys += len(t.ForeignKeys)
			c.checks += len(t.Checks)
			c.triggers += len(t.Triggers)
		}
	}
	return c
}

// mysqlServerCounts asks the server, with queries independent of the inspector's own.
func mysqlServerCounts(t *testing.T, db *dbtest.DB) mysqlCounts {
	t.Helper()
	var c mysqlCounts
	queries := []struct {
		dst   *int
		query string
	}{
		{&c.tables, `SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')`},
		{&c.columns, `SELECT COUNT(*) FROM information_schema.COLUMNS c JOIN information_schema.TABLES t
			ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
			WHERE c.TABLE_SCHEMA = ? AND t.TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')`},
		{&c.indexes, `SELECT COUNT(DISTINCT TABLE_NAME, INDEX_NAME) FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ?`},
		{&c.foreignKeys, `SELECT COUNT(*) FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?`},
		// MariaDB's automatic json_valid() checks on JSON columns are part of the json type.
		{&c.checks, "SELECT COUNT(*) FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ? " +
			"AND NOT (LEVEL = 'Column' AND CHECK_CLAUSE = CONCAT('json_valid(`', CONSTRAINT_NAME, '`)'))"},
		{&c.views, `SELECT COUNT(*) FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ?`},
		{&c.triggers, `SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?`},
		{&c.routines, `SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?`},
	}
	for _, q := range queries {
		if err := db.Admin.QueryRow(q.query, db.Name).Scan(q.dst); err != nil {
			t.Fatalf("%v\n%s", err, q.query)
		}
	}
	return c
}

// checkSnapshotStable: two inspections write the same bytes, and the snapshot reads back equal.
func checkSnapshotStable(t *testing.T, first, second *schema.Database) {
	t.Helper()
	var a, b bytes.Buffer
	if err := schema.WriteSnapshot(&a, first); err != nil {
		t.Fatal(err)
	}
	if err := schema.WriteSnapshot(&b, second); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two inspections of one database wrote different snapshots")
	}
	back, err := schema.ReadSnapshot(bytes.NewReader(a.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, first) {
		t.Error("the snapshot did not read back into an equal model")
	}
}

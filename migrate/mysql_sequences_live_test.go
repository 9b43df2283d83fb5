package migrate_test

import (
	"testing"

	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/migrate/migratetest"
	"github.com/dbinspect/dbinspect/schema"
)

// MariaDB sequences with a hostile name: read back field by field (and not as tables), then
// migrated both ways (created, changed in every setting, engine and comment, dropped) with the
// mariadb client, tables whose defaults call NEXTVAL and NEXT VALUE FOR of them keeping their
// rows, each time diffing again to empty and planning again to nothing.
const (
	sequencesFrom = "CREATE SEQUENCE `sq``'; x` START WITH 100 INCREMENT BY 5 MINVALUE 10 MAXVALUE 100000 CACHE 20 CYCLE COMMENT='it''s ids';\n" +
		"CREATE SEQUENCE plain;\n" +
		"CREATE SEQUENCE gone NOCACHE ENGINE=Aria;\n" +
		"CREATE TABLE orders (id bigint PRIMARY KEY DEFAULT NEXTVAL(`sq``'; x`), n bigint DEFAULT (NEXT VALUE FOR plain), note varchar(20));"
	sequencesTo = "CREATE SEQUENCE `sq``'; x` START WITH 50 INCREMENT BY 2 MINVALUE 1 MAXVALUE 200000 NOCACHE NOCYCLE ENGINE=Aria;\n" +
		"CREATE SEQUENCE plain COMMENT='now';\n" +
		"CREATE SEQUENCE `new seq` START WITH 7 INCREMENT BY -1 MINVALUE -100 MAXVALUE 7;\n" +
		"CREATE TABLE orders (id bigint PRIMARY KEY DEFAULT NEXTVAL(`sq``'; x`), n bigint DEFAULT (NEXT VALUE FOR plain), " +
		"m bigint DEFAULT NEXTVAL(`new seq`), note varchar(20));"
)

func TestMySQLSequencesRead(t *testing.T) {
	db := dbtest.Fresh(t, schema.MySQL)
	migratetest.Exec(t, db.Admin, sequencesFrom)
	m := migratetest.Inspect(t, db)
	sc := m.Schemas[0]
	if len(sc.Tables) != 1 || sc.Tables[0].Name != "orders" {
		t.Fatalf("tables: %+v, want orders alone (sequences are no tables)", sc.Tables)
	}
	seqs := map[string]schema.Sequence{}
	for _, s := range sc.Sequences {
		seqs[s.Name] = s
	}
	if len(seqs) != 3 {
		t.Fatalf("sequences: %+v, want 3", sc.Sequences)
	}
	hostile := seqs["sq`'; x"]
	want := schema.SequenceOptions{Start: 100, Increment: 5, Min: 10, Max: 100000, Cache: 20, Cycle: true}
	if hostile.Type != "bigint" || hostile.SequenceOptions != want || hostile.Comment == nil || *hostile.Comment != "it's ids" ||
		hostile.MySQL == nil || hostile.MySQL.Engine != "InnoDB" || hostile.OwnedBy != nil {
		t.Errorf("hostile sequence read as %+v (%+v)", hostile, hostile.MySQL)
	}
	plain := seqs["plain"]
	want = schema.SequenceOptions{Start: 1, Increment: 1, Min: 1, Max: 9223372036854775806, Cache: 1000}
	if plain.SequenceOptions != want || plain.Comment != nil {
		t.Errorf("default sequence read as %+v", plain)
	}
	if gone := seqs["gone"]; gone.Cache != 0 || gone.MySQL == nil || gone.MySQL.Engine != "Aria" {
		t.Errorf("NOCACHE Aria sequence read as %+v (%+v)", gone, gone.MySQL)
	}
	// Defaults name the sequence without the database, so they read alike in every database.
	cols := sc.Tables[0].Columns
	if cols[0].Default == nil || *cols[0].Default != "nextval(`sq``'; x`)" || cols[1].Default == nil || *cols[1].Default != "nextval(`plain`)" {
		t.Errorf("defaults read as %v, %v", cols[0].Default, cols[1].Default)
	}
}

func TestMigrateMySQLSequences(t *testing.T) {
	rows := "INSERT INTO orders (note) VALUES ('kept');"
	for _, c := range []migratetest.Case{
		{Name: "sequences created, changed in every setting, dropped", From: sequencesFrom, To: sequencesTo,
			Rows: rows, Query: "SELECT id, n, note FROM orders", Want: "100|1|kept"},
		{Name: "and back", From: sequencesTo, To: sequencesFrom,
			Rows: rows, Query: "SELECT id, n, note FROM orders", Want: "50|1|kept"},
		{Name: "from empty", From: "", To: sequencesTo},
	} {
		t.Run(c.Name, func(t *testing.T) { migratetest.Run(t, schema.MySQL, c) })
	}
}

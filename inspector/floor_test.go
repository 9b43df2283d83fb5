package inspector

import (
	"context"
	"database/sql"
	"slices"
	"testing"

	"github.com/dbinspect/dbinspect/drivers"
	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/schema"
)

// recordingQueryer keeps the text of every statement sent through it, beside the count.
type recordingQueryer struct {
	*countingQueryer
	texts []string
}

func (r *recordingQueryer) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	r.texts = append(r.texts, query)
	return r.countingQueryer.QueryContext(ctx, query, args...)
}

func (r *recordingQueryer) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	r.texts = append(r.texts, query)
	return r.countingQueryer.ExecContext(ctx, query, args...)
}

// TestCatalogFloorSendsTheInspectorsStatements: on a real database of each engine, holding
// the objects that make a reader send statements of their own (a MariaDB sequence and
// partitioned table, an SQLite virtual table), the floor sends the very statements the
// inspection sends, in the same order, and decodes rows of them.
func TestCatalogFloorSendsTheInspectorsStatements(t *testing.T) {
	for _, tc := range []struct {
		dialect schema.Dialect
		script  string
		// minRows: one row per table, column, index, … of the script at least.
		minRows int
	}{
		{schema.Postgres, `CREATE SCHEMA "Sch ""1";
CREATE TYPE "Sch ""1".mood AS ENUM ('a', 'b');
CREATE TABLE "Sch ""1"."T;able" (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, m "Sch ""1".mood, "x y" text DEFAULT 'q''s');
CREATE TABLE "Sch ""1".child (id int PRIMARY KEY, parent bigint REFERENCES "Sch ""1"."T;able"(id));
CREATE INDEX "ix ""1" ON "Sch ""1".child (parent);
CREATE VIEW "Sch ""1".v AS SELECT id FROM "Sch ""1".child;
COMMENT ON TABLE "Sch ""1".child IS 'c';
`, 8},
		{schema.MySQL, "CREATE TABLE `T;able` (id bigint PRIMARY KEY AUTO_INCREMENT, `x y` varchar(10) DEFAULT 'q''s' COMMENT 'c', CHECK (`x y` <> 'z'));\n" +
			"CREATE TABLE child (id int PRIMARY KEY, parent bigint, KEY `ix \"1` (parent), FOREIGN KEY (parent) REFERENCES `T;able` (id));\n" +
			"CREATE TABLE parts (id int NOT NULL) PARTITION BY RANGE (id) (PARTITION p0 VALUES LESS THAN (10), PARTITION p1 VALUES LESS THAN MAXVALUE);\n" +
			"CREATE SEQUENCE `s;q` START WITH 5;\n" +
			"CREATE VIEW v AS SELECT id FROM child;\n", 12},
		{schema.SQLite, `CREATE TABLE "T;able" (id INTEGER PRIMARY KEY, "x y" TEXT DEFAULT 'q''s');
CREATE TABLE child (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES "T;able"(id));
CREATE INDEX "ix ""1" ON child (parent);
CREATE VIEW v AS SELECT id FROM child;
CREATE VIRTUAL TABLE docs USING fts5(body);
`, 10},
	} {
		t.Run(string(tc.dialect), func(t *testing.T) {
			db := dbtest.Fresh(t, tc.dialect)
			db.LoadScript(t, tc.script)
			target, err := drivers.Resolve(db.URL)
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			o, err := targetSchemas(target, Options{})
			if err != nil {
				t.Fatal(err)
			}
			conn, err := drivers.Open(ctx, target, o.Connection)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()

			inspected := record(t, conn, tc.dialect, func(q Queryer) {
				if _, err := liveReaders[tc.dialect](ctx, q, o); err != nil {
					t.Fatal(err)
				}
			})
			var rows int
			floor := record(t, conn, tc.dialect, func(q Queryer) {
				if rows, err = readCatalogFloor(ctx, q, tc.dialect, o); err != nil {
					t.Fatal(err)
				}
			})
			if floor.statements != inspected.statements || !slices.Equal(floor.texts, inspected.texts) {
				t.Errorf("the floor sent %d statements, the inspection %d:\nfloor:     %q\ninspection: %q",
					floor.statements, inspected.statements, floor.texts, inspected.texts)
			}
			if rows < tc.minRows {
				t.Errorf("the floor decoded %d rows, want at least %d", rows, tc.minRows)
			}
			whole, err := CatalogFloor(ctx, target, Options{})
			if err != nil || whole != rows {
				t.Errorf("CatalogFloor(%s) = %d, %v; want %d rows", db.URL, whole, err, rows)
			}
		})
	}
}

// TestCatalogFloorRefusesFiles: a snapshot or DDL file has no catalog to query.
func TestCatalogFloorRefusesFiles(t *testing.T) {
	for _, target := range []*drivers.Target{{Kind: drivers.KindSnapshot, Display: "s.json"}, {Kind: drivers.KindSQLFile, Display: "s.sql"}} {
		if _, err := CatalogFloor(context.Background(), target, Options{}); err == nil {
			t.Errorf("CatalogFloor(%s) succeeded", target)
		}
	}
}

// record runs read in the transaction a live inspection of dialect reads in, through a
// recordingQueryer, and returns what was sent.
func record(t *testing.T, db *sql.DB, dialect schema.Dialect, read func(Queryer)) *recordingQueryer {
	t.Helper()
	tx, err := db.BeginTx(context.Background(), liveTxOptions(dialect))
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only
	r := &recordingQueryer{countingQueryer: &countingQueryer{Queryer: tx}}
	read(r)
	return r
}

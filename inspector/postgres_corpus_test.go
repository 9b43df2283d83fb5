package inspector

import (
	"bytes"
	"testing"

	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/schema"
)

// pgCorpus are the corpus schemas with a postgres.sql.
var pgCorpus = []string{"musicbrainz", "synapse", "ambari", "pagila", "sakila", "rt", "roundcube", "northwind", "chinook"}

// pgCounts are the numbers of objects of each kind in a database.
type pgCounts struct {
	Tables, Columns, Indexes, ForeignKeys, Checks, Views, Triggers, Functions, Sequences int
}

// serverCountsSQL counts objects straight from the catalog, written independently of the
// inspector's queries: user schemas, minus objects that belong to extensions. Foreign keys
// count once per (table, name): a key referencing a partitioned table has internal clones.
// Sequences exclude the implicit ones of identity columns, which the model describes on the
// column. Checks are those of tables and of domains.
const serverCountsSQL = `
WITH ns AS (SELECT oid FROM pg_catalog.pg_namespace
            WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
              AND nspname NOT LIKE 'pg\_temp\_%' AND nspname NOT LIKE 'pg\_toast\_temp\_%'),
ext AS (SELECT objid FROM pg_catalog.pg_depend WHERE deptype = 'e'),
rel AS (SELECT oid, relkind FROM pg_catalog.pg_class
        WHERE relnamespace IN (SELECT oid FROM ns) AND oid NOT IN (SELECT objid FROM ext))
SELECT
  (SELECT count(*) FROM rel WHERE relkind IN ('r', 'p')),
  (SELECT count(*) FROM pg_catalog.pg_attribute a JOIN rel ON rel.oid = a.attrelid AND rel.relkind IN ('r', 'p')
     WHERE a.attnum > 0 AND NOT a.attisdropped),
  (SELECT count(*) FROM pg_catalog.pg_index i JOIN rel ON rel.oid = i.indrelid),
  (SELECT count(DISTINCT (c.conrelid, c.conname)) FROM pg_catalog.pg_constraint c JOIN rel ON rel.oid = c.conrelid
     WHERE c.contype = 'f'),
  (SELECT count(*) FROM pg_catalog.pg_constraint c WHERE c.contype = 'c'
     AND (c.conrelid IN (SELECT oid FROM rel WHERE relkind IN ('r', 'p'))
          OR c.contypid IN (SELECT oid FROM pg_catalog.pg_type WHERE typnamespace IN (SELECT oid FROM ns)
                              AND oid NOT IN (SELECT objid FROM ext)))),
  (SELECT count(*) FROM rel WHERE relkind IN ('v', 'm')),
  (SELECT count(*) FROM pg_catalog.pg_trigger t JOIN rel ON rel.oid = t.tgrelid WHERE NOT t.tgisinternal),
  (SELECT count(*) FROM pg_catalog.pg_proc WHERE pronamespace IN (SELECT oid FROM ns) AND oid NOT IN (SELECT objid FROM ext)),
  (SELECT count(*) FROM rel WHERE relkind = 'S'
     AND oid NOT IN (SELECT objid FROM pg_catalog.pg_depend WHERE deptype = 'i'))`

func pgServerCounts(t *testing.T, db *dbtest.DB) pgCounts {
	t.Helper()
	var c pgCounts
	err := db.Admin.QueryRow(serverCountsSQL).Scan(&c.Tables, &c.Columns, &c.Indexes, &c.ForeignKeys, &c.Checks,
		&c.Views, &c.Triggers, &c.Functions, &c.Sequences)
	if err != nil {
		t.Fatalf("count catalog objects: %v", err)
	}
	return c
}

func pgModelCounts(m *schema.Database) pgCounts {
	var c pgCounts
	for _, s := range m.Schemas {
		c.Tables += len(s.Tables)
		c.Views += len(s.Views)
		c.Functions += len(s.Functions)
		c.Sequences += len(s.Sequences)
		for _, d := range s.Domains {
			c.Checks += len(d.Checks)
		}
		for _, t := range s.Tables {
			c.Columns += len(t.Columns)
			c.Indexes += len(t.Indexes)
			c.ForeignKeys += len(t.ForeignKeys)
			c.Checks += len(t.Checks)
			c.Triggers += len(t.Triggers)
		}
		for _, v := range s.Views {
			c.Indexes += len(v.Indexes)
			c.Triggers += len(v.Triggers)
		}
	}
	return c
}

// TestPostgresCorpus loads every PostgreSQL corpus schema, inspects it and checks the model
// holds as many objects of each kind as the server's catalog, that every index definition is
// pg_get_indexdef's text, that a second inspection is byte-identical and that the snapshot
// reads back into the same model.
func TestPostgresCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("loads nine real-world schemas; skipped with -short")
	}
	for _, name := range pgCorpus {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			path := dbtest.Corpus(t, name, "postgres")
			db := dbtest.Postgres(t)
			db.LoadPostgresFile(t, path)

			m := inspectURL(t, db.URL, Options{})
			if len(m.Notes) > 0 {
				t.Errorf("notes as superuser: %q", m.Notes)
			}
			got, want := pgModelCounts(m), pgServerCounts(t, db)
			if got != want {
				t.Errorf("model counts %+v\nserver counts %+v", got, want)
			}
			t.Logf("%s: %+v", name, got)
			assertIndexDefinitions(t, db, m, false)

			again := inspectURL(t, db.URL, Options{})
			if !bytes.Equal(snapshotBytes(t, m), snapshotBytes(t, again)) {
				t.Errorf("second inspection differs")
			}
			assertRoundTrip(t, m)
		})
	}
}

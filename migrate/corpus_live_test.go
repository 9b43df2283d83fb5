package migrate_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/migrate"
	"github.com/dbinspect/dbinspect/migrate/migratetest"
	"github.com/dbinspect/dbinspect/schema"
)

// corpusChanges changes a PostgreSQL corpus schema the way a release does, whatever its
// tables: a column with a default and an index on it added to three tables, a column nothing
// depends on dropped from another, an index added on a partitioned table (made on every
// partition) and its last partition detached.
const corpusChanges = `DO $$
DECLARE r record; n int := 0;
BEGIN
  FOR r IN SELECT c.oid::regclass AS t FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
      WHERE c.relkind = 'r' AND NOT c.relispartition AND s.nspname NOT IN ('pg_catalog', 'information_schema')
        AND NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid OR i.inhparent = c.oid)
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
      ORDER BY s.nspname, c.relname LIMIT 3 LOOP
    n := n + 1;
    EXECUTE format('ALTER TABLE %s ADD COLUMN dbinspect_added int DEFAULT 7', r.t);
    EXECUTE format('CREATE INDEX dbinspect_added_%s ON %s (dbinspect_added)', n, r.t);
  END LOOP;
  FOR r IN SELECT a.attrelid::regclass AS t, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
      JOIN pg_namespace s ON s.oid = c.relnamespace
      WHERE c.relkind = 'r' AND NOT c.relispartition AND s.nspname NOT IN ('pg_catalog', 'information_schema')
        AND a.attnum > 0 AND NOT a.attisdropped AND NOT a.attnotnull AND a.attislocal AND a.attinhcount = 0
        AND NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid OR i.inhparent = c.oid)
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.refobjid = c.oid AND d.refobjsubid = a.attnum)
        AND NOT EXISTS (SELECT 1 FROM pg_index x WHERE x.indrelid = c.oid AND a.attnum = ANY (x.indkey::int2[]))
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND a.attnum = ANY (k.conkey))
        AND NOT EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid)
        AND (SELECT count(*) FROM pg_attribute b WHERE b.attrelid = c.oid AND b.attnum > 0 AND NOT b.attisdropped) > 2
      ORDER BY s.nspname DESC, c.relname DESC, a.attnum DESC LIMIT 1 LOOP
    EXECUTE format('ALTER TABLE %s DROP COLUMN %I', r.t, r.attname);
  END LOOP;
  FOR r IN SELECT c.oid::regclass AS t, (SELECT a.attname FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum = 1) AS col,
        (SELECT i.inhrelid::regclass FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhrelid
          WHERE i.inhparent = c.oid ORDER BY p.relname DESC LIMIT 1) AS part
      FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
      WHERE c.relkind = 'p' AND s.nspname NOT IN ('pg_catalog', 'information_schema') ORDER BY c.relname LIMIT 1 LOOP
    EXECUTE format('CREATE INDEX dbinspect_part_idx ON %s (%I)', r.t, r.col);
    IF r.part IS NOT NULL THEN
      EXECUTE format('ALTER TABLE %s DETACH PARTITION %s', r.t, r.part);
    END IF;
  END LOOP;
END $$;`

// corpusRowCounts counts the rows of every table, so a migration that loses some shows.
const corpusRowCounts = `
SELECT string_agg(t || '=' || n, ',' ORDER BY t) FROM (
  SELECT c.oid::regclass::text AS t,
    (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM ONLY %s', c.oid::regclass), false, true, '')))[1]::text AS n
  FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
  WHERE c.relkind = 'r' AND s.nspname NOT IN ('pg_catalog', 'information_schema')) x`

// TestMigratePostgresCorpusChanged: each PostgreSQL corpus schema, with its rows, migrated to
// a changed copy of itself converges, and no table loses a row.
func TestMigratePostgresCorpusChanged(t *testing.T) {
	for _, name := range dbtest.CorpusNames(t, schema.Postgres) {
		t.Run(name, func(t *testing.T) {
			from, to := dbtest.Fresh(t, schema.Postgres), dbtest.Fresh(t, schema.Postgres)
			from.LoadFile(t, dbtest.Corpus(t, name, string(schema.Postgres)))
			to.LoadFile(t, dbtest.Corpus(t, name, string(schema.Postgres)))
			migratetest.Exec(t, to.Admin, corpusChanges)
			before := migratetest.QueryRows(t, from.Admin, corpusRowCounts)
			script := migratetest.Script(t, from, to, diff.Options{}, migrate.Options{}, false)
			if !strings.Contains(script, "dbinspect_added") {
				t.Fatalf("the changed copy gave no plan adding its columns:\n%s", script)
			}
			t.Logf("migration:\n%s", script)
			migratetest.Apply(t, from, script)
			if got := migratetest.Changes(t, from, to, diff.Options{}); len(got) > 0 {
				t.Errorf("after the migration Compare still finds: %v\n--- script:\n%s", got, script)
			}
			if after := migratetest.QueryRows(t, from.Admin, corpusRowCounts); after != before {
				t.Errorf("rows changed:\nbefore %s\nafter  %s", before, after)
			}
			migratetest.AgainEmpty(t, from, to, diff.Options{}, migrate.Options{})
		})
	}
}

// TestMigrateCorpus migrates an empty database to each corpus schema, on every engine. The
// plan creates everything itself — PostgreSQL extensions (unaccent), collations, text search
// configurations and aggregates included: the empty database gets nothing beforehand, and no
// difference may remain.
func TestMigrateCorpus(t *testing.T) {
	for _, d := range []schema.Dialect{schema.Postgres, schema.MySQL, schema.SQLite} {
		for _, name := range dbtest.CorpusNames(t, d) {
			t.Run(string(d)+"/"+name, func(t *testing.T) {
				empty, full := dbtest.Fresh(t, d), dbtest.Fresh(t, d)
				full.LoadFile(t, dbtest.Corpus(t, name, string(d)))
				script := migratetest.Script(t, empty, full, diff.Options{}, migrate.Options{}, false)
				migratetest.Apply(t, empty, script)
				if got := migratetest.Changes(t, empty, full, diff.Options{}); len(got) > 0 {
					t.Errorf("after migrating an empty database to the corpus schema, Compare still finds: %s", fmt.Sprint(got))
				}
			})
		}
	}
}

// TestMigratePostgresCorpusToEmpty: each PostgreSQL corpus schema migrated to an empty
// database (the way back of building it from empty) applies with psql and leaves nothing
// behind. MusicBrainz's extensions are used by objects of the schemas the plan drops (its
// text search configuration maps tokens to unaccent's dictionary).
func TestMigratePostgresCorpusToEmpty(t *testing.T) {
	for _, name := range dbtest.CorpusNames(t, schema.Postgres) {
		t.Run(name, func(t *testing.T) {
			from, empty := dbtest.Fresh(t, schema.Postgres), dbtest.Fresh(t, schema.Postgres)
			from.LoadFile(t, dbtest.Corpus(t, name, string(schema.Postgres)))
			script := migratetest.Script(t, from, empty, diff.Options{}, migrate.Options{}, false)
			migratetest.Apply(t, from, script)
			if got := migratetest.Changes(t, from, empty, diff.Options{}); len(got) > 0 {
				t.Errorf("after the migration Compare still finds: %v\n--- script:\n%s", got, script)
			}
			migratetest.AgainEmpty(t, from, empty, diff.Options{}, migrate.Options{})
		})
	}
}

package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/drivers/dbtest"
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
			from, to := freshPostgres(t), freshPostgres(t)
			from.apply(t, dbtest.Corpus(t, name, string(schema.Postgres)))
			to.apply(t, dbtest.Corpus(t, name, string(schema.Postgres)))
			execScript(t, to.conn, corpusChanges)
			before := queryRows(t, from.conn, corpusRowCounts)
			script := migrationSQL(t, from.url, to.url, false)
			if !strings.Contains(script, "dbinspect_added") {
				t.Fatalf("the changed copy gave no plan adding its columns:\n%s", script)
			}
			t.Logf("migration:\n%s", script)
			path := filepath.Join(t.TempDir(), "migrate.sql")
			if err := os.WriteFile(path, []byte(script), 0o600); err != nil {
				t.Fatal(err)
			}
			from.apply(t, path)
			if got, code := diffJSON(t, from.url, to.url); code != 0 || len(got) > 0 {
				t.Errorf("after the migration diff still finds (exit %d): %v\n--- script:\n%s", code, got, script)
			}
			if after := queryRows(t, from.conn, corpusRowCounts); after != before {
				t.Errorf("rows changed:\nbefore %s\nafter  %s", before, after)
			}
			if again := migrationSQL(t, from.url, to.url, false); again != "-- no differences\n" {
				t.Errorf("a second plan is not empty:\n%s", again)
			}
		})
	}
}

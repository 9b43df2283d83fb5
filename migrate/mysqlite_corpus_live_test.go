package migrate_test

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/migrate"
	"github.com/dbinspect/dbinspect/migrate/migratetest"
	"github.com/dbinspect/dbinspect/schema"
)

// TestMigrateMySQLiteCorpusChanged: each MariaDB and SQLite corpus schema, with its rows,
// migrated to a changed copy of itself converges, plans nothing the second time and keeps
// every row. The copy has a column renamed in case only (MariaDB and SQLite), a table renamed
// in case (SQLite), a column added, and on MariaDB a partitioned table with a partition more
// and scheduled events (one alike though created a year apart, one renamed, one changed, one new).
func TestMigrateMySQLiteCorpusChanged(t *testing.T) {
	for _, d := range []schema.Dialect{schema.MySQL, schema.SQLite} {
		for _, name := range dbtest.CorpusNames(t, d) {
			t.Run(string(d)+"/"+name, func(t *testing.T) {
				from, to := dbtest.Fresh(t, d), dbtest.Fresh(t, d)
				from.LoadFile(t, dbtest.Corpus(t, name, string(d)))
				to.LoadFile(t, dbtest.Corpus(t, name, string(d)))
				changeCorpusCopy(t, d, from.Admin, to.Admin)
				before := liteMyRowCounts(t, d, from.Admin)
				script := migratetest.Script(t, from, to, diff.Options{}, migrate.Options{}, false)
				if !strings.Contains(script, "dbinspect_added") {
					t.Fatalf("the changed copy gave no plan adding its column:\n%s", script)
				}
				if d == schema.MySQL && !strings.Contains(script, "ALTER EVENT `dbinspect_sweep` RENAME TO `dbinspect_hourly`") {
					t.Errorf("the renamed event is not renamed:\n%s", script)
				}
				migratetest.Apply(t, from, script)
				if got := migratetest.Changes(t, from, to, diff.Options{}); len(got) > 0 {
					t.Errorf("after the migration Compare still finds: %v\n--- script:\n%s", got, script)
				}
				if after := liteMyRowCounts(t, d, from.Admin); after != before {
					t.Errorf("rows changed:\nbefore %s\nafter  %s", before, after)
				}
				migratetest.AgainEmpty(t, from, to, diff.Options{}, migrate.Options{})
			})
		}
	}
}

// changeCorpusCopy changes TO (and gives FROM what the change starts from).
func changeCorpusCopy(t *testing.T, d schema.Dialect, from, to *sql.DB) {
	t.Helper()
	if d == schema.MySQL {
		table, col := myPlainColumn(t, to)
		migratetest.Exec(t, to, fmt.Sprintf("ALTER TABLE `%s` RENAME COLUMN `%s` TO `%s`;\nALTER TABLE `%s` ADD COLUMN dbinspect_added int DEFAULT 7;",
			table, col, flipCase(col), table))
		parts := `CREATE TABLE dbinspect_parts (id int NOT NULL, y int NOT NULL, PRIMARY KEY (id, y))
			PARTITION BY RANGE (y) (PARTITION p0 VALUES LESS THAN (2000), PARTITION p1 VALUES LESS THAN (2010));`
		migratetest.Exec(t, from, parts+" INSERT INTO dbinspect_parts VALUES (1, 1999), (2, 2005);")
		migratetest.Exec(t, to, parts+" ALTER TABLE dbinspect_parts ADD PARTITION (PARTITION pmax VALUES LESS THAN MAXVALUE);")
		// Events: one made a year apart without STARTS (alike), one renamed, one changed, one new.
		events := "SET TIMESTAMP = UNIX_TIMESTAMP('2020-01-01 00:00:00');\n" +
			"CREATE EVENT dbinspect_daily ON SCHEDULE EVERY 1 DAY DO DELETE FROM dbinspect_parts WHERE id < 0;\n" +
			"CREATE EVENT dbinspect_sweep ON SCHEDULE EVERY 1 HOUR DO DELETE FROM dbinspect_parts WHERE id > 1000;\n" +
			"CREATE EVENT dbinspect_once ON SCHEDULE AT '2030-01-01 00:00:00' DISABLE DO DELETE FROM dbinspect_parts WHERE y < 0;\n" +
			"SET TIMESTAMP = DEFAULT;"
		migratetest.Exec(t, from, events)
		migratetest.Exec(t, to, "CREATE EVENT dbinspect_daily ON SCHEDULE EVERY 1 DAY DO DELETE FROM dbinspect_parts WHERE id < 0;\n"+
			"CREATE EVENT dbinspect_hourly ON SCHEDULE EVERY 1 HOUR DO DELETE FROM dbinspect_parts WHERE id > 1000;\n"+
			"CREATE EVENT dbinspect_once ON SCHEDULE AT '2030-06-01 00:00:00' ENABLE COMMENT 'moved' DO DELETE FROM dbinspect_parts WHERE y < 1;\n"+
			"CREATE EVENT dbinspect_new ON SCHEDULE EVERY 1 WEEK STARTS '2030-01-01 00:00:00' DO BEGIN DELETE FROM dbinspect_parts WHERE id = -1; END;")
		return
	}
	// SQLite: a table no other object names, so renaming it rewrites no view or trigger.
	table, col, ok := liteCandidate(to, `SELECT t.name, c.name FROM sqlite_schema t, pragma_table_info(t.name) c
		WHERE t.type = 'table' AND t.name NOT LIKE 'sqlite_%' AND t.sql NOT LIKE '%VIRTUAL%' AND lower(t.name) <> upper(t.name)
		  AND c.pk = 0 AND lower(c.name) <> upper(c.name)
		  AND NOT EXISTS (SELECT 1 FROM sqlite_schema o WHERE o.name <> t.name AND o.type IN ('table', 'view', 'trigger') AND instr(lower(o.sql), lower(t.name)) > 0)
		  AND NOT EXISTS (SELECT 1 FROM sqlite_schema o WHERE o.tbl_name = t.name AND o.type IN ('index', 'trigger'))
		ORDER BY t.name, c.cid LIMIT 1`)
	if !ok {
		// Every table is named elsewhere (chinook): a column no index or other table names, renamed
		// in case, and the column added; the table keeps its name.
		table, col = queryPair(t, to, `SELECT t.name, c.name FROM sqlite_schema t, pragma_table_info(t.name) c
			WHERE t.type = 'table' AND t.name NOT LIKE 'sqlite_%' AND t.sql NOT LIKE '%VIRTUAL%' AND c.pk = 0 AND lower(c.name) <> upper(c.name)
			  AND NOT EXISTS (SELECT 1 FROM pragma_index_list(t.name) x, pragma_index_info(x.name) xi WHERE xi.name = c.name)
			  AND NOT EXISTS (SELECT 1 FROM pragma_foreign_key_list(t.name) f WHERE f."from" = c.name)
			  AND NOT EXISTS (SELECT 1 FROM sqlite_schema o WHERE o.type IN ('view', 'trigger'))
			ORDER BY t.name, c.cid LIMIT 1`)
		migratetest.Exec(t, to, fmt.Sprintf(`ALTER TABLE "%[1]s" RENAME COLUMN "%[2]s" TO "%[3]s"; ALTER TABLE "%[1]s" ADD COLUMN dbinspect_added int DEFAULT 7;`,
			table, col, flipCase(col)))
		return
	}
	up := flipCase(table)
	migratetest.Exec(t, to, fmt.Sprintf(`ALTER TABLE "%[1]s" RENAME TO "dbinspect_tmp"; ALTER TABLE "dbinspect_tmp" RENAME TO "%[2]s";
		ALTER TABLE "%[2]s" RENAME COLUMN "%[3]s" TO "%[4]s"; ALTER TABLE "%[2]s" ADD COLUMN dbinspect_added int DEFAULT 7;`,
		table, up, col, flipCase(col)))
}

// myPlainColumn picks a column no key, foreign key, generated value or ON UPDATE touches. Two
// plain reads filtered here: a correlated query over information_schema takes minutes on
// MariaDB.
func myPlainColumn(t *testing.T, db *sql.DB) (string, string) {
	t.Helper()
	keyed := map[string]bool{}
	for _, line := range strings.Split(migratetest.QueryRows(t, db, `SELECT TABLE_NAME, COLUMN_NAME, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME
		FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE()`), "\n") {
		f := strings.Split(line, "|")
		if len(f) == 4 {
			keyed[f[0]+"."+f[1]], keyed[f[2]+"."+f[3]] = true, true
		}
	}
	for _, line := range strings.Split(migratetest.QueryRows(t, db, `SELECT c.TABLE_NAME, c.COLUMN_NAME FROM information_schema.COLUMNS c
		JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME AND t.TABLE_TYPE = 'BASE TABLE'
		WHERE c.TABLE_SCHEMA = DATABASE() AND c.COLUMN_KEY = '' AND c.EXTRA = '' ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION`), "\n") {
		f := strings.Split(line, "|")
		if len(f) == 2 && !keyed[f[0]+"."+f[1]] && strings.ToLower(f[1]) != strings.ToUpper(f[1]) {
			return f[0], f[1]
		}
	}
	t.Fatal("no column to rename")
	return "", ""
}

// flipCase spells a name otherwise in case: upper case, or lower case if it is already.
func flipCase(s string) string {
	if up := strings.ToUpper(s); up != s {
		return up
	}
	return strings.ToLower(s)
}

// liteCandidate is queryPair that says whether a row was found.
func liteCandidate(db *sql.DB, query string) (string, string, bool) {
	var a, b string
	err := db.QueryRow(query).Scan(&a, &b)
	return a, b, err == nil
}

func queryPair(t *testing.T, db *sql.DB, query string) (string, string) {
	t.Helper()
	var a, b string
	if err := db.QueryRow(query).Scan(&a, &b); err != nil {
		t.Fatalf("no table to change: %v", err)
	}
	return a, b
}

// liteMyRowCounts counts the rows of every base table: "name=n,…" (names folded: SQLite's rename).
func liteMyRowCounts(t *testing.T, d schema.Dialect, db *sql.DB) string {
	t.Helper()
	q := `SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY 1`
	quote := func(s string) string { return "`" + s + "`" }
	if d == schema.SQLite {
		q = `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE '%VIRTUAL%' ORDER BY lower(name)`
		quote = func(s string) string { return `"` + s + `"` }
	}
	var out []string
	for _, name := range strings.Split(migratetest.QueryRows(t, db, q), "\n") {
		if name == "" {
			continue
		}
		n := migratetest.QueryRows(t, db, "SELECT count(*) FROM "+quote(name))
		out = append(out, strings.ToLower(name)+"="+n)
	}
	return strings.Join(out, ",")
}

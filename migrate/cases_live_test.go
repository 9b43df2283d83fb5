package migrate_test

import (
	"testing"

	"github.com/dbinspect/dbinspect/migrate/migratetest"
	"github.com/dbinspect/dbinspect/schema"
)

// The acceptance tests of issue 7, per engine: for each pair of schemas (migratetest's
// tables), FROM with rows is migrated to TO by the plan applied with the engine's own client
// (or statement by statement through the driver), then compares equal to TO, plans nothing
// more and keeps its rows.

func TestMigratePostgres(t *testing.T) { runCases(t, schema.Postgres, migratetest.PostgresCases) }
func TestMigrateMySQL(t *testing.T)    { runCases(t, schema.MySQL, migratetest.MySQLCases) }
func TestMigrateSQLite(t *testing.T)   { runCases(t, schema.SQLite, migratetest.SQLiteCases) }

func runCases(t *testing.T, d schema.Dialect, cases []migratetest.Case) {
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) { migratetest.Run(t, d, c) })
	}
}

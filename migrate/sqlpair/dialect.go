package sqlpair

import (
	"fmt"

	"github.com/dbinspect/dbinspect/schema"
)

// dialect is what the files say differently per dialect; TestDialectsConform fails for a
// dialect of schema.Dialects without an entry, and Write refuses a pair of a dialect that has
// none.
type dialect struct {
	// ownTransaction: the plan's BEGIN … COMMIT is dropped where the tool runs the file in a
	// transaction of its own (Flyway); MySQL's plan has none, its DDL commits as it goes.
	ownTransaction bool
	// pragmasOutsideTx: the plan's PRAGMA statements act only outside a transaction (SQLite's
	// foreign_keys around a rebuild), so the file must control its transaction itself.
	pragmasOutsideTx bool
	// golangMigrateHint is what golang-migrate needs to run the files as written.
	golangMigrateHint string
}

var dialects = map[schema.Dialect]dialect{
	schema.Postgres: {ownTransaction: true, golangMigrateHint: "The file has its own transaction (BEGIN … COMMIT)."},
	schema.MySQL:    {golangMigrateHint: "golang-migrate sends the file in one piece: its mysql URL needs multiStatements=true."},
	schema.SQLite: {ownTransaction: true, pragmasOutsideTx: true,
		golangMigrateHint: "The file has its own transaction (SQLite switches foreign keys off outside one): use x-no-tx-wrap=true."},
}

func dialectOf(d schema.Dialect) (dialect, error) {
	r, ok := dialects[d]
	if !ok {
		return dialect{}, fmt.Errorf("sqlpair: no rules for dialect %q", d)
	}
	return r, nil
}

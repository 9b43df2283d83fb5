package drivers

import (
	"context"
	"database/sql"

	"github.com/dbinspect/dbinspect/schema"
)

// Engine is what the command line needs to know of where a dialect's databases live.
type Engine struct {
	// Server: databases live on a server reached by URL, not in a file (SQLite).
	Server bool
	// SchemasAreDatabases: a schema is one of the server's databases, all reached through one
	// connection, and SQL names none of them (MySQL: a plan selects its database with USE).
	SchemasAreDatabases bool

	// open connects to a live target of the dialect read-only.
	open func(ctx context.Context, t *Target, o Options) (*sql.DB, error)
	// explainLock says which session holds the lock a read waits for (PostgreSQL), or
	// returns err as it is.
	explainLock func(ctx context.Context, db *sql.DB, o Options, err error) error
}

// engines has an entry per dialect; TestEnginesCover fails for a dialect of schema.Dialects
// without one.
var engines = map[schema.Dialect]Engine{
	schema.Postgres: {Server: true, open: openPostgres, explainLock: ExplainLockWait},
	schema.MySQL:    {Server: true, SchemasAreDatabases: true, open: openMySQL, explainLock: asItIs},
	schema.SQLite:   {open: openSQLite, explainLock: asItIs},
}

func asItIs(_ context.Context, _ *sql.DB, _ Options, err error) error { return err }

// EngineOf returns the entry of dialect d; an unknown dialect has none (the zero Engine).
func EngineOf(d schema.Dialect) (Engine, bool) {
	e, ok := engines[d]
	return e, ok
}

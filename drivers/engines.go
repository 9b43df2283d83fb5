package drivers

import "github.com/dbinspect/dbinspect/schema"

// Engine is what the command line needs to know of where a dialect's databases live.
type Engine struct {
	// Server: databases live on a server reached by URL, not in a file (SQLite).
	Server bool
	// SchemasAreDatabases: a schema is one of the server's databases, all reached through one
	// connection, and SQL names none of them (MySQL: a plan selects its database with USE).
	SchemasAreDatabases bool
}

// engines has an entry per dialect; TestEnginesCover fails for a dialect of schema.Dialects
// without one.
var engines = map[schema.Dialect]Engine{
	schema.Postgres: {Server: true},
	schema.MySQL:    {Server: true, SchemasAreDatabases: true},
	schema.SQLite:   {},
}

// EngineOf returns the entry of dialect d; an unknown dialect has none (the zero Engine).
func EngineOf(d schema.Dialect) (Engine, bool) {
	e, ok := engines[d]
	return e, ok
}

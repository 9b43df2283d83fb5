// Package drivers turns a TARGET argument into something dbinspect can read and opens
// read-only connections to live databases.
//
// A TARGET is an environment name from the config file, a database URL (postgres://,
// mysql://, mariadb://, sqlite:, file:, and SQLAlchemy spellings such as
// postgresql+psycopg2://), a path to an SQLite file, a snapshot .json, a .sql DDL file, or a
// folder of migrations (the last two are loaded by package scratch, not opened here).
// Resolve classifies it; Open connects with the session made read-only and with connect and
// statement timeouts. A password lives only in Target.Password, never in Target.DSN, and
// neither is ever printed: use Target.String for anything a person or a log sees.
//
// drivers imports schema (for dialect names) and the database/sql drivers, nothing else of
// dbinspect.
package drivers

import (
	"time"

	"github.com/dbinspect/dbinspect/schema"
)

// Kind says what a target is.
type Kind int

// The kinds of target.
const (
	KindURL        Kind = iota // a live database server or SQLite file reached through a URL
	KindSQLite                 // a path to an SQLite database file
	KindSnapshot               // a path to a snapshot .json
	KindSQLFile                // a path to a .sql file of DDL, loaded into a scratch database (package scratch)
	KindMigrations             // a folder of migrations, applied in order into a scratch database
)

// IsFiles reports whether the target is DDL to load (a .sql file or a migrations folder),
// whose dialect the caller decides: the dev server's, or the other side's, or SQLite.
func (t *Target) IsFiles() bool { return t.Kind == KindSQLFile || t.Kind == KindMigrations }

// Target is a resolved TARGET argument.
type Target struct {
	// Kind says what the target is.
	Kind Kind
	// Dialect is the engine behind the target (for a snapshot, read from the file; for DDL
	// files, set by the caller before inspection).
	Dialect schema.Dialect
	// DSN is the database/sql data source name, without the password.
	DSN string
	// Password is the password, taken out of the URL or given beside it (an environment's
	// password or password_env); empty means the driver's own conventions apply (PGPASSWORD,
	// ~/.pgpass, PGSERVICE). Never print it.
	Password string
	// Path is the file or folder behind KindSQLite, KindSnapshot, KindSQLFile and KindMigrations.
	Path string
	// Display is the target as people may see it: the environment name, the path, or the
	// URL with its password redacted.
	Display string
	// Database is the database the URL names (MySQL: the default schema to inspect).
	Database string
}

// String returns the target as it may be shown: never with a password.
func (t *Target) String() string { return t.Display }

// Options are the connection settings common to all engines.
type Options struct {
	// ConnectTimeout bounds how long opening a connection may take.
	ConnectTimeout time.Duration
	// StatementTimeout bounds each catalog query on the server; the client gives up on a
	// connection that stays silent a few seconds longer.
	StatementTimeout time.Duration
	// LockTimeout bounds how long a query waits for a lock another session holds (PostgreSQL
	// lock_timeout, MySQL lock_wait_timeout); it is short, so a locked table is reported by
	// name instead of costing the whole statement timeout.
	LockTimeout time.Duration
}

// DefaultOptions are the settings used when a command does not override them.
var DefaultOptions = Options{ConnectTimeout: 10 * time.Second, StatementTimeout: 60 * time.Second, LockTimeout: 5 * time.Second}

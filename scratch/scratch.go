// Package scratch is the one place dbinspect writes to a database server.
//
// To read a .sql file or a folder of migrations as a schema, dbinspect lets the engine itself
// run the DDL: on a development server the user named for the purpose (--dev-url, or dev: in
// dbinspect.yaml; never inferred), it creates a database of its own, dbinspect_scratch_<unix
// time>_<random>, loads the statements into it, hands it to the inspector, and drops it —
// on success, error, timeout and Ctrl-C alike (a defer that runs on every path, with a
// context of its own so a cancelled run still drops). `dbinspect scratch clean` drops what a
// killed process left, by the time in the name.
//
// Nothing here can point at another database: names are made here, checked against the
// scratch pattern before every CREATE, DROP and connection, and no function takes a database
// name from outside. Statements that would reach past the scratch database — other
// databases, roles, tablespaces, server settings, server files — are refused before anything
// is created; the ones that declare the file's own database (CREATE DATABASE, USE, \connect)
// lend it their character set and collation and are not run.
//
// SQLite files load into a private in-memory database instead, under an SQLite authorizer that
// allows what building a schema needs and refuses ATTACH, VACUUM INTO, pragmas that change
// more than the schema, and functions that touch files or load code.
//
// scratch imports drivers (targets and their data source names), sqlscript (statements),
// schema, and the database/sql drivers; the inspector calls it.
package scratch

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strconv"
	"time"

	"github.com/dbinspect/dbinspect/drivers"
	"github.com/dbinspect/dbinspect/schema"
	"github.com/dbinspect/dbinspect/sqlscript"
)

// Options bound the work on the dev server.
type Options struct {
	// ConnectTimeout bounds connecting; StatementTimeout bounds each statement of the file.
	ConnectTimeout   time.Duration
	StatementTimeout time.Duration
}

// Source is what to load: the statements of a file or a folder.
type Source struct {
	// Name is the file or folder as the user gave it, for messages.
	Name string
	// Statements in the order they run.
	Statements []sqlscript.Statement
	// SchemaName names the loaded MySQL database in the model when the file declares no
	// database of its own (the scratch name would change with every run).
	SchemaName string
}

// ReadFunc reads the schema of the loaded database; schemas is what to read (nil: the
// default). The inspector's Live is one.
type ReadFunc func(ctx context.Context, db *sql.DB, schemas []string) (*schema.Database, error)

// ErrLoad marks an error in the file being loaded: a statement the server rejected or
// dbinspect refused.
var ErrLoad = errors.New("cannot load")

// Load runs src in a new scratch database of the dialect — in memory for SQLite, on dev for
// PostgreSQL and MySQL — reads it with read, and drops it whatever happens.
func Load(ctx context.Context, d schema.Dialect, dev *drivers.Target, src Source, o Options, read ReadFunc) (*schema.Database, error) {
	if o.StatementTimeout <= 0 {
		o.StatementTimeout = drivers.DefaultOptions.StatementTimeout
	}
	if o.ConnectTimeout <= 0 {
		o.ConnectTimeout = drivers.DefaultOptions.ConnectTimeout
	}
	e, err := engineOf(d)
	if err != nil {
		return nil, err
	}
	if e.inMemory {
		return loadSQLite(ctx, src, o, read)
	}
	if dev == nil {
		return nil, NeedDevError(d, src.Name)
	}
	if dev.Dialect != d {
		return nil, fmt.Errorf("%w: %s is %s DDL but --dev-url %s is a %s server", drivers.ErrTarget, src.Name, d, dev, dev.Dialect)
	}
	return loadServer(ctx, e, dev, src, o, read)
}

// NeedDevError says that DDL of a server dialect needs a dev server, with an example.
func NeedDevError(d schema.Dialect, name string) error {
	e, err := engineOf(d)
	if err != nil || e.example == "" {
		e = engines.Of(schema.Postgres) // the usual dev server, as an example
	}
	return fmt.Errorf("%w: %s is read as %s DDL, which dbinspect loads into a scratch database on a development server: pass --dev-url (e.g. --dev-url %s) or set dev: in dbinspect.yaml; the server must not be one you check", drivers.ErrTarget, name, e.name, e.example)
}

// server is what loading needs from an engine's dev server.
type server interface {
	// create makes the scratch database with the declared options and connects to it.
	create(ctx context.Context, n name, decl declaration) (*sql.DB, error)
	// load runs the statements on one connection of db.
	load(ctx context.Context, db *sql.DB, stmts []planned, o Options) error
	// drop removes the scratch database, ending what still runs in it.
	drop(ctx context.Context, n name) error
	// list returns the scratch databases on the server.
	list(ctx context.Context) ([]name, error)
	close() error
}

// afterCreate, when set (by tests), learns each scratch database's name once it exists.
var afterCreate func(name string)

// dropTimeout bounds the drop that runs after every load. It is long on purpose: PostgreSQL's
// DROP DATABASE waits for a checkpoint, which on a busy server takes tens of seconds, and a
// drop cut off half way leaves an "invalid" database behind (only DROP can remove it).
const dropTimeout = 5 * time.Minute

func loadServer(ctx context.Context, e *engine, dev *drivers.Target, src Source, o Options, read ReadFunc) (m *schema.Database, err error) {
	p, err := plan(dev.Dialect, src.Statements)
	if err != nil {
		return nil, err
	}
	srv, err := connect(ctx, dev, o)
	if err != nil {
		return nil, err
	}
	defer srv.close()
	n := newName(time.Now())
	start := time.Now()
	db, err := srv.create(ctx, n, p.decl)
	if err != nil {
		return nil, fmt.Errorf("create scratch database %s on %s: %w", n, dev, err)
	}
	if afterCreate != nil {
		afterCreate(string(n))
	}
	slog.Debug("scratch database created", "name", string(n), "server", dev.String(), "charset", p.decl.charset, "collation", p.decl.collation)
	defer func() {
		db.Close()
		dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), dropTimeout)
		defer cancel()
		dropStart := time.Now()
		if derr := srv.drop(dctx, n); derr != nil {
			err = errors.Join(err, fmt.Errorf("could not drop scratch database %s on %s (%v): drop it with `dbinspect scratch clean --dev-url URL`", n, dev, derr))
			m = nil
			return
		}
		slog.Debug("scratch database dropped", "name", string(n), "drop", time.Since(dropStart), "total", time.Since(start))
	}()
	if err := srv.load(ctx, db, p.statements, o); err != nil {
		return nil, err
	}
	slog.Debug("loaded", "source", src.Name, "statements", len(p.statements), "elapsed", time.Since(start))
	var schemas []string
	if e.databaseSchema {
		schemas = []string{string(n)}
	}
	readStart := time.Now()
	m, err = read(ctx, db, schemas)
	if err != nil {
		return nil, err
	}
	slog.Debug("scratch database inspected", "name", string(n), "elapsed", time.Since(readStart))
	if e.databaseSchema {
		as := p.decl.database
		if as == "" {
			as = src.SchemaName
		}
		m.RenameSchema(string(n), as)
	}
	return m, nil
}

// pinged returns a freshly opened pool once it answers, closing it when it does not.
func pinged(ctx context.Context, db *sql.DB, err error) (*sql.DB, error) {
	if err == nil {
		err = db.PingContext(ctx)
	}
	if err != nil {
		if db != nil {
			db.Close()
		}
		return nil, err
	}
	return db, nil
}

// runEach runs statements one by one on conn, each within --statement-timeout; describe
// turns a failure into the error to show (file, line, the server's message).
func runEach(ctx context.Context, conn *sql.Conn, stmts []planned, o Options,
	describe func(ctx, sctx context.Context, st planned, err error, o Options) error) error {
	for _, st := range stmts {
		sctx, cancel := context.WithTimeout(ctx, o.StatementTimeout)
		_, err := conn.ExecContext(sctx, st.Text)
		cancel()
		if err != nil {
			return describe(ctx, sctx, st, err, o)
		}
	}
	return nil
}

func connect(ctx context.Context, dev *drivers.Target, o Options) (server, error) {
	e, err := engineOf(dev.Dialect)
	if err != nil {
		return nil, err
	}
	return e.connect(ctx, dev, o)
}

// name is the name of a scratch database: only newName and parseName make one.
type name string

// namePattern is every scratch database's name: the creation time in Unix seconds (which
// `scratch clean` reads, since no catalog of either engine says when a database was made)
// and 32 random bits.
var namePattern = regexp.MustCompile(`^dbinspect_scratch_([0-9]{1,19})_([0-9a-f]{8})$`)

func newName(now time.Time) name {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return name(fmt.Sprintf("dbinspect_scratch_%d_%s", now.Unix(), hex.EncodeToString(b[:])))
}

// parseName accepts only scratch names, and says when the database was made.
func parseName(s string) (name, time.Time, bool) {
	m := namePattern.FindStringSubmatch(s)
	if m == nil {
		return "", time.Time{}, false
	}
	sec, err := strconv.ParseInt(m[1], 10, 64)
	if err != nil {
		return "", time.Time{}, false
	}
	return name(s), time.Unix(sec, 0), true
}

// check is called before every statement that names a database: it panics on anything but
// a scratch name, since reaching that would be a bug in this package, never user input.
func (n name) check() string {
	if !namePattern.MatchString(string(n)) {
		panic(fmt.Sprintf("scratch: %q is not a scratch database name", string(n)))
	}
	return string(n)
}

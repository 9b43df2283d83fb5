// Package inspector reads a database's catalog into the common model (package schema).
//
// Each engine has its files: postgres.go (the reader), postgres_queries.go, postgres_read.go,
// postgres_parse.go, postgres_acl.go, postgres_policies.go; mysql.go, mysql_queries.go,
// mysql_rows.go, mysql_build.go, mysql_text.go; sqlite.go, sqlite_lex.go, sqlite_parse.go,
// sqlite_group.go. Each reader issues a fixed number of bulk queries, one per kind of object
// and filtered by schema, never one per table, and joins the rows to their tables in Go
// through maps. Each hands back a canonical model for its engine (see package schema),
// normalized; spelling rules that diff applies too are sqltext's, called by both.
//
// Inspect is the entry point for commands: it reads a snapshot file, or opens the target
// through package drivers and reads the live catalog in one read-only transaction, or — for
// a .sql file or a migrations folder — has package scratch load the DDL into a scratch
// database and reads that (files.go). inspector imports schema, sqltext, drivers, sqlscript
// and scratch; nothing in dbinspect imports it but the CLI (internal/cli) and tests.
package inspector

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/dbinspect/dbinspect/drivers"
	"github.com/dbinspect/dbinspect/schema"
	"github.com/dbinspect/dbinspect/sqlscript"
)

// Queryer is what the catalog readers need from a connection. *sql.Tx and *sql.Conn satisfy
// it; tests wrap it to count the statements one inspection sends.
type Queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// Options choose what to read.
type Options struct {
	// Schemas limits the inspection to these schemas (PostgreSQL schemas, MySQL databases).
	// Empty means every non-system schema on PostgreSQL and the URL's database on MySQL.
	Schemas []string
	// Choose, when set, picks the schemas to inspect from the names of all the schemas the
	// server holds (PostgreSQL: every schema but the system ones and those of extensions;
	// MySQL: every database but mysql, sys, information_schema and performance_schema), and
	// Schemas is ignored. The names come from the statement that lists the schemas anyway,
	// so one inspection reads every tenant schema a pattern matches with the same fixed set
	// of statements as one schema (package fleet).
	Choose func(names []string) []string
	// Connection holds connect and statement timeouts.
	Connection drivers.Options
	// Dev is the development server on which .sql files and migration folders of PostgreSQL
	// or MySQL DDL are loaded into a scratch database; nil loads them into SQLite in memory.
	Dev *drivers.Target
	// MigrationsFormat is a migrations folder's layout; "" detects it from the names.
	MigrationsFormat sqlscript.Format
	// CloseLater, when set, is handed the closing of a live target's connection once its
	// catalog is read, instead of Inspect closing it there; the caller must run it before it
	// exits. Closing an SQLite connection frees SQLite's own parsed copy of the schema, which
	// takes about as long as writing the snapshot (20 ms at 5,000 tables), so the CLI closes
	// it while the model is finished and written.
	CloseLater func(close func())
}

// Inspect reads the schema behind a target: a snapshot file, or a live database.
func Inspect(ctx context.Context, t *drivers.Target, o Options) (*schema.Database, error) {
	start := time.Now()
	if t.Kind == drivers.KindSnapshot {
		return readSnapshotFile(t)
	}
	if t.IsFiles() {
		return inspectFiles(ctx, t, o)
	}
	o, err := targetSchemas(t, o)
	if err != nil {
		return nil, err
	}
	db, err := drivers.Open(ctx, t, o.Connection)
	if err != nil {
		return nil, err
	}
	release := sync.OnceFunc(func() { closeDB(db, o.CloseLater) })
	defer release() // should the reading panic
	m, err := readLive(ctx, db, t.Dialect, o)
	if err != nil {
		err = drivers.ExplainReadError(ctx, db, t.Dialect, o.Connection, err)
	}
	// The catalog is read: the connection closes (with CloseLater, on another goroutine)
	// while the model is finished.
	release()
	if err != nil {
		return nil, fmt.Errorf("inspect %s: %w", t, err)
	}
	finishModel(m)
	slog.Debug("inspected", "target", t.String(), "dialect", t.Dialect, "schemas", len(m.Schemas), "elapsed", time.Since(start))
	return m, nil
}

// closeDB closes db now, or hands its closing to later when that is set. Its error is
// dropped: the catalog was read, and nothing was written.
func closeDB(db *sql.DB, later func(close func())) {
	if later == nil {
		_ = db.Close()
		return
	}
	later(func() { _ = db.Close() })
}

// targetSchemas defaults o.Schemas to the URL's database where schemas are databases (MySQL).
func targetSchemas(t *drivers.Target, o Options) (Options, error) {
	if e, _ := drivers.EngineOf(t.Dialect); e.SchemasAreDatabases && len(o.Schemas) == 0 && o.Choose == nil {
		if t.Database == "" {
			return o, fmt.Errorf("%w: %s names no database: add /DATABASE to the URL or pass --schema", drivers.ErrTarget, t)
		}
		o.Schemas = []string{t.Database}
	}
	return o, nil
}

// Live reads the catalog of an open database in one read-only transaction.
func Live(ctx context.Context, db *sql.DB, dialect schema.Dialect, o Options) (*schema.Database, error) {
	m, err := readLive(ctx, db, dialect, o)
	if err != nil {
		return nil, err
	}
	finishModel(m)
	return m, nil
}

// finishModel puts a model read from a catalog in its canonical order and compacts it.
func finishModel(m *schema.Database) {
	m.Normalize()
	m.Compact() // the catalog rows were appended to growing slices, one string each
}

// readLive is Live without finishModel.
func readLive(ctx context.Context, db *sql.DB, dialect schema.Dialect, o Options) (*schema.Database, error) {
	read := liveReaders[dialect]
	if read == nil {
		return nil, fmt.Errorf("no inspector for dialect %q", dialect)
	}
	return inTx(ctx, db, liveTxOptions(dialect), func(q Queryer) (*schema.Database, error) {
		return read(ctx, q, o)
	})
}

// liveReaders read a live catalog inside the transaction of liveTxOptions, per dialect.
var liveReaders = map[schema.Dialect]func(context.Context, Queryer, Options) (*schema.Database, error){
	schema.SQLite: ReadSQLite, schema.Postgres: ReadPostgres, schema.MySQL: ReadMySQL,
}

// liveTxOptions is the transaction a live inspection reads in (CatalogFloor's too).
func liveTxOptions(dialect schema.Dialect) *sql.TxOptions {
	switch dialect {
	case schema.Postgres:
		return &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	case schema.MySQL:
		return &sql.TxOptions{ReadOnly: true}
	}
	// SQLite: the connection itself is read-only (mode=ro, query_only, see drivers/sqlite.go);
	// the transaction only makes the pragma queries see one consistent schema.
	return &sql.TxOptions{}
}

// inTx runs read in one transaction, which it always rolls back: dbinspect never writes.
func inTx(ctx context.Context, db *sql.DB, opts *sql.TxOptions, read func(Queryer) (*schema.Database, error)) (*schema.Database, error) {
	tx, err := db.BeginTx(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("begin read-only transaction: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // nothing was written; the rollback only ends the snapshot
	return read(tx)
}

func readSnapshotFile(t *drivers.Target) (*schema.Database, error) {
	f, err := os.Open(t.Path)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", drivers.ErrTarget, t, err)
	}
	defer f.Close()
	m, err := schema.ReadSnapshot(f)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", drivers.ErrTarget, t, err)
	}
	return m, nil
}

// eachRow runs one catalog query and hands each row to scan: the loop every reader shares.
func eachRow(ctx context.Context, q Queryer, query string, scan func(*sql.Rows) error, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

package drivers

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"

	_ "modernc.org/sqlite" // registers the "sqlite" driver (pure Go)
)

// openSQLite opens a database file read-only (mode=ro, query_only), so even a bug could not
// change the user's file.
func openSQLite(ctx context.Context, t *Target, o Options) (*sql.DB, error) {
	dsn := "file:" + (&url.URL{Path: t.Path}).EscapedPath() + "?mode=ro&_pragma=query_only(1)&_pragma=busy_timeout(" +
		fmt.Sprint(o.StatementTimeout.Milliseconds()) + ")"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", t, err)
	}
	if err := ping(ctx, db, t, o); err != nil {
		return nil, err
	}
	// An unreadable or corrupt file fails here, on the first real read.
	var n int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&n); err != nil {
		db.Close()
		return nil, fmt.Errorf("%w: %s is not a readable SQLite database: %v", ErrTarget, t, err)
	}
	return db, nil
}

// openSQLFile loads a .sql file of DDL into a private in-memory SQLite database.
func openSQLFile(ctx context.Context, t *Target, o Options) (*sql.DB, error) {
	ddl, err := os.ReadFile(t.Path)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrTarget, t, err)
	}
	db, err := sql.Open("sqlite", "file::memory:")
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", t, err)
	}
	db.SetMaxOpenConns(1) // one connection = one in-memory database
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	if _, err := db.ExecContext(ctx, string(ddl)); err != nil {
		db.Close()
		return nil, fmt.Errorf("%w: %s does not load into SQLite: %v", ErrTarget, t, err)
	}
	if _, err := db.ExecContext(ctx, "PRAGMA query_only = 1"); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", t, err)
	}
	return db, nil
}

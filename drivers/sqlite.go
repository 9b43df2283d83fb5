package drivers

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"

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

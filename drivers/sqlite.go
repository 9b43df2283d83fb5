package drivers

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"

	_ "modernc.org/sqlite" // registers the "sqlite" driver (pure Go)
)

// openSQLite opens a database file read-only (mode=ro, query_only), so even a bug could not
// change the user's file.
//
// A database in WAL mode needs more care: a read-only connection creates the -wal and -shm
// files beside it and, being read-only, cannot remove them when it closes; and where the
// folder is not writable it cannot create them, so the file does not open at all. When there
// is no -wal file, or an empty one, every committed transaction is in the main file: it is
// then opened immutable=1, which reads the main file only and creates nothing (a writer that
// starts meanwhile appends to the -wal, which this read does not need). When the -wal file
// holds transactions, they must be read, so the normal read-only open is used, and the error
// says what to do if that fails.
func openSQLite(ctx context.Context, t *Target, o Options) (*sql.DB, error) {
	mode := "mode=ro"
	wal := sqliteWAL(t.Path)
	if wal && walEmpty(t.Path) {
		mode = "immutable=1"
	}
	dsn := "file:" + (&url.URL{Path: t.Path}).EscapedPath() + "?" + mode + "&_pragma=query_only(1)&_pragma=busy_timeout(" +
		fmt.Sprint(o.StatementTimeout.Milliseconds()) + ")"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", t, err)
	}
	walHint := func(err error) error {
		var se interface{ Code() int } // the driver's *sqlite.Error
		why := "unable to open"
		if errors.As(err, &se) {
			why = fmt.Sprintf("SQLite error %d", se.Code())
		}
		return fmt.Errorf("%w: %s is in WAL mode with a -wal file, which SQLite can read only by writing its -shm file beside it (%s): make the folder writable, or copy %s and %s-wal to a writable folder and inspect the copy", ErrTarget, t, why, filepath.Base(t.Path), filepath.Base(t.Path))
	}
	if err := ping(ctx, db, t, o); err != nil {
		if wal && mode == "mode=ro" {
			return nil, walHint(err)
		}
		return nil, err
	}
	// An unreadable or corrupt file fails here, on the first real read.
	var n int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&n); err != nil {
		db.Close()
		if wal && mode == "mode=ro" {
			return nil, walHint(err)
		}
		return nil, fmt.Errorf("%w: %s is not a readable SQLite database: %v", ErrTarget, t, err)
	}
	return db, nil
}

// sqliteWAL reports whether the database file is in WAL mode: bytes 18 and 19 of its header
// (the file format's write and read versions) are 2.
func sqliteWAL(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 20)
	if _, err := io.ReadFull(f, head); err != nil {
		return false
	}
	return head[18] == 2 && head[19] == 2
}

// walEmpty reports whether the database's -wal file is missing or empty.
func walEmpty(path string) bool {
	st, err := os.Stat(path + "-wal")
	return err != nil || st.Size() == 0
}

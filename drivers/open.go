package drivers

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"

	"github.com/go-sql-driver/mysql"
	"github.com/lib/pq"

	"github.com/dbinspect/dbinspect/schema"
)

// ErrConnect marks a failure to reach or log in to a database server.
var ErrConnect = errors.New("cannot connect")

// Open connects to a live target (KindURL or KindSQLite) read-only.
func Open(ctx context.Context, t *Target, o Options) (*sql.DB, error) {
	o = o.Effective()
	switch {
	case t.IsFiles():
		return nil, fmt.Errorf("%s is DDL to load into a scratch database, not a database to connect to", t)
	case t.Kind == KindSnapshot:
		return nil, fmt.Errorf("%s is a snapshot, not a database to connect to", t)
	}
	if e, ok := engines[t.Dialect]; ok {
		return e.open(ctx, t, o)
	}
	return nil, fmt.Errorf("%w: %s: no driver for dialect %q", ErrTarget, t, t.Dialect)
}

// ExplainReadError makes an error met while reading a live database say what happened in
// words: a lock another session holds (PostgreSQL: which table and who, see
// ExplainLockWait), or a connection that broke. Other errors are returned as they are.
func ExplainReadError(ctx context.Context, db *sql.DB, dialect schema.Dialect, o Options, err error) error {
	if e, ok := engines[dialect]; ok {
		err = e.explainLock(ctx, db, o, err)
	}
	if ctx.Err() == nil && !errors.Is(err, ErrStalled) && brokenConnection(err) {
		return fmt.Errorf("%w (the connection to the server broke: is the server, or the network to it, down? retry when it is back)", err)
	}
	return err
}

// brokenConnection reports whether err says the connection was lost mid-read.
func brokenConnection(err error) bool {
	return errors.Is(err, mysql.ErrInvalidConn) || errors.Is(err, driver.ErrBadConn) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) || errors.Is(err, net.ErrClosed)
}

// Effective returns the options with defaults for the zero ones.
func (o Options) Effective() Options {
	if o.ConnectTimeout == 0 {
		o.ConnectTimeout = DefaultOptions.ConnectTimeout
	}
	if o.StatementTimeout == 0 {
		o.StatementTimeout = DefaultOptions.StatementTimeout
	}
	if o.LockTimeout == 0 {
		o.LockTimeout = min(DefaultOptions.LockTimeout, o.StatementTimeout)
	}
	return o
}

// ping checks the connection within the connect timeout, closing db on failure.
func ping(ctx context.Context, db *sql.DB, t *Target, o Options) error {
	ctx, cancel := context.WithTimeout(ctx, o.ConnectTimeout)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		switch {
		case errors.Is(ctx.Err(), context.Canceled) && !errors.Is(err, context.Canceled):
			// The run was cancelled (Ctrl-C, or the other side of a diff failed): say so, not
			// "no answer", which the driver's own error about a cut dial would suggest.
			return fmt.Errorf("%w to %s: %w (%v)", ErrConnect, t, context.Canceled, err)
		case errors.Is(ctx.Err(), context.DeadlineExceeded) && !errors.Is(err, context.Canceled):
			return fmt.Errorf("%w to %s: no answer within %s (is the server running and reachable? --connect-timeout waits longer)", ErrConnect, t, o.ConnectTimeout)
		}
		return fmt.Errorf("%w to %s: %w%s", ErrConnect, t, err, connectHint(err))
	}
	return nil
}

// connectHint says what to check for the failures where a hint helps: an unreachable server,
// a refused login, a missing database. Other errors speak for themselves and get none.
func connectHint(err error) string {
	var pqErr *pq.Error
	var myErr *mysql.MySQLError
	var netErr net.Error
	switch {
	case errors.As(err, &pqErr):
		switch pqErr.Code {
		case "28P01", "28000":
			return " (check the user and password)"
		case "3D000":
			return " (check the database name)"
		}
	case errors.As(err, &myErr):
		switch myErr.Number {
		case 1045, 1698:
			return " (check the user and password)"
		case 1044:
			return " (the user may not read this database)"
		case 1049:
			return " (check the database name)"
		}
	case errors.Is(err, syscall.ECONNREFUSED):
		return " (check the host and port: is the server running there?)"
	case errors.As(err, &netErr):
		var dnsErr *net.DNSError
		if errors.As(err, &dnsErr) {
			return " (check the host name)"
		}
		return " (check the host and port)"
	}
	return ""
}

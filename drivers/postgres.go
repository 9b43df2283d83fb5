package drivers

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/lib/pq"
	"github.com/xo/dburl"

	"github.com/dbinspect/dbinspect/internal/secret"
	"github.com/dbinspect/dbinspect/schema"
)

// postgresTarget keeps the URL as lib/pq reads it, minus the password: a password in the
// userinfo or in ?password= moves to Target.Password, so the DSN can be logged and no
// string round trip can break or show it. lib/pq reads the rest, the libpq conventions
// included: PGHOST, PGUSER, PGPASSWORD, PGSERVICE (~/.pg_service.conf), ~/.pgpass.
func postgresTarget(u *dburl.URL) (*Target, error) {
	pg := u.URL // a copy
	pg.Scheme = "postgres"
	var password string
	if pg.User != nil {
		password, _ = pg.User.Password()
		pg.User = url.User(pg.User.Username())
	}
	q := pg.Query()
	if p := q.Get("password"); p != "" && password == "" {
		password = p
	}
	q.Del("password")
	if q.Get("sslmode") == "" && os.Getenv("PGSSLMODE") == "" {
		q.Set("sslmode", "prefer") // what psql does; lib/pq would insist on TLS
	}
	pg.RawQuery = q.Encode()
	dsn := pgURLString(&pg)
	shown := dsn
	if password != "" {
		pg.User = url.UserPassword(pg.User.Username(), secret.Mask)
		shown = pgURLString(&pg)
	}
	db := ""
	if len(pg.Path) > 1 {
		db = pg.Path[1:]
	}
	return &Target{Kind: KindURL, Dialect: schema.Postgres, DSN: dsn, Password: password, Display: shown, Database: db}, nil
}

// pgURLString writes a URL lib/pq recognises as one: url.URL drops the "//" of a URL with
// neither host nor path (postgres:// means "the libpq defaults"), and lib/pq would read
// "postgres:?…" as a keyword string.
func pgURLString(u *url.URL) string {
	s := u.String()
	if !strings.HasPrefix(s, "postgres://") {
		s = "postgres://" + strings.TrimPrefix(s, "postgres:")
	}
	return s
}

// openPostgres connects with a session that cannot write and cannot hang: every transaction
// defaults to READ ONLY; statement, lock and idle-in-transaction timeouts bound what the
// server spends; and every connection has TCP keepalive and a client-side deadline on each
// read and write (see watchDialer), so a stalled network fails instead of hanging.
func openPostgres(ctx context.Context, t *Target, o Options) (*sql.DB, error) {
	cfg, err := pgConfig(t, o)
	if err != nil {
		return nil, err
	}
	connector, err := pq.NewConnectorConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", t, err)
	}
	connector.Dialer(newWatchDialer(ctx, o))
	db := sql.OpenDB(connector)
	return db, ping(ctx, db, t, o)
}

// pgConfig is lib/pq's configuration for a target: the DSN and the environment as lib/pq
// reads them (PGPASSWORD, PGSERVICE, ~/.pgpass), then the password given apart, and the
// session settings.
func pgConfig(t *Target, o Options) (pq.Config, error) {
	cfg, err := pq.NewConfig(t.DSN)
	if err != nil {
		return cfg, fmt.Errorf("%w: %s: %v", ErrTarget, t, err)
	}
	if t.Password != "" {
		cfg.Password = t.Password
	}
	if cfg.ApplicationName == "" {
		cfg.ApplicationName = "dbinspect"
	}
	cfg.ConnectTimeout = o.ConnectTimeout
	if cfg.Runtime == nil {
		cfg.Runtime = map[string]string{}
	}
	for k, v := range pgSessionSettings(o) {
		cfg.Runtime[k] = v
	}
	return cfg, nil
}

// pgSessionSettings are the settings every session starts with. The lock timeout is short and
// separate from the statement timeout, so a table held ACCESS EXCLUSIVE fails fast with a
// message naming the lock (see ExplainLockWait) instead of waiting the whole statement
// timeout. A backend left idle in its transaction (the client stalled or died) ends itself.
func pgSessionSettings(o Options) map[string]string {
	idle := max(readLimit(o), 5*time.Second)
	return map[string]string{
		"default_transaction_read_only":       "on",
		"statement_timeout":                   milliseconds(o.StatementTimeout),
		"lock_timeout":                        milliseconds(o.LockTimeout),
		"idle_in_transaction_session_timeout": milliseconds(idle),
	}
}

func milliseconds(d time.Duration) string { return strconv.FormatInt(d.Milliseconds(), 10) }

// ExplainLockWait turns a PostgreSQL lock timeout (SQLSTATE 55P03) met while reading what
// into an error naming the relation that was locked and the session holding it, read from
// pg_locks and pg_stat_activity on a second connection. Any other error is returned as it is.
func ExplainLockWait(ctx context.Context, db *sql.DB, o Options, err error) error {
	var pqErr *pq.Error
	if !errors.As(err, &pqErr) || pqErr.Code != "55P03" {
		return err
	}
	wait := fmt.Sprintf("waited %s (--lock-timeout) for a lock", o.Effective().LockTimeout)
	holders, qerr := lockHolders(ctx, db)
	if qerr != nil || len(holders) == 0 {
		return fmt.Errorf("%w (%s; another session holds a lock on a table: retry when it ends, or pass a longer --lock-timeout)", err, wait)
	}
	return fmt.Errorf("%w (%s on %s: retry when it ends, or pass a longer --lock-timeout)", err, wait, strings.Join(holders, "; "))
}

// lockHolders lists the ACCESS EXCLUSIVE table locks other sessions of this database hold:
// the only table lock that blocks the catalog functions' ACCESS SHARE.
func lockHolders(ctx context.Context, db *sql.DB) ([]string, error) {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	rows, err := db.QueryContext(ctx, `SELECT l.relation::regclass::text, a.pid,
			coalesce(a.usename::text, ''), coalesce(a.application_name, ''), coalesce(a.state, ''),
			coalesce(to_char(a.xact_start, 'YYYY-MM-DD HH24:MI:SS TZ'), '')
		FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
		WHERE l.locktype = 'relation' AND l.granted AND l.mode = 'AccessExclusiveLock'
		  AND l.pid <> pg_backend_pid()
		  AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())
		ORDER BY a.xact_start, l.relation LIMIT 5`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var rel, user, app, state, since string
		var pid int
		if err := rows.Scan(&rel, &pid, &user, &app, &state, &since); err != nil {
			return nil, err
		}
		who := []string{"pid " + strconv.Itoa(pid)}
		if user != "" {
			who = append(who, "user "+user)
		}
		if app != "" {
			who = append(who, "application "+strconv.Quote(app))
		}
		if state != "" {
			who = append(who, state)
		}
		if since != "" {
			who = append(who, "in a transaction since "+since)
		}
		out = append(out, fmt.Sprintf("%s, held ACCESS EXCLUSIVE by %s", rel, strings.Join(who, ", ")))
	}
	return out, rows.Err()
}

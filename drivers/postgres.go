package drivers

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	_ "github.com/lib/pq" // registers the "postgres" driver

	"github.com/xo/dburl"

	"github.com/dbinspect/dbinspect/schema"
)

func postgresTarget(u *dburl.URL) (*Target, error) {
	pg := u.URL // a copy
	pg.Scheme = "postgres"
	q := pg.Query()
	if q.Get("sslmode") == "" {
		q.Set("sslmode", "prefer") // what psql does; lib/pq would insist on TLS
	}
	pg.RawQuery = q.Encode()
	db := ""
	if len(pg.Path) > 1 {
		db = pg.Path[1:]
	}
	return &Target{Kind: KindURL, Dialect: schema.Postgres, DSN: pg.String(), Display: pg.Redacted(), Database: db}, nil
}

// openPostgres connects with a session that cannot write: every transaction defaults to READ
// ONLY, and statement, lock and connect timeouts bound what the catalog queries can cost.
func openPostgres(ctx context.Context, t *Target, o Options) (*sql.DB, error) {
	u, err := parseURL(t.DSN)
	if err != nil {
		return nil, err
	}
	q := u.Query()
	q.Set("application_name", "dbinspect")
	q.Set("default_transaction_read_only", "on")
	q.Set("statement_timeout", strconv.FormatInt(o.StatementTimeout.Milliseconds(), 10))
	q.Set("lock_timeout", strconv.FormatInt(o.StatementTimeout.Milliseconds(), 10))
	if s := int(o.ConnectTimeout.Seconds()); s > 0 {
		q.Set("connect_timeout", strconv.Itoa(s))
	}
	u.RawQuery = q.Encode()
	db, err := sql.Open("postgres", u.String())
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", t, err)
	}
	return db, ping(ctx, db, t, o)
}

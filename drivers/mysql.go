package drivers

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/xo/dburl"

	"github.com/dbinspect/dbinspect/schema"
)

// mysqlTarget builds the go-sql-driver DSN from the parsed URL itself: dburl's generated DSN
// adds sql_mode=ansi and parseTime, and ANSI mode makes the server print identifiers in check
// clauses and generated columns with double quotes. Query parameters the user wrote (tls,
// charset, …) go through the driver's own DSN parser, so its options stay options.
func mysqlTarget(u *dburl.URL) (*Target, error) {
	cfg := mysql.NewConfig()
	cfg.User = u.User.Username()
	cfg.Passwd, _ = u.User.Password()
	cfg.Net = "tcp"
	host, port := u.Hostname(), u.Port()
	if host == "" {
		host = "127.0.0.1"
	}
	if port == "" {
		port = "3306"
	}
	cfg.Addr = net.JoinHostPort(host, port)
	q := u.Query()
	if socket := q.Get("socket"); socket != "" {
		cfg.Net, cfg.Addr = "unix", socket
		q.Del("socket")
	}
	if len(u.Path) > 1 {
		cfg.DBName = u.Path[1:]
	}
	dsn := cfg.FormatDSN()
	if len(q) > 0 {
		dsn += "?" + q.Encode()
	}
	if _, err := mysql.ParseDSN(dsn); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrTarget, u.Redacted(), err)
	}
	return &Target{Kind: KindURL, Dialect: schema.MySQL, DSN: dsn, Display: u.Redacted(), Database: cfg.DBName}, nil
}

// openMySQL connects with connect and read timeouts. The inspector makes its transaction
// READ ONLY and sets the per-flavour statement time limit once it knows the server version.
func openMySQL(ctx context.Context, t *Target, o Options) (*sql.DB, error) {
	cfg, err := mysql.ParseDSN(t.DSN)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrTarget, t, err)
	}
	cfg.Timeout = o.ConnectTimeout
	// The read timeout is a safety net behind the server-side statement limit.
	cfg.ReadTimeout = o.StatementTimeout + 5*time.Second
	cfg.WriteTimeout = o.StatementTimeout + 5*time.Second
	// Names may hold any Unicode character: read the catalog in utf8mb4. (Charset is an
	// option of its own: put in Params, the driver would send it as a system variable.)
	if err := cfg.Apply(mysql.Charset("utf8mb4", "")); err != nil {
		return nil, fmt.Errorf("open %s: %w", t, err)
	}
	connector, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", t, err)
	}
	db := sql.OpenDB(connector)
	return db, ping(ctx, db, t, o)
}

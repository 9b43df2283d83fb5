package drivers

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/xo/dburl"

	"github.com/dbinspect/dbinspect/internal/secret"
	"github.com/dbinspect/dbinspect/schema"
)

// mysqlTarget builds the go-sql-driver DSN from the parsed URL itself: dburl's generated DSN
// adds sql_mode=ansi and parseTime, and ANSI mode makes the server print identifiers in check
// clauses and generated columns with double quotes. Query parameters the user wrote (tls,
// charset, …) go through the driver's own DSN parser, so its options stay options.
func mysqlTarget(u *dburl.URL) (*Target, error) {
	cfg := mysql.NewConfig()
	var password string
	if u.User != nil {
		cfg.User = u.User.Username()
		password, _ = u.User.Password()
	}
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
	shown := u.URL // a copy
	if password != "" {
		shown.User = url.UserPassword(u.User.Username(), secret.Mask)
	}
	if _, err := mysql.ParseDSN(dsn); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrTarget, shown.String(), err)
	}
	return &Target{Kind: KindURL, Dialect: schema.MySQL, DSN: dsn, Password: password, Display: shown.String(), Database: cfg.DBName}, nil
}

// The driver's own log lines ("[mysql] packets.go:58 read tcp …: i/o timeout") would reach
// stderr above dbinspect's one-line error: they go to log/slog at debug level (--verbose).
func init() {
	_ = mysql.SetLogger(driverLog{})
}

type driverLog struct{}

func (driverLog) Print(v ...any) { slog.Debug("mysql driver: " + secret.Text(fmt.Sprint(v...))) }

// openMySQL connects with connect and read timeouts. The inspector makes its transaction
// READ ONLY and sets the per-flavour statement time limit once it knows the server version.
func openMySQL(ctx context.Context, t *Target, o Options) (*sql.DB, error) {
	cfg, err := mysql.ParseDSN(t.DSN)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrTarget, t, err)
	}
	cfg.Passwd = t.Password
	cfg.Timeout = o.ConnectTimeout
	// The read timeout is a safety net behind the server-side statement limit.
	cfg.ReadTimeout = readLimit(o)
	cfg.WriteTimeout = readLimit(o)
	// A metadata lock held by another session fails fast instead of waiting a year.
	if cfg.Params == nil {
		cfg.Params = map[string]string{}
	}
	cfg.Params["lock_wait_timeout"] = strconv.Itoa(max(1, int(o.LockTimeout.Round(time.Second).Seconds())))
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

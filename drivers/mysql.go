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
// adds sql_mode=ansi and parseTime, and ANSI mode changes how the server spells the catalog
// text dbinspect reads. Query parameters the user wrote (tls, charset, …) pass through.
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
	if socket := u.Query().Get("socket"); socket != "" {
		cfg.Net, cfg.Addr = "unix", socket
	}
	if len(u.Path) > 1 {
		cfg.DBName = u.Path[1:]
	}
	for k, v := range u.Query() {
		if k != "socket" && len(v) > 0 {
			if cfg.Params == nil {
				cfg.Params = map[string]string{}
			}
			cfg.Params[k] = v[0]
		}
	}
	dsn := cfg.FormatDSN()
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
	if cfg.Params == nil {
		cfg.Params = map[string]string{}
	}
	if _, ok := cfg.Params["charset"]; !ok {
		cfg.Params["charset"] = "utf8mb4"
	}
	connector, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", t, err)
	}
	db := sql.OpenDB(connector)
	return db, ping(ctx, db, t, o)
}

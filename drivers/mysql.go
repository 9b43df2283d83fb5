package drivers

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/go-sql-driver/mysql"
	"github.com/xo/dburl"

	"github.com/dbinspect/dbinspect/schema"
)

func mysqlTarget(u *dburl.URL) (*Target, error) {
	db := ""
	if len(u.Path) > 1 {
		db = u.Path[1:]
	}
	return &Target{Kind: KindURL, Dialect: schema.MySQL, DSN: u.DSN, Display: u.Redacted(), Database: db}, nil
}

// openMySQL connects with connect and read timeouts. The inspector makes its transaction
// READ ONLY and sets the per-flavour statement time limit once it knows the server version.
func openMySQL(ctx context.Context, t *Target, o Options) (*sql.DB, error) {
	cfg, err := mysql.ParseDSN(t.DSN)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrTarget, t, err)
	}
	cfg.Timeout = o.ConnectTimeout
	cfg.ReadTimeout = o.StatementTimeout
	cfg.WriteTimeout = o.StatementTimeout
	if cfg.Params == nil {
		cfg.Params = map[string]string{}
	}
	cfg.Params["charset"] = "utf8mb4"
	connector, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", t, err)
	}
	db := sql.OpenDB(connector)
	return db, ping(ctx, db, t, o)
}

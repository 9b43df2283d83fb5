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
	// dburl asks for sql_mode=ansi, under which the server prints identifiers in check clauses
	// and generated columns with double quotes: keep the server's own sql_mode.
	delete(cfg.Params, "sql_mode")
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

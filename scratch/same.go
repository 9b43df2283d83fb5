package scratch

import (
	"net"
	"net/url"
	"strings"

	"github.com/go-sql-driver/mysql"

	"github.com/dbinspect/dbinspect/drivers"
	"github.com/dbinspect/dbinspect/schema"
)

// SameDatabase reports whether a dev URL names the same database as a target: the same
// engine, host, port and database (PostgreSQL's default database being the user's name). A
// scratch database is never made on the database being checked. Two names of one host
// (localhost, 127.0.0.1) are not told apart: name a dev server that holds nothing you check.
func SameDatabase(dev, t *drivers.Target) bool {
	if dev == nil || t == nil || dev.Kind != drivers.KindURL || t.Kind != drivers.KindURL || dev.Dialect != t.Dialect {
		return false
	}
	a, okA := address(dev)
	b, okB := address(t)
	return okA && okB && a == b
}

// address is host:port/database, normalised, for a server target.
func address(t *drivers.Target) (string, bool) {
	switch t.Dialect {
	case schema.Postgres:
		u, err := url.Parse(t.DSN)
		if err != nil {
			return "", false
		}
		host, port := strings.ToLower(u.Hostname()), u.Port()
		if host == "" {
			host = "localhost"
		}
		if port == "" {
			port = "5432"
		}
		db := strings.TrimPrefix(u.Path, "/")
		if db == "" {
			db = u.User.Username()
		}
		return net.JoinHostPort(host, port) + "/" + db, true
	case schema.MySQL:
		cfg, err := mysql.ParseDSN(t.DSN)
		if err != nil {
			return "", false
		}
		return strings.ToLower(cfg.Net+"("+cfg.Addr+")") + "/" + cfg.DBName, true
	}
	return "", false
}

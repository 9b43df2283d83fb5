package scratch

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/go-sql-driver/mysql"

	"github.com/dbinspect/dbinspect/drivers"
	"github.com/dbinspect/dbinspect/schema"
	"github.com/dbinspect/dbinspect/sqlscript"
)

// engine is how DDL of one dialect is loaded: in memory, or into a scratch database of a dev
// server. Each dialect has an entry below; TestEnginesConform fails for a dialect of
// schema.Dialects without one, and Load refuses a dialect that has none.
type engine struct {
	// inMemory: files load into an in-memory database, without a dev server (SQLite).
	inMemory bool
	// name and example are the engine and a --dev-url for NeedDevError.
	name, example string
	// connect opens the dev server (inMemory: never called).
	connect func(ctx context.Context, dev *drivers.Target, o Options) (server, error)
	// address is host:port/database, normalised, for telling a dev server from a target.
	address func(t *drivers.Target) (string, bool)
	// databaseSchema: a schema is a database (MySQL): the scratch database is read by name
	// and renamed to the file's own, CREATE SCHEMA and USE name it, DROP DATABASE comes first
	// in mysqldump's output.
	databaseSchema bool
	// check says whether a statement of the file runs in the scratch database, or refuses it.
	check func(p *loadPlan, s sqlscript.Statement) (bool, error)
}

var engines = schema.RegistryOf("scratch", map[schema.Dialect]*engine{
	schema.Postgres: {
		name: "PostgreSQL", example: "postgres://postgres@localhost:5432/postgres",
		connect: func(ctx context.Context, dev *drivers.Target, o Options) (server, error) {
			return connectPostgres(ctx, dev, o)
		},
		address: postgresAddress,
		check:   (*loadPlan).postgres,
	},
	schema.MySQL: {
		name: "MySQL/MariaDB", example: "mysql://root@localhost:3306/",
		connect: func(ctx context.Context, dev *drivers.Target, o Options) (server, error) {
			return connectMySQL(ctx, dev, o)
		},
		address:        mysqlAddress,
		databaseSchema: true,
		check:          (*loadPlan).mysql,
	},
	schema.SQLite: {
		inMemory: true, name: "SQLite",
		connect: func(_ context.Context, dev *drivers.Target, _ Options) (server, error) {
			return nil, fmt.Errorf("%w: --dev-url %s: a dev server is PostgreSQL or MySQL/MariaDB (SQLite files load in memory without one)", drivers.ErrTarget, dev)
		},
		address: func(*drivers.Target) (string, bool) { return "", false },
		check:   func(*loadPlan, sqlscript.Statement) (bool, error) { return true, nil },
	},
})

func engineOf(d schema.Dialect) (*engine, error) {
	e, err := engines.Lookup(d)
	if err != nil {
		return nil, fmt.Errorf("%w: no scratch database for dialect %q", drivers.ErrTarget, d)
	}
	return e, nil
}

func postgresAddress(t *drivers.Target) (string, bool) {
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
}

func mysqlAddress(t *drivers.Target) (string, bool) {
	cfg, err := mysql.ParseDSN(t.DSN)
	if err != nil {
		return "", false
	}
	return strings.ToLower(cfg.Net+"("+cfg.Addr+")") + "/" + cfg.DBName, true
}

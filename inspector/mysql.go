package inspector

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dbinspect/dbinspect/schema"
)

// ReadMySQL reads MySQL/MariaDB databases (o.Schemas) into the model.
//
// The reading is split in two so the conversion can be tested without a server:
// readMySQLCatalog fetches the catalog rows with a fixed number of statements (mysql_queries.go),
// buildMySQL turns them into the canonical model (mysql_build.go), so that the same DDL gives
// the same model on MariaDB and MySQL 8.
func ReadMySQL(ctx context.Context, q Queryer, o Options) (*schema.Database, error) {
	c, err := readMySQLCatalog(ctx, q, o)
	if err != nil {
		return nil, err
	}
	return buildMySQL(c), nil
}

// readMySQLCatalog fetches every catalog row the model needs for o.Schemas (or the databases
// o.Choose picks).
func readMySQLCatalog(ctx context.Context, q Queryer, o Options) (*mysqlCatalog, error) {
	if len(o.Schemas) == 0 && o.Choose == nil {
		return nil, errors.New("mysql: no database to inspect: name one in the URL or with --schema")
	}
	c := &mysqlCatalog{Schemas: o.Schemas}
	if err := readServerVersion(ctx, q, c); err != nil {
		return nil, err
	}
	flavor := parseMySQLVersion(c.Version)
	restore, err := prepareMySQLSession(ctx, q, flavor, o.Connection.StatementTimeout)
	if err != nil {
		return nil, err
	}
	defer restore()
	queries := newMySQLQueries(q, flavor, o.Schemas)
	if o.Choose != nil {
		if err := queries.chooseSchemata(ctx, c, o.Choose); err != nil {
			return nil, err
		}
		if len(c.Schemas) == 0 {
			return c, nil
		}
	}
	if err := queries.readAll(ctx, c); err != nil {
		return nil, err
	}
	return c, nil
}

func readServerVersion(ctx context.Context, q Queryer, c *mysqlCatalog) error {
	// lower_case_table_names rides along: it says whether table names compare without case.
	rows, err := q.QueryContext(ctx, "SELECT VERSION(), @@lower_case_table_names")
	if err != nil {
		return fmt.Errorf("read server version: %w", err)
	}
	defer rows.Close()
	if !rows.Next() {
		return fmt.Errorf("read server version: %w", myErrOr(rows.Err(), errors.New("no row")))
	}
	if err := rows.Scan(&c.Version, &c.LowerCaseTableNames); err != nil {
		return fmt.Errorf("read server version: %w", err)
	}
	return rows.Close()
}

func myErrOr(err, fallback error) error {
	if err != nil {
		return err
	}
	return fallback
}

// prepareMySQLSession sets up the session for reading and returns a function that puts it back,
// because the pooled connection outlives the inspection:
//   - sql_mode is emptied: under ANSI_QUOTES the server prints identifiers in check clauses,
//     generated columns and defaults with double quotes, and the model wants one spelling;
//   - every catalog query is bounded on the server, so a stuck query ends there and not only
//     in the client: MariaDB's max_statement_time is in seconds, MySQL's max_execution_time
//     (SELECT only) in milliseconds.
//
// The session's own values wait in user variables; one statement saves and sets all of them.
func prepareMySQLSession(ctx context.Context, q Queryer, f mysqlFlavor, timeout time.Duration) (restore func(), err error) {
	variable, value := "max_execution_time", any(timeout.Milliseconds())
	if f.MariaDB {
		variable, value = "max_statement_time", timeout.Seconds()
	}
	set := fmt.Sprintf(`SET @dbinspect_saved_sql_mode = @@SESSION.sql_mode, @dbinspect_saved_timeout = @@SESSION.%[1]s,
		SESSION sql_mode = '', SESSION %[1]s = ?`, variable)
	if timeout <= 0 {
		value = 0 // no limit
	}
	if _, err := q.ExecContext(ctx, set, value); err != nil {
		return nil, fmt.Errorf("prepare session (sql_mode, %s): %w", variable, err)
	}
	return func() {
		// Best effort: the values only matter to later users of the pooled connection.
		_, _ = q.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf(
			"SET SESSION sql_mode = @dbinspect_saved_sql_mode, SESSION %s = @dbinspect_saved_timeout", variable))
	}, nil
}

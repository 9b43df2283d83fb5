package scratch

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/dbinspect/dbinspect/drivers"
	"github.com/dbinspect/dbinspect/sqlscript"
)

type myServer struct {
	dev   *drivers.Target
	cfg   *mysql.Config // the dev server's settings, with no database selected
	admin *sql.DB       // CREATE, DROP and KILL only

	mu      sync.Mutex
	loaders []int64 // connections whose load did not finish, killed before the drop
}

func connectMySQL(ctx context.Context, dev *drivers.Target, o Options) (*myServer, error) {
	cfg, err := mysql.ParseDSN(dev.DSN)
	if err != nil {
		return nil, fmt.Errorf("%w: --dev-url %s: %v", drivers.ErrTarget, dev, err)
	}
	cfg.DBName = ""
	if dev.Password != "" { // kept out of the DSN by package drivers
		cfg.Passwd = dev.Password
	}
	cfg.Timeout = o.ConnectTimeout
	cfg.ReadTimeout = o.StatementTimeout + 5*time.Second
	cfg.WriteTimeout = o.StatementTimeout + 5*time.Second
	cfg.MultiStatements = false
	if err := cfg.Apply(mysql.Charset("utf8mb4", "")); err != nil {
		return nil, err
	}
	admin, err := openMySQLConfig(cfg)
	if err != nil {
		return nil, err
	}
	if err := pingWithin(ctx, admin, dev, o); err != nil {
		admin.Close()
		return nil, err
	}
	return &myServer{dev: dev, cfg: cfg, admin: admin}, nil
}

func openMySQLConfig(cfg *mysql.Config) (*sql.DB, error) {
	c, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, err
	}
	return sql.OpenDB(c), nil
}

func (s *myServer) close() error { return s.admin.Close() }

func quoteMySQL(n string) string { return "`" + strings.ReplaceAll(n, "`", "``") + "`" }

func (s *myServer) create(ctx context.Context, n name, decl declaration) (*sql.DB, error) {
	stmt := "CREATE DATABASE " + quoteMySQL(n.check())
	if decl.charset != "" {
		stmt += " CHARACTER SET " + decl.charset // checked to be a bare word in plan
	}
	if decl.collation != "" {
		stmt += " COLLATE " + decl.collation
	}
	if _, err := s.admin.ExecContext(ctx, stmt); err != nil {
		return nil, err
	}
	cfg := s.cfg.Clone()
	cfg.DBName = n.check()
	db, err := openMySQLConfig(cfg)
	return pinged(ctx, db, err)
}

// load runs the statements one by one on one connection, as the mysql client does, with the
// server's own statement limit where it has one for DDL (MariaDB) and the client's deadline.
func (s *myServer) load(ctx context.Context, db *sql.DB, stmts []planned, o Options) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	var id int64
	var version string
	if err := conn.QueryRowContext(ctx, "SELECT CONNECTION_ID(), VERSION()").Scan(&id, &version); err != nil {
		return err
	}
	s.mu.Lock()
	s.loaders = append(s.loaders, id)
	s.mu.Unlock()
	if strings.Contains(version, "MariaDB") {
		secs := strconv.FormatFloat(o.StatementTimeout.Seconds(), 'f', 3, 64)
		if _, err := conn.ExecContext(ctx, "SET SESSION max_statement_time = "+secs); err != nil {
			return err
		}
	}
	if err := runEach(ctx, conn, stmts, o, myStatementError); err != nil {
		return err
	}
	s.mu.Lock()
	s.loaders = s.loaders[:len(s.loaders)-1] // finished: nothing of it runs on
	s.mu.Unlock()
	return nil
}

// atLine is the "at line N" MySQL puts at the end of a syntax error, counted in the statement.
var atLine = regexp.MustCompile(` at line ([0-9]+)$`)

func myStatementError(ctx, sctx context.Context, st sqlscript.Statement, err error, o Options) error {
	if e := timeoutError(ctx, sctx, st, o); e != nil {
		return e
	}
	var me *mysql.MySQLError
	if !errors.As(err, &me) {
		return fmt.Errorf("%w: %s: %v", ErrLoad, st, err)
	}
	if me.Number == 1969 || me.Number == 3024 { // MariaDB max_statement_time, MySQL max_execution_time
		return fmt.Errorf("%w: %s: the statement ran longer than --statement-timeout %s", ErrLoad, st, o.StatementTimeout)
	}
	line, msg := st.Line, me.Message
	if m := atLine.FindStringSubmatch(msg); m != nil {
		if n, err := strconv.Atoi(m[1]); err == nil && n > 0 {
			line += n - 1
			msg = strings.TrimSuffix(msg, m[0])
		}
	}
	state := ""
	if me.SQLState != [5]byte{} {
		state = " (" + string(me.SQLState[:]) + ")"
	}
	return fmt.Errorf("%w: %s:%d: ERROR %d%s: %s", ErrLoad, st.File, line, me.Number, state, msg)
}

func (s *myServer) drop(ctx context.Context, n name) error {
	// A statement cut off by a deadline or Ctrl-C may still run on the server and hold locks
	// the DROP would wait for: end the loading connections first (gone ones are no error).
	s.mu.Lock()
	ids := s.loaders
	s.loaders = nil
	s.mu.Unlock()
	for _, id := range ids {
		_, _ = s.admin.ExecContext(ctx, "KILL "+strconv.FormatInt(id, 10))
	}
	_, err := s.admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+quoteMySQL(n.check()))
	return err
}

func (s *myServer) list(ctx context.Context) ([]name, error) {
	rows, err := s.admin.QueryContext(ctx, `SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'dbinspect\_scratch\_%' ORDER BY SCHEMA_NAME`)
	if err != nil {
		return nil, err
	}
	return scanNames(rows)
}

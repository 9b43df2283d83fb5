package scratch

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/lib/pq"

	"github.com/dbinspect/dbinspect/drivers"
	"github.com/dbinspect/dbinspect/schema"
	"github.com/dbinspect/dbinspect/sqlscript"
)

type pgServer struct {
	dev   *drivers.Target
	base  *url.URL // the dev server's URL, whose path is replaced by the scratch name
	admin *sql.DB  // connected to the database the dev URL names: CREATE and DROP only
}

func connectPostgres(ctx context.Context, dev *drivers.Target, o Options) (*pgServer, error) {
	u, err := url.Parse(dev.DSN)
	if err != nil || u.Scheme != "postgres" {
		return nil, fmt.Errorf("%w: --dev-url %s is not a PostgreSQL URL", drivers.ErrTarget, dev)
	}
	if dev.Password != "" { // kept out of the DSN by package drivers
		u.User = url.UserPassword(u.User.Username(), dev.Password)
	}
	q := u.Query()
	q.Set("application_name", "dbinspect_scratch")
	if s := int(o.ConnectTimeout.Seconds()); s > 0 {
		q.Set("connect_timeout", strconv.Itoa(s))
	}
	u.RawQuery = q.Encode()
	admin, err := sql.Open("postgres", u.String())
	if err != nil {
		return nil, err
	}
	if err := pingWithin(ctx, admin, dev, o); err != nil {
		admin.Close()
		return nil, err
	}
	return &pgServer{dev: dev, base: u, admin: admin}, nil
}

// pingWithin checks a new connection within the connect timeout.
func pingWithin(ctx context.Context, db *sql.DB, dev *drivers.Target, o Options) error {
	pctx, cancel := context.WithTimeout(ctx, o.ConnectTimeout)
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("%w to the dev server %s: %w", drivers.ErrConnect, dev, err)
	}
	return nil
}

func (s *pgServer) close() error { return s.admin.Close() }

// localeValue is what an encoding or locale may be: "UTF8", "en_US.UTF-8", "und-u-ks-level2".
var localeValue = regexp.MustCompile(`^[A-Za-z0-9_.@-]{1,128}$`)

func (s *pgServer) create(ctx context.Context, n name, decl declaration) (*sql.DB, error) {
	stmt := "CREATE DATABASE " + pq.QuoteIdentifier(n.check())
	if decl.pgOptions() {
		// Another encoding or locale than template1's needs template0.
		stmt += " TEMPLATE template0"
		for _, opt := range []struct{ key, value string }{{"ENCODING", decl.charset}, {"LOCALE", decl.locale},
			{"LC_COLLATE", decl.collation}, {"LC_CTYPE", decl.ctype}, {"ICU_LOCALE", decl.icuLocale}} {
			if opt.value == "" {
				continue
			}
			if !localeValue.MatchString(opt.value) {
				return nil, fmt.Errorf("%w: the file's CREATE DATABASE gives %s %q, which is not an encoding or locale name", ErrLoad, opt.key, opt.value)
			}
			stmt += " " + opt.key + " " + pq.QuoteLiteral(opt.value)
		}
		if decl.provider != "" {
			stmt += " LOCALE_PROVIDER " + decl.provider
		}
	}
	if err := s.createRetrying(ctx, stmt); err != nil {
		return nil, err
	}
	u := *s.base
	u.Path = "/" + n.check()
	q := u.Query()
	// The scratch database is thrown away: no need to wait for each commit to reach disk.
	q.Set("synchronous_commit", "off")
	u.RawQuery = q.Encode()
	db, err := sql.Open("postgres", u.String())
	return pinged(ctx, db, err)
}

// createRetrying runs CREATE DATABASE, waiting a little while another session is connected
// to the template database (SQLSTATE 55006), which PostgreSQL needs to be alone to copy.
func (s *pgServer) createRetrying(ctx context.Context, stmt string) error {
	for attempt := 0; ; attempt++ {
		_, err := s.admin.ExecContext(ctx, stmt)
		var pe *pq.Error
		if err == nil || !errors.As(err, &pe) || pe.Code != "55006" || attempt == 20 {
			if pe != nil && pe.Code == "55006" {
				return fmt.Errorf("%w (another session stays connected to the template database)", err)
			}
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// load runs the statements one by one on one connection, as psql -v ON_ERROR_STOP=1 does.
func (s *pgServer) load(ctx context.Context, db *sql.DB, stmts []planned, o Options) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SET statement_timeout = "+strconv.FormatInt(o.StatementTimeout.Milliseconds(), 10)); err != nil {
		return err
	}
	inTx := false // inside the file's own BEGIN … COMMIT
	for i := 0; i < len(stmts); {
		n := 1
		if !inTx {
			n = batchLen(stmts[i:])
		}
		if n > 1 {
			err := execBatch(ctx, conn, stmts[i:i+n], o)
			if err == nil {
				i += n
				continue
			}
			if ctx.Err() != nil {
				return fmt.Errorf("%s: %w", stmts[i], ctx.Err())
			}
			// The batch ran as one implicit transaction, now rolled back: run it statement by
			// statement, as psql would have, for the exact statement and line that fail.
			slog.Debug("batch failed, replaying it statement by statement", "from", stmts[i].String(), "statements", n, "err", err)
		}
		if err := runEach(ctx, conn, stmts[i:i+n], o, pgStatementError); err != nil {
			return err
		}
		for _, st := range stmts[i : i+n] {
			inTx = txState(st, inTx)
		}
		i += n
	}
	return nil
}

// Statements are sent in batches, each one simple-query message that the server runs as one
// implicit transaction: a schema of thousands of statements then commits a few dozen times
// instead of thousands. The server applies statement_timeout to each statement of a batch.
const (
	maxBatch      = 100
	maxBatchBytes = 256 << 10
)

func execBatch(ctx context.Context, conn *sql.Conn, batch []planned, o Options) error {
	var b strings.Builder
	for _, st := range batch {
		b.WriteString(st.Text)
		b.WriteString(";\n")
	}
	sctx, cancel := context.WithTimeout(ctx, time.Duration(len(batch))*o.StatementTimeout+5*time.Second)
	defer cancel()
	_, err := conn.ExecContext(sctx, b.String())
	return err
}

// batchLen is how many of the next statements can go in one batch: none that opens or
// ends a transaction (a batch is a transaction of its own), none after the file's BEGIN.
func batchLen(stmts []planned) int {
	size := 0
	for i, st := range stmts {
		if i == maxBatch || size+len(st.Text) > maxBatchBytes && i > 0 || controlsTransaction(st) {
			return max(i, 1)
		}
		size += len(st.Text)
	}
	return len(stmts)
}

// controlsTransaction reports BEGIN, COMMIT, SAVEPOINT and the like, which run alone.
func controlsTransaction(st planned) bool {
	kw := keywords(sqlscript.Tokens(schema.Postgres, st.Text, 2))
	return kw.first("BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT", "SAVEPOINT", "RELEASE", "PREPARE") ||
		kw.starts("SET", "TRANSACTION")
}

// txState follows the file's own transaction: open after BEGIN, closed after COMMIT.
func txState(st planned, inTx bool) bool {
	kw := keywords(sqlscript.Tokens(schema.Postgres, st.Text, 2))
	switch {
	case kw.first("BEGIN", "START"):
		return true
	case kw.first("COMMIT", "END", "ABORT") || kw.first("ROLLBACK") && !kw.at(1, "TO"):
		return false
	}
	return inTx
}

// pgStatementError names the file, the line (from the server's position in the statement
// when it gives one) and the server's message.
func pgStatementError(ctx, sctx context.Context, st sqlscript.Statement, err error, o Options) error {
	if e := timeoutError(ctx, sctx, st, o); e != nil {
		return e
	}
	var pe *pq.Error
	if !errors.As(err, &pe) {
		return fmt.Errorf("%w: %s: %v", ErrLoad, st, err)
	}
	if pe.Code == "57014" && strings.Contains(pe.Message, "statement timeout") {
		return fmt.Errorf("%w: %s: the statement ran longer than --statement-timeout %s", ErrLoad, st, o.StatementTimeout)
	}
	line := st.Line
	if pos, err := strconv.Atoi(pe.Position); err == nil && pos > 0 {
		line += strings.Count(prefixRunes(st.Text, pos-1), "\n")
	}
	msg := string(pe.Severity) + ": " + pe.Message
	if pe.Severity == "" {
		msg = "ERROR: " + pe.Message
	}
	return fmt.Errorf("%w: %s:%d: %s (SQLSTATE %s)", ErrLoad, st.File, line, msg, pe.Code)
}

// prefixRunes returns the first n characters of s (PostgreSQL counts positions in characters).
func prefixRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

func (s *pgServer) drop(ctx context.Context, n name) error {
	_, err := s.admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+pq.QuoteIdentifier(n.check())+" WITH (FORCE)")
	var pe *pq.Error
	if errors.As(err, &pe) && pe.Code == "42601" { // before PostgreSQL 13: no FORCE
		if _, err := s.admin.ExecContext(ctx, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", n.check()); err != nil {
			return err
		}
		_, err = s.admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+pq.QuoteIdentifier(n.check()))
		return err
	}
	return err
}

func (s *pgServer) list(ctx context.Context) ([]name, error) {
	rows, err := s.admin.QueryContext(ctx, `SELECT datname FROM pg_database WHERE datname LIKE 'dbinspect\_scratch\_%' ORDER BY datname`)
	if err != nil {
		return nil, err
	}
	return scanNames(rows)
}

// scanNames keeps the rows that are scratch names.
func scanNames(rows *sql.Rows) ([]name, error) {
	defer rows.Close()
	var out []name
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		if n, _, ok := parseName(s); ok {
			out = append(out, n)
		}
	}
	return out, rows.Err()
}

package scratch

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"

	"modernc.org/sqlite"

	"github.com/dbinspect/dbinspect/schema"
	"github.com/dbinspect/dbinspect/sqlscript"
)

// maxPages caps the in-memory database (at SQLite's default 4 KiB pages, 256 MiB): a file
// that inserts rows without end fails instead of eating the machine's memory.
const maxPages = 65536

// loadSQLite runs the statements in a private in-memory SQLite database, under an authorizer
// that lets through what building a schema needs, then reads it.
func loadSQLite(ctx context.Context, src Source, o Options, read ReadFunc) (*schema.Database, error) {
	db, err := sql.Open("sqlite", "file::memory:")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	// One connection is one in-memory database: keep it for the whole run.
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA max_page_count = %d", maxPages)); err != nil {
		conn.Close()
		return nil, err
	}
	guard := &sqliteGuard{}
	if err := conn.Raw(func(dc any) error {
		r, ok := dc.(sqlite.AuthorizerRegisterer)
		if !ok {
			return errors.New("the SQLite driver offers no authorizer")
		}
		return r.RegisterAuthorizer(guard.authorize)
	}); err != nil {
		conn.Close()
		return nil, err
	}
	for _, st := range src.Statements {
		if err := runSQLite(ctx, conn, guard, st, o); err != nil {
			conn.Close()
			return nil, err
		}
	}
	// The authorizer stays for the inspection (it reads with pragmas the policy allows); the
	// connection becomes read-only.
	if _, err := conn.ExecContext(ctx, "PRAGMA query_only = 1"); err != nil {
		conn.Close()
		return nil, err
	}
	conn.Close()
	return read(ctx, db, nil)
}

// sqlite3Ignored are sqlite3 shell commands that change only how the shell prints.
var sqlite3Ignored = map[string]bool{".bail": true, ".echo": true, ".headers": true, ".header": true, ".mode": true,
	".nullvalue": true, ".print": true, ".timer": true, ".width": true, ".separator": true, ".changes": true, ".eqp": true}

func runSQLite(ctx context.Context, conn *sql.Conn, guard *sqliteGuard, st sqlscript.Statement, o Options) error {
	if st.Command {
		cmd := strings.Fields(st.Text)[0]
		if sqlite3Ignored[cmd] {
			return nil
		}
		return refusal(st, "the sqlite3 command "+cmd, "dbinspect runs the file's SQL, not sqlite3 shell commands")
	}
	kw := keywords(sqlscript.Tokens(schema.SQLite, st.Text, 4))
	if kw.first("EXPLAIN") {
		kw = kw[1:]
	}
	if kw.first("ATTACH", "DETACH", "VACUUM") {
		return refusal(st, kw.phrase(1), "a .sql target may only build a schema in its own in-memory database")
	}
	guard.reset()
	sctx, cancel := context.WithTimeout(ctx, o.StatementTimeout)
	defer cancel()
	_, err := conn.ExecContext(sctx, st.Text)
	if err == nil {
		return nil
	}
	if what := guard.denied(); what != "" {
		return refusal(st, what, "a .sql target may only build a schema in its own in-memory database")
	}
	if e := timeoutError(ctx, sctx, st, o); e != nil {
		return e
	}
	msg := strings.TrimPrefix(err.Error(), "SQL logic error: ")
	if i := strings.LastIndex(msg, " ("); i > 0 && strings.HasSuffix(msg, ")") {
		msg = msg[:i] // the result code, e.g. (1)
	}
	if strings.Contains(msg, "syntax error") || strings.Contains(msg, "unrecognized token") {
		// What SQLite cannot parse is most often another engine's DDL.
		msg += " (read as SQLite DDL; for PostgreSQL or MySQL DDL pass --dev-url, e.g. --dev-url postgres://postgres@localhost:5432/postgres)"
	}
	return fmt.Errorf("%w: %s: %s", ErrLoad, st, msg)
}

// timeoutError turns a cancelled statement into the error to show: the run's own
// cancellation (Ctrl-C) as itself, so the command says "interrupted", and the statement's
// deadline as --statement-timeout.
func timeoutError(ctx, sctx context.Context, st sqlscript.Statement, o Options) error {
	if ctx.Err() != nil {
		return fmt.Errorf("%s: %w", st, ctx.Err())
	}
	if errors.Is(sctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("%w: %s: the statement ran longer than --statement-timeout %s", ErrLoad, st, o.StatementTimeout)
	}
	return nil
}

// sqliteGuard is the authorizer of an in-memory load. It remembers what it denied, so the
// error can say it instead of SQLite's "not authorized".
type sqliteGuard struct {
	mu   sync.Mutex
	what string
}

func (g *sqliteGuard) reset() {
	g.mu.Lock()
	g.what = ""
	g.mu.Unlock()
}

func (g *sqliteGuard) denied() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.what
}

func (g *sqliteGuard) authorize(action sqlite.AuthorizerActionCode, arg1, arg2, database, _ string) sqlite.AuthorizerReturnCode {
	what := sqliteDenial(action, arg1, arg2, database)
	if what == "" {
		return sqlite.AuthorizerOK
	}
	g.mu.Lock()
	if g.what == "" {
		g.what = what
	}
	g.mu.Unlock()
	return sqlite.AuthorizerDeny
}

// sqliteDenial says what an action would do that a schema file may not, or "" to allow it.
// Building tables, indexes, views and triggers writes SQLite's own tables and, for FTS, its
// shadow tables; data statements are allowed in the private in-memory database (Alembic's
// alembic_version rows, a migration's data steps) since, with ATTACH refused, there is no
// other database to write to.
func sqliteDenial(action sqlite.AuthorizerActionCode, arg1, arg2, database string) string {
	switch action {
	case sqlite.AuthCreateIndex, sqlite.AuthCreateTable, sqlite.AuthCreateView, sqlite.AuthCreateTrigger,
		sqlite.AuthCreateTempIndex, sqlite.AuthCreateTempTable, sqlite.AuthCreateTempView, sqlite.AuthCreateTempTrigger,
		sqlite.AuthDropIndex, sqlite.AuthDropTable, sqlite.AuthDropView, sqlite.AuthDropTrigger,
		sqlite.AuthDropTempIndex, sqlite.AuthDropTempTable, sqlite.AuthDropTempView, sqlite.AuthDropTempTrigger,
		sqlite.AuthAlterTable, sqlite.AuthDropVTable, sqlite.AuthReindex, sqlite.AuthAnalyze,
		sqlite.AuthSelect, sqlite.AuthRead, sqlite.AuthRecursive, sqlite.AuthTransaction, sqlite.AuthSavepoint:
		return ""
	case sqlite.AuthInsert, sqlite.AuthUpdate, sqlite.AuthDelete:
		if database == "main" || database == "temp" || database == "" {
			return ""
		}
		return "writing to database " + database
	case sqlite.AuthCreateVTable:
		if virtualModules[strings.ToLower(arg2)] {
			return ""
		}
		return "CREATE VIRTUAL TABLE … USING " + arg2
	case sqlite.AuthFunction:
		if deniedFunctions[strings.ToLower(arg2)] {
			return "the function " + arg2
		}
		return ""
	case sqlite.AuthPragma:
		return pragmaDenial(strings.ToLower(arg1), arg2)
	case sqlite.AuthAttach:
		if arg1 == "" {
			return "VACUUM"
		}
		return "ATTACH or VACUUM INTO " + arg1
	case sqlite.AuthDetach:
		return "DETACH"
	}
	return fmt.Sprintf("SQLite action %d", action)
}

// virtualModules are the virtual table kinds a schema may create: full-text search and
// R-trees. Others read files or other databases.
var virtualModules = map[string]bool{"fts3": true, "fts4": true, "fts5": true, "rtree": true, "rtree_i32": true, "geopoly": true}

// deniedFunctions load code or touch files (the last ones exist only in some builds).
var deniedFunctions = map[string]bool{"load_extension": true, "fts3_tokenizer": true, "readfile": true,
	"writefile": true, "edit": true, "fsdir": true, "zipfile": true, "sqlar_compress": true, "sqlar_uncompress": true}

// settingPragmas change only how this connection builds and checks the schema.
var settingPragmas = map[string]bool{"foreign_keys": true, "defer_foreign_keys": true, "legacy_alter_table": true,
	"recursive_triggers": true, "ignore_check_constraints": true, "encoding": true, "user_version": true,
	"application_id": true, "auto_vacuum": true, "page_size": true, "journal_mode": true, "synchronous": true,
	"cache_size": true, "temp_store": true, "automatic_index": true, "case_sensitive_like": true,
	"reverse_unordered_selects": true, "busy_timeout": true, "cell_size_check": true, "secure_delete": true,
	"trusted_schema": true, "analysis_limit": true, "locking_mode": true, "cache_spill": true, "query_only": true,
	"full_column_names": true, "short_column_names": true, "count_changes": true, "empty_result_callbacks": true}

// readingPragmas take an argument but only read.
var readingPragmas = map[string]bool{"table_info": true, "table_xinfo": true, "index_list": true, "index_info": true,
	"index_xinfo": true, "foreign_key_list": true, "foreign_key_check": true, "integrity_check": true,
	"quick_check": true, "table_list": true}

func pragmaDenial(name, arg string) string {
	if arg == "" || settingPragmas[name] || readingPragmas[name] {
		return ""
	}
	return "PRAGMA " + name + " = " + arg
}

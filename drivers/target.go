package drivers

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/xo/dburl"

	"github.com/dbinspect/dbinspect/internal/secret"
	"github.com/dbinspect/dbinspect/schema"
)

// ErrTarget marks every error about a TARGET argument the user gave.
var ErrTarget = errors.New("bad target")

// schemeRe matches a URL scheme followed by a colon, SQLAlchemy's "+driver" included.
var schemeRe = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9]*)(\+[A-Za-z0-9_]+)?:`)

// Resolve classifies a TARGET argument that is a URL or a path. (Environment names from the
// config file are looked up by the caller, which passes their URL here.)
func Resolve(arg string) (*Target, error) {
	if arg == "" {
		return nil, fmt.Errorf("%w: no database given: pass --db TARGET (a URL, an environment name, an SQLite file, a snapshot .json or a .sql file) or set DBINSPECT_DB", ErrTarget)
	}
	if m := schemeRe.FindStringSubmatch(arg); m != nil && !isWindowsDrive(arg) {
		return resolveURL(arg, strings.ToLower(m[1]), m[0])
	}
	return resolvePath(arg)
}

// isWindowsDrive tells C:\x.db from a URL scheme.
func isWindowsDrive(s string) bool {
	return len(s) >= 3 && s[1] == ':' && (s[2] == '\\' || s[2] == '/')
}

func resolveURL(raw, scheme, prefix string) (*Target, error) {
	switch scheme {
	case "sqlite", "sqlite3", "file":
		return resolveSQLiteURL(raw, prefix)
	}
	// Drop SQLAlchemy's "+driver" so dburl sees a scheme it knows.
	u, err := dburl.Parse(scheme + ":" + raw[len(prefix):])
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %s", ErrTarget, secret.Target(raw), describeURLError(raw, scheme+":"+raw[len(prefix):], err))
	}
	// A fragment means nothing to a database and may hold anything the user pasted: drop it,
	// so it can reach neither the DSN nor what is shown.
	u.Fragment, u.RawFragment = "", ""
	switch u.Dialect {
	case "postgres":
		return postgresTarget(u)
	case "mysql":
		return mysqlTarget(u)
	}
	return nil, fmt.Errorf("%w: %s: dbinspect reads PostgreSQL, MySQL/MariaDB and SQLite, not %s", ErrTarget, secret.Target(raw), u.Dialect)
}

// describeURLError says why a URL does not parse without quoting any of it: the parser's
// own message may hold part of an unescaped password (invalid port ":p/a").
func describeURLError(raw, parsed string, err error) string {
	if errors.Is(err, dburl.ErrUnknownDatabaseScheme) {
		return "unknown URL scheme (use postgres://, mysql://, mariadb://, sqlite: or file:)"
	}
	if masked := secret.Target(parsed); masked != parsed {
		if _, err := dburl.Parse(masked); err == nil {
			return "malformed URL: the password holds characters a URL reserves (/ # ? @ : % or a space): percent-encode them, or give the password beside the URL (password_env: in dbinspect.yaml, or PGPASSWORD / ~/.pgpass for PostgreSQL)"
		}
		_, err = dburl.Parse(masked) // it fails without the password too: say why from that
		if err == nil {
			return "malformed URL"
		}
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return "malformed URL: " + secret.Text(ue.Err.Error())
	}
	return secret.Text(err.Error())
}

// resolveSQLiteURL reads sqlite:path, sqlite:///relative, sqlite:////absolute and file:path.
func resolveSQLiteURL(raw, prefix string) (*Target, error) {
	rest := raw[len(prefix):]
	if i := strings.IndexAny(rest, "?#"); i >= 0 {
		rest = rest[:i]
	}
	var path string
	switch {
	case strings.HasPrefix(rest, "///"): // SQLAlchemy: sqlite:///rel.db, sqlite:////abs.db; file:///abs.db
		path = rest[3:]
		if strings.HasPrefix(prefix, "file") {
			path = "/" + path
		}
	case strings.HasPrefix(rest, "//"):
		path = rest[2:]
	default:
		path = rest
	}
	if p, err := url.PathUnescape(path); err == nil {
		path = p
	}
	if path == "" {
		return nil, fmt.Errorf("%w: %s names no file: write sqlite:///relative.db, sqlite:////absolute.db or a plain path", ErrTarget, secret.Target(raw))
	}
	t, err := resolvePath(path)
	if err != nil {
		return nil, err
	}
	if t.Kind != KindSQLite {
		return nil, fmt.Errorf("%w: %s is not an SQLite database", ErrTarget, path)
	}
	return t, nil
}

// sqliteHeader opens every SQLite database file.
var sqliteHeader = []byte("SQLite format 3\x00")

// resolvePath classifies a file by its content, falling back on its extension.
func resolvePath(path string) (*Target, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%w: %s is not a database URL, an environment in the config, or an existing file", ErrTarget, path)
		}
		return nil, fmt.Errorf("%w: %s: %v", ErrTarget, path, errors.Unwrap(err))
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		abs, _ := filepath.Abs(path)
		return &Target{Kind: KindMigrations, Path: abs, Display: path}, nil
	}
	head := make([]byte, 512)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	abs, _ := filepath.Abs(path)
	t := &Target{Path: abs, Display: path}
	ext := strings.ToLower(filepath.Ext(path))
	switch {
	case bytes.HasPrefix(head, sqliteHeader):
		t.Kind, t.Dialect = KindSQLite, schema.SQLite
	case n == 0 && (ext == ".db" || ext == ".sqlite" || ext == ".sqlite3"):
		t.Kind, t.Dialect = KindSQLite, schema.SQLite // an empty file is an empty SQLite database
	case ext == ".json" || bytes.HasPrefix(bytes.TrimLeft(head, " \t\r\n\ufeff"), []byte("{")):
		t.Kind = KindSnapshot // the dialect is read from the file
	case ext == ".sql":
		t.Kind = KindSQLFile
	default:
		return nil, fmt.Errorf("%w: %s is neither an SQLite database, a snapshot .json nor a .sql file", ErrTarget, path)
	}
	return t, nil
}

package inspector

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/dbinspect/dbinspect/drivers"
	"github.com/dbinspect/dbinspect/schema"
	"github.com/dbinspect/dbinspect/scratch"
	"github.com/dbinspect/dbinspect/sqlscript"
)

// inspectFiles reads a .sql file or a migrations folder as the schema the engine makes of
// it: the statements are loaded into a scratch database (in memory for SQLite, on the dev
// server otherwise) and that database is inspected like any live one, so it diffs by the
// same rules.
func inspectFiles(ctx context.Context, t *drivers.Target, o Options) (*schema.Database, error) {
	d := t.Dialect
	if d == "" {
		d = schema.SQLite
		if o.Dev != nil {
			d = o.Dev.Dialect
		}
	}
	src, err := readSource(t, d, o.MigrationsFormat)
	if err != nil {
		return nil, err
	}
	so := scratch.Options{ConnectTimeout: o.Connection.ConnectTimeout, StatementTimeout: o.Connection.StatementTimeout}
	return scratch.Load(ctx, d, o.Dev, src, so, func(ctx context.Context, db *sql.DB, schemas []string) (*schema.Database, error) {
		lo := o
		if schemas != nil {
			lo.Schemas = schemas
		}
		m, err := Live(ctx, db, d, lo)
		if err != nil {
			return nil, fmt.Errorf("inspect the scratch database of %s: %w", t, err)
		}
		return m, nil
	})
}

// readSource splits the file, or reads the folder's migrations in their tool's order and
// splits each.
func readSource(t *drivers.Target, d schema.Dialect, format sqlscript.Format) (scratch.Source, error) {
	shown := t.Path
	if abs, err := filepath.Abs(t.Display); err == nil && abs == t.Path {
		shown = t.Display // as the user typed it, for messages
	}
	base := filepath.Base(t.Path)
	src := scratch.Source{Name: t.String(), SchemaName: strings.TrimSuffix(base, filepath.Ext(base))}
	var scripts []sqlscript.Script
	// A .sql file (and a folder of plain files) is what a user feeds the engine's client,
	// which for MySQL drops comments before sending; the migration tools send them.
	clientRules := sqlscript.ClientStripsComments(d)
	if t.Kind == drivers.KindMigrations {
		f, err := sqlscript.ReadFolder(shown, format)
		if err != nil {
			return src, fmt.Errorf("%w: %w", drivers.ErrTarget, err)
		}
		slog.Debug("migrations", "folder", shown, "format", f.Format, "files", len(f.Migrations), "ignored", f.Ignored)
		clientRules = clientRules && f.Format == sqlscript.Plain
		for _, m := range f.Migrations {
			scripts = append(scripts, m.Scripts...)
		}
	} else {
		data, err := os.ReadFile(t.Path)
		if err != nil {
			return src, fmt.Errorf("%w: %s: %v", drivers.ErrTarget, t, err)
		}
		scripts = []sqlscript.Script{{File: shown, Line: 1, Text: string(data)}}
	}
	for _, s := range scripts {
		s.StripComments = clientRules
		stmts, err := sqlscript.Split(d, s)
		if err != nil {
			return src, fmt.Errorf("%w: %w", drivers.ErrTarget, err)
		}
		src.Statements = append(src.Statements, stmts...)
	}
	return src, nil
}

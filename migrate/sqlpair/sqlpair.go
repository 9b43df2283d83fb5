// Package sqlpair writes a migration as the up and down files of an SQL migration tool:
// golang-migrate (NNN_name.up.sql and NNN_name.down.sql), goose (one NNN_name.sql with
// "-- +goose Up" and "-- +goose Down" sections, StatementBegin/End around statements that
// hold semicolons), Flyway (V<n>__name.sql and the undo file U<n>__name.sql) and dbmate (one
// file with "-- migrate:up" and "-- migrate:down"). Up is the plan FROM → TO, down the plan
// TO → FROM, both from package migrate; the file names and the numbering after the files
// already in the folder are package sqlscript's, which reads these layouts.
//
// Each tool runs SQL its own way, so the statements are laid out for it: goose and dbmate
// send a section to the driver in one piece (no DELIMITER lines for MySQL bodies), and run it
// in a transaction of their own unless told not to (the plan's BEGIN/COMMIT are left out; a
// plan with statements that cannot run in a transaction, and SQLite's rebuilds, which switch
// foreign keys off outside one, keep theirs and opt out).
//
// It imports migrate, ddl and sqlscript.
package sqlpair

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/dbinspect/dbinspect/ddl"
	"github.com/dbinspect/dbinspect/migrate"
	"github.com/dbinspect/dbinspect/schema"
	"github.com/dbinspect/dbinspect/sqlscript"
)

// Tools are the layouts Write knows.
var Tools = []sqlscript.Format{sqlscript.GolangMigrate, sqlscript.Goose, sqlscript.Flyway, sqlscript.Dbmate}

// ParseTool returns the tool a name means.
func ParseTool(name string) (sqlscript.Format, error) {
	t := sqlscript.Format(strings.ToLower(strings.TrimSpace(name)))
	if t == "golang_migrate" || t == "migrate" {
		t = sqlscript.GolangMigrate
	}
	if slices.Contains(Tools, t) {
		return t, nil
	}
	names := make([]string, len(Tools))
	for i, t := range Tools {
		names[i] = string(t)
	}
	return "", fmt.Errorf("--pair %q: want one of %s", name, strings.Join(names, ", "))
}

// Pair is one migration to write.
type Pair struct {
	Tool sqlscript.Format
	// Name is the migration's name (made part of the file name).
	Name string
	// Up is the plan FROM → TO, Down the plan TO → FROM.
	Up, Down *migrate.Plan
	// Header lines are written as comments at the top of each file.
	Header []string
	// Now numbers the files of a folder that numbers by timestamp.
	Now time.Time
}

// ErrExists is returned when a file of the new migration is already there.
var ErrExists = errors.New("migration file exists")

// Write writes the pair's files into dir (created if missing) and returns their paths. It
// never overwrites a file.
func Write(dir string, p Pair) ([]string, error) {
	dr, err := dialectOf(p.Up.Dialect)
	if err != nil {
		return nil, err
	}
	up, down, err := sqlscript.NewMigrationNames(dir, p.Tool, p.Name, p.Now)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	files := map[string]string{}
	switch p.Tool {
	case sqlscript.GolangMigrate, sqlscript.Flyway:
		st := style{delimiter: p.Tool == sqlscript.Flyway, dropTx: p.Tool == sqlscript.Flyway && dr.ownTransaction}
		files[up] = p.header("up") + script(p.Up, st, "")
		files[down] = p.header("down") + script(p.Down, st, "")
	case sqlscript.Goose:
		own := ownTransaction(p.Up, p.Down)
		st := style{blocks: true, dropTx: !own}
		var b strings.Builder
		b.WriteString(p.header(""))
		if own {
			b.WriteString("-- +goose NO TRANSACTION\n")
		}
		b.WriteString("-- +goose Up\n" + script(p.Up, st, "") + "\n-- +goose Down\n" + script(p.Down, st, ""))
		files[up] = b.String()
	case sqlscript.Dbmate:
		own := ownTransaction(p.Up, p.Down)
		opt := ""
		if own {
			opt = " transaction:false"
		}
		st := style{dropTx: !own}
		files[up] = p.header("") + "-- migrate:up" + opt + "\n" + script(p.Up, st, "") + "\n-- migrate:down" + opt + "\n" + script(p.Down, st, "")
	}
	var written []string
	for _, name := range []string{up, down} {
		if name == "" {
			continue
		}
		path := filepath.Join(dir, name)
		if err := writeNew(path, files[name]); err != nil {
			for _, w := range written {
				os.Remove(w)
			}
			return nil, err
		}
		written = append(written, path)
	}
	return written, nil
}

// writeNew creates path with content, failing if it exists.
func writeNew(path, content string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%w: %s", ErrExists, path)
	}
	if err != nil {
		return err
	}
	if _, err := f.WriteString(content); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	return f.Close()
}

func (p Pair) header(direction string) string {
	var b strings.Builder
	for _, h := range p.Header {
		b.WriteString("-- " + ddl.Comment(h) + "\n")
	}
	if direction != "" {
		b.WriteString("-- This is the " + direction + " migration.\n")
	}
	if hint := toolHint(p.Tool, p.Up.Dialect); hint != "" {
		b.WriteString("-- " + hint + "\n")
	}
	return b.String()
}

// toolHint says what the tool needs to run the files as written.
func toolHint(t sqlscript.Format, d schema.Dialect) string {
	if t == sqlscript.GolangMigrate {
		return dialects[d].golangMigrateHint
	}
	return ""
}

// ownTransaction reports plans that must control their transaction themselves: statements
// that cannot run inside one (CREATE INDEX CONCURRENTLY), and SQLite's table rebuilds, whose
// PRAGMA foreign_keys only acts outside a transaction.
func ownTransaction(plans ...*migrate.Plan) bool {
	for _, p := range plans {
		for _, s := range p.Steps {
			if s.NoTransaction && strings.Contains(s.SQL, "CONCURRENTLY") || dialects[p.Dialect].pragmasOutsideTx && s.Control() && strings.HasPrefix(s.SQL, "PRAGMA") {
				return true
			}
		}
	}
	return false
}

// style is how a tool reads a script.
type style struct {
	// delimiter puts MySQL bodies between DELIMITER lines (a client-like parser: Flyway).
	delimiter bool
	// blocks puts goose's StatementBegin/End around statements holding semicolons.
	blocks bool
	// dropTx leaves BEGIN and COMMIT to the tool's own transaction.
	dropTx bool
}

// script writes a plan's statements with their notes and destructive lines; an empty plan is
// one comment line.
func script(p *migrate.Plan, st style, _ string) string {
	if p == nil || p.Empty() {
		return "-- no differences\n"
	}
	var b strings.Builder
	for _, n := range p.Notes {
		b.WriteString("-- NOTE: " + ddl.Comment(n) + "\n")
	}
	for _, s := range p.Steps {
		if st.dropTx && s.Control() && isTransactionControl(s.SQL) {
			continue
		}
		if s.Destructive != "" {
			b.WriteString("-- destructive: " + ddl.Comment(s.Destructive) + "\n")
		}
		switch {
		case st.blocks && strings.Contains(s.SQL, ";"):
			b.WriteString("-- +goose StatementBegin\n" + s.SQL + ";\n-- +goose StatementEnd\n")
		case st.delimiter && s.Body && ddl.RulesOf(p.Dialect).DelimitedBodies:
			d := ddl.Delimiter(s.SQL)
			fmt.Fprintf(&b, "DELIMITER %s\n%s%s\nDELIMITER ;\n", d, s.SQL, d)
		default:
			b.WriteString(s.SQL + ";\n")
		}
	}
	return b.String()
}

func isTransactionControl(sql string) bool {
	switch strings.ToUpper(strings.TrimSpace(sql)) {
	case "BEGIN", "COMMIT":
		return true
	}
	return false
}

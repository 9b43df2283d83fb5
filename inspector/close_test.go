package inspector

import (
	"context"
	"testing"

	"github.com/dbinspect/dbinspect/drivers"
	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/schema"
)

// TestCloseLater: with Options.CloseLater set, the connection stays open when Inspect
// returns and closes when the function it was handed runs; without it, Inspect closes it
// before it returns.
func TestCloseLater(t *testing.T) {
	path := dbtest.SQLite(t, manyTablesDDL(50))
	target, err := drivers.Resolve(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Inspect(context.Background(), target, Options{}); err != nil {
		t.Fatal(err)
	}
	if n := dbtest.OpenFiles(t, path); n != 0 {
		t.Fatalf("with no CloseLater, %d files are still open on the database after Inspect", n)
	}

	var closers []func()
	later := func(close func()) { closers = append(closers, close) }
	db, err := Inspect(context.Background(), target, Options{CloseLater: later})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(mainSchema(t, db).Tables); n < 50 {
		t.Fatalf("read %d tables, want at least the 50 made", n)
	}
	if len(closers) != 1 {
		t.Fatalf("CloseLater got %d functions, want 1", len(closers))
	}
	if dbtest.OpenFiles(t, path) == 0 {
		t.Fatal("the connection was closed before the function handed to CloseLater ran")
	}
	closers[0]()
	if n := dbtest.OpenFiles(t, path); n != 0 {
		t.Fatalf("%d files are still open on the database after the close ran", n)
	}
}

// TestInspectClosesWhenReadingPanics: a reader's panic (a bug) still closes the connection
// on its way up.
func TestInspectClosesWhenReadingPanics(t *testing.T) {
	path := dbtest.SQLite(t, "CREATE TABLE t (id INTEGER PRIMARY KEY);")
	target, err := drivers.Resolve(path)
	if err != nil {
		t.Fatal(err)
	}
	read := liveReaders[schema.SQLite]
	liveReaders[schema.SQLite] = func(context.Context, Queryer, Options) (*schema.Database, error) { panic("a bug") }
	defer func() { liveReaders[schema.SQLite] = read }()
	func() {
		defer func() {
			if p := recover(); p != "a bug" {
				t.Errorf("recovered %v, want the reader's panic", p)
			}
		}()
		Inspect(context.Background(), target, Options{}) //nolint:errcheck // it panics
	}()
	if n := dbtest.OpenFiles(t, path); n != 0 {
		t.Fatalf("%d files are still open on the database after the reader panicked", n)
	}
}

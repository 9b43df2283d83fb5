package export

import (
	"testing"

	"github.com/dbinspect/dbinspect/schema"
)

// TestDialectRulesConform: every dialect has export rules, with every function filled in, a
// gorm quote character and a product name, so a new dialect cannot reach the exporters half
// described (nor be written with another dialect's rules).
func TestDialectRulesConform(t *testing.T) {
	for _, p := range registry.Problems() {
		t.Error(p)
	}
	for _, d := range schema.Dialects {
		r, err := registry.Lookup(d)
		if err != nil {
			continue // reported by Problems
		}
		if r.dialect != d || r.gormQuote == 0 {
			t.Errorf("%s: rules name dialect %q, gorm quote %q", d, r.dialect, r.gormQuote)
			continue
		}
		if r.product("") == "" {
			t.Errorf("%s: no product name", d)
		}
	}
}

func TestUnknownDialectFailsLoudly(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("export rules of an unknown dialect: no panic")
		}
	}()
	Product(&schema.Database{Dialect: schema.Dialect("oracle")})
}

func TestProduct(t *testing.T) {
	for _, c := range []struct {
		d       schema.Dialect
		version string
		want    string
	}{
		{schema.Postgres, "15.19", "PostgreSQL"},
		{schema.MySQL, "8.0.36", "MySQL"},
		{schema.MySQL, "10.11.19-MariaDB", "MariaDB"},
		{schema.SQLite, "3.50.4", "SQLite"},
	} {
		if got := Product(&schema.Database{Dialect: c.d, ServerVersion: c.version}); got != c.want {
			t.Errorf("%s %s: %q, want %q", c.d, c.version, got, c.want)
		}
	}
}

package schema

import (
	"strings"
	"testing"
)

type testRules struct {
	name  string
	quote func(string) string
}

func TestRegistryProblems(t *testing.T) {
	r := NewRegistry[testRules]("test")
	r.Register(Postgres, &testRules{name: "pg", quote: strings.ToUpper})
	r.Register(MySQL, &testRules{name: "my"}) // quote left out
	r.Register(Dialect("oracle"), &testRules{quote: strings.ToUpper})
	got := strings.Join(r.Problems(), "\n")
	for _, want := range []string{
		"test: mysql's quote is not set",
		"test: no test rules registered for dialect sqlite",
		`test: rules registered for "oracle", which Dialects does not list`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("Problems lacks %q; got:\n%s", want, got)
		}
	}
	if strings.Contains(got, "postgres") {
		t.Errorf("a complete entry reported:\n%s", got)
	}
	if e, err := r.Lookup(Postgres); err != nil || e.name != "pg" {
		t.Errorf("Lookup(postgres) = %v, %v", e, err)
	}
	if _, err := r.Lookup(SQLite); err == nil || !strings.Contains(err.Error(), `dialect "sqlite"`) {
		t.Errorf("Lookup of a dialect without rules: %v", err)
	}
}

func TestRegistryPanics(t *testing.T) {
	r := NewRegistry[testRules]("test")
	r.Register(Postgres, &testRules{})
	for name, f := range map[string]func(){
		"Of an unregistered dialect": func() { r.Of(SQLite) },
		"Register twice":             func() { r.Register(Postgres, &testRules{}) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}

func TestRegistryOf(t *testing.T) {
	r := RegistryOf("test", map[Dialect]*testRules{SQLite: {name: "lite", quote: strings.ToLower}})
	if e, err := r.Lookup(SQLite); err != nil || e.name != "lite" {
		t.Errorf("Lookup(sqlite) = %v, %v", e, err)
	}
	if got := strings.Join(r.Problems(), "\n"); !strings.Contains(got, "dialect postgres") || strings.Contains(got, "sqlite") {
		t.Errorf("Problems of a one-entry table:\n%s", got)
	}
}

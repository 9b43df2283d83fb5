package schema

import (
	"fmt"
	"reflect"
	"sort"
)

// Registry holds one entry of T per dialect: what a package (ddl, diff, migrate, export,
// sqlscript, …) knows of each engine, registered by that package's dialect_<name>.go files
// instead of compared (`== schema.MySQL`) at every use. It is filled from init functions
// and only read afterwards, so it needs no lock.
type Registry[T any] struct {
	owner   string // the package, for messages: "ddl", "migrate plan", …
	entries map[Dialect]*T
}

// NewRegistry returns an empty registry; owner names it in panics and conformance problems.
func NewRegistry[T any](owner string) *Registry[T] {
	return &Registry[T]{owner: owner, entries: map[Dialect]*T{}}
}

// RegistryOf returns a registry holding the entries of a table written as a literal (the
// packages whose rules are a few values per dialect).
func RegistryOf[T any](owner string, entries map[Dialect]*T) *Registry[T] {
	r := NewRegistry[T](owner)
	for d, e := range entries {
		r.Register(d, e)
	}
	return r
}

// Register adds dialect d's entry. Registering a dialect twice is a programming error.
func (r *Registry[T]) Register(d Dialect, e *T) {
	if _, dup := r.entries[d]; dup {
		panic(fmt.Sprintf("%s: rules registered twice for %s", r.owner, d))
	}
	r.entries[d] = e
}

// Lookup returns dialect d's entry, or an error naming the dialect that has none (for
// callers that turn it into a user-facing error).
func (r *Registry[T]) Lookup(d Dialect) (*T, error) {
	e, ok := r.entries[d]
	if !ok {
		return nil, fmt.Errorf("%s: no rules registered for dialect %q", r.owner, d)
	}
	return e, nil
}

// Of returns dialect d's entry. A dialect without one is a programming error (snapshots
// and targets are validated before they reach a registry's package), so it panics rather
// than let another dialect's rules write SQL or code.
func (r *Registry[T]) Of(d Dialect) *T {
	e, err := r.Lookup(d)
	if err != nil {
		panic(err)
	}
	return e
}

// Problems is the conformance check of the registry, for each package's dialect test: a
// dialect of Dialects without an entry, an entry for a dialect Dialects does not list, and
// every function field an entry leaves nil. A new dialect is therefore described in full or
// the test names what is missing.
func (r *Registry[T]) Problems() []string {
	var out []string
	for _, d := range Dialects {
		e, ok := r.entries[d]
		if !ok {
			out = append(out, fmt.Sprintf("%s: no %s rules registered for dialect %s", r.owner, r.owner, d))
			continue
		}
		v := reflect.ValueOf(e).Elem()
		if v.Kind() != reflect.Struct {
			continue
		}
		for i := 0; i < v.NumField(); i++ {
			if f := v.Field(i); f.Kind() == reflect.Func && f.IsNil() {
				out = append(out, fmt.Sprintf("%s: %s's %s is not set", r.owner, d, v.Type().Field(i).Name))
			}
		}
	}
	known := map[Dialect]bool{}
	for _, d := range Dialects {
		known[d] = true
	}
	var extra []string
	for d := range r.entries {
		if !known[d] {
			extra = append(extra, fmt.Sprintf("%s: rules registered for %q, which Dialects does not list", r.owner, d))
		}
	}
	sort.Strings(extra)
	return append(out, extra...)
}

package scratch

import "github.com/dbinspect/dbinspect/drivers"

// SameDatabase reports whether a dev URL names the same database as a target: the same
// engine, host, port and database (PostgreSQL's default database being the user's name). A
// scratch database is never made on the database being checked. Two names of one host
// (localhost, 127.0.0.1) are not told apart: name a dev server that holds nothing you check.
func SameDatabase(dev, t *drivers.Target) bool {
	if dev == nil || t == nil || dev.Kind != drivers.KindURL || t.Kind != drivers.KindURL || dev.Dialect != t.Dialect {
		return false
	}
	a, okA := address(dev)
	b, okB := address(t)
	return okA && okB && a == b
}

// address is host:port/database, normalised, for a server target.
func address(t *drivers.Target) (string, bool) {
	e, err := engineOf(t.Dialect)
	if err != nil {
		return "", false
	}
	return e.address(t)
}

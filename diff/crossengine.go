package diff

import (
	"math/big"
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

// What each engine puts into a database by itself, which must not count as a difference when
// the same DDL is loaded into two engines (or two servers set up differently). Each is one
// named rule per dialect; when the dialect registry (package dialect) holds per-dialect
// knowledge for diff, these move there with the other registered rules.

// defaultSchemas is the schema each engine creates objects in when DDL names none: SQLite's
// main and PostgreSQL's public are one place. (A MySQL schema is the database, named per
// environment: the one-schema-each pairing already covers it.)
var defaultSchemas = map[schema.Dialect]string{
	schema.Postgres: "public",
	schema.SQLite:   "main",
}

// pairDefaultSchemas pairs FROM's default schema with TO's when neither found a partner by
// name or schema map: SQLite main with PostgreSQL public, even when PostgreSQL has more
// schemas. It returns the pair, or ok false.
func pairDefaultSchemas(from, to *schema.Database, usedTo map[string]bool, pairedFrom map[string]bool) (f, t *schema.Schema, ok bool) {
	fn, tn := defaultSchemas[from.Dialect], defaultSchemas[to.Dialect]
	if fn == "" || tn == "" || fn == tn || pairedFrom[fn] || usedTo[tn] {
		return nil, nil, false
	}
	f, t = from.Schema(fn), to.Schema(tn)
	return f, t, f != nil && t != nil
}

// defaultSchemaComments are the comments an engine gives the schema it creates itself:
// PostgreSQL's "standard public schema". A public schema that carries it says no more than
// one that carries none (pg_dump, CREATE SCHEMA public and other engines leave it out).
var defaultSchemaComments = map[schema.Dialect]map[string]string{
	schema.Postgres: {"public": "standard public schema"},
}

// schemaComment is a schema's comment as compared: the engine's own default comment on its
// default schema counts as none.
func schemaComment(d schema.Dialect, sc *schema.Schema) string {
	c := deref(sc.Comment)
	if c != "" && defaultSchemaComments[d][sc.Name] == c {
		return ""
	}
	return c
}

// implicitAuto reports a column the engine fills by itself without the DDL asking for it:
// SQLite's INTEGER PRIMARY KEY (a rowid alias) without AUTOINCREMENT. The same DDL gives a
// plain integer key elsewhere, so across engines its auto-generation is no difference.
func implicitAuto(d schema.Dialect, t *schema.Table, c *schema.Column) bool {
	return isRowidAlias(d, t, c) && !c.AutoIncrement && c.Identity == nil
}

// numericLiteral canonicalises a default that is a plain decimal number, so 0.00 (MySQL
// writes a DECIMAL(12,2) default that way) and 0 compare equal across engines; anything else
// is returned as it is.
func numericLiteral(s string) string {
	t := strings.Trim(strings.TrimSpace(s), "'")
	if t == "" || strings.ContainsAny(t, "eE") {
		return s
	}
	r, ok := new(big.Rat).SetString(t)
	if !ok {
		return s
	}
	return r.RatString()
}

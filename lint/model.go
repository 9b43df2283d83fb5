package lint

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dbinspect/dbinspect/schema"
)

// Helpers the rules share: building findings and reading keys and indexes.

func tableFinding(s *schema.Schema, table string, msg string) Finding {
	return Finding{Schema: s.Name, Table: table, Kind: KindTable, Message: msg}
}

func viewFinding(s *schema.Schema, view string, msg string) Finding {
	return Finding{Schema: s.Name, Table: view, Kind: KindView, Message: msg}
}

func columnFinding(s *schema.Schema, table, column string, msg string) Finding {
	return Finding{Schema: s.Name, Table: table, Kind: KindColumn, Name: column, Message: msg}
}

// memberFinding is a finding on an index, key or trigger of a table.
func memberFinding(s *schema.Schema, table string, kind Kind, name string, columns []string, msg string) Finding {
	return Finding{Schema: s.Name, Table: table, Kind: kind, Name: name, Columns: columns, Message: msg}
}

// schemaFinding is a finding on a schema-level object (an enum, a sequence) or, with name
// "", on the schema itself.
func schemaFinding(s *schema.Schema, kind Kind, name string, msg string) Finding {
	return Finding{Schema: s.Name, Kind: kind, Name: name, Message: msg}
}

// fkLabel names a foreign key for findings: its name, or its columns where the engine keeps
// no name (SQLite without CONSTRAINT).
func fkLabel(fk schema.ForeignKey) string {
	if fk.Name != "" {
		return fk.Name
	}
	return "(" + strings.Join(fk.Columns, ",") + ")"
}

// q makes a name safe inside a message: a name holding control characters (a newline, an
// escape sequence) is Go-quoted so it cannot break a line of output or a terminal.
func q(name string) string {
	for _, r := range name {
		if unicode.IsControl(r) || r == unicode.ReplacementChar {
			return strconv.Quote(name)
		}
	}
	return name
}

// list joins names for a message: "a, b".
func list(names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = q(n)
	}
	return strings.Join(out, ", ")
}

// qualified names a table for a message, schema first unless it is SQLite's "main".
func qualified(schemaName, name string) string {
	if schemaName == "" || schemaName == "main" {
		return q(name)
	}
	return q(schemaName) + "." + q(name)
}

// refName names the table a foreign key references for a message about a table of schema
// s: with its schema only when that is another one.
func refName(s *schema.Schema, fk schema.ForeignKey) string {
	if fk.RefSchema == s.Name {
		return q(fk.RefTable)
	}
	return qualified(fk.RefSchema, fk.RefTable)
}

// leadingColumns returns the plain-column key parts an index starts with, up to its first
// expression part.
func leadingColumns(x schema.Index) []string {
	var cols []string
	for _, p := range x.Parts {
		if p.Column == "" {
			break
		}
		cols = append(cols, p.Column)
	}
	return cols
}

// orderedMethod reports whether an index keeps its keys in order, so that its leading
// columns serve lookups on their own: B-tree, or the engine's only kind (SQLite).
func orderedMethod(x schema.Index) bool {
	return x.Method == "" || x.Method == "btree"
}

// sameSet reports whether a and b hold the same names, in any order.
func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]int{}
	for _, x := range a {
		seen[x]++
	}
	for _, x := range b {
		if seen[x] == 0 {
			return false
		}
		seen[x]--
	}
	return true
}

// findTable returns the table a reference names, or nil. SQLite compares names without case.
func findTable(db *schema.Database, schemaName, name string) *schema.Table {
	s := db.Schema(schemaName)
	if s == nil {
		return nil
	}
	if t := s.Table(name); t != nil {
		return t
	}
	if dialectOf(db.Dialect).foldsNames {
		for i := range s.Tables {
			if strings.EqualFold(s.Tables[i].Name, name) {
				return &s.Tables[i]
			}
		}
	}
	return nil
}

// findColumn returns a table's column by name; SQLite and MySQL compare without case.
func findColumn(d schema.Dialect, t *schema.Table, name string) *schema.Column {
	if c := t.Column(name); c != nil {
		return c
	}
	if dialectOf(d).foldsNames {
		for i := range t.Columns {
			if strings.EqualFold(t.Columns[i].Name, name) {
				return &t.Columns[i]
			}
		}
	}
	return nil
}

// isVirtual reports whether t is an SQLite virtual table, which has no keys or indexes of
// its own to check.
func isVirtual(t *schema.Table) bool { return t.SQLite != nil && t.SQLite.Module != "" }

func equalFold(a, b string) bool { return strings.EqualFold(a, b) }

// truncateBytes cuts s to at most n bytes without splitting a UTF-8 character.
func truncateBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

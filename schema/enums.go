package schema

import "strings"

// JoinEvents joins a trigger's events with sep: INSERT OR UPDATE, "INSERT, UPDATE".
func JoinEvents(events []TriggerEvent, sep string) string {
	var b strings.Builder
	for i, e := range events {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(string(e))
	}
	return b.String()
}

// PartColumns is what Index.Columns holds for parts: each part's column name, or its
// expression text for an expression part. Normalize, the inspectors and diff derive
// Index.Columns with it and nothing else.
func PartColumns(parts []IndexPart) []string {
	out := make([]string, len(parts))
	for i, p := range parts {
		out[i] = p.Column
		if p.Column == "" {
			out[i] = p.Expression
		}
	}
	return out
}

// Unnamed is how every output spells a constraint or index the engine keeps no name for
// (PrimaryKey.Name nil, ForeignKey.Name "", an SQLite Unique without CONSTRAINT).
const Unnamed = "(unnamed)"

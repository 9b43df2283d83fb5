package schema

import (
	"fmt"
	"strings"
)

// KindCount is how many objects of one kind a schema holds.
type KindCount struct {
	// Kind is singular ("table", "view", "function", …).
	Kind  string
	Count int
}

// Contents counts what a schema holds, tables first, then the other kinds in a fixed order;
// kinds with no object are left out. It is what DROP SCHEMA … CASCADE removes, as far as the
// model knows: the summary, the text diff and the migration's "destructive:" line say it.
func (s *Schema) Contents() []KindCount {
	var out []KindCount
	for _, k := range []KindCount{
		{"table", len(s.Tables)}, {"view", len(s.Views)}, {"function", len(s.Functions)},
		{"sequence", len(s.Sequences)}, {"enum", len(s.Enums)}, {"domain", len(s.Domains)},
		{"composite type", len(s.CompositeTypes)}, {"collation", len(s.Collations)},
		{"text search configuration", len(s.TextSearchConfigs)},
	} {
		if k.Count > 0 {
			out = append(out, k)
		}
	}
	return out
}

// ContentsText is Contents in words: "3 tables, 1 view and 2 functions", "" for an empty schema.
func (s *Schema) ContentsText() string {
	var parts []string
	for _, k := range s.Contents() {
		word := k.Kind
		if k.Count != 1 {
			word += "s"
		}
		parts = append(parts, fmt.Sprintf("%d %s", k.Count, word))
	}
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

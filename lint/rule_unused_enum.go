package lint

import (
	"fmt"
	"strings"

	"github.com/dbinspect/dbinspect/ddl"
	"github.com/dbinspect/dbinspect/schema"
	"github.com/dbinspect/dbinspect/sqltext"
)

// unusedEnum finds PostgreSQL enum types no column, domain, composite type or function uses.
type unusedEnum struct{}

func (unusedEnum) Info() Info {
	return Info{
		ID:       "unused-enum",
		Title:    "enum no column uses",
		Severity: Notice,
		Why:      "an enum no column uses is left over from a dropped column or a migration that never finished; it misleads readers and model generators",
		Fix:      "DROP TYPE it, or use it where it was meant to be used",
		Dialects: []schema.Dialect{schema.Postgres},
	}
}

func (unusedEnum) Check(c *Check) {
	used := typesInUse(c.DB())
	for i := range c.DB().Schemas {
		s := &c.DB().Schemas[i]
		for _, e := range s.Enums {
			if used[s.Name+"."+e.Name] {
				continue
			}
			f := schemaFinding(s, KindEnum, e.Name, fmt.Sprintf("enum %s (%s) is used by no column, domain, type or function", q(e.Name), plural(len(e.Values), "value")))
			f.Fix = "DROP TYPE " + ddl.Qualify(schema.Postgres, s.Name, e.Name) + ";"
			c.Report(f)
		}
	}
}

// typesInUse returns the "schema.name" of every named type a column, view column, composite
// type attribute or domain is declared with. Function signatures are text: every name that
// appears in one as a word counts as used.
func typesInUse(db *schema.Database) map[string]bool {
	used := map[string]bool{}
	add := func(schemaName, typ string) {
		if s, name, ok := typeRef(schemaName, typ); ok {
			used[s+"."+name] = true
		}
	}
	for _, s := range db.Schemas {
		for _, t := range s.Tables {
			for _, col := range t.Columns {
				add(s.Name, col.Type)
			}
		}
		for _, v := range s.Views {
			for _, col := range v.Columns {
				add(s.Name, col.Type)
			}
		}
		for _, ct := range s.CompositeTypes {
			for _, a := range ct.Attributes {
				add(s.Name, a.Type)
			}
		}
		for _, d := range s.Domains {
			add(s.Name, d.Type)
		}
	}
	for _, s := range db.Schemas {
		for _, f := range s.Functions {
			sig := f.Arguments + " " + f.Returns
			for _, s2 := range db.Schemas {
				for _, e := range s2.Enums {
					if mentions(sig, e.Name) {
						used[s2.Name+"."+e.Name] = true
					}
				}
			}
		}
	}
	return used
}

// typeRef reads a format_type spelling as (schema, name): "mood", "mood[]", "other.mood",
// "\"Mood\"". An unqualified name is in the column's own schema.
func typeRef(schemaName, typ string) (string, string, bool) {
	typ = strings.TrimSpace(typ)
	for strings.HasSuffix(typ, "[]") {
		typ = strings.TrimSuffix(typ, "[]")
	}
	parts := splitQualified(typ)
	switch len(parts) {
	case 1:
		return schemaName, parts[0], true
	case 2:
		return parts[0], parts[1], true
	}
	return "", "", false
}

// splitQualified splits a possibly quoted, dotted name: a."B.c" → [a, B.c]; "" is one empty part.
func splitQualified(s string) []string {
	if s == "" {
		return []string{""}
	}
	return sqltext.SplitQualified(s)
}

// mentions reports whether name appears in text as a whole word (or quoted).
func mentions(text, name string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], name)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(name)
		before := start == 0 || !isNameByte(text[start-1])
		after := end == len(text) || !isNameByte(text[end])
		if before && after {
			return true
		}
		i = start + 1
	}
}

func isNameByte(b byte) bool {
	return b == '_' || b == '$' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= 0x80
}

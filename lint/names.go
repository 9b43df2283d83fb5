package lint

import (
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

// nameAt is one name the schema defines, for the rules about identifiers.
type nameAt struct {
	kind   Kind
	schema *schema.Schema
	// table is the table or view a column, index, key or trigger belongs to.
	table string
	name  string
}

// finding builds a finding about the name.
func (n nameAt) finding(msg string) Finding {
	switch n.kind {
	case KindSchema:
		return Finding{Schema: n.schema.Name, Kind: KindSchema, Message: msg}
	case KindTable:
		return tableFinding(n.schema, n.name, msg)
	case KindView:
		return viewFinding(n.schema, n.name, msg)
	case KindColumn:
		return columnFinding(n.schema, n.table, n.name, msg)
	case KindIndex, KindPrimaryKey, KindForeignKey, KindUnique, KindCheck, KindTrigger:
		return memberFinding(n.schema, n.table, n.kind, n.name, nil, msg)
	}
	return schemaFinding(n.schema, n.kind, n.name, msg)
}

// what names the kind of object for a message: "foreign key", "primary key".
func (k Kind) what() string { return strings.ReplaceAll(string(k), "_", " ") }

// eachName calls fn for every name the schema gives an object of the kinds asked for (all,
// when none are). Names the engine makes up (SQLite's sqlite_autoindex_*, MySQL's PRIMARY)
// and the indexes that only back a constraint already named are left out; so are view
// columns, whose names come from the tables they select from.
func eachName(c *Check, kinds []Kind, fn func(n nameAt)) {
	want := func(k Kind) bool {
		if len(kinds) == 0 {
			return true
		}
		for _, x := range kinds {
			if x == k {
				return true
			}
		}
		return false
	}
	emit := func(k Kind, s *schema.Schema, table, name string) {
		if name != "" && want(k) {
			fn(nameAt{kind: k, schema: s, table: table, name: name})
		}
	}
	for i := range c.DB().Schemas {
		s := &c.DB().Schemas[i]
		if dialectOf(c.Dialect()).namedSchemas {
			emit(KindSchema, s, "", s.Name)
		}
		for _, q := range s.Sequences {
			emit(KindSequence, s, "", q.Name)
		}
		for _, e := range s.Enums {
			emit(KindEnum, s, "", e.Name)
		}
		for _, d := range s.Domains {
			emit(KindDomain, s, "", d.Name)
		}
		for _, f := range s.Functions {
			emit(KindFunction, s, "", f.Name)
		}
		for _, v := range s.Views {
			emit(KindView, s, "", v.Name)
		}
	}
	c.Tables(func(s *schema.Schema, t *schema.Table) {
		emit(KindTable, s, "", t.Name)
		for _, col := range t.Columns {
			emit(KindColumn, s, t.Name, col.Name)
		}
		if pk := t.PrimaryKey; pk != nil && pk.Name != nil && *pk.Name != "PRIMARY" {
			emit(KindPrimaryKey, s, t.Name, *pk.Name)
		}
		named := map[string]bool{}
		for _, fk := range t.ForeignKeys {
			emit(KindForeignKey, s, t.Name, fk.Name)
		}
		for _, u := range t.Uniques {
			named[u.Name] = true
			if !strings.HasPrefix(u.Name, "sqlite_autoindex_") {
				emit(KindUnique, s, t.Name, u.Name)
			}
		}
		for _, ch := range t.Checks {
			emit(KindCheck, s, t.Name, ch.Name)
		}
		for _, x := range t.Indexes {
			if x.Constraint != "" || named[x.Name] || x.Name == "PRIMARY" || strings.HasPrefix(x.Name, "sqlite_autoindex_") {
				continue
			}
			emit(KindIndex, s, t.Name, x.Name)
		}
		for _, tr := range t.Triggers {
			emit(KindTrigger, s, t.Name, tr.Name)
		}
	})
}

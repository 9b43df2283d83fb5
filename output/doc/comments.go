package doc

import (
	"slices"
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

// ApplyComments sets comments from the config (doc.comments) on the model, for engines that
// keep none (SQLite) or where the database's own are missing. Keys are "table",
// "table.column", "schema.table" or "schema.table.column"; a two-part key is a table and
// column where such a column exists, else a schema and table. An unqualified table name
// applies in every schema that has it. Views count as tables. It returns the keys that
// matched nothing, in order, so the caller can warn about typos.
func ApplyComments(db *schema.Database, comments map[string]string) (unmatched []string) {
	keys := make([]string, 0, len(comments))
	for k := range comments {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, key := range keys {
		if !applyComment(db, strings.Split(key, "."), comments[key]) {
			unmatched = append(unmatched, key)
		}
	}
	return unmatched
}

func applyComment(db *schema.Database, parts []string, comment string) bool {
	matched := false
	set := func(schemaName, rel, column string) {
		sc := db.Schema(schemaName)
		if sc == nil {
			return
		}
		if t := sc.Table(rel); t != nil {
			if column == "" {
				t.Comment = schema.Ptr(comment)
				matched = true
			} else if c := t.Column(column); c != nil {
				c.Comment = schema.Ptr(comment)
				matched = true
			}
		}
		if v := sc.View(rel); v != nil {
			if column == "" {
				v.Comment = schema.Ptr(comment)
				matched = true
				return
			}
			for i := range v.Columns {
				if v.Columns[i].Name == column {
					v.Columns[i].Comment = schema.Ptr(comment)
					matched = true
				}
			}
		}
	}
	everySchema := func(rel, column string) {
		for _, sc := range db.Schemas {
			set(sc.Name, rel, column)
		}
	}
	switch len(parts) {
	case 1:
		everySchema(parts[0], "")
	case 2:
		everySchema(parts[0], parts[1])
		if !matched {
			set(parts[0], parts[1], "")
		}
	case 3:
		set(parts[0], parts[1], parts[2])
	}
	return matched
}

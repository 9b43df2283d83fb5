package schema

import "slices"

// UnreadKind names a kind of object an inspection could not read in full.
type UnreadKind string

// The kinds of objects an inspection may fail to read. Each stands for its objects' presence:
// a side that could not read them cannot say which exist.
const (
	// UnreadTables: tables and views (and so all that is in them) may be missing.
	UnreadTables      UnreadKind = "tables"
	UnreadViews       UnreadKind = "views"
	UnreadColumns     UnreadKind = "columns"
	UnreadConstraints UnreadKind = "constraints" // primary keys, foreign keys, uniques, checks, exclusions
	UnreadIndexes     UnreadKind = "indexes"
	UnreadTriggers    UnreadKind = "triggers"
	UnreadFunctions   UnreadKind = "functions" // functions, procedures, stored routines
	UnreadTypes       UnreadKind = "types"     // enums, domains, composite types
	UnreadSequences   UnreadKind = "sequences"
	UnreadExtensions  UnreadKind = "extensions"
	UnreadPolicies    UnreadKind = "policies"
	UnreadEvents      UnreadKind = "events"
	// UnreadComments: comments read as none, so a comment cannot be told from no comment.
	UnreadComments UnreadKind = "comments"
	// UnreadDefinitions: routine bodies or view definitions are hidden (MySQL SHOW VIEW,
	// SHOW CREATE ROUTINE), so their texts cannot be compared.
	UnreadDefinitions UnreadKind = "definitions"
)

// UnreadKinds lists every UnreadKind, for validation.
var UnreadKinds = []UnreadKind{UnreadTables, UnreadViews, UnreadColumns, UnreadConstraints, UnreadIndexes,
	UnreadTriggers, UnreadFunctions, UnreadTypes, UnreadSequences, UnreadExtensions, UnreadPolicies,
	UnreadEvents, UnreadComments, UnreadDefinitions}

// Unread is one kind of object an inspection could not read, in one schema or in all.
type Unread struct {
	Kind UnreadKind `json:"kind"`
	// Schema is the schema (MySQL: database) concerned; "" for every schema.
	Schema string `json:"schema,omitempty"`
}

// MarkUnread records that kind could not be read in schemaName ("" for every schema), once.
func (db *Database) MarkUnread(kind UnreadKind, schemaName string) {
	u := Unread{Kind: kind, Schema: schemaName}
	if !slices.Contains(db.Unread, u) {
		db.Unread = append(db.Unread, u)
	}
}

// IsUnread reports whether kind could not be read in schemaName. Tables unread means views,
// columns, constraints, indexes and triggers are unknown there too.
func (db *Database) IsUnread(kind UnreadKind, schemaName string) bool {
	for _, u := range db.Unread {
		if u.Schema != "" && u.Schema != schemaName {
			continue
		}
		if u.Kind == kind {
			return true
		}
		if u.Kind == UnreadTables {
			switch kind {
			case UnreadViews, UnreadColumns, UnreadConstraints, UnreadIndexes, UnreadTriggers, UnreadPolicies:
				return true
			}
		}
	}
	return false
}

// AnyUnread reports whether anything in schemaName (or in every schema) could not be read.
func (db *Database) AnyUnread(schemaName string) bool {
	for _, u := range db.Unread {
		if u.Schema == "" || u.Schema == schemaName {
			return true
		}
	}
	return false
}

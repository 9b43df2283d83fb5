package inspector

import (
	"maps"
	"slices"

	"github.com/dbinspect/dbinspect/schema"
)

// What an inspection could not read is recorded as data (schema.Database.Unread) beside the
// note people read, so diff can treat those kinds as unknown on that side instead of absent:
// a role without SELECT on pg_proc must not be told to drop every function.

// pgStepUnread are the kinds a skipped PostgreSQL step leaves unknown, by pgStep.what.
var pgStepUnread = map[string][]schema.UnreadKind{
	"extensions":                         {schema.UnreadExtensions},
	"tables and views":                   {schema.UnreadTables},
	"enums, domains and composite types": {schema.UnreadTypes},
	"sequences":                          {schema.UnreadSequences},
	"columns":                            {schema.UnreadColumns},
	"constraints":                        {schema.UnreadConstraints},
	"indexes":                            {schema.UnreadIndexes},
	"triggers":                           {schema.UnreadTriggers},
	"functions and procedures":           {schema.UnreadFunctions},
}

// pgCatalogUnread are the kinds an unreadable catalog leaves unknown beyond its step's.
var pgCatalogUnread = map[string][]schema.UnreadKind{
	"pg_description": {schema.UnreadComments},
	"pg_policy":      {schema.UnreadPolicies},
	"pg_rewrite":     {schema.UnreadDefinitions},
}

// markUnread records the kinds a skipped step leaves unknown, in every schema.
func (r *pgReader) markUnread(step string) {
	for _, k := range pgStepUnread[step] {
		r.db.MarkUnread(k, "")
	}
}

// markUnreadCatalogs records the kinds the catalogs the role may not read leave unknown.
func (r *pgReader) markUnreadCatalogs() {
	for _, catalog := range slices.Sorted(maps.Keys(pgCatalogUnread)) { // a stable order: snapshots are byte-identical
		if !r.srv.can(catalog) {
			for _, k := range pgCatalogUnread[catalog] {
				r.db.MarkUnread(k, "")
			}
		}
	}
}

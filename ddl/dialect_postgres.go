package ddl

import (
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

func init() {
	register(&Rules{
		Dialect:    schema.Postgres,
		IdentQuote: `"`,
		OmitSchema: func(string) bool { return false },
		Settings: []string{
			"SET standard_conforming_strings = on",
			"SET check_function_bodies = false", // function bodies may name tables created further down
		},
		SchemaObjects:    true,
		TableOptions:     postgresTableOptions,
		CreateIndex:      pgCreateIndex,
		ColumnAttributes: noColumnAttributes,
		WritesNoAction:   true,
		DefaultClause:    asWritten,
		ViewClauses:      pgViewClauses,
		DisabledTriggers: true,
		CreateSequence:   pgCreateSequence,
		OwnedSequences:   true,
		tableExtras:      pgTableExtras,
		extras:           postgresExtras,
		comments:         pgComments,
	})
}

// pgViewClauses: storage parameters and a materialized view's tablespace after the name, WITH
// NO DATA for one left unpopulated.
func pgViewClauses(v *schema.View) (afterCreate, afterName, atEnd string) {
	pg := v.Postgres
	if pg == nil {
		return "", "", ""
	}
	if len(pg.With) > 0 {
		afterName += " WITH (" + strings.Join(pg.With, ", ") + ")"
	}
	if pg.Tablespace != "" && v.Materialized {
		afterName += " TABLESPACE " + QuoteIdent(schema.Postgres, pg.Tablespace)
	}
	if v.Materialized && pg.WithNoData {
		atEnd = " WITH NO DATA"
	}
	return "", afterName, atEnd
}

// postgresTableOptions: INHERITS and PARTITION BY.
func postgresTableOptions(t *schema.Table) string {
	if t.Postgres == nil {
		return ""
	}
	var opts []string
	if len(t.Postgres.Inherits) > 0 {
		parents := make([]string, len(t.Postgres.Inherits))
		for i, p := range t.Postgres.Inherits {
			parents[i] = Qualify(schema.Postgres, p.Schema, p.Name)
		}
		opts = append(opts, "INHERITS ("+strings.Join(parents, ", ")+")")
	}
	if t.Postgres.PartitionKey != "" {
		opts = append(opts, "PARTITION BY "+t.Postgres.PartitionKey)
	}
	return strings.Join(opts, " ")
}

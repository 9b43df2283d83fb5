package ddl

import (
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

func init() {
	register(&Rules{
		Dialect:           schema.SQLite,
		IdentQuote:        `"`,
		OmitSchema:        func(s string) bool { return s == "main" },
		Settings:          []string{"PRAGMA foreign_keys = OFF"},
		InlineForeignKeys: true,
		TableOptions:      sqliteTableOptions,
		CreateIndex:       sqliteCreateIndex,
		ColumnAttributes:  noColumnAttributes,
		RowidKeys:         true,
		DefaultClause:     sqliteDefault,
		CreateSequence:    noSequences,
		ViewClauses:       noViewClauses,
		tableExtras:       noTableExtras,
		extras:            noStatements,
		comments:          noStatements,
	})
}

// sqliteTableOptions: WITHOUT ROWID and STRICT, comma-separated.
func sqliteTableOptions(t *schema.Table) string {
	if t.SQLite == nil {
		return ""
	}
	var opts []string
	if t.SQLite.WithoutRowID {
		opts = append(opts, "WITHOUT ROWID")
	}
	if t.SQLite.Strict {
		opts = append(opts, "STRICT")
	}
	return strings.Join(opts, ", ")
}

package diff

import (
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

func init() {
	registerDialect(&dialectRules{
		dialect:         schema.SQLite,
		foldsNames:      true,
		implicitSchema:  "main",
		foldsTableNames: true,
		noTimeZones:     true,
		loosen:          sqliteLoosen,
		ownType:         commonType,
		rowidAliases:    true,
		foldsTables:     alwaysFolds,
		generatedName: func(_ nameContext, name string) bool {
			return strings.HasPrefix(name, "sqlite_autoindex_")
		},
		oneIndexKind: true,
		noComments:   true,
		viewFields:   noViewFields,
		identQuote:   `"`,
	})
}

package diff

import "github.com/dbinspect/dbinspect/schema"

func init() {
	registerDialect(&dialectRules{
		dialect:         schema.SQLite,
		foldsNames:      true,
		implicitSchema:  "main",
		foldsTableNames: true,
		noTimeZones:     true,
		loosen:          sqliteLoosen,
	})
}

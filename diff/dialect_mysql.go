package diff

import "github.com/dbinspect/dbinspect/schema"

func init() {
	registerDialect(&dialectRules{
		dialect:        schema.MySQL,
		foldsNames:     true,
		zonedTimestamp: true, // stored in UTC and converted: a zoned instant
		loosen:         sameType,
	})
}

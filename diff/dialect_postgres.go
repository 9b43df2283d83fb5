package diff

import "github.com/dbinspect/dbinspect/schema"

func init() {
	registerDialect(&dialectRules{
		dialect:          schema.Postgres,
		fractionalDigits: 6, // microseconds
		loosen:           sameType,
	})
}

package diff

import "github.com/dbinspect/dbinspect/schema"

func init() {
	registerDialect(&dialectRules{
		dialect:          schema.Postgres,
		fractionalDigits: 6, // microseconds
		loosen:           sameType,
		ownType:          commonType,
		foldsTables:      noFolding,
		similarRenames:   true,
		generatedName:    postgresGenerated,
		explicitNames:    true,
		uniqueKinds:      true,
		viewFields:       (*differ).pgViewFields,
		identQuote:       `"`,
		lowersUnquoted:   true,
		regLiterals:      true,
	})
}

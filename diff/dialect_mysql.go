package diff

import "github.com/dbinspect/dbinspect/schema"

func init() {
	registerDialect(&dialectRules{
		dialect:        schema.MySQL,
		foldsNames:     true,
		zonedTimestamp: true, // stored in UTC and converted: a zoned instant
		loosen:         sameType,
		ownType:        mysqlType,
		foldsTables: func(fs, ts *schema.Schema) bool {
			return lowerCaseTableNames(fs) != 0 || lowerCaseTableNames(ts) != 0
		},
		caseRenameFails: true,
		generatedName:   mysqlGenerated,
		fkIndexes:       true,
		sequenceEngines: true,
		indexParsers:    true,
		viewFields:      noViewFields,
		identQuote:      "`",
	})
}

// mysqlType: tinyint(1) is MySQL's boolean, REAL a double unless REAL_AS_FLOAT, FLOAT(p) a
// single up to p = 24, DECIMAL without arguments DECIMAL(10, 0).
func mysqlType(name, args string) (logicalType, bool) {
	n1, n2 := typeArgs(args)
	switch {
	case name == "tinyint" && args == "1":
		return logicalType{fam: famBool}, true
	case name == "real" || name == "float4":
		return logicalType{fam: famFloat, bits: 64}, true
	case name == "float" && (n1 == 0 || n1 <= 24):
		return logicalType{fam: famFloat, bits: 32}, true
	case (name == "numeric" || name == "decimal") && args == "":
		return logicalType{fam: famNumeric, precision: 10, scale: n2}, true
	}
	return logicalType{}, false
}

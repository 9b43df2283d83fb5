package lint

import "slices"

// All returns a fresh instance of every rule, in the order docs/lint.md lists them:
// keys and indexes, types, names, engine settings, leftovers, then the opt-in conventions.
// Rules with parameters come with their defaults set.
func All() []Rule {
	return []Rule{
		noPrimaryKey{},
		fkWithoutIndex{},
		duplicateIndex{},
		redundantIndex{},
		duplicateForeignKey{},
		fkTypeMismatch{},
		fkMissingTarget{},
		fkTargetNotUnique{},
		&nullableUnique{},
		&moneyInFloat{Words: slices.Clone(defaultMoneyWords)}, // a copy: the config decodes into it
		timestampWithoutTimeZone{},
		mysqlDatetimeTimestampMix{},
		varcharWithoutLength{},
		&identifierTooLong{MaxBytes: 63},
		&reservedWord{},
		mixedCaseIdentifier{},
		unusualIdentifier{},
		&mysqlEngine{Allow: []string{"InnoDB"}},
		&mysqlCharset{Tables: []string{"utf8mb4"}, Columns: []string{"utf8mb4", "ascii", "binary"}},
		unusedEnum{},
		unownedSequence{},
		rlsWithoutPolicy{},
		policyWithoutRLS{},
		brokenView{},
		&varcharVsText{},
		tableComment{},
		columnComment{},
		&columnCount{Max: 50},
		&namingConvention{Match: `^[a-z][a-z0-9_]*$`},
	}
}

// lookup returns a fresh instance of the rule with the given id.
func lookup(id string) (Rule, bool) {
	for _, r := range All() {
		if r.Info().ID == id {
			return r, true
		}
	}
	return nil, false
}

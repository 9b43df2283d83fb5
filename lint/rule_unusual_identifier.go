package lint

import (
	"fmt"
	"unicode"
)

// unusualIdentifier finds names that no engine accepts unquoted: spaces, punctuation, a
// leading digit.
type unusualIdentifier struct{}

func (unusualIdentifier) Info() Info {
	return Info{
		ID:       "unusual-identifier",
		Title:    "name no engine takes unquoted",
		Severity: Warning,
		Why:      "a name with spaces, punctuation or a leading digit must be quoted in every statement on every engine, and breaks tools and generated code that do not quote",
		Fix:      "rename it to letters, digits and underscores, starting with a letter",
		SeeAlso:  "SchemaCrawler LinterTableWithQuotedNames",
	}
}

func (unusualIdentifier) Check(c *Check) {
	eachName(c, nil, func(n nameAt) {
		if !plainIdentifier(n.name) {
			c.Report(n.finding(fmt.Sprintf("%s %s needs quoting on every engine", n.kind.what(), q(n.name))))
		}
	})
}

// plainIdentifier reports whether a name is letters, digits, underscores (and $ after the
// first character), not starting with a digit: what all three engines take unquoted.
func plainIdentifier(name string) bool {
	for i, r := range name {
		switch {
		case r == '_' || unicode.IsLetter(r):
		case i > 0 && (unicode.IsDigit(r) || r == '$'):
		default:
			return false
		}
	}
	return name != ""
}

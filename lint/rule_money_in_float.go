package lint

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/dbinspect/dbinspect/schema"
)

// moneyInFloat finds binary floating-point columns whose names say they hold money.
type moneyInFloat struct {
	// Words are the name parts that mean money; a column matches when one of its words
	// (split at underscores and case changes) is one of them.
	Words []string `json:"words"`
}

// defaultMoneyWords are the words of column names that usually hold amounts of money.
var defaultMoneyWords = []string{"price", "prices", "amount", "amt", "cost", "costs", "subtotal",
	"balance", "fee", "fees", "tax", "vat", "salary", "wage", "wages", "money", "payment", "charge",
	"discount", "revenue", "refund", "budget"}

func (*moneyInFloat) Info() Info {
	return Info{
		ID:       "money-in-float",
		Title:    "money in a floating-point column",
		Severity: Error,
		Why:      "binary floating point cannot hold 0.10 exactly: sums of prices drift by fractions of a cent, and equality tests on amounts fail",
		Fix:      "use numeric/decimal with the currency's scale (numeric(12,2)), or an integer count of the smallest unit (cents)",
		Params:   "words: [price, amount, cost, subtotal, balance, fee, tax, salary, …] (the name parts that mean money)",
		SeeAlso:  "PostgreSQL wiki \"Don't Do This\" (money and float)",
	}
}

func (r *moneyInFloat) Params() any { return r }

func (r *moneyInFloat) Validate() error {
	if len(r.Words) == 0 {
		return fmt.Errorf("words must not be empty (disable the rule instead)")
	}
	return nil
}

func (r *moneyInFloat) Check(c *Check) {
	c.Tables(func(s *schema.Schema, t *schema.Table) {
		for _, col := range t.Columns {
			if !isFloat(c.Dialect(), col.Type) {
				continue
			}
			if w := moneyWord(col.Name, r.Words); w != "" {
				c.Report(columnFinding(s, t.Name, col.Name, fmt.Sprintf("%s is %s, a binary floating-point type, but its name (%s) says it holds money",
					q(col.Name), q(col.Type), w)))
			}
		}
	})
}

// moneyWord returns the first word of name (split at underscores, digits and case changes:
// unitPrice, unit_price) that is one of words, or "".
func moneyWord(name string, words []string) string {
	for _, part := range splitWords(name) {
		for _, w := range words {
			if strings.EqualFold(part, w) {
				return part
			}
		}
	}
	return ""
}

func splitWords(name string) []string {
	var parts []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			parts = append(parts, string(cur))
			cur = cur[:0]
		}
	}
	runes := []rune(name)
	for i, r := range runes {
		switch {
		case !unicode.IsLetter(r):
			flush()
		case unicode.IsUpper(r) && i > 0 && (unicode.IsLower(runes[i-1]) || i+1 < len(runes) && unicode.IsLower(runes[i+1])):
			flush()
			cur = append(cur, r)
		default:
			cur = append(cur, r)
		}
	}
	flush()
	return parts
}

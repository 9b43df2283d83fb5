// Package suggest finds the names closest to a mistyped one, for "did you mean" hints in
// errors: environments, tables, config keys, flag values.
//
// It is a package of its own because the command line (internal/cli) and the config reader
// (config) both need it and neither may import the other for it. The distance is
// github.com/agnivade/levenshtein's (Unicode-aware, allocation-light); this package only
// decides what is close enough to be worth saying. It imports nothing else of the module.
package suggest

import (
	"fmt"
	"slices"
	"strings"

	"github.com/agnivade/levenshtein"
)

// Closest returns the candidates nearest to word, best first: those within a distance that
// grows with the word's length (a typo or two, a swapped pair), compared case-insensitively.
// A candidate that contains the word, or that the word contains, counts as close too
// ("cust" → "customers"). At most three are returned.
func Closest(word string, candidates []string) []string {
	type scored struct {
		name string
		dist int
	}
	w := strings.ToLower(word)
	limit := max(2, len([]rune(w))/3)
	var found []scored
	seen := map[string]bool{}
	for _, c := range candidates {
		if seen[c] || c == word {
			continue
		}
		seen[c] = true
		lc := strings.ToLower(c)
		d := levenshtein.ComputeDistance(w, lc)
		if d > limit && !(len(w) >= 3 && (strings.Contains(lc, w) || strings.Contains(w, lc) && len(lc) >= 3)) {
			continue
		}
		found = append(found, scored{c, d})
	}
	slices.SortStableFunc(found, func(a, b scored) int {
		if a.dist != b.dist {
			return a.dist - b.dist
		}
		return strings.Compare(a.name, b.name)
	})
	out := make([]string, 0, 3)
	for _, f := range found {
		if len(out) == 3 {
			break
		}
		out = append(out, f.name)
	}
	return out
}

// Hint is " (did you mean "x"?)" or " (did you mean "x" or "y"?)" for the closest candidates,
// or "" when none is close.
func Hint(word string, candidates []string) string {
	c := Closest(word, candidates)
	if len(c) == 0 {
		return ""
	}
	quoted := make([]string, len(c))
	for i, s := range c {
		quoted[i] = fmt.Sprintf("%q", s)
	}
	return " (did you mean " + orList(quoted) + "?)"
}

// orList joins items as "a", "a or b", "a, b or c".
func orList(items []string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

package diff

import (
	"regexp"
	"testing"
)

// numberedCases are names around every edge of numbered: no stem, no digits, digits inside,
// the separator repeated, a newline in the stem (which . does not match), non-ASCII digits.
var numberedCases = []string{
	"", "_1", "a_1", "a_", "a1", "a_1b", "a__1", "a_b_12", "_ibfk_1", "t_ibfk_1", "t_ibfk_", "t_ibfk_x1",
	"t_chk_3", "CONSTRAINT_1", "CONSTRAINT_", "constraint_2", "x\ny_1", "x_\n1", "é_٣", "é_3", "a_1\n",
}

// TestNumbered: numbered splits a name exactly as the regular expression ^(.+)SEP\d+$ does.
func TestNumbered(t *testing.T) {
	for _, sep := range []string{"_", "_ibfk_", "_chk_"} {
		for _, name := range numberedCases {
			checkNumbered(t, name, sep)
		}
	}
}

func FuzzNumbered(f *testing.F) {
	for _, name := range numberedCases {
		f.Add(name)
	}
	f.Fuzz(func(t *testing.T, name string) {
		for _, sep := range []string{"_", "_ibfk_", "_chk_"} {
			checkNumbered(t, name, sep)
		}
	})
}

func checkNumbered(t *testing.T, name, sep string) {
	t.Helper()
	m := regexp.MustCompile(`^(.+)` + regexp.QuoteMeta(sep) + `\d+$`).FindStringSubmatch(name)
	stem, ok := numbered(name, sep)
	if ok != (m != nil) || ok && stem != m[1] {
		t.Errorf("numbered(%q, %q) = %q, %v; the regular expression says %q", name, sep, stem, ok, m)
	}
}

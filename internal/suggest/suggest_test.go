package suggest

import (
	"strings"
	"testing"
)

func TestClosest(t *testing.T) {
	envs := []string{"dev", "prod", "staging", "production-eu"}
	cases := []struct {
		word string
		from []string
		want string
	}{
		{"prdo", envs, "prod"},
		{"stagign", envs, "staging"},
		{"PROD", envs, "prod,production-eu"},
		{"qa", envs, ""},
		{"enviroments", []string{"default", "environments", "tables", "diff"}, "environments"},
		{"schema_mpa", []string{"ignore", "include", "exclude", "schema_map"}, "schema_map"},
		{"custmer", []string{"customers", "customer_totals", "orders"}, "customers"},
		{"order", []string{"orders", "order_items", "products"}, "orders,order_items"},
		{"film", []string{"film"}, ""}, // the word itself is no suggestion
	}
	for _, c := range cases {
		if got := strings.Join(Closest(c.word, c.from), ","); got != c.want {
			t.Errorf("Closest(%q) = %q, want %q", c.word, got, c.want)
		}
	}
}

func TestHint(t *testing.T) {
	if got := Hint("prdo", []string{"prod", "dev"}); got != ` (did you mean "prod"?)` {
		t.Errorf("Hint = %q", got)
	}
	if got := Hint("ordr", []string{"orders", "order", "x"}); got != ` (did you mean "order" or "orders"?)` {
		t.Errorf("Hint = %q", got)
	}
	if got := Hint("zzz", []string{"orders"}); got != "" {
		t.Errorf("Hint = %q, want none", got)
	}
}

package export

import "testing"

func TestPGPretty(t *testing.T) {
	for in, want := range map[string]string{
		"lower((name)::text)":                          "lower(name::text)",
		"musicbrainz.mb_simple_tsvector((name)::text)": "musicbrainz.mb_simple_tsvector(name::text)",
		"array_remove(ARRAY[((data #>> '{a,b}'::text[]))::integer, NULL::integer], NULL)": "array_remove(ARRAY[(data #>> '{a,b}'::text[])::integer, NULL::integer], NULL)",
		"f((a))":                "f(a)",
		"(a + b)":               "(a + b)",
		"((a) + (b))":           "((a) + (b))",
		"lower('((x))'::text)":  "lower('((x))'::text)",
		"(\"Na me\")::text":     "\"Na me\"::text",
		"coalesce((a)::int, 0)": "coalesce(a::int, 0)",
		"lower((":               "lower((",
	} {
		if got := pgPretty(in); got != want {
			t.Errorf("pgPretty(%q) = %q, want %q", in, got, want)
		}
	}
}

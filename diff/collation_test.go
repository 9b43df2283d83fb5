package diff

import (
	"testing"

	"github.com/dbinspect/dbinspect/schema"
)

// TestCollationsAndTextSearch: collations and text search configurations are compared by
// every property, and --ignore collations / text-search switch them off.
func TestCollationsAndTextSearch(t *testing.T) {
	build := func(locale string, dicts ...string) *schema.Database {
		db := shop()
		db.Schemas[0].Collations = []schema.Collation{{Name: "natural", Provider: "icu", Locale: locale, Deterministic: true}}
		db.Schemas[0].TextSearchConfigs = []schema.TextSearchConfig{{Name: "simple_unaccent", Parser: `pg_catalog."default"`,
			Mappings: []schema.TextSearchMapping{{Token: "word", Dictionaries: dicts}}}}
		return db
	}
	from := build("und-u-kn-true", "public.unaccent", "simple")
	if res := Compare(from, build("und-u-kn-true", "public.unaccent", "simple"), Options{}); !res.Empty() {
		t.Fatalf("same model differs: %+v", res.Changes)
	}
	res := Compare(from, build("und-u-kf-lower", "simple"), Options{})
	var got []string
	for _, c := range res.Changes {
		got = append(got, string(c.Action)+" "+string(c.Object)+" "+c.Name+" "+string(c.Fields[0].Field))
	}
	want := []string{"modify collation natural locale", "modify text_search simple_unaccent mappings"}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("changes = %q, want %q", got, want)
	}
	res = Compare(from, build("und-u-kf-lower", "simple"), Options{Ignore: []Category{CatCollations, CatTextSearch}})
	if !res.Empty() {
		t.Errorf("with the categories ignored: %+v", res.Changes)
	}
}

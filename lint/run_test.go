package lint

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/config"
	"github.com/dbinspect/dbinspect/schema"
)

// shopModel has one finding of several rules: no primary key (error), an unindexed foreign
// key (warning), a timestamp without time zone (warning).
func shopModel() *schema.Database {
	return model(schema.Postgres,
		users(),
		tbl("events", col("at", "timestamp with time zone")),
		withPK(withFK(tbl("orders", col("id", "integer"), col("user_id", "integer"), col("placed", "timestamp without time zone")),
			fkey("orders_user_fk", []string{"user_id"}, "users", "id")), "id"),
	)
}

func parseLint(t *testing.T, yaml string) config.LintSettings {
	t.Helper()
	c, err := config.Parse([]byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	return c.Lint
}

func objectsOf(r *Report) []string {
	var out []string
	for _, f := range r.Findings {
		s := f.Rule + " " + f.Object + " " + string(f.Severity)
		if f.Accepted != "" {
			s += " accepted"
		}
		out = append(out, s)
	}
	return out
}

func runWith(t *testing.T, o Options, db *schema.Database) *Report {
	t.Helper()
	l, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	return l.Run(db)
}

func TestDefaultsAndOrder(t *testing.T) {
	r := runWith(t, Options{}, shopModel())
	want := []string{
		"no-primary-key public.events error",
		"fk-without-index public.orders.orders_user_fk warning",
		"timestamp-without-time-zone public.orders.placed warning",
	}
	if got := objectsOf(r); !slices.Equal(got, want) {
		t.Errorf("findings (grouped by table, the most severe first):\n%q\nwant\n%q", got, want)
	}
	if r.Relations != 3 || r.Count(Error) != 1 || r.Count(Warning) != 2 || !r.Fails(Error) || !r.Fails(Warning) {
		t.Errorf("relations %d, counts %d/%d", r.Relations, r.Count(Error), r.Count(Warning))
	}
	for _, info := range r.Rules {
		if info.OptIn {
			t.Errorf("opt-in rule %s ran without being enabled", info.ID)
		}
		if !info.AppliesTo(schema.Postgres) {
			t.Errorf("rule %s for other engines ran on PostgreSQL", info.ID)
		}
	}
}

func TestConfigTurnsRulesOnAndOffAndChangesSeverity(t *testing.T) {
	s := parseLint(t, `
lint:
  rules:
    no-primary-key: off
    fk-without-index: error
    table-comment: notice
    column-count: {max: 2, severity: warning}
`)
	r := runWith(t, Options{Settings: s}, shopModel())
	got := objectsOf(r)
	want := []string{
		"table-comment public.events notice",
		"fk-without-index public.orders.orders_user_fk error",
		"column-count public.orders warning",
		"timestamp-without-time-zone public.orders.placed warning",
		"table-comment public.orders notice",
		"table-comment public.users notice",
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n%q\nwant\n%q", got, want)
	}
}

func TestExcludes(t *testing.T) {
	s := parseLint(t, `
lint:
  exclude_tables: [events]
  rules:
    timestamp-without-time-zone: {exclude_columns: ["*.placed"]}
    fk-without-index: {exclude_tables: ["public.ord*"]}
`)
	if got := objectsOf(runWith(t, Options{Settings: s}, shopModel())); len(got) != 0 {
		t.Errorf("everything was excluded, got %q", got)
	}
	// The config's tables: filter drops findings, but the rules still see the tables.
	r := runWith(t, Options{Exclude: []string{"public.users"}}, shopModel())
	if got := objectsOf(r); len(got) != 3 {
		t.Errorf("filtering out users (no finding of its own) changes nothing: %q", got)
	}
	r = runWith(t, Options{Include: []string{"orders"}}, shopModel())
	if got := objectsOf(r); len(got) != 2 || !strings.Contains(got[0], "orders") {
		t.Errorf("tables.include orders keeps only its findings: %q", got)
	}
	// An excluded column also removes findings about keys over it.
	s = parseLint(t, `lint: {rules: {fk-without-index: {exclude_columns: ["orders.user_id"]}}}`)
	for _, f := range runWith(t, Options{Settings: s}, shopModel()).Findings {
		if f.Rule == "fk-without-index" {
			t.Errorf("exclude_columns orders.user_id keeps %+v", f)
		}
	}
}

func TestAcceptOneFinding(t *testing.T) {
	s := parseLint(t, `
lint:
  accept:
    - rule: no-primary-key
      object: events
      reason: append-only log, read in bulk
    - rule: fk-without-index
      object: public.orders.orders_user_fk
      reason: users are never deleted
    - rule: no-primary-key
      object: public.gone
      reason: dropped last year
`)
	r := runWith(t, Options{Settings: s}, shopModel())
	want := []string{
		"no-primary-key public.events error accepted",
		"fk-without-index public.orders.orders_user_fk warning accepted",
		"timestamp-without-time-zone public.orders.placed warning",
	}
	if got := objectsOf(r); !slices.Equal(got, want) {
		t.Errorf("findings:\n%q\nwant\n%q", got, want)
	}
	if r.Findings[0].Accepted != "append-only log, read in bulk" {
		t.Errorf("the reason is kept: %q", r.Findings[0].Accepted)
	}
	if r.Fails(Error) || !r.Fails(Warning) || r.Count(Error) != 0 || r.Accepted() != 2 {
		t.Errorf("accepted findings do not count: fails(error) %v, errors %d, accepted %d", r.Fails(Error), r.Count(Error), r.Accepted())
	}
	if len(r.StaleAccepts) != 1 || r.StaleAccepts[0].Object != "public.gone" {
		t.Errorf("an entry that matched nothing is reported: %+v", r.StaleAccepts)
	}
	r = runWith(t, Options{Settings: s, Only: []string{"timestamp-without-time-zone"}}, shopModel())
	if len(r.StaleAccepts) != 0 {
		t.Errorf("entries of rules that did not run are not stale: %+v", r.StaleAccepts)
	}
}

func TestConfigMistakes(t *testing.T) {
	cases := []struct {
		yaml string
		only []string
		want string
		flag bool
	}{
		{yaml: `lint: {rules: {no-primary-keys: off}}`, want: `lint.rules: unknown rule "no-primary-keys" (did you mean "no-primary-key"?)`},
		{yaml: `lint: {rules: {column-count: {maximum: 3}}}`, want: `lint.rules.column-count: parameters: unknown field "maximum"`},
		{yaml: `lint: {rules: {column-count: {max: many}}}`, want: "lint.rules.column-count: parameters: cannot unmarshal string"},
		{yaml: `lint: {rules: {column-count: {max: 0}}}`, want: "max must be at least 1"},
		{yaml: `lint: {rules: {no-primary-key: {max: 3}}}`, want: "lint.rules.no-primary-key: takes no parameters (got max)"},
		{yaml: `lint: {rules: {naming-convention: {table: "("}}}`, want: "lint.rules.naming-convention: table: error parsing regexp"},
		{yaml: `lint: {rules: {reserved-word: {engines: [oracle]}}}`, want: `unknown engine "oracle"`},
		{yaml: `lint: {accept: [{rule: fk-witout-index, object: t, reason: r}]}`, want: `lint.accept (t): unknown rule "fk-witout-index" (did you mean "fk-without-index"?)`},
		{yaml: `{}`, only: []string{"nope"}, want: `--rule: unknown rule "nope"`, flag: true},
	}
	for _, c := range cases {
		_, err := New(Options{Settings: parseLint(t, c.yaml), Only: c.only})
		var ce *ConfigError
		if !errors.As(err, &ce) || !strings.Contains(err.Error(), c.want) || ce.Flag != c.flag {
			t.Errorf("%s: err = %v; want a ConfigError (flag %v) containing %q", c.yaml, err, c.flag, c.want)
		}
	}
}

func TestOnlyRunsTheNamedRules(t *testing.T) {
	r := runWith(t, Options{Only: []string{"column-count", "no-primary-key"}}, shopModel())
	var ids []string
	for _, info := range r.Rules {
		ids = append(ids, info.ID)
	}
	if !slices.Equal(ids, []string{"no-primary-key", "column-count"}) {
		t.Errorf("rules run: %v", ids)
	}
}

func TestReportJSONIsStable(t *testing.T) {
	r := runWith(t, Options{}, shopModel())
	a, _ := json.Marshal(r)
	b, _ := json.Marshal(runWith(t, Options{}, shopModel()))
	if string(a) != string(b) {
		t.Error("two runs on one model must encode the same")
	}
	var back map[string]any
	if err := json.Unmarshal(a, &back); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"format_version", "dialect", "relations", "findings", "rules"} {
		if _, ok := back[key]; !ok {
			t.Errorf("JSON report lacks %q", key)
		}
	}
}

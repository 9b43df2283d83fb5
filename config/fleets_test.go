package config

import (
	"slices"
	"strings"
	"testing"
)

func TestParseFleets(t *testing.T) {
	c, err := Parse([]byte(`
environments:
  tenant-acme: postgres://app@db1/acme
  tenant-globex: postgres://app@db2/globex
  shared: postgres://app@db3/app
fleets:
  tenants:
    baseline: schema.json
    targets: ["tenant-*"]
  schemas:
    targets: [shared]
    schemas: ["tenant_*"]
    baseline_schema: template
`))
	if err != nil {
		t.Fatal(err)
	}
	f := c.Fleets["tenants"]
	if f.Baseline != "schema.json" || !slices.Equal(f.Targets, []string{"tenant-*"}) {
		t.Errorf("tenants fleet = %+v", f)
	}
	if s := c.Fleets["schemas"]; !slices.Equal(s.Schemas, []string{"tenant_*"}) || s.BaselineSchema != "template" {
		t.Errorf("schemas fleet = %+v", s)
	}
	got, err := c.MatchEnvironments("tenant-*")
	if err != nil || !slices.Equal(got, []string{"tenant-acme", "tenant-globex"}) {
		t.Errorf("MatchEnvironments = %v, %v", got, err)
	}
	if _, err := c.MatchEnvironments("["); err == nil {
		t.Error("a bad glob was accepted")
	}
}

func TestParseFleetsRejects(t *testing.T) {
	cases := []struct{ doc, want string }{
		{"fleets: {a: {}}", `fleet "a" has no targets`},
		{"fleets: {a: {targets: ['']}}", `fleet "a" has an empty target`},
		{"environments: {a: x.db}\nfleets: {a: {targets: [a]}}", `fleet "a" has the name of an environment`},
		{"fleets: {a: {targets: [x], schemas: ['[']}}", `fleet "a": bad pattern "["`},
		{"fleets: {a: {targets: [x], schemas: [a], databases: [b]}}", "sets both schemas and databases"},
		{"fleets: {a: {targets: [x], schema: [a]}}", `unknown key "fleets.a.schema" under fleets.a (did you mean "schemas"`},
	}
	for _, c := range cases {
		_, err := Parse([]byte(c.doc))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%q) = %v; want %q", c.doc, err, c.want)
		}
	}
}

func TestExpandURL(t *testing.T) {
	if _, err := ExpandURL("postgres://app:${DBI_TEST_FLEET_PW}@db/a", "tenants.txt line 3"); err == nil ||
		err.Error() != "config: tenants.txt line 3 uses ${DBI_TEST_FLEET_PW}, which is not set" {
		t.Errorf("unset variable: err = %v", err)
	}
	t.Setenv("DBI_TEST_FLEET_PW", "pw")
	if u, err := ExpandURL("postgres://app:${DBI_TEST_FLEET_PW}@db/a", "x"); err != nil || u != "postgres://app:pw@db/a" {
		t.Errorf("ExpandURL = %q, %v", u, err)
	}
	if u, err := ExpandURL("postgres://app:p$w@db/a", "x"); err != nil || u != "postgres://app:p$w@db/a" {
		t.Errorf("a bare $ must stay: %q, %v", u, err)
	}
}

package lint

import (
	"fmt"
	"regexp"
)

// namingConvention checks names against regular expressions: one for every kind, and one
// per kind of object that overrides it.
type namingConvention struct {
	// Match applies to every kind without a pattern of its own.
	Match      string `json:"match"`
	Schema     string `json:"schema"`
	Table      string `json:"table"`
	View       string `json:"view"`
	Column     string `json:"column"`
	Index      string `json:"index"`
	PrimaryKey string `json:"primary_key"`
	ForeignKey string `json:"foreign_key"`
	Unique     string `json:"unique"`
	CheckName  string `json:"check"`
	Trigger    string `json:"trigger"`
	Sequence   string `json:"sequence"`
	Enum       string `json:"enum"`
	Domain     string `json:"domain"`
	Function   string `json:"function"`

	compiled map[Kind]*regexp.Regexp
}

func (*namingConvention) Info() Info {
	return Info{
		ID:       "naming-convention",
		Title:    "name against the naming convention",
		Severity: Notice,
		OptIn:    true,
		Why:      "one naming convention lets people and ORMs guess names (the model attribute, the FK column, the index to drop) instead of looking them up",
		Fix:      "rename the object to match the convention",
		Params:   "match: ^[a-z][a-z0-9_]*$; per kind (overrides match): schema, table, view, column, index, primary_key, foreign_key, unique, check, trigger, sequence, enum, domain, function",
		SeeAlso:  "Atlas naming analyzer; tbls naming",
	}
}

func (r *namingConvention) Params() any { return r }

func (r *namingConvention) Validate() error {
	r.compiled = map[Kind]*regexp.Regexp{}
	patterns := map[Kind]string{KindSchema: r.Schema, KindTable: r.Table, KindView: r.View, KindColumn: r.Column,
		KindIndex: r.Index, KindPrimaryKey: r.PrimaryKey, KindForeignKey: r.ForeignKey, KindUnique: r.Unique,
		KindCheck: r.CheckName, KindTrigger: r.Trigger, KindSequence: r.Sequence, KindEnum: r.Enum,
		KindDomain: r.Domain, KindFunction: r.Function}
	for kind, p := range patterns {
		if p == "" {
			p = r.Match
		}
		re, err := regexp.Compile(p)
		if err != nil {
			return fmt.Errorf("%s: %v", kind, err)
		}
		r.compiled[kind] = re
	}
	return nil
}

func (r *namingConvention) Check(c *Check) {
	eachName(c, nil, func(n nameAt) {
		if re := r.compiled[n.kind]; re != nil && !re.MatchString(n.name) {
			c.Report(n.finding(fmt.Sprintf("%s %s does not match %s", n.kind.what(), q(n.name), re)))
		}
	})
}

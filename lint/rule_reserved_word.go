package lint

import (
	"fmt"
	"strings"
)

// reservedWord finds names that are reserved words in one of the engines dbinspect reads.
type reservedWord struct {
	// Engines limits the check to these engines' lists: postgres, mysql, mariadb, sqlite.
	Engines []string `json:"engines"`
}

func (*reservedWord) Info() Info {
	return Info{
		ID:       "reserved-word",
		Title:    "name that is a reserved word",
		Severity: Warning,
		Why:      "a reserved word must be quoted in every hand-written query, report and migration, in every engine that reserves it; one unquoted use is a syntax error, often only on the engine a team moves to",
		Fix:      "rename the object (user → app_user, order → sort_order), or quote it everywhere",
		Params:   "engines: [postgres, mysql, mariadb, sqlite] (the lists to check against; reserved/*.txt says where each comes from)",
		SeeAlso:  "SchemaCrawler LinterTableWithQuotedNames",
	}
}

func (r *reservedWord) Params() any { return r }

func (r *reservedWord) Validate() error {
	for _, e := range r.Engines {
		if engineName(e) == "" {
			return fmt.Errorf("engines: unknown engine %q (want postgres, mysql, mariadb or sqlite)", e)
		}
	}
	return nil
}

func engineName(key string) string {
	for _, e := range reservedEngines {
		if strings.EqualFold(e.key, key) {
			return e.name
		}
	}
	return ""
}

func (r *reservedWord) Check(c *Check) {
	kinds := []Kind{KindSchema, KindTable, KindView, KindColumn, KindSequence, KindEnum, KindDomain}
	eachName(c, kinds, func(n nameAt) {
		if engines := reservedIn(n.name, r.Engines); len(engines) > 0 {
			c.Report(n.finding(fmt.Sprintf("%s %s is a reserved word in %s", n.kind.what(), q(n.name), andList(engines))))
		}
	})
}

// andList joins words as prose: "a", "a and b", "a, b and c".
func andList(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

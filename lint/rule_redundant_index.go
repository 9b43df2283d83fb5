package lint

import (
	"fmt"
	"slices"

	"github.com/dbinspect/dbinspect/schema"
)

// redundantIndex finds indexes whose key parts are the leading key parts of a longer index.
type redundantIndex struct{}

func (redundantIndex) Info() Info {
	return Info{
		ID:       "redundant-index",
		Title:    "index made redundant by a longer one",
		Severity: Warning,
		Why:      "the longer index serves every lookup the shorter one does, so the shorter one only costs writes, space and cache",
		Fix:      "drop the shorter index (keep it only if its smaller size is measured to matter)",
		SeeAlso:  "SchemaCrawler LinterRedundantIndexes; pg-index-health intersected_indexes",
	}
}

func (redundantIndex) Check(c *Check) {
	c.Tables(func(s *schema.Schema, t *schema.Table) {
		for _, a := range t.Indexes {
			if a.Unique || a.Constraint != "" || !orderedMethod(a) || len(a.Include) > 0 {
				continue // a unique index enforces something on its own columns; INCLUDE has its own purpose
			}
			for _, b := range t.Indexes {
				if b.Name == a.Name || !covers(b, a) {
					continue
				}
				msg := fmt.Sprintf("index %s (%s) is a prefix of %s (%s)", q(a.Name), list(a.Columns), q(b.Name), list(b.Columns))
				if len(a.Parts) == len(b.Parts) {
					msg = fmt.Sprintf("index %s (%s) has the same key as the unique index %s", q(a.Name), list(a.Columns), q(b.Name))
				}
				f := memberFinding(s, t.Name, KindIndex, a.Name, a.Columns, msg)
				f.Fix = dropIndexSQL(c.Dialect(), s.Name, t.Name, a.Name)
				c.Report(f)
				break
			}
		}
	})
}

// covers reports whether index b serves every lookup a serves: same method and predicate,
// and a's key parts are b's first key parts. Equal parts count only when b is unique and a
// is not (otherwise the two are duplicates, another rule's business).
func covers(b, a schema.Index) bool {
	if b.Method != a.Method || b.Where != a.Where || b.Invisible || len(b.Parts) < len(a.Parts) {
		return false
	}
	if len(b.Parts) == len(a.Parts) && !(b.Unique && !a.Unique) {
		return false
	}
	return slices.Equal(b.Parts[:len(a.Parts)], a.Parts)
}

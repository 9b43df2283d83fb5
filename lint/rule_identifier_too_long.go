package lint

import (
	"fmt"
	"strings"
)

// identifierTooLong finds names longer than PostgreSQL keeps (63 bytes) and, on PostgreSQL,
// names exactly that long, which are usually longer names the server cut short.
type identifierTooLong struct {
	MaxBytes int `json:"max_bytes"`
}

func (*identifierTooLong) Info() Info {
	return Info{
		ID:       "identifier-too-long",
		Title:    "name longer than PostgreSQL keeps",
		Severity: Warning,
		Why:      "PostgreSQL silently truncates names to 63 bytes and MySQL refuses names over 64 characters, so a migration or query that spells the full name misses the object, and two long names can collide",
		Fix:      "rename the object to a shorter name, and use that name in the models and migrations",
		Params:   "max_bytes: 63 (PostgreSQL's NAMEDATALEN - 1)",
		SeeAlso:  "pg-index-health possible_object_name_truncation",
	}
}

func (r *identifierTooLong) Params() any { return r }

func (r *identifierTooLong) Validate() error {
	if r.MaxBytes < 1 {
		return fmt.Errorf("max_bytes must be at least 1 (got %d)", r.MaxBytes)
	}
	return nil
}

func (r *identifierTooLong) Check(c *Check) {
	pg := dialectOf(c.Dialect()).truncatesNames
	eachName(c, nil, func(n nameAt) {
		switch size := len(n.name); {
		case size > r.MaxBytes:
			c.Report(n.finding(fmt.Sprintf("%s name is %d bytes, over %d: PostgreSQL would cut it short and MySQL refuses names over 64 characters",
				n.kind.what(), size, r.MaxBytes)))
		case pg && size == r.MaxBytes && r.MaxBytes == 63 && !generatedName(n.name):
			c.Report(n.finding(fmt.Sprintf("%s name is exactly 63 bytes, PostgreSQL's limit: it was probably cut short from a longer name in the DDL", n.kind.what())))
		}
	})
}

// generatedName reports whether a name ends the way PostgreSQL ends the names it makes up
// for constraints, indexes and sequences: a 63-byte one was shortened by the server from the
// table and column names, which are checked themselves.
func generatedName(name string) bool {
	for _, suffix := range []string{"_pkey", "_key", "_fkey", "_idx", "_seq", "_excl", "_check", "_not_null"} {
		if strings.HasSuffix(name, suffix) {
			return true
		}
	}
	return false
}

package lint

import (
	"fmt"
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

// nullableUnique finds unique keys with a nullable column: rows with NULL there never
// collide, so the key does not keep them unique.
type nullableUnique struct {
	SingleColumn bool `json:"single_column"`
}

func (*nullableUnique) Info() Info {
	return Info{
		ID:       "nullable-unique",
		Title:    "nullable column in a unique key",
		Severity: Warning,
		Why:      "NULL never equals NULL, so rows that have NULL in a column of the key are never duplicates of each other: (tenant_id, email) with a NULL tenant_id admits the same email twice",
		Fix:      "make the columns NOT NULL, use NULLS NOT DISTINCT (PostgreSQL 15), or a partial unique index WHERE col IS NOT NULL",
		Params:   "single_column: false (also report one-column keys, where several NULLs are usually intended)",
		SeeAlso:  "SchemaCrawler LinterNullColumnsInIndex",
	}
}

func (r *nullableUnique) Params() any     { return r }
func (r *nullableUnique) Validate() error { return nil }

func (r *nullableUnique) Check(c *Check) {
	c.Tables(func(s *schema.Schema, t *schema.Table) {
		backed := map[string]bool{}
		for _, u := range t.Uniques {
			backed[u.Name] = true
			r.check(c, s, t, KindUnique, u.Name, u.Columns, u.NullsNotDistinct, "")
		}
		for _, x := range t.Indexes {
			if !x.Unique || x.Constraint != "" || backed[x.Name] {
				continue
			}
			if len(leadingColumns(x)) != len(x.Parts) {
				continue // an expression key: what is NULL in it is not a column's nullability
			}
			r.check(c, s, t, KindIndex, x.Name, x.Columns, x.NullsNotDistinct, x.Where)
		}
	})
}

func (r *nullableUnique) check(c *Check, s *schema.Schema, t *schema.Table, kind Kind, name string, cols []string, nullsNotDistinct bool, where string) {
	if nullsNotDistinct || len(cols) == 1 && !r.SingleColumn {
		return
	}
	var nullable []string
	for _, name := range cols {
		col := findColumn(c.Dialect(), t, name)
		if col != nil && col.Nullable && !excludesNulls(where, col.Name) {
			nullable = append(nullable, col.Name)
		}
	}
	if len(nullable) == 0 {
		return
	}
	what := "unique key"
	if kind == KindIndex {
		what = "unique index"
	}
	c.Report(memberFinding(s, t.Name, kind, name, nullable,
		fmt.Sprintf("%s %s (%s): %s nullable, so rows with NULL there are never duplicates", what, q(name), list(cols), isAre(nullable))))
}

// excludesNulls reports whether a partial index's predicate keeps NULLs of col out.
func excludesNulls(where, col string) bool {
	w := strings.ToLower(strings.Join(strings.Fields(where), " "))
	c := strings.ToLower(col)
	for _, form := range []string{c, `"` + c + `"`, "`" + c + "`", "(" + c + ")"} {
		if strings.Contains(w, form+" is not null") {
			return true
		}
	}
	return false
}

func isAre(cols []string) string {
	if len(cols) == 1 {
		return list(cols) + " is"
	}
	return list(cols) + " are"
}

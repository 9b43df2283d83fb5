package diff

import (
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

// Identifier case. MySQL/MariaDB column names and every SQLite table and column name are
// case-insensitive: `Name` and `name` are one column, and a model that says `Name` where the
// other says `name` describes a rename of case (CHANGE COLUMN, RENAME COLUMN), never a drop and
// an add, which fails on the engine and would lose the values if it ran. MySQL table names are
// case-sensitive unless the server says otherwise (lower_case_table_names, read by the
// inspector into MySQLSchema.LowerCaseTableNames).

// foldsColumns reports whether column names compare without case on this pairing.
func (d *differ) foldsColumns() bool {
	return !d.cross && rulesOf(d.from.dialect).foldsNames
}

// foldsTables reports whether table names of these schemas compare without case.
func (d *differ) foldsTables(fs, ts *schema.Schema) bool {
	if d.cross {
		return false
	}
	return rulesOf(d.from.dialect).foldsTables(fs, ts)
}

func lowerCaseTableNames(sc *schema.Schema) int {
	if sc == nil || sc.MySQL == nil {
		return 0
	}
	return sc.MySQL.LowerCaseTableNames
}

// colKey is a column name as it compares: folded where names are case-insensitive.
func (d *differ) colKey(name string) string {
	if d.foldsColumns() {
		return strings.ToLower(name)
	}
	return name
}

// colList is a list of column names as it compares.
func (d *differ) colList(cols []string) string {
	if d.foldsColumns() {
		return strings.ToLower(strings.Join(cols, ","))
	}
	return strings.Join(cols, ",")
}

// caseRenames pairs, among the FROM and TO objects left without a partner of the same name,
// those whose names differ only in case, where exactly one candidate has the name on each side.
// It returns the pairs (FROM index → TO index).
func caseRenames(from, to []string) map[int]int {
	byFold := map[string][]int{}
	for j, n := range to {
		k := strings.ToLower(n)
		byFold[k] = append(byFold[k], j)
	}
	fromCount := map[string]int{}
	for _, n := range from {
		fromCount[strings.ToLower(n)]++
	}
	out := map[int]int{}
	for i, n := range from {
		k := strings.ToLower(n)
		if c := byFold[k]; len(c) == 1 && fromCount[k] == 1 {
			out[i] = c[0]
		}
	}
	return out
}

package diff

import "strings"

// LayoutSQL lays out a query or expression for people to read and compare line by line:
// one canonical spacing (the tokenizer's), a line per clause (FROM, WHERE, JOIN …, GROUP BY),
// a line per select-list item, and a line per AND/OR condition of a WHERE, HAVING or ON,
// indented by parenthesis depth. Two texts that differ only in white space lay out the same,
// so a unified diff of two layouts shows only what changed (a new WHERE condition is one
// added line). Comments are dropped, as the tokenizer drops them. It lives beside the
// tokenizer it uses; package output calls it to render changed definitions.
func LayoutSQL(s string) string {
	toks := tokenize(s)
	var b strings.Builder
	depth := 0
	// clause is the clause keyword open at each depth: it decides where commas and
	// conditions break.
	clause := map[int]string{}
	between := false
	newline := func(extra int) {
		b.WriteByte('\n')
		b.WriteString(strings.Repeat("  ", max(0, depth+extra)))
	}
	for i, t := range toks {
		up := strings.ToUpper(t.text)
		switch {
		case i == 0:
		case t.kind == tokWord && startsClause(toks, i):
			newline(0)
			clause[depth] = up
			if joinModifier[up] {
				clause[depth] = "JOIN"
			}
		case t.kind == tokWord && (up == "AND" || up == "OR") && isCondClause(clause[depth]) && !(up == "AND" && between):
			newline(1)
		case toks[i-1].kind == tokComma && clause[depth] == "SELECT":
			newline(1)
		case layoutSpace(toks[i-1], t):
			b.WriteByte(' ')
		}
		b.WriteString(t.text)
		switch {
		case t.kind == tokOpen:
			depth++
			delete(clause, depth)
			// Parentheses that group conditions (not a call's arguments) keep breaking them.
			if outer := clause[depth-1]; isCondClause(outer) && (i == 0 || !isCall(toks[i-1])) {
				clause[depth] = outer
			}
		case t.kind == tokClose && depth > 0:
			depth--
		case up == "BETWEEN":
			between = true
		case up == "AND":
			between = false
		}
		if t.kind == tokWord && up == "SELECT" {
			clause[depth] = "SELECT"
		}
	}
	return b.String()
}

// clauseWords start a clause on a line of their own. Multi-word clauses (GROUP BY, LEFT
// JOIN) break before their first word.
var clauseWords = map[string]bool{
	"SELECT": true, "FROM": true, "WHERE": true, "HAVING": true, "LIMIT": true, "OFFSET": true,
	"UNION": true, "INTERSECT": true, "EXCEPT": true, "WINDOW": true, "RETURNING": true,
	"VALUES": true, "JOIN": true,
}

// startsClause reports whether toks[i] begins a clause.
func startsClause(toks []token, i int) bool {
	up := strings.ToUpper(toks[i].text)
	next := ""
	if i+1 < len(toks) {
		next = strings.ToUpper(toks[i+1].text)
	}
	prev := strings.ToUpper(toks[i-1].text)
	switch up {
	case "GROUP", "ORDER", "PARTITION":
		return next == "BY" && up != "PARTITION"
	case "LEFT", "RIGHT", "FULL", "INNER", "CROSS", "NATURAL":
		return next == "JOIN" || next == "OUTER" || up == "NATURAL"
	case "JOIN":
		return !joinModifier[prev]
	case "OUTER":
		return false
	case "SELECT":
		return prev != "(" && prev != "UNION" && prev != "ALL" && prev != "INTERSECT" && prev != "EXCEPT"
	case "FROM":
		// EXTRACT(year FROM x), SUBSTRING(s FROM 2) and IS DISTINCT FROM are no clauses.
		return toks[i-1].kind != tokOpen && prev != "DISTINCT" && !insideCall(toks, i)
	}
	return clauseWords[up]
}

var joinModifier = map[string]bool{"LEFT": true, "RIGHT": true, "FULL": true, "INNER": true, "CROSS": true, "OUTER": true, "NATURAL": true}

// insideCall reports whether toks[i] sits directly inside a function call's parentheses
// (f(… FROM …)), where FROM is an argument keyword, not a clause.
func insideCall(toks []token, i int) bool {
	depth := 0
	for j := i - 1; j >= 0; j-- {
		switch toks[j].kind {
		case tokClose:
			depth++
		case tokOpen:
			if depth == 0 {
				return j > 0 && toks[j-1].kind == tokWord && strings.ToUpper(toks[j-1].text) != "IN" &&
					strings.ToUpper(toks[j-1].text) != "EXISTS" && j+1 < len(toks) && strings.ToUpper(toks[j+1].text) != "SELECT"
			}
			depth--
		}
	}
	return false
}

// layoutSpace is needsSpace with SQL's keywords kept apart from their parentheses
// (MySQL writes on(…), PostgreSQL ON (…)), and no space around :: casts or before ; and ,.
func layoutSpace(prev, cur token) bool {
	switch {
	case cur.text == "::" || prev.text == "::" || cur.text == ";":
		return false
	case cur.kind == tokOpen && prev.kind == tokWord && !isCall(prev):
		return true
	}
	return needsSpace(prev, cur)
}

// isCall reports whether a word before "(" names a function rather than being a keyword.
func isCall(t token) bool {
	if t.kind == tokIdent {
		return true
	}
	return t.kind == tokWord && !layoutKeywords[strings.ToUpper(t.text)]
}

var layoutKeywords = map[string]bool{
	"FROM": true, "IN": true, "ON": true, "AND": true, "OR": true, "NOT": true, "JOIN": true,
	"WHERE": true, "EXISTS": true, "AS": true, "SELECT": true, "USING": true, "VALUES": true,
	"BY": true, "HAVING": true, "WHEN": true, "THEN": true, "ELSE": true, "CASE": true,
	"UNION": true, "ALL": true, "ANY": true, "SOME": true, "WITH": true, "LATERAL": true, "CHECK": true,
}

func isCondClause(c string) bool { return c == "WHERE" || c == "HAVING" || c == "ON" || c == "JOIN" }

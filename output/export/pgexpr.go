package export

// pgPretty removes the parentheses PostgreSQL's plain deparse adds and its pretty one
// (pg_get_indexdef(…, true), which SQLAlchemy reflects index expressions with) leaves out:
// a doubled pair, ((x)) -> (x), and a pair around a bare name before a cast, (name)::text ->
// name::text. Alembic compares index expressions as text, so the models write the pretty
// form; both mean the same to PostgreSQL. String literals and quoted names are left alone.
func pgPretty(expr string) string {
	match := map[int]int{}
	var stack []int
	for i := 0; i < len(expr); i++ {
		switch c := expr[i]; c {
		case '\'', '"':
			for i++; i < len(expr) && expr[i] != c; i++ {
			}
		case '(':
			stack = append(stack, i)
		case ')':
			if len(stack) == 0 {
				return expr // unbalanced: leave it as it is
			}
			match[stack[len(stack)-1]] = i
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) > 0 {
		return expr
	}
	drop := map[int]bool{}
	for open, closing := range match {
		inner, ok := match[open+1]
		if ok && inner == closing-1 {
			drop[open], drop[closing] = true, true // ((x)) -> (x)
			continue
		}
		if bareName(expr[open+1:closing]) && closing+2 < len(expr) && expr[closing+1:closing+3] == "::" &&
			(open == 0 || !identChar(expr[open-1])) {
			drop[open], drop[closing] = true, true // (name)::text -> name::text
		}
	}
	if len(drop) == 0 {
		return expr
	}
	out := make([]byte, 0, len(expr))
	for i := 0; i < len(expr); i++ {
		if !drop[i] {
			out = append(out, expr[i])
		}
	}
	return string(out)
}

func identChar(c byte) bool {
	return c == '_' || c == '$' || c == '.' || c == '"' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func bareName(s string) bool {
	if s == "" {
		return false
	}
	if s[0] == '"' {
		return len(s) > 1 && s[len(s)-1] == '"'
	}
	for i := 0; i < len(s); i++ {
		if !identChar(s[i]) || s[i] == '"' {
			return false
		}
	}
	return true
}

package diff

import (
	"strings"
	"unicode"

	"github.com/dbinspect/dbinspect/sqltext"
)

// SQL text (defaults, check expressions, index predicates, view definitions) is compared as a
// list of tokens rather than as a string: white space, line breaks and keyword case then cannot
// make two equal expressions differ, and the normalisation rules in rules.go work on tokens,
// where "is this a cast?" or "are these parentheses redundant?" can be answered safely.

type tokenKind int

const (
	tokWord   tokenKind = iota // keyword or unquoted identifier
	tokIdent                   // quoted identifier; text keeps its quotes
	tokString                  // string literal, quotes included ('x', $$x$$)
	tokNumber                  // numeric literal
	tokOp                      // operator or punctuation other than parentheses and commas
	tokOpen                    // (
	tokClose                   // )
	tokComma                   // ,
)

type token struct {
	kind tokenKind
	text string
	pos  int // byte offset in the text tokenized
}

// tokenize splits SQL text into tokens. It never fails: a stray character becomes an operator
// token, so malformed text still compares by its spelling.
func tokenize(s string) []token {
	var out []token
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			i++
		case c == '-' && strings.HasPrefix(s[i:], "--"):
			i = sqltext.LineCommentEnd(s, i)
		case c == '/' && strings.HasPrefix(s[i:], "/*"):
			i = sqltext.BlockCommentEnd(s, i, false)
		case c == '\'':
			// A backslash escapes a quote in any dialect here: MySQL writes 'it\'s', and
			// PostgreSQL and SQLite texts rarely end a string with a backslash.
			end := sqltext.QuotedEnd(s, i, true)
			out = append(out, token{tokString, s[i:end], i})
			i = end
		case c == '"' || c == '`':
			end := sqltext.QuotedEnd(s, i, false)
			out = append(out, token{tokIdent, s[i:end], i})
			i = end
		case c == '$' && sqltext.DollarTag(s[i:]) != "":
			end := sqltext.DollarEnd(s, i, sqltext.DollarTag(s[i:]))
			out = append(out, token{tokString, s[i:end], i})
			i = end
		case c >= '0' && c <= '9' || c == '.' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
			end := numberEnd(s, i)
			out = append(out, token{tokNumber, s[i:end], i})
			i = end
		case sqltext.IsWordStart(c):
			end := i
			for end < len(s) && sqltext.IsWordByte(s[end]) {
				end++
			}
			out = append(out, token{tokWord, s[i:end], i})
			i = end
		case c == '(':
			out = append(out, token{tokOpen, "(", i})
			i++
		case c == ')':
			out = append(out, token{tokClose, ")", i})
			i++
		case c == ',':
			out = append(out, token{tokComma, ",", i})
			i++
		default:
			end := i + 1
			for end < len(s) && strings.IndexByte(opChars, s[end]) >= 0 && strings.IndexByte(opChars, c) >= 0 {
				end++
			}
			out = append(out, token{tokOp, s[i:end], i})
			i = end
		}
	}
	return out
}

// opChars may combine into one operator token (>=, <>, ::, ||, ->>).
const opChars = "+-*/<>=~!@#%^&|?:"

func numberEnd(s string, i int) int {
	j := i
	for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == '.') {
		j++
	}
	if j < len(s) && (s[j] == 'e' || s[j] == 'E') {
		k := j + 1
		if k < len(s) && (s[k] == '+' || s[k] == '-') {
			k++
		}
		if k < len(s) && s[k] >= '0' && s[k] <= '9' {
			j = k
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
		}
	}
	return j
}

// join writes tokens back as text with one canonical spacing, so equal token lists give equal
// strings: a space between tokens except inside calls and lists.
func join(toks []token) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 && needsSpace(toks[i-1], t) {
			b.WriteByte(' ')
		}
		b.WriteString(t.text)
	}
	return b.String()
}

func needsSpace(prev, cur token) bool {
	switch {
	case cur.kind == tokClose || cur.kind == tokComma || prev.kind == tokOpen:
		return false
	case cur.kind == tokOpen && (prev.kind == tokWord || prev.kind == tokIdent) && !isBooleanWord(prev.text):
		return false // a call: f(x)
	case cur.text == "." || prev.text == ".":
		return false
	}
	return true
}

// isBooleanWord reports the keywords that combine conditions; they bind looser than any
// comparison, which is what makes parentheses around a comparison removable.
func isBooleanWord(w string) bool {
	switch strings.ToLower(w) {
	case "and", "or", "not", "when", "then", "else", "where", "check":
		return true
	}
	return false
}

// isComparison reports the comparison operators: they bind looser than arithmetic and tighter
// than AND/OR/NOT in every engine dbinspect reads.
func isComparison(t token) bool {
	if t.kind == tokOp {
		switch t.text {
		case "=", "<>", "!=", "<", ">", "<=", ">=", "==":
			return true
		}
	}
	if t.kind == tokWord {
		switch strings.ToLower(t.text) {
		case "like", "ilike", "is", "in", "between", "regexp", "glob", "similar":
			return true
		}
	}
	return false
}

// collapseSpace folds runs of white space into one space and trims the ends: the safe
// normalisation for bodies of code (functions, trigger bodies), where tokens inside strings and
// identifiers must stay exactly as written.
func collapseSpace(s string) string {
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

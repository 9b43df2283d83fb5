package sqltext

import "strings"

// The scanning primitives every reader of SQL text needs. Each returns an offset just past
// what it skipped and never fails: an unterminated quote or comment runs to the end of the
// text, so malformed input still reads (and compares) by its spelling.

// QuotedEnd returns the offset just past the quoted text opening at s[open] (a ', " or `).
// A doubled quote is part of the text; with backslashes, a backslash escapes the next byte
// (MySQL's string literals in the default sql_mode, PostgreSQL's E'…' strings).
func QuotedEnd(s string, open int, backslashes bool) int {
	q := s[open]
	for j := open + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			if backslashes {
				j++
			}
		case q:
			if j+1 < len(s) && s[j+1] == q {
				j++
				continue
			}
			return j + 1
		}
	}
	return len(s)
}

// BracketEnd returns the offset just past the [name] opening at s[open] (SQLite, from SQL
// Server); brackets have no escape, the first ] ends the name.
func BracketEnd(s string, open int) int {
	if j := strings.IndexByte(s[open+1:], ']'); j >= 0 {
		return open + 1 + j + 1
	}
	return len(s)
}

// DollarTag returns the PostgreSQL dollar-quote opener ($$ or $tag$) at the start of s, or "".
// A tag is an identifier without $ that does not start with a digit, so $1 is a parameter.
func DollarTag(s string) string {
	for j := 1; j < len(s); j++ {
		c := s[j]
		switch {
		case c == '$':
			return s[:j+1]
		case !IsWordStart(c) && !(j > 1 && IsDigit(c)):
			return ""
		}
	}
	return ""
}

// DollarEnd returns the offset just past the dollar-quoted text opening at s[open] with tag.
func DollarEnd(s string, open int, tag string) int {
	if j := strings.Index(s[open+len(tag):], tag); j >= 0 {
		return open + len(tag) + j + len(tag)
	}
	return len(s)
}

// LineCommentEnd returns the offset of the newline ending the -- (or MySQL #) comment at
// s[i], or len(s).
func LineCommentEnd(s string, i int) int {
	if j := strings.IndexByte(s[i:], '\n'); j >= 0 {
		return i + j
	}
	return len(s)
}

// BlockCommentEnd returns the offset just past the /* */ comment opening at s[i]. PostgreSQL
// nests block comments (nested); MySQL and SQLite end at the first */.
func BlockCommentEnd(s string, i int, nested bool) int {
	depth := 0
	for j := i; j+1 < len(s); j++ {
		switch {
		case s[j] == '/' && s[j+1] == '*' && (nested || depth == 0):
			depth++
			j++
		case s[j] == '*' && s[j+1] == '/':
			depth--
			j++
			if depth == 0 {
				return j + 1
			}
		}
	}
	return len(s)
}

// IsDigit reports an ASCII digit.
func IsDigit(c byte) bool { return c >= '0' && c <= '9' }

// IsWordStart reports a byte that may start an unquoted identifier or keyword: a letter, _,
// or any byte of a multi-byte UTF-8 character (all three engines take those unquoted).
func IsWordStart(c byte) bool {
	return c == '_' || c|0x20 >= 'a' && c|0x20 <= 'z' || c >= 0x80
}

// IsWordByte reports a byte that may continue an unquoted identifier: also digits and $.
func IsWordByte(c byte) bool { return IsWordStart(c) || IsDigit(c) || c == '$' }

// IsPlainIdent reports a name that PostgreSQL prints without quotes (format_type,
// pg_get_*def): lower case letters, digits, _ and $, not starting with a digit or $.
// Reserved words are the caller's concern.
func IsPlainIdent(s string) bool {
	if s == "" || !(s[0] == '_' || s[0] >= 'a' && s[0] <= 'z') {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c == '$' || c >= 'a' && c <= 'z' || IsDigit(c)) {
			return false
		}
	}
	return true
}

// SplitTopLevel splits s at each sep that lies outside parentheses, brackets, quotes and
// dollar quotes: "a, f(b, c), 'd,e'" at ',' is ["a", " f(b, c)", " 'd,e'"]. An empty or
// blank s has no parts.
func SplitTopLevel(s string, sep byte) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\'' || c == '"' || c == '`':
			i = QuotedEnd(s, i, false)
			continue
		case c == '$':
			if tag := DollarTag(s[i:]); tag != "" {
				i = DollarEnd(s, i, tag)
				continue
			}
		case c == '(' || c == '[':
			depth++
		case c == ')' || c == ']':
			depth--
		case c == sep && depth == 0:
			out = append(out, s[start:i])
			start = i + 1
		}
		i++
	}
	return append(out, s[start:])
}

// SplitQualified splits a possibly quoted, possibly schema-qualified name into its unquoted
// parts: `"Co S"."natural"` is [Co S, natural]; a doubled quote inside quotes is one quote.
func SplitQualified(s string) []string {
	if s == "" {
		return nil
	}
	var parts []string
	var b strings.Builder
	quoted := false
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch == '"' && quoted && i+1 < len(s) && s[i+1] == '"':
			b.WriteByte('"')
			i++
		case ch == '"':
			quoted = !quoted
		case ch == '.' && !quoted:
			parts = append(parts, b.String())
			b.Reset()
		default:
			b.WriteByte(ch)
		}
	}
	return append(parts, b.String())
}

// MatchingParen returns the offset of the parenthesis closing the one at s[open], or -1,
// skipping quoted text (with backslashes, a backslash escapes inside '…' and "…" strings, as
// in MySQL).
func MatchingParen(s string, open int, backslashes bool) int {
	depth := 0
	for i := open; i < len(s); {
		switch c := s[i]; c {
		case '\'', '"', '`':
			i = QuotedEnd(s, i, backslashes && c != '`')
			continue
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i
			}
		}
		i++
	}
	return -1
}

// Wrapped reports whether s is one parenthesized expression: "(a + b)" is, "(a) + (b)" is not.
func Wrapped(s string, backslashes bool) bool {
	return len(s) >= 2 && s[0] == '(' && s[len(s)-1] == ')' && MatchingParen(s, 0, backslashes) == len(s)-1
}

package inspector

import "github.com/dbinspect/dbinspect/sqltext"

// A tokenizer for the SQL text SQLite keeps in sqlite_schema.sql.
//
// SQLite's pragmas say nothing about CHECK constraints, constraint names, generated column
// expressions, AUTOINCREMENT, column collations or DEFERRABLE; only the CREATE statement
// holds them. A regex cannot read that text reliably (a ')' inside a string, a comment or a
// quoted name breaks it), so it is tokenized here the way SQLite's own tokenizer does it:
// strings and the four identifier quotings, both comment styles, and bytes >= 0x80 as
// identifier characters. Malformed input (an unterminated quote or comment) never fails: the
// token simply runs to the end of the text. The parser (sqlite_parse.go) is as forgiving.
// The quote and comment rules are sqltext's, shared with every other reader of SQL text.

type tokKind uint8

const (
	tokWord   tokKind = iota // a bare identifier or keyword
	tokQuoted                // an identifier in "…", `…` or […]
	tokString                // a string literal '…' (SQLite also accepts one as a name)
	tokNumber                // a numeric literal
	tokBlob                  // a blob literal X'…'
	tokPunct                 // any other single character: ( ) , ; . operators …
)

// token is one lexical token: its kind and its byte span in the SQL text.
type token struct {
	kind       tokKind
	start, end int
}

// tokenize appends the tokens of sql to buf[:0] and returns it; reusing buf saves allocations
// when thousands of statements are read.
func tokenize(sql string, buf []token) []token {
	toks := buf[:0]
	for i := 0; i < len(sql); {
		c := sql[i]
		switch {
		case isSpace(c):
			i++
			continue
		case c == '-' && i+1 < len(sql) && sql[i+1] == '-':
			i = sqltext.LineCommentEnd(sql, i)
			continue
		case c == '/' && i+1 < len(sql) && sql[i+1] == '*':
			i = sqltext.BlockCommentEnd(sql, i, false)
			continue
		}
		start := i
		kind := tokPunct
		switch {
		case c == '\'':
			kind, i = tokString, sqltext.QuotedEnd(sql, i, false)
		case c == '"' || c == '`':
			kind, i = tokQuoted, sqltext.QuotedEnd(sql, i, false)
		case c == '[':
			kind, i = tokQuoted, sqltext.BracketEnd(sql, i)
		case (c == 'x' || c == 'X') && i+1 < len(sql) && sql[i+1] == '\'':
			kind, i = tokBlob, sqltext.QuotedEnd(sql, i+1, false)
		case isDigit(c) || (c == '.' && i+1 < len(sql) && isDigit(sql[i+1])):
			kind, i = tokNumber, skipNumber(sql, i)
		case isIdentChar(c):
			kind, i = tokWord, skipWord(sql, i)
		default:
			i++
		}
		toks = append(toks, token{kind: kind, start: start, end: i})
	}
	return toks
}

// The byte classes of the tokenizer, one table lookup per byte instead of a chain of
// comparisons: the CREATE TABLE texts of a 5,000-table schema are megabytes, and testing
// each byte in turn was a third of the parse.
const (
	classSpace = 1 << iota // the characters SQLite's tokenizer treats as white space
	classDigit
	// classIdent: a byte of a bare name. SQLite lets every byte >= 0x80 appear in one, so
	// UTF-8 names need no quotes.
	classIdent
)

var byteClass = func() (t [256]uint8) {
	for i := range t {
		c := byte(i)
		if c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' {
			t[i] |= classSpace
		}
		if c >= '0' && c <= '9' {
			t[i] |= classDigit | classIdent
		}
		if c == '_' || c == '$' || c >= 0x80 || (c|0x20 >= 'a' && c|0x20 <= 'z') {
			t[i] |= classIdent
		}
	}
	return t
}()

func isSpace(c byte) bool { return byteClass[c]&classSpace != 0 }

func isDigit(c byte) bool { return byteClass[c]&classDigit != 0 }

func isIdentChar(c byte) bool { return byteClass[c]&classIdent != 0 }

func skipNumber(sql string, i int) int {
	for i < len(sql) {
		c := sql[i]
		switch {
		case isDigit(c) || c == '.' || c == '_' || (c|0x20 >= 'a' && c|0x20 <= 'z'):
			i++
		case (c == '+' || c == '-') && (sql[i-1]|0x20 == 'e'):
			i++ // exponent sign, as in 1e-5
		default:
			return i
		}
	}
	return i
}

func skipWord(sql string, i int) int {
	for i < len(sql) && isIdentChar(sql[i]) {
		i++
	}
	return i
}

// unquote returns the name a token stands for, the way SQLite dequotes it: outer quotes
// removed and doubled quotes collapsed; a bracketed name is taken literally.
func unquote(s string) string {
	if len(s) < 2 {
		return s
	}
	q := s[0]
	switch q {
	case '[':
		if s[len(s)-1] == ']' {
			return s[1 : len(s)-1]
		}
		return s[1:]
	case '"', '`', '\'':
	default:
		return s
	}
	body := s[1:]
	if body[len(body)-1] == q {
		body = body[:len(body)-1]
	}
	var out []byte
	for i := 0; i < len(body); i++ {
		if body[i] == q && i+1 < len(body) && body[i+1] == q {
			if out == nil {
				out = append(make([]byte, 0, len(body)), body[:i]...)
			}
			out = append(out, q)
			i++
			continue
		}
		if out != nil {
			out = append(out, body[i])
		}
	}
	if out == nil {
		return body
	}
	return string(out)
}

// foldASCII lower-cases ASCII letters only: SQLite compares names case-insensitively for
// ASCII and exactly for everything else.
func foldASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// equalFoldASCII compares two names as SQLite does.
func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if x >= 'A' && x <= 'Z' {
			x += 'a' - 'A'
		}
		if y >= 'A' && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

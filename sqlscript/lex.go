package sqlscript

import (
	"strings"

	"github.com/dbinspect/dbinspect/schema"
	"github.com/dbinspect/dbinspect/sqltext"
)

// The lexer knows only what finding the end of a statement needs: where strings, quoted
// names, comments and dollar quotes begin and end, and the client commands each engine's
// shell reads itself. Malformed input never fails: an unterminated quote or comment runs to
// the end of the text, and the server then says what is wrong, as it would with its client.

type tokKind uint8

const (
	tokWord      tokKind = iota // a bare identifier, keyword or number
	tokQuoted                   // an identifier in "…", `…` or […]
	tokString                   // a string literal, a dollar-quoted body
	tokPunct                    // any other single character
	tokDelimiter                // MySQL: the client's current delimiter
	tokCommand                  // a client command line: psql's \…, sqlite3's .…, mysql's DELIMITER
	tokExecOpen                 // MySQL: the /*!NNNNN that opens an executable comment
	tokExecClose                // MySQL: the */ that closes it
	tokEOF
)

type token struct {
	kind       tokKind
	start, end int
}

type lexer struct {
	c   *client
	src string
	pos int
	// delimiter is the MySQL client's statement delimiter (DELIMITER changes it).
	delimiter string
	// inExec is set inside a MySQL /*! … */ comment, whose content the server runs.
	inExec bool
	// comments are the spans of the comments skipped so far, kept with keepComments.
	comments     [][2]int
	keepComments bool
}

func newLexer(c *client, src string) *lexer {
	return &lexer{c: c, src: src, delimiter: ";"}
}

// next returns the next token. atStart says the statement being read has no token yet:
// only there do DELIMITER and sqlite3's dot-commands count.
func (l *lexer) next(atStart bool) token {
	l.skipSpaceAndComments()
	if l.pos >= len(l.src) {
		return token{kind: tokEOF, start: len(l.src), end: len(l.src)}
	}
	start := l.pos
	c := l.src[start]
	if t, ok := l.c.clientToken(l, start, atStart); ok {
		return t
	}
	kind := tokPunct
	switch {
	case c == '\'':
		kind, l.pos = tokString, sqltext.QuotedEnd(l.src, start, l.c.backslashStrings)
	case c == '"':
		if l.c.backslashStrings {
			kind, l.pos = tokString, sqltext.QuotedEnd(l.src, start, true)
		} else {
			kind, l.pos = tokQuoted, sqltext.QuotedEnd(l.src, start, false)
		}
	case c == '`' && l.c.backticks:
		kind, l.pos = tokQuoted, sqltext.QuotedEnd(l.src, start, false)
	case c == '[' && l.c.brackets:
		kind, l.pos = tokQuoted, sqltext.BracketEnd(l.src, start)
	case c == '$' && l.c.dollarQuotes:
		if tag := sqltext.DollarTag(l.src[start:]); tag != "" {
			kind, l.pos = tokString, sqltext.DollarEnd(l.src, start, tag)
		} else {
			l.pos = l.skipWord(start + 1)
			kind = tokWord // a parameter ($1) or a stray $
		}
	case isWordChar(c) && (c != '$' || l.c.dollarInWords):
		l.pos = l.skipWord(start)
		// PostgreSQL's E'…' strings take backslash escapes.
		if l.c.dollarQuotes && l.pos-start == 1 && (c == 'e' || c == 'E') && l.pos < len(l.src) && l.src[l.pos] == '\'' {
			kind, l.pos = tokString, sqltext.QuotedEnd(l.src, l.pos, true)
		} else {
			kind = tokWord
		}
	default:
		l.pos = start + 1
	}
	return token{kind: kind, start: start, end: l.pos}
}

// skipSpaceAndComments moves past whitespace and comments (not MySQL's executable ones).
func (l *lexer) skipSpaceAndComments() {
	for l.pos < len(l.src) {
		rest := l.src[l.pos:]
		c := rest[0]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			l.pos++
		case strings.HasPrefix(rest, "--") && (!l.c.mysqlComments || len(rest) == 2 || isSpaceOrControl(rest[2])):
			l.comment(lineEnd(l.src, l.pos))
		case c == '#' && l.c.mysqlComments:
			if strings.HasPrefix(rest, l.delimiter) {
				return
			}
			l.comment(lineEnd(l.src, l.pos))
		case strings.HasPrefix(rest, "/*") && !(l.c.mysqlComments && (execCommentOpener(rest) > 0 || strings.HasPrefix(rest, "/*+"))):
			if l.c.mysqlComments && strings.HasPrefix(l.delimiter, "/*") {
				return
			}
			l.comment(sqltext.BlockCommentEnd(l.src, l.pos, l.c.nestedComments))
		default:
			return
		}
	}
}

// comment moves past a comment ending at end, remembering where it was.
func (l *lexer) comment(end int) {
	if l.keepComments {
		l.comments = append(l.comments, [2]int{l.pos, end})
	}
	l.pos = end
}

// execCommentOpener returns the length of a MySQL /*!NNNNN or MariaDB /*M!NNNNN opener at
// the start of s, or 0. Their content is SQL the server runs.
func execCommentOpener(s string) int {
	n := 0
	switch {
	case strings.HasPrefix(s, "/*!"):
		n = 3
	case strings.HasPrefix(s, "/*M!"):
		n = 4
	default:
		return 0
	}
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

func (l *lexer) skipWord(i int) int {
	for i < len(l.src) && isWordChar(l.src[i]) {
		i++
	}
	return i
}

func isWordChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$' || c >= 0x80
}

func isSpaceOrControl(c byte) bool { return c <= ' ' }

// lineStart reports whether only blanks precede offset i on its line.
func lineStart(s string, i int) bool {
	for j := i - 1; j >= 0; j-- {
		switch s[j] {
		case '\n':
			return true
		case ' ', '\t', '\r':
		default:
			return false
		}
	}
	return true
}

// lineEnd returns the offset of the newline ending i's line (or the end of s).
func lineEnd(s string, i int) int {
	if k := strings.IndexByte(s[i:], '\n'); k >= 0 {
		return i + k
	}
	return len(s)
}

// hasWordPrefix reports whether s starts with word (any case) followed by a blank or the end.
func hasWordPrefix(s, word string) bool {
	return len(s) >= len(word) && strings.EqualFold(s[:len(word)], word) &&
		(len(s) == len(word) || isSpaceOrControl(s[len(word)]))
}

// TokenKind says what a Token is.
type TokenKind uint8

// The kinds of Token.
const (
	Word   TokenKind = iota // a keyword, a bare name or a number
	Name                    // a quoted name, given without its quotes
	String                  // a string literal, given without its quotes
	Punct                   // any other character
)

// Token is one token of a statement, as Tokens returns it.
type Token struct {
	Kind TokenKind
	Text string
}

// Is reports whether the token is the keyword (a bare word, any case).
func (t Token) Is(keyword string) bool { return t.Kind == Word && strings.EqualFold(t.Text, keyword) }

// Tokens returns the first n tokens of one statement (all of them when n < 0), comments left
// out and MySQL's executable comments opened, for telling what kind of statement it is.
func Tokens(d schema.Dialect, text string, n int) []Token {
	c, err := clientOf(d)
	if err != nil {
		panic(err) // callers pass a model's or target's dialect, checked already
	}
	l := newLexer(c, text)
	l.delimiter = "\x00" // a statement has no delimiter left in it
	var out []Token
	for n < 0 || len(out) < n {
		t := l.next(false)
		var tok Token
		switch t.kind {
		case tokEOF:
			return out
		case tokExecOpen, tokExecClose, tokCommand, tokDelimiter:
			continue
		case tokWord:
			tok = Token{Word, text[t.start:t.end]}
		case tokQuoted:
			tok = Token{Name, unquote(text[t.start:t.end])}
		case tokString:
			tok = Token{String, unquote(text[t.start:t.end])}
		default:
			tok = Token{Punct, text[t.start:t.end]}
		}
		out = append(out, tok)
	}
	return out
}

// unquote strips a quoted token's quotes and undoes doubled quotes; dollar quotes and E'…'
// strings lose only their delimiters.
func unquote(s string) string {
	if s == "" {
		return s
	}
	switch q := s[0]; q {
	case '\'', '"', '`':
		s = s[1:]
		s = strings.TrimSuffix(s, string(q))
		return strings.ReplaceAll(s, string(q)+string(q), string(q))
	case '[':
		return strings.TrimSuffix(s[1:], "]")
	case '$':
		if i := strings.IndexByte(s[1:], '$'); i >= 0 {
			tag := s[:i+2]
			return strings.TrimSuffix(strings.TrimPrefix(s, tag), tag)
		}
	case 'e', 'E':
		return unquote(s[1:])
	}
	return s
}

package doc

import (
	"html"
	"strings"
)

// highlight returns SQL as HTML with <span> classes for keywords, strings, numbers,
// comments and quoted identifiers. It is a tokenizer, not a parser — enough to make view,
// function and trigger definitions readable: dollar-quoted bodies ($$…$$, $fn$…$fn$),
// nested /* */ comments, ” and \' inside strings, "" inside identifiers and MySQL
// backticks. Everything else is escaped text, so no definition can inject markup.
func highlight(sql string) string {
	var b strings.Builder
	span := func(class, s string) {
		b.WriteString(`<span class="`)
		b.WriteString(class)
		b.WriteString(`">`)
		b.WriteString(html.EscapeString(s))
		b.WriteString("</span>")
	}
	for i := 0; i < len(sql); {
		c := sql[i]
		switch {
		case c == '-' && strings.HasPrefix(sql[i:], "--"):
			end := strings.IndexByte(sql[i:], '\n')
			if end < 0 {
				end = len(sql) - i
			}
			span("c", sql[i:i+end])
			i += end
		case c == '/' && strings.HasPrefix(sql[i:], "/*"):
			end := blockComment(sql[i:])
			span("c", sql[i:i+end])
			i += end
		case c == '\'':
			end := quoted(sql[i:], '\'', true)
			span("s", sql[i:i+end])
			i += end
		case c == '"' || c == '`':
			end := quoted(sql[i:], c, false)
			span("i", sql[i:i+end])
			i += end
		case c == '$':
			if tag, ok := dollarTag(sql[i:]); ok {
				body := strings.Index(sql[i+len(tag):], tag)
				end := len(sql) - i
				if body >= 0 {
					end = len(tag) + body + len(tag)
				}
				span("s", sql[i:i+end])
				i += end
				continue
			}
			b.WriteString(html.EscapeString(sql[i : i+1]))
			i++
		case c >= '0' && c <= '9':
			j := i
			for j < len(sql) && (isDigit(sql[j]) || sql[j] == '.' || sql[j] == 'e' || sql[j] == 'E') {
				j++
			}
			span("n", sql[i:j])
			i = j
		case isWordStart(c):
			j := i
			for j < len(sql) && isWord(sql[j]) {
				j++
			}
			w := sql[i:j]
			if keywords[strings.ToUpper(w)] {
				span("k", w)
			} else {
				b.WriteString(html.EscapeString(w))
			}
			i = j
		default:
			j := i + 1
			for j < len(sql) && !startsToken(sql, j) {
				j++
			}
			b.WriteString(html.EscapeString(sql[i:j]))
			i = j
		}
	}
	return b.String()
}

func startsToken(s string, i int) bool {
	c := s[i]
	return c == '-' || c == '/' || c == '\'' || c == '"' || c == '`' || c == '$' || isDigit(c) || isWordStart(c)
}

func isDigit(c byte) bool     { return c >= '0' && c <= '9' }
func isWordStart(c byte) bool { return c == '_' || (c|0x20 >= 'a' && c|0x20 <= 'z') || c >= 0x80 }
func isWord(c byte) bool      { return isWordStart(c) || isDigit(c) || c == '$' }

// quoted is the length of the quoted token at the start of s: doubled quotes stay inside,
// and for strings a backslash escapes the next byte (MySQL, PostgreSQL E”).
func quoted(s string, q byte, backslash bool) int {
	for i := 1; i < len(s); i++ {
		switch {
		case backslash && s[i] == '\\':
			i++
		case s[i] == q && i+1 < len(s) && s[i+1] == q:
			i++
		case s[i] == q:
			return i + 1
		}
	}
	return len(s)
}

// blockComment is the length of the /* */ comment at the start of s, nesting as PostgreSQL does.
func blockComment(s string) int {
	depth := 0
	for i := 0; i+1 < len(s); i++ {
		switch {
		case s[i] == '/' && s[i+1] == '*':
			depth++
			i++
		case s[i] == '*' && s[i+1] == '/':
			depth--
			i++
			if depth == 0 {
				return i + 1
			}
		}
	}
	return len(s)
}

// dollarTag reads a PostgreSQL dollar-quote opener ($$ or $tag$) at the start of s.
func dollarTag(s string) (string, bool) {
	for i := 1; i < len(s); i++ {
		switch {
		case s[i] == '$':
			return s[:i+1], true
		case !(isWordStart(s[i]) || (i > 1 && isDigit(s[i]))):
			return "", false
		}
	}
	return "", false
}

var keywords = func() map[string]bool {
	m := map[string]bool{}
	for _, k := range strings.Fields(`ADD ALL ALTER AND ANY AS ASC BEFORE AFTER BEGIN BETWEEN BY CASCADE CASE CAST CHECK
	COLLATE COLUMN COMMIT CONSTRAINT CREATE CROSS CURRENT_DATE CURRENT_TIMESTAMP CURRENT_USER DECLARE DEFAULT DEFERRABLE
	DELETE DESC DISTINCT DO DROP EACH ELSE ELSIF END EXCEPT EXCEPTION EXECUTE EXISTS FALSE FETCH FOR FOREIGN FROM FULL
	FUNCTION GRANT GROUP HAVING IF ILIKE IMMUTABLE IN INDEX INNER INSERT INSTEAD INTERSECT INTO IS JOIN KEY LANGUAGE
	LATERAL LEFT LIKE LIMIT LOOP MATERIALIZED NEW NOT NULL OF OFFSET OLD ON OR ORDER OUTER OVER PARTITION PERFORM
	PRIMARY PROCEDURE RAISE REFERENCES REPLACE RETURN RETURNING RETURNS RIGHT ROW ROWS SECURITY SELECT SET SETOF
	STABLE STRICT TABLE THEN TO TRIGGER TRUE UNION UNIQUE UPDATE USING VALUES VIEW VOLATILE WHEN WHERE WINDOW WITH
	WITHOUT ROWID VIRTUAL AUTOINCREMENT DEFINER INVOKER NOTICE FOUND WHILE RECORD`) {
		m[k] = true
	}
	return m
}()

package doc

import (
	"html"
	"strings"

	"github.com/dbinspect/dbinspect/sqltext"
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
			end := sqltext.LineCommentEnd(sql, i)
			span("c", sql[i:end])
			i = end
		case c == '/' && strings.HasPrefix(sql[i:], "/*"):
			end := sqltext.BlockCommentEnd(sql, i, true)
			span("c", sql[i:end])
			i = end
		case c == '\'':
			end := sqltext.QuotedEnd(sql, i, true)
			span("s", sql[i:end])
			i = end
		case c == '"' || c == '`':
			end := sqltext.QuotedEnd(sql, i, false)
			span("i", sql[i:end])
			i = end
		case c == '$':
			if tag := sqltext.DollarTag(sql[i:]); tag != "" {
				end := sqltext.DollarEnd(sql, i, tag)
				span("s", sql[i:end])
				i = end
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

func isDigit(c byte) bool     { return sqltext.IsDigit(c) }
func isWordStart(c byte) bool { return sqltext.IsWordStart(c) }
func isWord(c byte) bool      { return sqltext.IsWordByte(c) }

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

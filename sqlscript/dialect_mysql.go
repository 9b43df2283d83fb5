package sqlscript

import (
	"fmt"
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

func init() {
	registerClient(&client{
		dialect:          schema.MySQL,
		clientToken:      mysqlToken,
		backslashStrings: true,
		backticks:        true,
		dollarInWords:    true,
		mysqlComments:    true,
		delimited:        true,
		hasBody:          noBodies, // DELIMITER instead, or mysqlBlock
		command:          mysqlDelimiter,
		stripsComments:   true,
	})
}

// mysqlToken: the current delimiter, a DELIMITER line, the /*!NNNNN and */ of an executable
// comment.
func mysqlToken(l *lexer, start int, atStart bool) (token, bool) {
	switch {
	case strings.HasPrefix(l.src[start:], l.delimiter):
		l.pos += len(l.delimiter)
		return token{kind: tokDelimiter, start: start, end: l.pos}, true
	case atStart && lineStart(l.src, start) && hasWordPrefix(l.src[start:], "delimiter"):
		l.pos = lineEnd(l.src, start)
		return token{kind: tokCommand, start: start, end: l.pos}, true
	case l.inExec && strings.HasPrefix(l.src[start:], "*/"):
		l.inExec = false
		l.pos += 2
		return token{kind: tokExecClose, start: start, end: l.pos}, true
	}
	if n := execCommentOpener(l.src[start:]); n > 0 && !l.inExec {
		l.inExec = true
		l.pos += n
		return token{kind: tokExecOpen, start: start, end: l.pos}, true
	}
	return token{}, false
}

// mysqlDelimiter applies DELIMITER, the mysql client's one command here.
func mysqlDelimiter(sp *splitter, t token, text string) error {
	fields := strings.Fields(text)
	if len(fields) < 2 {
		return fmt.Errorf("%s:%d: DELIMITER needs a delimiter (e.g. DELIMITER //)", sp.script.File, sp.lines.at(t.start))
	}
	sp.lex.delimiter = fields[1]
	return nil
}

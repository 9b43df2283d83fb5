package sqlscript

import "github.com/dbinspect/dbinspect/schema"

func init() {
	registerClient(&client{
		dialect:        schema.Postgres,
		clientToken:    psqlCommand,
		dollarQuotes:   true,
		dollarInWords:  true,
		nestedComments: true,
		hasBody:        pgHasBody,
		command:        psqlSend,
	})
}

// psqlCommand: a backslash command runs to the end of its line.
func psqlCommand(l *lexer, start int, _ bool) (token, bool) {
	if l.src[start] != '\\' {
		return token{}, false
	}
	l.pos = lineEnd(l.src, start)
	return token{kind: tokCommand, start: start, end: l.pos}, true
}

// pgHasBody: CREATE [OR REPLACE] FUNCTION/PROCEDURE … BEGIN ATOMIC (the rule psql follows).
func pgHasBody(w []string, parens int) bool {
	if len(w) >= 3 && w[0] == "or" && w[1] == "replace" {
		w = w[2:]
	}
	return (w[0] == "function" || w[0] == "procedure") && parens == 0
}

// psqlSend: \g and friends send the query buffer; every command is returned.
func psqlSend(sp *splitter, t token, text string) error {
	if sp.start >= 0 && isSendCommand(text) {
		sp.flush()
	}
	return returnCommand(sp, t, text)
}

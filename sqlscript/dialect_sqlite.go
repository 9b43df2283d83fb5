package sqlscript

import "github.com/dbinspect/dbinspect/schema"

func init() {
	registerClient(&client{
		dialect:     schema.SQLite,
		clientToken: sqliteDotCommand,
		backticks:   true,
		brackets:    true,
		hasBody:     sqliteHasBody,
		command:     returnCommand,
	})
}

// sqliteDotCommand: a dot-command opens a line of its own, as the first thing of a statement.
func sqliteDotCommand(l *lexer, start int, atStart bool) (token, bool) {
	if l.src[start] != '.' || !atStart || !lineStart(l.src, start) {
		return token{}, false
	}
	l.pos = lineEnd(l.src, start)
	return token{kind: tokCommand, start: start, end: l.pos}, true
}

// sqliteHasBody: CREATE [TEMP] TRIGGER (the rule sqlite3_complete follows).
func sqliteHasBody(w []string, _ int) bool {
	if w[0] == "temp" || w[0] == "temporary" {
		w = w[1:]
	}
	return len(w) > 0 && w[0] == "trigger"
}

package sqlscript

import (
	"github.com/dbinspect/dbinspect/schema"
)

// client is how one engine's command-line client reads a script: its quotes, comments,
// commands and where a statement ends. Each dialect fills one in, in dialect_<name>.go;
// TestClientsConform fails for a dialect of schema.Dialects without one or with a function
// left out, and Split refuses a dialect that has none.
type client struct {
	dialect schema.Dialect
	// clientToken reads, at start, what only the client reads (MySQL: its delimiter, a
	// DELIMITER line, executable comments; psql's backslash commands; sqlite3's dot-commands),
	// or says there is none there.
	clientToken func(l *lexer, start int, atStart bool) (token, bool)
	// backslashStrings: '…' strings take backslash escapes and "…" is a string (MySQL).
	backslashStrings bool
	// backticks, brackets: `name` and [name] are quoted names.
	backticks, brackets bool
	// dollarQuotes: $tag$…$tag$ bodies and E'…' strings with backslash escapes (PostgreSQL).
	dollarQuotes bool
	// dollarInWords: a $ may be part of a bare word.
	dollarInWords bool
	// mysqlComments: -- opens a comment only before a blank, # opens one, /*! … */ and
	// /*+ … */ are SQL, and a delimiter starting like a comment is the delimiter.
	mysqlComments bool
	// nestedComments: block comments nest (PostgreSQL).
	nestedComments bool
	// delimited: statements end at the client's delimiter token only (MySQL), not at any
	// top-level semicolon; compound statements written without DELIMITER are followed
	// (mysqlBlock).
	delimited bool
	// hasBody reports a statement (its first words, parentheses open) whose body holds
	// semicolons between BEGIN and END.
	hasBody func(words []string, parens int) bool
	// command applies a client command line (text) or returns it as a statement.
	command func(sp *splitter, t token, text string) error
	// stripsComments: the client drops comments before sending a statement (mysql).
	stripsComments bool
}

// ClientStripsComments reports whether dialect d's client drops comments before it sends a
// statement (mysql does; psql and sqlite3 send them): a plain .sql file loads as it would.
func ClientStripsComments(d schema.Dialect) bool {
	c, err := clientOf(d)
	return err == nil && c.stripsComments
}

var clients = schema.NewRegistry[client]("sqlscript client")

func registerClient(c *client) { clients.Register(c.dialect, c) }

func clientOf(d schema.Dialect) (*client, error) { return clients.Lookup(d) }

func noBodies([]string, int) bool { return false }

// returnCommand returns a client command as a statement (Statement.Command).
func returnCommand(sp *splitter, t token, text string) error {
	sp.out = append(sp.out, Statement{File: sp.script.File, Line: sp.lines.at(t.start), Text: text, Command: true})
	return nil
}

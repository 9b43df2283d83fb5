// Package sqlscript reads SQL scripts the way each engine's own client does, and folders of
// migrations in the order their tool applies them.
//
// Split cuts a script into statements, each with the line it starts on: by psql's rules for
// PostgreSQL (dollar quotes, nested comments, semicolons inside parentheses or a BEGIN ATOMIC
// body, backslash commands), the mysql client's for MySQL (DELIMITER, # comments, /*! … */)
// and the sqlite3 shell's for SQLite (trigger bodies, dot-commands). Client commands come back
// marked as such, for the caller to run, skip or refuse. ReadFolder finds the migrations of a
// folder (golang-migrate, goose, Flyway, dbmate, or plain files by name) and returns the SQL
// of their up direction in order.
//
// Nothing here parses SQL beyond finding where statements end: what a statement means is the
// server's business. The package is separate from the loader (package scratch) so it can be
// tested and fuzzed without a server. It imports the standard library and schema (for the
// dialect names) only.
package sqlscript

import (
	"fmt"
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

// Script is SQL text from a file: a whole .sql file, or one section of a migration.
type Script struct {
	// File is the file the text comes from, as it is shown in messages.
	File string
	// Line is the line of File on which Text begins (1 for a whole file).
	Line int
	// Text is the SQL.
	Text string
	// Whole says Text is one statement as it stands (goose's StatementBegin … StatementEnd).
	Whole bool
	// StripComments sends statements without their comments, as the mysql client does by
	// default (it keeps /*! … */ and /*+ … */, which the server reads): a routine's body is
	// then stored as the client would have stored it.
	StripComments bool
}

// Statement is one statement of a script, or one client command.
type Statement struct {
	// File and Line say where the statement begins.
	File string
	Line int
	// Text is the statement without its terminator, from its first character on (comments
	// before it are left out, comments inside kept).
	Text string
	// Command marks a client command (psql's \connect, sqlite3's .read, mysql's DELIMITER has
	// already been applied and is not returned): the caller runs, skips or refuses it.
	Command bool
}

// String is the statement's position, file:line.
func (s Statement) String() string { return fmt.Sprintf("%s:%d", s.File, s.Line) }

// Split cuts a script into statements the way the dialect's own client would.
func Split(d schema.Dialect, s Script) ([]Statement, error) {
	if s.Line < 1 {
		s.Line = 1
	}
	c, err := clientOf(d)
	if err != nil {
		return nil, err
	}
	if s.Whole {
		return splitWhole(s), nil
	}
	sp := &splitter{script: s, lex: newLexer(c, s.Text), lines: lineCounter{text: s.Text, line: s.Line}}
	sp.lex.keepComments = s.StripComments
	return sp.run()
}

// splitWhole returns a goose StatementBegin … StatementEnd block as one statement, without a
// final terminator.
func splitWhole(s Script) []Statement {
	lead := len(s.Text) - len(strings.TrimLeft(s.Text, " \t\r\n"))
	text := strings.TrimRight(s.Text[lead:], " \t\r\n")
	text = strings.TrimRight(strings.TrimSuffix(text, ";"), " \t\r\n")
	if text == "" {
		return nil
	}
	lc := lineCounter{text: s.Text, line: s.Line}
	return []Statement{{File: s.File, Line: lc.at(lead), Text: text}}
}

type splitter struct {
	script Script
	lex    *lexer
	lines  lineCounter
	out    []Statement

	// the statement being read
	start      int // offset of its first token, -1 when it has none yet
	end        int // offset after its last token
	parens     int
	blockDepth int      // inside BEGIN … END of a trigger or a BEGIN ATOMIC function body
	words      []string // its first few words, lower case, to recognise CREATE TRIGGER/FUNCTION
	// MySQL block tracking: the word before, whether it was END, and an IF or REPEAT that
	// opens a block unless a parenthesis follows.
	last        string
	afterEnd    bool
	pendingOpen string
}

func (sp *splitter) run() ([]Statement, error) {
	sp.reset()
	for {
		tok := sp.lex.next(sp.start < 0)
		switch tok.kind {
		case tokEOF:
			sp.flush()
			return sp.out, nil
		case tokCommand:
			if err := sp.command(tok); err != nil {
				return nil, err
			}
			continue
		case tokDelimiter:
			if sp.blockDepth == 0 || sp.lex.delimiter != ";" {
				sp.flush()
				continue
			}
			tok.kind = tokPunct // a ; inside a routine's BEGIN … END, written without DELIMITER
		case tokPunct:
			if sp.src(tok) == ";" && !sp.lex.c.delimited && sp.parens == 0 && sp.blockDepth == 0 {
				sp.flush()
				continue
			}
		}
		sp.add(tok)
	}
}

func (sp *splitter) src(t token) string { return sp.script.Text[t.start:t.end] }

func (sp *splitter) reset() {
	sp.start, sp.end, sp.parens, sp.blockDepth, sp.words = -1, 0, 0, 0, sp.words[:0]
	sp.last, sp.afterEnd, sp.pendingOpen = "", false, ""
}

// add takes a token into the statement being read, tracking what keeps a semicolon inside it.
func (sp *splitter) add(t token) {
	if sp.start < 0 {
		sp.start = t.start
	}
	if sp.pendingOpen != "" {
		if !(t.kind == tokPunct && sp.src(t) == "(") {
			sp.openBlock(sp.pendingOpen)
		}
		sp.pendingOpen = ""
	}
	sp.end = t.end
	switch t.kind {
	case tokPunct:
		switch sp.src(t) {
		case "(":
			sp.parens++
		case ")":
			if sp.parens > 0 {
				sp.parens--
			}
		}
	case tokWord:
		w := strings.ToLower(sp.src(t))
		if len(sp.words) < 8 {
			sp.words = append(sp.words, w)
		}
		if sp.lex.c.delimited {
			sp.mysqlBlock(w)
		} else if sp.hasBody() {
			switch w {
			case "begin":
				sp.blockDepth++
			case "case":
				if sp.blockDepth > 0 {
					sp.blockDepth++
				}
			case "end":
				if sp.blockDepth > 0 {
					sp.blockDepth--
				}
			}
		}
	}
	if t.kind == tokWord {
		sp.last = strings.ToLower(sp.src(t))
	}
}

// mysqlBlock follows the compound statements of a MySQL routine, trigger or event written
// without DELIMITER, as the server reads them when a migration tool sends a file whole
// (golang-migrate, dbmate) and as Flyway's parser does: BEGIN, IF, CASE, LOOP, REPEAT and
// WHILE open a block (IF( and REPEAT( are functions), END closes one, and END IF, END LOOP …
// close the one the word after END names.
func (sp *splitter) mysqlBlock(w string) {
	if sp.afterEnd {
		sp.afterEnd = false
		switch w {
		case "if", "case", "loop", "repeat", "while":
			return // END IF: the block END already closed
		}
	}
	if !sp.mysqlRoutine() {
		return
	}
	switch w {
	case "begin", "loop", "while", "case":
		sp.openBlock(w)
	case "if", "repeat":
		if w == "if" && ddlKinds[sp.last] {
			return // DROP TABLE IF EXISTS, CREATE VIEW IF NOT EXISTS
		}
		sp.pendingOpen = w // a block unless "(" follows (the IF() and REPEAT() functions)
		return
	case "end":
		if sp.blockDepth > 0 {
			sp.blockDepth--
		}
		sp.afterEnd = true
	}
}

func (sp *splitter) openBlock(string) { sp.blockDepth++ }

// ddlKinds are the words after which IF begins IF [NOT] EXISTS, not an IF block.
var ddlKinds = map[string]bool{"table": true, "view": true, "index": true, "database": true, "schema": true,
	"procedure": true, "function": true, "trigger": true, "event": true, "sequence": true, "user": true,
	"role": true, "server": true, "column": true, "constraint": true, "key": true, "partition": true, "temporary": true}

// mysqlRoutine reports whether the statement creates a procedure, function, trigger or event:
// CREATE [OR REPLACE] [DEFINER = …] [AGGREGATE] PROCEDURE|FUNCTION|TRIGGER|EVENT.
func (sp *splitter) mysqlRoutine() bool {
	w := sp.words
	if len(w) < 2 || w[0] != "create" {
		return false
	}
	i := 1
	if i+1 < len(w) && w[i] == "or" && w[i+1] == "replace" {
		i += 2
	}
	if i < len(w) && w[i] == "definer" {
		for i++; i < len(w) && !isRoutineKind(w[i]) && w[i] != "aggregate"; i++ {
		}
	}
	if i < len(w) && w[i] == "aggregate" {
		i++
	}
	return i < len(w) && isRoutineKind(w[i])
}

func isRoutineKind(w string) bool {
	return w == "procedure" || w == "function" || w == "trigger" || w == "event"
}

// hasBody reports whether the statement is one whose body holds semicolons between BEGIN and
// END: an SQLite CREATE TRIGGER, a PostgreSQL CREATE FUNCTION/PROCEDURE … BEGIN ATOMIC (the
// rules psql and sqlite3_complete follow). MySQL scripts use DELIMITER instead.
func (sp *splitter) hasBody() bool {
	w := sp.words
	if len(w) < 2 || w[0] != "create" {
		return false
	}
	return sp.lex.c.hasBody(w[1:], sp.parens)
}

func (sp *splitter) flush() {
	if sp.start >= 0 {
		text := sp.text(sp.start, sp.end)
		sp.out = append(sp.out, Statement{File: sp.script.File, Line: sp.lines.at(sp.start), Text: text})
	}
	sp.reset()
}

// text is the statement between two offsets, without its comments when the script says so.
func (sp *splitter) text(start, end int) string {
	src := sp.script.Text
	if !sp.script.StripComments {
		return strings.TrimRight(src[start:end], " \t\r\n")
	}
	var b strings.Builder
	at := start
	for _, c := range sp.lex.comments {
		if c[1] <= start || c[0] >= end {
			continue
		}
		b.WriteString(src[at:c[0]])
		at = c[1]
	}
	b.WriteString(src[at:end])
	sp.lex.comments = sp.lex.comments[:0]
	return strings.TrimRight(b.String(), " \t\r\n")
}

// command handles a client command line: DELIMITER is applied here, others are returned.
func (sp *splitter) command(t token) error {
	return sp.lex.c.command(sp, t, strings.TrimRight(sp.src(t), " \t\r"))
}

// isSendCommand reports psql's commands that send the query buffer (\g, \gx, \gset, \gexec).
func isSendCommand(cmd string) bool {
	name, _, _ := strings.Cut(cmd, " ")
	return name == `\g` || strings.HasPrefix(name, `\g`) && (name == `\gx` || name == `\gset` || name == `\gexec` || name == `\gdesc`)
}

// lineCounter turns increasing offsets into line numbers without rescanning the text.
type lineCounter struct {
	text string
	line int // the line at offset off
	off  int
}

func (lc *lineCounter) at(off int) int {
	if off < lc.off { // not expected; count again from the start
		lc.line -= strings.Count(lc.text[off:lc.off], "\n")
	} else {
		lc.line += strings.Count(lc.text[lc.off:off], "\n")
	}
	lc.off = off
	return lc.line
}

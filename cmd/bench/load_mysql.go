package main

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
)

// mysqlLoadStreams is how many connections load a MySQL bench database side by side.
const mysqlLoadStreams = 4

// mysqlLoadScripts turns gen_schema.py's MySQL script into what loads the same schema faster:
// streams of whole tables that may run side by side, and the statements that must run after
// all of them (in their order).
//
// gen_schema.py writes each table as CREATE TABLE and then a CREATE INDEX per index. Each
// CREATE INDEX is an ALTER TABLE in MariaDB, a DDL statement of its own whose cost grows with
// the tables already in the database (split like that, 300 tables loaded in 9 ms a table,
// 2,000 in 18 ms, 5,000 took 15 minutes; the same indexes inside CREATE TABLE: 5,000 tables
// in 28 s on 4 connections). So a table's own CREATE [UNIQUE] INDEX statements right after
// it are folded into its CREATE TABLE, and the tables are dealt into contiguous ranges, one
// per stream: the foreign keys may name a table another stream has not made yet because
// every stream runs with foreign_key_checks=0 (session only; the server's settings are not
// touched). The inspection of the result is byte-identical to that of the script as written
// (TestMySQLFastLoadInspectsAlike).
func mysqlLoadScripts(script string, streams int) (parallel []string, after string) {
	var (
		session []string // SET statements: every stream runs them first
		tables  []string // one CREATE TABLE each, indexes folded in
		rest    strings.Builder
		current string // the table of the last CREATE TABLE, while its indexes may follow
	)
	for _, stmt := range splitScript(script) {
		switch {
		case strings.HasPrefix(stmt, "SET "):
			session = append(session, stmt)
			current = ""
		case createTable.MatchString(stmt):
			tables = append(tables, stmt)
			current = createTable.FindStringSubmatch(stmt)[1]
		default:
			if m := createIndex.FindStringSubmatch(stmt); m != nil && m[3] == current {
				if folded, ok := foldIndex(tables[len(tables)-1], m[1] != "", m[2], m[4]); ok {
					tables[len(tables)-1] = folded
					continue
				}
			}
			current = ""
			rest.WriteString(stmt + ";\n")
		}
	}
	head := "SET SESSION foreign_key_checks = 0;\n"
	for _, stmt := range session {
		head += stmt + ";\n"
	}
	streams = min(streams, len(tables))
	for i := range streams {
		part := tables[i*len(tables)/streams : (i+1)*len(tables)/streams]
		parallel = append(parallel, head+strings.Join(part, ";\n")+";\n")
	}
	return parallel, head + rest.String()
}

var (
	createTable = regexp.MustCompile(`^CREATE TABLE (\w+) \(`)
	createIndex = regexp.MustCompile(`^CREATE (UNIQUE )?INDEX (\w+) ON (\w+) (\([^;]*\))$`)
)

// splitScript splits gen_schema.py's script into its statements: each ends with ";" at the
// end of a line (its string literals hold no such thing).
func splitScript(script string) []string {
	var stmts []string
	for _, s := range strings.Split(script, ";\n") {
		if s = strings.TrimSpace(s); s != "" {
			stmts = append(stmts, strings.TrimSuffix(s, ";"))
		}
	}
	return stmts
}

// foldIndex adds an index to a CREATE TABLE statement as the last item of its body (the line
// that starts with ")" closes it), or reports false when the statement is not laid out so.
func foldIndex(create string, unique bool, name, columns string) (string, bool) {
	end := strings.LastIndex(create, "\n)")
	if end < 0 {
		return "", false
	}
	key := "KEY"
	if unique {
		key = "UNIQUE KEY"
	}
	return create[:end] + fmt.Sprintf(",\n  %s %s %s", key, name, columns) + create[end:], true
}

// loadMySQL runs the streams of mysqlLoadScripts on database name, each through a mariadb
// client of its own, and then the statements that come after them and those of then.
func (s server) loadMySQL(name, script, then string) error {
	parallel, after := mysqlLoadScripts(script, mysqlLoadStreams)
	errs := make([]error, len(parallel))
	var wg sync.WaitGroup
	for i, part := range parallel {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = s.runClient(name, part)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return s.runClient(name, after+then)
}

// runClient runs sql in database name with the engine's own client.
func (s server) runClient(name, sql string) error {
	load := s.client(name)
	load.Stdin = strings.NewReader(sql)
	if out, err := load.CombinedOutput(); err != nil {
		return fmt.Errorf("%s: %w: %s", load.Path, err, out)
	}
	return nil
}

package lint

import (
	"bytes"
	"encoding/json"
	"regexp"
	"sort"
	"strings"
)

// Locators find where a finding's object is defined in the file that was linted, so that
// SARIF results and GitHub annotations point at a line of the committed schema.json or
// schema.sql rather than at the file as a whole.

// locKey names an object in a file: schema, table (or view), and the member's name ("" for
// the table itself).
type locKey struct{ schema, table, name string }

// lineIndex turns byte offsets into 1-based line numbers.
type lineIndex []int

func newLineIndex(data []byte) lineIndex {
	idx := lineIndex{0}
	for i, b := range data {
		if b == '\n' {
			idx = append(idx, i+1)
		}
	}
	return idx
}

func (l lineIndex) line(offset int) int {
	return sort.Search(len(l), func(i int) bool { return l[i] > offset })
}

// locatorFrom looks a finding up as its member, then its table, then its schema.
func locatorFrom(lines map[locKey]int) Locator {
	return func(f Finding) int {
		for _, k := range []locKey{{f.Schema, f.Table, f.Name}, {f.Schema, f.Table, ""}, {f.Schema, "", f.Name}, {f.Schema, "", ""}} {
			if n, ok := lines[k]; ok {
				return n
			}
		}
		return 0
	}
}

// SnapshotLocator reads a snapshot (the JSON of `inspect --format json`) and returns a
// locator for the lines where its schemas, tables, views, columns, keys, indexes, triggers,
// enums, domains, sequences and functions are named. A file that is not a snapshot locates
// nothing.
func SnapshotLocator(data []byte) Locator {
	lines := map[locKey]int{}
	idx := newLineIndex(data)
	dec := json.NewDecoder(bytes.NewReader(data))
	w := &snapshotWalker{dec: dec, data: data, lines: lines, idx: idx}
	w.value(nil)
	return locatorFrom(lines)
}

// snapshotWalker follows the snapshot's structure token by token, remembering the schema and
// table it is in, and records the line of every "name" it passes.
type snapshotWalker struct {
	dec           *json.Decoder
	data          []byte
	lines         map[locKey]int
	idx           lineIndex
	schema, table string
}

// value reads one JSON value at path (the object keys and array names above it).
func (w *snapshotWalker) value(path []string) bool {
	tok, err := w.dec.Token()
	if err != nil {
		return false
	}
	switch tok {
	case json.Delim('{'):
		for w.dec.More() {
			offset := int(w.dec.InputOffset())
			keyTok, err := w.dec.Token()
			if err != nil {
				return false
			}
			key, _ := keyTok.(string)
			if key == "name" {
				if !w.name(path, offset) {
					return false
				}
				continue
			}
			if key == "primary_key" && len(path) == 2 && path[1] == "tables" {
				w.record(locKey{w.schema, w.table, "primary_key"}, offset)
			}
			if !w.value(append(path, key)) {
				return false
			}
		}
		_, err := w.dec.Token()
		return err == nil
	case json.Delim('['):
		for w.dec.More() {
			if !w.value(path) {
				return false
			}
		}
		_, err := w.dec.Token()
		return err == nil
	}
	return true
}

// name reads the value of a "name" key at path and records where it is.
func (w *snapshotWalker) name(path []string, offset int) bool {
	tok, err := w.dec.Token()
	if err != nil {
		return false
	}
	name, ok := tok.(string)
	if !ok {
		return true // a null name (an unnamed primary key)
	}
	switch {
	case len(path) == 1 && path[0] == "schemas":
		w.schema, w.table = name, ""
		w.record(locKey{name, "", ""}, offset)
	case len(path) == 2 && (path[1] == "tables" || path[1] == "views"):
		w.table = name
		w.record(locKey{w.schema, name, ""}, offset)
	case len(path) == 2:
		w.record(locKey{w.schema, "", name}, offset) // enums, sequences, domains, functions, …
	case len(path) == 3 && path[1] == "tables" || len(path) == 3 && path[1] == "views":
		w.record(locKey{w.schema, w.table, name}, offset) // columns, indexes, keys, triggers
	}
	return true
}

// record notes the line of the key read from offset. The decoder's offset is just past the
// previous token, so the separator and white space before the key are skipped first.
func (w *snapshotWalker) record(k locKey, offset int) {
	if _, seen := w.lines[k]; seen {
		return
	}
	for offset < len(w.data) && strings.IndexByte(" \t\r\n,{[", w.data[offset]) >= 0 {
		offset++
	}
	w.lines[k] = w.idx.line(offset)
}

// DDLLocator reads a DDL script and returns a locator for the lines of its CREATE TABLE,
// CREATE VIEW and CREATE INDEX statements and of the column definitions inside CREATE TABLE.
// It matches names, not SQL grammar: good enough to point an annotation at a line.
func DDLLocator(data []byte) Locator {
	lines := map[locKey]int{}
	text := string(data)
	all := strings.Split(text, "\n")
	create := regexp.MustCompile("(?i)^\\s*create\\s+(?:(?:temp|temporary|virtual|unique|or\\s+replace)\\s+)*(table|view|index)\\s+(?:if\\s+not\\s+exists\\s+)?((?:[\"`\\[]?[^\\s(\"`\\]]+[\"`\\]]?\\.)?[\"`\\[]?[^\\s(\"`\\]]+[\"`\\]]?)")
	column := regexp.MustCompile("^\\s*[\"`\\[]?([^\\s\"`\\],()]+)[\"`\\]]?\\s")
	table := ""
	for i, line := range all {
		if m := create.FindStringSubmatch(line); m != nil {
			kind, name := strings.ToLower(m[1]), unquoteIdent(lastPart(m[2]))
			switch kind {
			case "table", "view":
				table = name
				setOnce(lines, locKey{"", name, ""}, i+1)
			case "index":
				table = ""
				setOnce(lines, locKey{"", "", name}, i+1)
			}
			continue
		}
		if table != "" {
			if m := column.FindStringSubmatch(line); m != nil {
				setOnce(lines, locKey{"", table, m[1]}, i+1)
			}
			if strings.Contains(line, ";") {
				table = ""
			}
		}
	}
	return func(f Finding) int {
		// DDL files name objects without their schema, and SQLite compares names without case.
		for _, k := range []locKey{{"", f.Table, f.Name}, {"", "", f.Name}, {"", f.Table, ""}} {
			if n, ok := lines[lowerKey(k)]; ok && (k.table != "" || k.name != "") {
				return n
			}
		}
		return 0
	}
}

func lowerKey(k locKey) locKey {
	return locKey{strings.ToLower(k.schema), strings.ToLower(k.table), strings.ToLower(k.name)}
}

func setOnce(m map[locKey]int, k locKey, v int) {
	k = lowerKey(k)
	if _, ok := m[k]; !ok {
		m[k] = v
	}
}

func lastPart(qualified string) string {
	parts := splitQualified(strings.NewReplacer("`", `"`, "[", `"`, "]", `"`).Replace(qualified))
	return parts[len(parts)-1]
}

func unquoteIdent(s string) string { return strings.Trim(s, "\"`[]") }

package schema

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// jsonWriter writes a table's JSON without reflection, laid out as encoding/json's Encoder
// with SetEscapeHTML(false) and SetIndent(prefix, indentUnit) lays it out: tables are nearly
// all of a snapshot, and encoding/json's reflection was most of the time of writing one.
// It knows Table, Column, the keys, constraints, indexes and their parts, identities,
// generated columns, stats, SQLite's table options, PostgreSQL's column and index options and
// grants; the other sub-structs (triggers, MySQL's and PostgreSQL's table options) are written
// by encoding/json in place, and a table of a type it no longer matches (a field added to the
// model, see fastWriteMatches) is written by encoding/json as a whole.
type jsonWriter struct {
	b      []byte
	prefix string
	depth  int
	first  bool // inside a { or [ that has no member yet
	// line is a comma, a newline, the prefix and indentSpaces: lineStart writes a piece of
	// it, so that a member's line starts with one append.
	line []byte
	// sw writes what jsonWriter leaves to encoding/json (compactJSON).
	sw  *snapshotWriter
	err error
	// indents are the prefixes other hands to indent, one per depth, built once.
	indents []string
}

// lineStart appends to b the start of a line at the current depth, after a comma unless
// first: a piece of w.line, one copy.
func (w *jsonWriter) lineStart(b []byte, first bool) []byte {
	from := 0
	if first {
		from = 1
	}
	n := 2 + len(w.prefix) + w.depth*len(indentUnit)
	for n > len(w.line) { // deeper than any table goes: lengthen the line
		w.line = append(w.line, indentSpaces...)
	}
	return append(b, w.line[from:n]...)
}

func (w *jsonWriter) open(c byte) {
	w.b = append(w.b, c)
	w.depth++
	w.first = true
}

// close ends a { or [: an empty one stays {} or [].
func (w *jsonWriter) close(c byte) {
	w.depth--
	b := w.b
	if !w.first {
		b = w.lineStart(b, true)
	}
	w.first = false
	w.b = append(b, c)
}

// elem starts an element or member of the innermost { or [.
func (w *jsonWriter) elem() {
	w.b = w.lineStart(w.b, w.first)
	w.first = false
}

// key starts a member. k is the member's key as it is written, quoted and followed by ": "
// (`"name": `): the model's field names are plain ASCII, so a literal at each call site is
// their JSON, and a key costs one append instead of being quoted each time.
func (w *jsonWriter) key(k string) {
	b := w.lineStart(w.b, w.first)
	w.first = false
	w.b = append(b, k...)
}

func (w *jsonWriter) null() { w.b = append(w.b, "null"...) }

// jsonSafe says which bytes a JSON string holds as they are (1) or not (0): printable ASCII
// but the quote and the backslash. encoding/json's Encoder with SetEscapeHTML(false) escapes
// the others that are ASCII (control characters), and checks the rest (>= 0x80) as UTF-8.
var jsonSafe = func() (safe [256]uint8) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		if c != '"' && c != '\\' {
			safe[c] = 1
		}
	}
	return safe
}()

// safeRun is the length of the run of safe bytes s starts with: four table look-ups and one
// branch per four bytes, then one per byte.
func safeRun(s string) int {
	i := 0
	for ; i+4 <= len(s); i += 4 {
		if jsonSafe[s[i]]&jsonSafe[s[i+1]]&jsonSafe[s[i+2]]&jsonSafe[s[i+3]] == 0 {
			break
		}
	}
	for ; i < len(s); i++ {
		if jsonSafe[s[i]] == 0 {
			break
		}
	}
	return i
}

// string writes s quoted as encoding/json quotes it without HTML escaping. Nearly every
// string of a model (names, types) needs no escape: it is found so by safeRun and copied by
// one append; the rest goes to escapedString.
func (w *jsonWriter) string(s string) {
	if n := safeRun(s); n < len(s) {
		w.escapedString(s, n)
		return
	}
	w.b = append(append(append(w.b, '"'), s...), '"')
}

// escapedString writes s, whose first n bytes are safe, quoted: each run of safe bytes copied
// by one append, each other byte escaped as encoding/json escapes it.
func (w *jsonWriter) escapedString(s string, n int) {
	b := append(append(w.b, '"'), s[:n]...)
	for s = s[n:]; len(s) > 0; s = s[n:] {
		n = 1
		switch c := s[0]; {
		case c < utf8.RuneSelf:
			b = appendEscapedASCII(b, c)
		default:
			r, size := utf8.DecodeRuneInString(s)
			n = size
			switch {
			case r == utf8.RuneError && size == 1:
				b = append(b, `\ufffd`...)
			case r == '\u2028' || r == '\u2029':
				b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			default:
				b = append(b, s[:size]...)
			}
		}
		safe := safeRun(s[n:])
		b = append(b, s[n:n+safe]...)
		n += safe
	}
	w.b = append(b, '"')
}

// appendEscapedASCII appends c, an ASCII byte jsonSafe rejects, escaped as encoding/json
// escapes it: \" and \\, the short forms of five control characters, \u00XX for the others.
func appendEscapedASCII(b []byte, c byte) []byte {
	switch c {
	case '"', '\\':
		return append(b, '\\', c)
	case '\b':
		return append(b, '\\', 'b')
	case '\f':
		return append(b, '\\', 'f')
	case '\n':
		return append(b, '\\', 'n')
	case '\r':
		return append(b, '\\', 'r')
	case '\t':
		return append(b, '\\', 't')
	}
	return append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
}

const hexDigits = "0123456789abcdef"

func (w *jsonWriter) str(k, s string) {
	w.key(k)
	w.string(s)
}

func (w *jsonWriter) strOmit(k, s string) {
	if s != "" {
		w.str(k, s)
	}
}

func (w *jsonWriter) strPtr(k string, s *string) {
	w.key(k)
	if s == nil {
		w.null()
		return
	}
	w.string(*s)
}

func (w *jsonWriter) strPtrOmit(k string, s *string) {
	if s != nil {
		w.str(k, *s)
	}
}

func (w *jsonWriter) bool(k string, v bool) {
	w.key(k)
	w.b = strconv.AppendBool(w.b, v)
}

func (w *jsonWriter) boolOmit(k string, v bool) {
	if v {
		w.bool(k, v)
	}
}

func (w *jsonWriter) int(k string, v int64) {
	w.key(k)
	w.b = strconv.AppendInt(w.b, v, 10)
}

func (w *jsonWriter) intPtrOmit(k string, v *int64) {
	if v != nil {
		w.int(k, *v)
	}
}

// strs writes a []string (or a slice of a string type): null when nil.
func strs[S ~string](w *jsonWriter, k string, v []S) {
	list(w, k, v, false, writeStr[S])
}

func strsOmit[S ~string](w *jsonWriter, k string, v []S) {
	list(w, k, v, true, writeStr[S])
}

func writeStr[S ~string](w *jsonWriter, s *S) { w.string(string(*s)) }

// list writes the member k, an array of v's elements: null when v is nil, left out when it
// is empty and omit (omitempty) is set.
// elem is a function, not a closure or method value, so that w does not escape.
func list[E any](w *jsonWriter, k string, v []E, omit bool, elem func(*jsonWriter, *E)) {
	if omit && len(v) == 0 {
		return
	}
	w.key(k)
	if v == nil {
		w.null()
		return
	}
	w.open('[')
	for i := range v {
		w.elem()
		elem(w, &v[i])
	}
	w.close(']')
}

// other writes the member k by encoding/json, left out when omit and empty is set.
func (w *jsonWriter) other(k string, v any, empty bool) {
	if empty {
		return
	}
	w.key(k)
	compact, err := w.sw.compactJSON(v)
	if err != nil {
		w.err = err
		return
	}
	w.b = indent(w.b, compact, w.indent(), indentUnit)
}

// indent is the prefix of a line at the current depth, built once per depth.
func (w *jsonWriter) indent() string {
	for len(w.indents) <= w.depth {
		w.indents = append(w.indents, w.prefix+strings.Repeat(indentUnit, len(w.indents)))
	}
	return w.indents[w.depth]
}

func (w *jsonWriter) table(t *Table) {
	w.open('{')
	w.str(`"name": `, t.Name)
	w.strPtr(`"comment": `, t.Comment)
	list(w, `"columns": `, t.Columns, false, (*jsonWriter).column)
	w.key(`"primary_key": `)
	if pk := t.PrimaryKey; pk == nil {
		w.null()
	} else {
		w.primaryKey(pk)
	}
	list(w, `"foreign_keys": `, t.ForeignKeys, false, (*jsonWriter).foreignKey)
	list(w, `"uniques": `, t.Uniques, false, (*jsonWriter).unique)
	list(w, `"checks": `, t.Checks, false, (*jsonWriter).check)
	list(w, `"indexes": `, t.Indexes, false, (*jsonWriter).index)
	w.other(`"triggers": `, t.Triggers, len(t.Triggers) == 0)
	if st := t.Stats; st != nil {
		w.key(`"stats": `)
		w.open('{')
		w.intPtrOmit(`"row_estimate": `, st.RowEstimate)
		w.intPtrOmit(`"size_bytes": `, st.SizeBytes)
		w.intPtrOmit(`"auto_increment": `, st.AutoIncrement)
		w.close('}')
	}
	w.access(&t.Access)
	w.other(`"postgres": `, t.Postgres, t.Postgres == nil)
	w.other(`"mysql": `, t.MySQL, t.MySQL == nil)
	if st := t.SQLite; st != nil {
		w.key(`"sqlite": `)
		w.open('{')
		w.boolOmit(`"without_rowid": `, st.WithoutRowID)
		w.boolOmit(`"strict": `, st.Strict)
		w.strOmit(`"module": `, st.Module)
		strsOmit(w, `"implicit_not_null": `, st.ImplicitNotNull)
		w.strOmit(`"definition": `, st.Definition)
		w.close('}')
	}
	w.close('}')
}

func (w *jsonWriter) access(a *Access) {
	w.strOmit(`"owner": `, a.Owner)
	list(w, `"grants": `, a.Grants, true, (*jsonWriter).grant)
}

func (w *jsonWriter) grant(g *Grant) {
	{
		w.open('{')
		w.str(`"grantee": `, g.Grantee)
		strs(w, `"privileges": `, g.Privileges)
		w.boolOmit(`"grant_option": `, g.GrantOption)
		strsOmit(w, `"columns": `, g.Columns)
		w.close('}')
	}
}

func (w *jsonWriter) column(c *Column) {
	w.open('{')
	w.str(`"name": `, c.Name)
	w.str(`"type": `, c.Type)
	w.bool(`"nullable": `, c.Nullable)
	w.strPtr(`"default": `, c.Default)
	w.strPtr(`"comment": `, c.Comment)
	w.strOmit(`"collation": `, c.Collation)
	w.boolOmit(`"auto_increment": `, c.AutoIncrement)
	if id := c.Identity; id != nil {
		w.key(`"identity": `)
		w.open('{')
		w.str(`"generation": `, id.Generation)
		w.int(`"start": `, id.Start)
		w.int(`"increment": `, id.Increment)
		w.int(`"min": `, id.Min)
		w.int(`"max": `, id.Max)
		w.int(`"cache": `, id.Cache)
		w.boolOmit(`"cycle": `, id.Cycle)
		w.close('}')
	}
	if g := c.Generated; g != nil {
		w.key(`"generated": `)
		w.open('{')
		w.str(`"expression": `, g.Expression)
		w.str(`"kind": `, string(g.Kind))
		w.close('}')
	}
	w.boolOmit(`"invisible": `, c.Invisible)
	w.other(`"mysql": `, c.MySQL, c.MySQL == nil)
	if pc := c.Postgres; pc != nil {
		w.key(`"postgres": `)
		w.open('{')
		strsOmit(w, `"with": `, pc.With)
		if pc.Statistics != nil {
			w.int(`"statistics": `, int64(*pc.Statistics))
		}
		w.strOmit(`"storage": `, pc.Storage)
		w.close('}')
	}
	w.boolOmit(`"inherited": `, c.Inherited)
	w.close('}')
}

func (w *jsonWriter) primaryKey(pk *PrimaryKey) {
	w.open('{')
	w.strPtr(`"name": `, pk.Name)
	strs(w, `"columns": `, pk.Columns)
	w.strPtrOmit(`"comment": `, pk.Comment)
	w.boolOmit(`"deferrable": `, pk.Deferrable)
	w.boolOmit(`"initially_deferred": `, pk.InitiallyDeferred)
	w.boolOmit(`"inherited": `, pk.Inherited)
	w.close('}')
}

func (w *jsonWriter) foreignKey(fk *ForeignKey) {
	w.open('{')
	w.str(`"name": `, fk.Name)
	strs(w, `"columns": `, fk.Columns)
	w.str(`"ref_schema": `, fk.RefSchema)
	w.str(`"ref_table": `, fk.RefTable)
	strs(w, `"ref_columns": `, fk.RefColumns)
	w.str(`"on_delete": `, string(fk.OnDelete))
	w.str(`"on_update": `, string(fk.OnUpdate))
	w.strOmit(`"match": `, fk.Match)
	w.boolOmit(`"deferrable": `, fk.Deferrable)
	w.boolOmit(`"initially_deferred": `, fk.InitiallyDeferred)
	w.boolOmit(`"not_valid": `, fk.NotValid)
	w.strPtrOmit(`"comment": `, fk.Comment)
	w.boolOmit(`"inherited": `, fk.Inherited)
	w.close('}')
}

func (w *jsonWriter) unique(u *Unique) {
	w.open('{')
	w.str(`"name": `, u.Name)
	strs(w, `"columns": `, u.Columns)
	w.boolOmit(`"nulls_not_distinct": `, u.NullsNotDistinct)
	w.boolOmit(`"deferrable": `, u.Deferrable)
	w.boolOmit(`"initially_deferred": `, u.InitiallyDeferred)
	w.strPtrOmit(`"comment": `, u.Comment)
	w.boolOmit(`"inherited": `, u.Inherited)
	w.close('}')
}

func (w *jsonWriter) check(c *Check) {
	w.open('{')
	w.str(`"name": `, c.Name)
	w.str(`"expression": `, c.Expression)
	w.strOmit(`"column": `, c.Column)
	w.boolOmit(`"not_valid": `, c.NotValid)
	w.boolOmit(`"no_inherit": `, c.NoInherit)
	w.boolOmit(`"not_enforced": `, c.NotEnforced)
	w.strPtrOmit(`"comment": `, c.Comment)
	w.boolOmit(`"inherited": `, c.Inherited)
	w.close('}')
}

func (w *jsonWriter) index(x *Index) {
	w.open('{')
	w.str(`"name": `, x.Name)
	w.bool(`"unique": `, x.Unique)
	strs(w, `"columns": `, x.Columns)
	list(w, `"parts": `, x.Parts, false, (*jsonWriter).indexPart)
	w.strOmit(`"method": `, x.Method)
	w.strOmit(`"where": `, x.Where)
	strsOmit(w, `"include": `, x.Include)
	w.boolOmit(`"nulls_not_distinct": `, x.NullsNotDistinct)
	w.strOmit(`"constraint": `, x.Constraint)
	w.boolOmit(`"invisible": `, x.Invisible)
	w.strPtrOmit(`"comment": `, x.Comment)
	w.strOmit(`"definition": `, x.Definition)
	w.other(`"mysql": `, x.MySQL, x.MySQL == nil)
	if pi := x.Postgres; pi != nil {
		w.key(`"postgres": `)
		w.open('{')
		w.strOmit(`"tablespace": `, pi.Tablespace)
		strsOmit(w, `"with": `, pi.With)
		w.close('}')
	}
	w.boolOmit(`"inherited": `, x.Inherited)
	w.close('}')
}

func (w *jsonWriter) indexPart(p *IndexPart) {
	w.open('{')
	w.strOmit(`"column": `, p.Column)
	w.strOmit(`"expression": `, p.Expression)
	w.boolOmit(`"desc": `, p.Desc)
	w.strOmit(`"nulls": `, p.Nulls)
	w.strOmit(`"collation": `, p.Collation)
	w.strOmit(`"opclass": `, p.OpClass)
	if p.Length != 0 {
		w.int(`"length": `, int64(p.Length))
	}
	w.close('}')
}

// fastWriteFields are the JSON members jsonWriter writes itself, per type, in order, with
// their options: the model's struct tags as jsonWriter was written for them.
var fastWriteFields = map[reflect.Type]string{
	reflect.TypeFor[Table](): "name comment columns primary_key foreign_keys uniques checks indexes " +
		"triggers,omitempty stats,omitempty owner,omitempty grants,omitempty postgres,omitempty mysql,omitempty sqlite,omitempty",
	reflect.TypeFor[TableStats](): "row_estimate,omitempty size_bytes,omitempty auto_increment,omitempty",
	reflect.TypeFor[SQLiteTable](): "without_rowid,omitempty strict,omitempty module,omitempty " +
		"implicit_not_null,omitempty definition,omitempty",
	reflect.TypeFor[Grant](): "grantee privileges grant_option,omitempty columns,omitempty",
	reflect.TypeFor[Column](): "name type nullable default comment collation,omitempty auto_increment,omitempty " +
		"identity,omitempty generated,omitempty invisible,omitempty mysql,omitempty postgres,omitempty inherited,omitempty",
	reflect.TypeFor[Identity]():       "generation start increment min max cache cycle,omitempty",
	reflect.TypeFor[Generated]():      "expression kind",
	reflect.TypeFor[PostgresColumn](): "with,omitempty statistics,omitempty storage,omitempty",
	reflect.TypeFor[PrimaryKey](): "name columns comment,omitempty deferrable,omitempty " +
		"initially_deferred,omitempty inherited,omitempty",
	reflect.TypeFor[ForeignKey](): "name columns ref_schema ref_table ref_columns on_delete on_update match,omitempty " +
		"deferrable,omitempty initially_deferred,omitempty not_valid,omitempty comment,omitempty inherited,omitempty",
	reflect.TypeFor[Unique](): "name columns nulls_not_distinct,omitempty deferrable,omitempty " +
		"initially_deferred,omitempty comment,omitempty inherited,omitempty",
	reflect.TypeFor[Check](): "name expression column,omitempty not_valid,omitempty no_inherit,omitempty " +
		"not_enforced,omitempty comment,omitempty inherited,omitempty",
	reflect.TypeFor[Index](): "name unique columns parts method,omitempty where,omitempty include,omitempty " +
		"nulls_not_distinct,omitempty constraint,omitempty invisible,omitempty comment,omitempty " +
		"definition,omitempty mysql,omitempty postgres,omitempty inherited,omitempty",
	reflect.TypeFor[PostgresIdx](): "tablespace,omitempty with,omitempty",
	reflect.TypeFor[IndexPart](): "column,omitempty expression,omitempty desc,omitempty nulls,omitempty " +
		"collation,omitempty opclass,omitempty length,omitempty",
}

// fastWriteMatches reports whether the model's types still have the members jsonWriter
// writes: a field added, renamed or retagged sends every table to encoding/json (and fails
// TestFastWriterKnowsTheModel) instead of silently dropping it from snapshots.
var fastWriteMatches = sync.OnceValue(func() bool {
	for t, want := range fastWriteFields {
		if jsonTags(t) != want {
			return false
		}
	}
	return true
})

// jsonTags lists t's JSON tags in encoding/json's order, embedded structs spliced in.
func jsonTags(t reflect.Type) string {
	var tags []string
	var walk func(reflect.Type)
	walk = func(t reflect.Type) {
		for i := range t.NumField() {
			f := t.Field(i)
			tag, ok := f.Tag.Lookup("json")
			switch {
			case f.Anonymous && !ok:
				walk(f.Type)
			case f.IsExported():
				tags = append(tags, tag)
			}
		}
	}
	walk(t)
	return strings.Join(tags, " ")
}

// fastTable writes t at prefix (its first line unprefixed) laid out as encoding/json would;
// false when jsonWriter does not know the model (see fastWriteMatches) and wrote nothing.
func (sw *snapshotWriter) fastTable(t *Table, prefix string) bool {
	if !fastWriteMatches() {
		return false
	}
	w := &sw.jw
	if w.sw == nil || w.prefix != prefix {
		line := append(append(append(w.line[:0], ',', '\n'), prefix...), indentSpaces...)
		*w = jsonWriter{prefix: prefix, sw: sw, line: line}
	}
	w.b, w.depth, w.first, w.err = sw.out[:0], 0, false, nil
	w.table(t)
	sw.out = w.b
	if w.err != nil {
		sw.err = w.err
		return true
	}
	sw.write(w.b)
	return true
}

// compactJSON is v compact as the snapshot writer's Encoder writes it, without the newline.
// The bytes are valid until the next call.
func (sw *snapshotWriter) compactJSON(v any) ([]byte, error) {
	sw.buf.Reset()
	if sw.enc == nil {
		sw.enc = json.NewEncoder(&sw.buf)
		sw.enc.SetEscapeHTML(false)
	}
	if err := sw.enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(sw.buf.Bytes(), []byte("\n")), nil
}

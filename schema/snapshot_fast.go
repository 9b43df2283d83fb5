package schema

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"
)

// fastTable decodes one table's JSON into t without reflection: tables are nearly all of a
// snapshot, and encoding/json's reflection was most of the time of reading one. It takes the
// table as WriteSnapshot writes it: the keys of Table, Column, the keys, constraints, indexes
// SQLite's table options, identities and stats spelled exactly, each at most once, with values
// of their type or null; the other engine sub-structs, grants and triggers are handed to
// json.Unmarshal.
// It checks the JSON it reads as strictly as encoding/json. Anything else (a key in another
// case, a key twice, a mistyped value, a \u escape, invalid JSON) returns false, and the caller
// decodes the table with json.Unmarshal instead, so every document decodes as encoding/json
// decodes it.
func fastTable(data []byte, t *Table, strs *Interner, scratch *fastScratch) bool {
	n, ok := fastTablePrefix(data, t, strs, scratch)
	if !ok {
		return false
	}
	p := fastParser{b: data, i: n}
	p.space()
	return p.i == len(p.b) // and nothing after it
}

// fastTablePrefix is fastTable for a table at the start of data, with more after it: it
// returns the length of the table's JSON. The reader hands it what it holds of the document,
// so a table is read once rather than cut out first. A table that runs past the end of data
// fails like any other the parser refuses (every value is read up to its closing bracket,
// quote or delimiter), and the caller cuts it out and decodes it whole.
func fastTablePrefix(data []byte, t *Table, strs *Interner, scratch *fastScratch) (int, bool) {
	p := &fastParser{b: data, in: strs, scratch: scratch}
	if !p.table(t) {
		return 0, false
	}
	return p.i, true
}

func (p *fastParser) table(t *Table) bool {
	return p.object(func(key []byte) bool {
		switch string(key) {
		case "name":
			return p.str(&t.Name)
		case "comment":
			return p.strPtr(&t.Comment, false)
		case "columns":
			return array(p, &t.Columns, &p.scratch.columns, func(c *Column) bool { return p.column(c) })
		case "primary_key":
			return ptr(p, &t.PrimaryKey, func(pk *PrimaryKey) bool { return p.primaryKey(pk) })
		case "foreign_keys":
			return array(p, &t.ForeignKeys, &p.scratch.foreignKeys, func(fk *ForeignKey) bool { return p.foreignKey(fk) })
		case "uniques":
			return array(p, &t.Uniques, &p.scratch.uniques, func(u *Unique) bool { return p.unique(u) })
		case "checks":
			return array(p, &t.Checks, &p.scratch.checks, func(c *Check) bool { return p.check(c) })
		case "indexes":
			return array(p, &t.Indexes, &p.scratch.indexes, func(x *Index) bool { return p.index(x) })
		case "owner":
			return p.istr(&t.Owner)
		case "triggers":
			return p.raw(&t.Triggers)
		case "stats":
			return ptr(p, &t.Stats, p.stats)
		case "grants":
			return p.raw(&t.Grants)
		case "postgres":
			return p.raw(&t.Postgres)
		case "mysql":
			return p.raw(&t.MySQL)
		case "sqlite":
			return ptr(p, &t.SQLite, p.sqliteTable)
		}
		return false
	})
}

func (p *fastParser) stats(st *TableStats) bool {
	return p.object(func(key []byte) bool {
		switch string(key) {
		case "row_estimate":
			return p.intPtr(&st.RowEstimate)
		case "size_bytes":
			return p.intPtr(&st.SizeBytes)
		case "auto_increment":
			return p.intPtr(&st.AutoIncrement)
		}
		return false
	})
}

func (p *fastParser) identity(id *Identity) bool {
	return p.object(func(key []byte) bool {
		switch string(key) {
		case "generation":
			return p.istr(&id.Generation)
		case "start":
			return p.int(&id.Start)
		case "increment":
			return p.int(&id.Increment)
		case "min":
			return p.int(&id.Min)
		case "max":
			return p.int(&id.Max)
		case "cache":
			return p.int(&id.Cache)
		case "cycle":
			return p.bool(&id.Cycle)
		}
		return false
	})
}

func (p *fastParser) sqliteTable(st *SQLiteTable) bool {
	return p.object(func(key []byte) bool {
		switch string(key) {
		case "without_rowid":
			return p.bool(&st.WithoutRowID)
		case "strict":
			return p.bool(&st.Strict)
		case "module":
			return p.istr(&st.Module)
		case "implicit_not_null":
			return p.strs(&st.ImplicitNotNull)
		case "definition":
			return p.str(&st.Definition)
		}
		return false
	})
}

func (p *fastParser) column(c *Column) bool {
	return p.object(func(key []byte) bool {
		switch string(key) {
		case "name":
			return p.istr(&c.Name)
		case "type":
			return p.istr(&c.Type)
		case "nullable":
			return p.bool(&c.Nullable)
		case "default":
			return p.strPtr(&c.Default, true)
		case "comment":
			return p.strPtr(&c.Comment, false)
		case "collation":
			return p.istr(&c.Collation)
		case "auto_increment":
			return p.bool(&c.AutoIncrement)
		case "invisible":
			return p.bool(&c.Invisible)
		case "inherited":
			return p.bool(&c.Inherited)
		case "identity":
			return ptr(p, &c.Identity, p.identity)
		case "generated":
			return p.raw(&c.Generated)
		case "mysql":
			return p.raw(&c.MySQL)
		case "postgres":
			return p.raw(&c.Postgres)
		}
		return false
	})
}

func (p *fastParser) primaryKey(pk *PrimaryKey) bool {
	return p.object(func(key []byte) bool {
		switch string(key) {
		case "name":
			return p.strPtr(&pk.Name, false)
		case "columns":
			return p.strs(&pk.Columns)
		case "comment":
			return p.strPtr(&pk.Comment, false)
		case "deferrable":
			return p.bool(&pk.Deferrable)
		case "initially_deferred":
			return p.bool(&pk.InitiallyDeferred)
		case "inherited":
			return p.bool(&pk.Inherited)
		}
		return false
	})
}

func (p *fastParser) foreignKey(fk *ForeignKey) bool {
	return p.object(func(key []byte) bool {
		switch string(key) {
		case "name":
			return p.str(&fk.Name)
		case "columns":
			return p.strs(&fk.Columns)
		case "ref_schema":
			return p.istr(&fk.RefSchema)
		case "ref_table":
			return p.str(&fk.RefTable)
		case "ref_columns":
			return p.strs(&fk.RefColumns)
		case "on_delete":
			return p.istr((*string)(&fk.OnDelete))
		case "on_update":
			return p.istr((*string)(&fk.OnUpdate))
		case "match":
			return p.str(&fk.Match)
		case "deferrable":
			return p.bool(&fk.Deferrable)
		case "initially_deferred":
			return p.bool(&fk.InitiallyDeferred)
		case "not_valid":
			return p.bool(&fk.NotValid)
		case "comment":
			return p.strPtr(&fk.Comment, false)
		case "inherited":
			return p.bool(&fk.Inherited)
		}
		return false
	})
}

func (p *fastParser) unique(u *Unique) bool {
	return p.object(func(key []byte) bool {
		switch string(key) {
		case "name":
			return p.str(&u.Name)
		case "columns":
			return p.strs(&u.Columns)
		case "nulls_not_distinct":
			return p.bool(&u.NullsNotDistinct)
		case "deferrable":
			return p.bool(&u.Deferrable)
		case "initially_deferred":
			return p.bool(&u.InitiallyDeferred)
		case "comment":
			return p.strPtr(&u.Comment, false)
		case "inherited":
			return p.bool(&u.Inherited)
		}
		return false
	})
}

func (p *fastParser) check(c *Check) bool {
	return p.object(func(key []byte) bool {
		switch string(key) {
		case "name":
			return p.istr(&c.Name)
		case "expression":
			return p.str(&c.Expression)
		case "column":
			return p.str(&c.Column)
		case "not_valid":
			return p.bool(&c.NotValid)
		case "no_inherit":
			return p.bool(&c.NoInherit)
		case "not_enforced":
			return p.bool(&c.NotEnforced)
		case "comment":
			return p.strPtr(&c.Comment, false)
		case "inherited":
			return p.bool(&c.Inherited)
		}
		return false
	})
}

func (p *fastParser) index(x *Index) bool {
	return p.object(func(key []byte) bool {
		switch string(key) {
		case "name":
			return p.str(&x.Name)
		case "unique":
			return p.bool(&x.Unique)
		case "columns":
			return p.strs(&x.Columns)
		case "parts":
			return array(p, &x.Parts, &p.scratch.parts, func(part *IndexPart) bool { return p.indexPart(part) })
		case "method":
			return p.istr(&x.Method)
		case "where":
			return p.str(&x.Where)
		case "include":
			return p.strs(&x.Include)
		case "nulls_not_distinct":
			return p.bool(&x.NullsNotDistinct)
		case "constraint":
			return p.str(&x.Constraint)
		case "invisible":
			return p.bool(&x.Invisible)
		case "comment":
			return p.strPtr(&x.Comment, false)
		case "definition":
			return p.str(&x.Definition)
		case "inherited":
			return p.bool(&x.Inherited)
		case "mysql":
			return p.raw(&x.MySQL)
		case "postgres":
			return p.raw(&x.Postgres)
		}
		return false
	})
}

func (p *fastParser) indexPart(part *IndexPart) bool {
	return p.object(func(key []byte) bool {
		switch string(key) {
		case "column":
			return p.istr(&part.Column)
		case "expression":
			return p.str(&part.Expression)
		case "desc":
			return p.bool(&part.Desc)
		case "nulls":
			return p.str(&part.Nulls)
		case "collation":
			return p.istr(&part.Collation)
		case "opclass":
			return p.istr(&part.OpClass)
		case "length":
			return p.raw(&part.Length)
		}
		return false
	})
}

// fastParser reads valid JSON (the Decoder has checked it) from b at i.
type fastParser struct {
	b       []byte
	i       int
	in      *Interner
	scratch *fastScratch
}

// fastScratch holds the arrays being read, reused from table to table.
type fastScratch struct {
	columns     []Column
	foreignKeys []ForeignKey
	uniques     []Unique
	checks      []Check
	indexes     []Index
	parts       []IndexPart
	strings     []string
}

func (p *fastParser) space() {
	// Every byte of a value or delimiter is above ' ': one comparison says most calls have
	// nothing to pass over (the parser asks for the next byte several times per value).
	for p.i < len(p.b) && p.b[p.i] <= ' ' && isSpace(p.b[p.i]) {
		p.i++
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

// indentation is space for the white space before a key, where an indented document starts
// a line: the spaces at the start of a line, most of a snapshot's bytes, are passed over eight
// at a time.
func (p *fastParser) indentation() {
	const eightSpaces = 0x2020202020202020
	i := p.i
	for i < len(p.b) {
		switch p.b[i] {
		case '\n':
			i++
			for i+8 <= len(p.b) && binary.LittleEndian.Uint64(p.b[i:]) == eightSpaces {
				i += 8
			}
			for i < len(p.b) && p.b[i] == ' ' { // the rest of the line's indentation
				i++
			}
		case ' ', '\t', '\r':
			i++
		default:
			p.i = i
			return
		}
	}
	p.i = i
}

// next is the first byte of the next value, or 0 at the end.
func (p *fastParser) next() byte {
	p.space()
	if p.i < len(p.b) {
		return p.b[p.i]
	}
	return 0
}

// null reads a null if one is next.
func (p *fastParser) null() bool {
	return p.literal("null")
}

// literal reads word (null, true, false) if it is next, and nothing longer.
func (p *fastParser) literal(word string) bool {
	if p.next() != word[0] {
		return false
	}
	end := p.i + len(word)
	if end > len(p.b) || string(p.b[p.i:end]) != word || end < len(p.b) && !isDelim(p.b[end]) {
		return false
	}
	p.i = end
	return true
}

// object reads an object, calling member with each key with the parser at its value; member
// reads the value and says whether it could. A key seen twice is refused: encoding/json would
// merge the second value into the first.
func (p *fastParser) object(member func(key []byte) bool) bool {
	if p.next() != '{' {
		return false
	}
	p.i++
	p.indentation() // before the first key, on a line of its own
	if p.next() == '}' {
		p.i++
		return true
	}
	var keys [16][]byte
	seen := keys[:0] // a handful of keys: a slice beats a map
	for {
		key, ok := p.key()
		if !ok {
			return false
		}
		for _, k := range seen {
			if string(k) == string(key) {
				return false
			}
		}
		seen = append(seen, key)
		if p.next() != ':' {
			return false
		}
		p.i++
		if !member(key) {
			return false
		}
		p.indentation() // before the } that ends a line of its own
		switch p.next() {
		case ',':
			p.i++
		case '}':
			p.i++
			return true
		default:
			return false
		}
	}
}

// key reads an object key as the bytes between its quotes, without making a string of it:
// there are about 60 keys to a table. Every key of the model is plain ASCII, so a key with an
// escape or any other byte is refused (encoding/json decodes the table: it may be one of ours
// spelled otherwise, "na\u006de").
func (p *fastParser) key() ([]byte, bool) {
	p.indentation()
	if p.i >= len(p.b) || p.b[p.i] != '"' {
		return nil, false
	}
	start := p.i + 1
	for i := start; i < len(p.b); i++ {
		switch c := p.b[i]; {
		case c == '"':
			p.i = i + 1
			return p.b[start:i], true
		case stringSpecial[c]:
			return nil, false
		}
	}
	return nil, false
}

// stringSpecial marks the bytes a string scan must stop at: the quote, the backslash, control
// characters (invalid in a JSON string) and bytes outside ASCII (to be checked as UTF-8). One
// load per byte instead of four comparisons.
var stringSpecial = func() (t [256]bool) {
	for c := range 256 {
		t[c] = c == '"' || c == '\\' || c < 0x20 || c >= 0x80
	}
	return t
}()

// str reads a string or null (which leaves *dst alone, as encoding/json does).
func (p *fastParser) str(dst *string) bool { return p.string(dst, false) }

// istr is str for a string that repeats across tables: it is interned.
func (p *fastParser) istr(dst *string) bool { return p.string(dst, true) }

func (p *fastParser) string(dst *string, intern bool) bool {
	if p.null() {
		return true
	}
	s, ok := p.quoted(intern)
	if ok {
		*dst = s
	}
	return ok
}

// quoted reads a string. The escapes \" \\ \/ \b \f \n \r \t are decoded here; a \u
// escape sends the string to json.Unmarshal, and so does a byte outside ASCII unless the
// string is valid UTF-8 (encoding/json replaces invalid bytes).
func (p *fastParser) quoted(intern bool) (string, bool) {
	if p.next() != '"' {
		return "", false
	}
	start := p.i
	p.i++
	escaped, ascii := false, true
	for p.i < len(p.b) {
		c := p.b[p.i]
		if !stringSpecial[c] {
			p.i++
			continue
		}
		switch {
		case c == '"':
			p.i++
			body := p.b[start+1 : p.i-1]
			var s string
			switch {
			case !ascii && !utf8.Valid(body) || escaped && bytes.Contains(body, []byte(`\u`)):
				var ok bool
				if s, ok = unquote(p.b[start:p.i]); !ok {
					return "", false
				}
			case escaped:
				s = unescape(body)
			case intern:
				return p.in.Bytes(body), true
			default:
				return string(body), true
			}
			if intern {
				s = p.in.String(s)
			}
			return s, true
		case c == '\\':
			if p.i+1 >= len(p.b) || !strings.ContainsRune(`"\/bfnrtu`, rune(p.b[p.i+1])) {
				return "", false
			}
			escaped = true
			p.i += 2
			continue
		case c < 0x20:
			return "", false
		case c >= 0x80:
			ascii = false
		}
		p.i++
	}
	return "", false
}

// unquote decodes a JSON string as encoding/json does.
func unquote(b []byte) (string, bool) {
	var s string
	err := json.Unmarshal(b, &s)
	return s, err == nil
}

// unescape decodes a string body whose escapes are all of one character.
func unescape(body []byte) string {
	out := make([]byte, 0, len(body))
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c != '\\' {
			out = append(out, c)
			continue
		}
		i++
		switch body[i] {
		case 'b':
			c = '\b'
		case 'f':
			c = '\f'
		case 'n':
			c = '\n'
		case 'r':
			c = '\r'
		case 't':
			c = '\t'
		default: // " \ /
			c = body[i]
		}
		out = append(out, c)
	}
	return string(out)
}

func (p *fastParser) strPtr(dst **string, intern bool) bool {
	if p.null() {
		*dst = nil
		return true
	}
	var s string
	if !p.string(&s, intern) {
		return false
	}
	*dst = &s
	return true
}

func (p *fastParser) bool(dst *bool) bool {
	switch {
	case p.literal("true"):
		*dst = true
	case p.literal("false"):
		*dst = false
	case !p.null():
		return false
	}
	return true
}

// int reads an integer or null (which leaves *dst alone). A fraction, an exponent, a leading
// zero or a value out of range is refused: encoding/json's error for it is left to it.
func (p *fastParser) int(dst *int64) bool {
	if p.null() {
		return true
	}
	p.space()
	start := p.i
	if p.i < len(p.b) && p.b[p.i] == '-' {
		p.i++
	}
	digits := p.i
	for p.i < len(p.b) && p.b[p.i] >= '0' && p.b[p.i] <= '9' {
		p.i++
	}
	switch {
	case p.i == digits, p.i-digits > 1 && p.b[digits] == '0', p.i < len(p.b) && !isDelim(p.b[p.i]):
		return false
	}
	n, err := strconv.ParseInt(string(p.b[start:p.i]), 10, 64)
	if err != nil {
		return false
	}
	*dst = n
	return true
}

func (p *fastParser) intPtr(dst **int64) bool {
	if p.null() {
		*dst = nil
		return true
	}
	n := new(int64)
	if !p.int(n) {
		return false
	}
	*dst = n
	return true
}

// strs reads an array of strings; null is a nil slice, [] an empty one. A null element is
// refused.
func (p *fastParser) strs(dst *[]string) bool {
	return array(p, dst, &p.scratch.strings, func(s *string) bool { return p.next() == '"' && p.istr(s) })
}

// array reads an array into a new slice, each element read by elem into a zero value; null is
// a nil slice and [] an empty one, as encoding/json decodes them into a fresh struct. The
// elements are read into scratch, the parser's buffer for arrays of E, and copied to a slice
// of their number.
func array[E any](p *fastParser, dst *[]E, scratch *[]E, elem func(*E) bool) bool {
	if p.null() {
		*dst = nil
		return true
	}
	if p.next() != '[' {
		return false
	}
	p.i++
	p.indentation() // before the first element, on a line of its own
	out := (*scratch)[:0]
	defer func() { *scratch = out[:0] }() // kept for the next array of its type
	if p.next() != ']' {
		for {
			p.indentation() // an element starts a line
			if p.next() == 'n' {
				return false // null into an element: leave that to encoding/json
			}
			out = append(out, *new(E))
			if !elem(&out[len(out)-1]) {
				return false
			}
			if p.next() != ',' {
				break
			}
			p.i++
		}
	}
	p.indentation() // before the ] that ends a line of its own
	if p.next() != ']' {
		return false
	}
	p.i++
	*dst = make([]E, len(out)) // of its length: the model is kept for the whole command
	copy(*dst, out)
	clear(out)
	return true
}

// ptr reads an object into a new value, or null into nil.
func ptr[E any](p *fastParser, dst **E, read func(*E) bool) bool {
	if p.null() {
		*dst = nil
		return true
	}
	v := new(E)
	if !read(v) {
		return false
	}
	*dst = v
	return true
}

// raw hands the next value to json.Unmarshal.
func (p *fastParser) raw(dst any) bool {
	start := p.i
	if !p.skip() {
		return false
	}
	return json.Unmarshal(p.b[start:p.i], dst) == nil
}

// skip passes over one value.
func (p *fastParser) skip() bool {
	depth := 0
	for {
		switch p.next() {
		case 0:
			return false
		case '{', '[':
			depth++
			p.i++
		case '}', ']':
			depth--
			p.i++
		case ',', ':':
			if depth == 0 {
				return false
			}
			p.i++
		case '"':
			if !p.skipString() {
				return false
			}
		default: // a literal or number: up to the next delimiter or space
			for p.i < len(p.b) && !isDelim(p.b[p.i]) {
				p.i++
			}
		}
		if depth == 0 {
			return true
		}
	}
}

func (p *fastParser) skipString() bool {
	p.i++
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case '"':
			p.i++
			return true
		case '\\':
			p.i++
		}
		p.i++
	}
	return false
}

func isDelim(c byte) bool {
	switch c {
	case ',', ':', '{', '}', '[', ']', ' ', '\t', '\n', '\r':
		return true
	}
	return false
}

package schema

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// decodeSnapshot decodes a snapshot document as json.Unmarshal would into a Database, but as a
// stream read through a small window: the top-level object and each schema are walked member
// by member, and the tables and views, nearly all of a snapshot, are decoded one at a time: a
// table where it lies in the window (fastTablePrefix, so its bytes are scanned once), else cut
// out and decoded (fastTable, or encoding/json). So the file is never held whole beside the model
// (a 20,000-table snapshot is about 90 MB of JSON). The other members of an object, small, are
// gathered into an object of their own and unmarshalled, so every field keeps encoding/json's
// rules (key case, null, omitted fields), and its checks of the JSON.
//
// A value of the wrong type is passed over and reported after the rest is read, as Unmarshal
// does; a syntax error or a truncated document means the input is not a snapshot.
func decodeSnapshot(r io.Reader) (*Database, error) {
	d := &snapshotDecoder{in: jsonStream{r: r, buf: make([]byte, 0, 128<<10)}}
	db, header, err := d.database()
	if err == nil && header != nil && d.in.more() {
		err = errors.New("data after the top-level value")
	}
	switch {
	case d.in.err != nil:
		return nil, d.in.err // the file could not be read: say that, not what its bytes are
	case err != nil: // invalid JSON
		return nil, fmt.Errorf("%w: %v", ErrNotSnapshot, err)
	case header == nil:
		return nil, fmt.Errorf("%w: the document is not a JSON object", ErrNotSnapshot)
	}
	if d.typeErr != nil || !knownHeader(db) {
		if err := probeSnapshot(header); err != nil {
			return nil, err
		}
		if d.typeErr != nil {
			return nil, fmt.Errorf("%w: %w", ErrInvalidSnapshot, d.typeErr)
		}
	}
	return db, nil
}

// errEnd is a document that ends inside a value.
var errEnd = errors.New("unexpected end of JSON input")

// jsonStream is a window on a JSON document being read: buf[pos:] is what is not consumed yet.
type jsonStream struct {
	r   io.Reader
	buf []byte
	pos int
	eof bool
	err error // the reader's own error (not io.EOF)
}

// fill reads more of the document, keeping buf[keep:]; it returns false at the end.
func (s *jsonStream) fill(keep int) (shift int, ok bool) {
	if s.eof {
		return 0, false
	}
	if keep > 0 {
		n := copy(s.buf, s.buf[keep:])
		s.buf = s.buf[:n]
		s.pos -= keep
	}
	if len(s.buf) == cap(s.buf) {
		s.buf = append(s.buf, make([]byte, cap(s.buf))...)[:len(s.buf)]
	}
	n, err := s.r.Read(s.buf[len(s.buf):cap(s.buf)])
	s.buf = s.buf[:len(s.buf)+n]
	switch {
	case err == io.EOF:
		s.eof = true
	case err != nil:
		s.err, s.eof = err, true
	}
	return keep, n > 0 || !s.eof
}

// tableWindow is how much of the document the reader holds before decoding a table where it
// lies (gen_schema's tables are about 5 KB of indented JSON): one that runs past the end is
// cut out and decoded again, so it is read twice. A variable so that a test can make every
// table run past it.
var tableWindow = 32 << 10

// window returns what is held of the document from the next byte on, reading more first
// while less than min bytes are held and the document goes on. The bytes are valid until the
// next read.
func (s *jsonStream) window(min int) []byte {
	for len(s.buf)-s.pos < min {
		if _, ok := s.fill(s.pos); !ok {
			break
		}
	}
	return s.buf[s.pos:]
}

// peek skips white space and returns the next byte, or 0 at the end.
func (s *jsonStream) peek() byte {
	for {
		for s.pos < len(s.buf) {
			switch c := s.buf[s.pos]; c {
			case ' ', '\t', '\n', '\r':
				s.pos++
			default:
				return c
			}
		}
		if _, ok := s.fill(s.pos); !ok {
			return 0
		}
	}
}

// more says whether anything but white space is left.
func (s *jsonStream) more() bool { return s.peek() != 0 }

// expect consumes the byte c, the next after white space.
func (s *jsonStream) expect(c byte, where string) error {
	switch got := s.peek(); got {
	case c:
		s.pos++
		return nil
	case 0:
		return errEnd
	default:
		return fmt.Errorf("invalid character %q %s", got, where)
	}
}

// value cuts out the next value: a string, an object or array to its matching bracket, or a
// literal or number up to the next delimiter. Its bytes are valid until the next read; they
// are not checked here, but by whoever decodes them.
func (s *jsonStream) value() ([]byte, error) {
	c := s.peek()
	if c == 0 {
		return nil, errEnd
	}
	start, i := s.pos, s.pos
	depth, inString := 0, false
	for {
		for ; i < len(s.buf); i++ {
			c := s.buf[i]
			switch {
			case inString:
				switch c {
				case '\\':
					i++
				case '"':
					inString = false
					if depth == 0 {
						s.pos = i + 1
						return s.buf[start:s.pos], nil
					}
				}
			case c == '"':
				inString = true
			case c == '{' || c == '[':
				depth++
			case c == '}' || c == ']':
				depth--
				if depth <= 0 {
					if depth < 0 { // a scalar ended by its container's bracket
						s.pos = i
						return s.buf[start:i], nil
					}
					s.pos = i + 1
					return s.buf[start:s.pos], nil
				}
			case depth == 0 && (c == ',' || c == ':' || c == ' ' || c == '\t' || c == '\n' || c == '\r'):
				s.pos = i
				return s.buf[start:i], nil
			}
		}
		shift, ok := s.fill(start)
		i -= shift
		start -= shift
		if !ok {
			if depth == 0 && !inString && i > start { // a literal or number at the very end
				s.pos = i
				return s.buf[start:i], nil
			}
			return nil, errEnd
		}
	}
}

// snapshotDecoder walks a snapshot. typeErr is the first value of the wrong type.
type snapshotDecoder struct {
	in      jsonStream
	typeErr error
	strs    Interner
	scratch fastScratch
}

// database reads the top-level object. header is its JSON without the schemas, for the probe
// of format_version and dialect; nil when the document is not an object.
func (d *snapshotDecoder) database() (db *Database, header []byte, err error) {
	db = &Database{}
	if c := d.in.peek(); c != '{' {
		if c == 0 {
			return nil, nil, errEnd
		}
		return db, nil, nil
	}
	var schemas []Schema
	header, err = d.object("", db, func(key string) (bool, error) {
		if !strings.EqualFold(key, "schemas") {
			return false, nil
		}
		schemas = nil
		return true, d.array("schemas", &schemas, func(i int) error {
			var s Schema
			if err := d.schema(fmt.Sprintf("schemas[%d]", i), &s); err != nil {
				return err
			}
			schemas = append(schemas, s)
			return nil
		})
	})
	db.Schemas = schemas
	return db, header, err
}

// schema reads one element of "schemas", streaming its tables and views.
func (d *snapshotDecoder) schema(path string, s *Schema) error {
	if d.in.peek() != '{' {
		return d.whole(path, s)
	}
	var tables []Table
	var views []View
	_, err := d.object(path, s, func(key string) (bool, error) {
		switch {
		case strings.EqualFold(key, "tables"):
			tables = nil
			return true, d.array(path+".tables", &tables, func(i int) error {
				tables = append(tables, Table{}) // decoded in place: a Table is 280 bytes
				return d.table(path, i, &tables[len(tables)-1])
			})
		case strings.EqualFold(key, "views"):
			views = nil
			return true, d.array(path+".views", &views, func(i int) error {
				var v View
				if err := d.whole(fmt.Sprintf("%s.views[%d]", path, i), &v); err != nil {
					return err
				}
				d.strs.Columns(v.Columns)
				views = append(views, v)
				return nil
			})
		}
		return false, nil
	})
	s.Tables, s.Views = tables, views
	return err
}

// table decodes element i of the tables at path into t: by fastTable where it can, else by
// encoding/json (see whole).
func (d *snapshotDecoder) table(path string, i int, t *Table) error {
	if d.in.peek() == '{' {
		if n, ok := fastTablePrefix(d.in.window(tableWindow), t, &d.strs, &d.scratch); ok {
			d.in.pos += n
			return nil
		}
		*t = Table{} // refused, or cut off by the window's end: cut it out and decode it whole
	}
	raw, err := d.in.value()
	if err != nil {
		return err
	}
	if fastTable(raw, t, &d.strs, &d.scratch) {
		return nil
	}

	*t = Table{}
	if err := d.unmarshal(fmt.Sprintf("%s.tables[%d]", path, i), raw, t); err != nil {
		return err
	}
	d.strs.Table(t)
	return nil
}

// whole decodes the next value into v with encoding/json.
func (d *snapshotDecoder) whole(path string, v any) error {
	raw, err := d.in.value()
	if err != nil {
		return err
	}
	return d.unmarshal(path, raw, v)
}

// unmarshal decodes raw, the value at path, into v. A value of the wrong type is recorded and
// passed over; a syntax error ends the read.
func (d *snapshotDecoder) unmarshal(path string, raw []byte, v any) error {
	err := json.Unmarshal(raw, v)
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		d.mistyped(path, err)
		return nil
	}
	return err
}

// mistyped records err, a value of the wrong type at path, unless one came before.
func (d *snapshotDecoder) mistyped(path string, err error) {
	switch {
	case d.typeErr != nil:
	case path == "":
		d.typeErr = err
	default:
		d.typeErr = fmt.Errorf("%s: %w", path, err)
	}
}

// object reads the object next into v: stream handles the members it reads itself, and the
// rest are collected into an object of their own, unmarshalled into v at the end and
// returned.
func (d *snapshotDecoder) object(path string, v any, stream func(key string) (bool, error)) ([]byte, error) {
	if err := d.in.expect('{', "looking for beginning of object"); err != nil {
		return nil, err
	}
	rest := []byte{'{'}
	if d.in.peek() == '}' {
		d.in.pos++
	} else {
		for {
			key, quoted, err := d.key()
			if err != nil {
				return nil, err
			}
			if err := d.in.expect(':', "after object key"); err != nil {
				return nil, err
			}
			if done, err := stream(key); err != nil {
				return nil, err
			} else if !done {
				raw, err := d.in.value()
				if err != nil {
					return nil, err
				}
				if len(rest) > 1 {
					rest = append(rest, ',')
				}
				rest = append(append(append(rest, quoted...), ':'), raw...)
			}
			if err := d.in.expect(',', "after object key:value pair"); err == nil {
				continue
			}
			if err := d.in.expect('}', "after object key:value pair"); err != nil {
				return nil, err
			}
			break
		}
	}
	rest = append(rest, '}')
	if err := d.unmarshal(path, rest, v); err != nil {
		return nil, err
	}
	return rest, nil
}

// key reads an object key: the string and its JSON text.
func (d *snapshotDecoder) key() (key string, quoted []byte, err error) {
	if c := d.in.peek(); c != '"' {
		if c == 0 {
			return "", nil, errEnd
		}
		return "", nil, fmt.Errorf("invalid character %q looking for beginning of object key string", c)
	}
	raw, err := d.in.value()
	if err != nil {
		return "", nil, err
	}
	if err := json.Unmarshal(raw, &key); err != nil {
		return "", nil, err
	}
	return key, append([]byte(nil), raw...), nil
}

// array reads the array next, calling elem for each element (i counts them); *slice becomes
// empty, not nil, for [], and is left nil for null, as Unmarshal does. A value other than an
// array is decoded into slice by encoding/json, for its type error.
func (d *snapshotDecoder) array(path string, slice any, elem func(i int) error) error {
	if d.in.peek() != '[' {
		return d.whole(path, slice)
	}
	d.in.pos++
	if d.in.peek() == ']' {
		d.in.pos++
	} else {
		for i := 0; ; i++ {
			if err := elem(i); err != nil {
				return err
			}
			if err := d.in.expect(',', "after array element"); err == nil {
				continue
			}
			if err := d.in.expect(']', "after array element"); err != nil {
				return err
			}
			break
		}
	}
	switch s := slice.(type) { // [] is an empty slice, not nil
	case *[]Schema:
		*s = nonNil(*s)
	case *[]Table:
		*s = nonNil(*s)
	case *[]View:
		*s = nonNil(*s)
	}
	return nil
}

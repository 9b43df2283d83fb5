package schema

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// decodeSnapshot decodes a snapshot document as json.Unmarshal would into a Database, but as a
// stream: the top-level object and each schema are read member by member, and the tables and
// views, which are nearly all of a snapshot, are decoded one at a time from a json.Decoder
// over r. So only one table's JSON is buffered at a time (a 20,000-table snapshot is about
// 90 MB of JSON, and reading it whole held the bytes and the model at once). The other
// members of an object, small, are gathered into an object of their own and unmarshalled
// into it, so every field keeps encoding/json's rules (key case, null, omitted fields).
//
// A value of the wrong type is skipped and reported after the rest is read, as Unmarshal
// does; a syntax error or a truncated document means the input is not a snapshot.
func decodeSnapshot(r io.Reader) (*Database, error) {
	src := &readErr{r: r}
	d := &snapshotDecoder{dec: json.NewDecoder(src), strs: Interner{}}
	db, header, err := d.database()
	if err == nil {
		if _, end := d.dec.Token(); end != io.EOF {
			err = errors.New("data after the top-level value")
		}
	}
	switch {
	case src.err != nil:
		return nil, src.err // the file could not be read: say that, not what its bytes are
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		return nil, fmt.Errorf("%w: unexpected end of JSON input", ErrNotSnapshot)
	case err != nil:
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

// readErr remembers an error of the reader itself, which the Decoder reports like one of the
// document's.
type readErr struct {
	r   io.Reader
	err error
}

func (e *readErr) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err != nil && err != io.EOF && e.err == nil {
		e.err = err
	}
	return n, err
}

// snapshotDecoder walks a snapshot's tokens. typeErr is the first value of the wrong type.
type snapshotDecoder struct {
	dec     *json.Decoder
	typeErr error
	strs    Interner
}

// database reads the top-level object. header is its JSON without the schemas, for the probe
// of format_version and dialect.
func (d *snapshotDecoder) database() (db *Database, header []byte, err error) {
	db = &Database{}
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
	var tables []Table
	var views []View
	_, err := d.object(path, s, func(key string) (bool, error) {
		switch {
		case strings.EqualFold(key, "tables"):
			tables = nil
			return true, d.array(path+".tables", &tables, func(i int) error {
				var t Table
				if err := d.value(path, ".tables", i, &t); err != nil {
					return err
				}
				d.strs.Table(&t)
				tables = append(tables, t)
				return nil
			})
		case strings.EqualFold(key, "views"):
			views = nil
			return true, d.array(path+".views", &views, func(i int) error {
				var v View
				if err := d.value(path, ".views", i, &v); err != nil {
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

// value decodes the next value, element i of the array at path+key, into v. A value of the
// wrong type is recorded and passed over (the Decoder has read all of it); any other error
// ends the read.
func (d *snapshotDecoder) value(path, key string, i int, v any) error {
	err := d.dec.Decode(v)
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		d.mistyped(fmt.Sprintf("%s%s[%d]", path, key, i), err)
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

// object reads an object into v: stream handles the members it reads itself, and the rest are
// collected into an object of their own, unmarshalled into v at the end and returned. A null
// leaves v alone; a value other than an object is a type error.
func (d *snapshotDecoder) object(path string, v any, stream func(key string) (bool, error)) ([]byte, error) {
	tok, err := d.dec.Token()
	if err != nil {
		return nil, err
	}
	if tok != json.Delim('{') {
		return nil, d.notA(path, tok, v)
	}
	rest := []byte{'{'}
	for d.dec.More() {
		tok, err := d.dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string) // the Decoder allows only strings as keys
		if done, err := stream(key); err != nil {
			return nil, err
		} else if done {
			continue
		}
		var raw json.RawMessage
		if err := d.dec.Decode(&raw); err != nil {
			return nil, err
		}
		quoted, _ := json.Marshal(key)
		if len(rest) > 1 {
			rest = append(rest, ',')
		}
		rest = append(append(append(rest, quoted...), ':'), raw...)
	}
	if _, err := d.dec.Token(); err != nil { // the closing brace
		return nil, err
	}
	rest = append(rest, '}')
	if err := json.Unmarshal(rest, v); err != nil {
		d.mistyped(path, err)
	}
	return rest, nil
}

// array reads an array, calling elem for each element (i counts them); *slice becomes empty, not nil, for [],
// and is left nil for null, as Unmarshal does. A value other than an array is a type error.
func (d *snapshotDecoder) array(path string, slice any, elem func(i int) error) error {
	tok, err := d.dec.Token()
	if err != nil {
		return err
	}
	if tok != json.Delim('[') {
		return d.notA(path, tok, slice)
	}
	for i := 0; d.dec.More(); i++ {
		if err := elem(i); err != nil {
			return err
		}
	}
	if _, err := d.dec.Token(); err != nil { // the closing bracket
		return err
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

// notA handles a value that is not the object or array wanted, whose first token was tok: null
// is no value; anything else is recorded as the type error Unmarshal gives for it, and the
// rest of it is passed over.
func (d *snapshotDecoder) notA(path string, tok json.Token, into any) error {
	var sample string
	switch tok {
	case nil:
		return nil
	case json.Delim('{'):
		sample = "{}"
	case json.Delim('['):
		sample = "[]"
	default:
		b, _ := json.Marshal(tok)
		sample = string(b)
	}
	if err := json.Unmarshal([]byte(sample), into); err != nil {
		d.mistyped(path, err)
	}
	if delim, ok := tok.(json.Delim); ok {
		if delim == '{' || delim == '[' {
			return d.skip()
		}
	}
	return nil
}

// skip reads the rest of an object or array whose opening delimiter was read.
func (d *snapshotDecoder) skip() error {
	for depth := 1; depth > 0; {
		tok, err := d.dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
	return nil
}

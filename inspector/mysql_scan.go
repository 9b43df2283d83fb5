package inspector

import (
	"database/sql"
	"errors"

	"github.com/dbinspect/dbinspect/schema"
)

// The MySQL reader keeps catalog rows until the stage that builds their part of the model has
// run (ReadMySQL's column and index rows a batch at a time, readMySQLCatalog's all of them),
// and the names in those rows repeat: each column row carries its schema and table, an index
// row its table and index, and data types, charsets, collations and flags come from a
// handful of values. database/sql copies each into a string of its own (about 3 million at
// 20,000 tables), so the text columns of the per-table views are scanned through the reader's
// schema.Interner instead, and equal values share one copy while the rows wait, and in the
// model, which takes the names as they are. A query's
// destinations are made once, before its first row (a scanner boxed per column per row would
// cost about what the interning saves), and every row is scanned into the same struct and
// appended as a copy: each Scan sets every field, NULLs included.

// internedText scans a text column into *dst, shared through in. It accepts what
// database/sql's *string destination accepts, and refuses NULL as it does.
type internedText struct {
	dst *string
	in  *schema.Interner
}

func (t internedText) Scan(src any) error {
	if b, ok := src.([]byte); ok {
		*t.dst = t.in.Bytes(b) // the driver reuses b: Bytes copies what it keeps
		return nil
	}
	var s sql.NullString // database/sql's own conversions for anything else
	if err := s.Scan(src); err != nil {
		return err
	}
	if !s.Valid {
		return errors.New("converting NULL to string is unsupported")
	}
	*t.dst = t.in.String(s.String)
	return nil
}

// internedNullText is internedText for a nullable column: NULL leaves *dst nil.
type internedNullText struct {
	dst **string
	in  *schema.Interner
}

func (t internedNullText) Scan(src any) error {
	if src == nil {
		*t.dst = nil
		return nil
	}
	var s string
	if err := (internedText{&s, t.in}).Scan(src); err != nil {
		return err
	}
	*t.dst = &s
	return nil
}

// text and nullText are the scan destinations of a text column through m's interner.
func (m *mysqlQueries) text(dst *string) sql.Scanner { return internedText{dst, &m.strs} }

func (m *mysqlQueries) nullText(dst **string) sql.Scanner { return internedNullText{dst, &m.strs} }

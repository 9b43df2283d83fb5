package export

import (
	"regexp"
)

// pyT is a column type in the generated module: the SQLAlchemy type expression and the Python
// type of its values (for Mapped[...]).
type pyT struct{ expr, py string }

func raw(typ string) pyT { return pyT{"RawType(" + pyString(typ) + ")", "typing.Any"} }

var (
	lengthRe    = regexp.MustCompile(`^([a-z ]+)\((\d+)\)$`)
	precisionRe = regexp.MustCompile(`^([a-z ]+)\((\d+),\s*(\d+)\)$`)
)

// pyType maps a column's type to SQLAlchemy. A generic type is used only where SQLAlchemy's
// DDL for it reads back as exactly the same type; otherwise a dialect type; otherwise a
// RawType that writes the original text, which always round-trips.
func (m *pyModule) pyType(typ, schemaName string) pyT { return m.rules().saType(m, typ, schemaName) }

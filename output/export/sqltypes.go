package export

import (
	"strconv"
	"strings"

	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/schema"
)

// pyT is a column type in the generated module: the SQLAlchemy type expression and the Python
// type of its values (for Mapped[...]).
type pyT struct{ expr, py string }

func raw(typ string) pyT { return pyT{"RawType(" + pyString(typ) + ")", "typing.Any"} }

// pyType maps a column's type to SQLAlchemy. A generic type is used only where SQLAlchemy's
// DDL for it reads back as exactly the same type; otherwise a dialect type; otherwise a
// RawType that writes the original text, which always round-trips.
func (m *pyModule) pyType(typ, schemaName string) pyT { return m.rules().saType(m, typ, schemaName) }

// saClass is the SQLAlchemy class a dialect writes a type name with, where SQLAlchemy's DDL
// for it reads back as exactly that type.
type saClass struct {
	// class is the constructor ("sa.String", "sa_pg.JSONB"); kw its keyword arguments for the
	// bare type ("timezone=True", "unsigned=True").
	class, kw string
	// args says which arguments of the type the class takes.
	args saArgs
	// py is the Python type of the values where the logical family does not say it (inet: str).
	py string
}

// saArgs are the arguments a class takes from the type: its logical type's sizes.
type saArgs int

const (
	noArgs       saArgs = iota // the bare name only
	lengthArg                  // a length, always written: char(3)
	optLength                  // the bare name or a length: character varying, character varying(20)
	optPrecision               // the bare name, a precision, or a precision and a scale
)

// pyOfFamily is the Python type of the values of a logical family (diff.Classify).
var pyOfFamily = map[string]string{
	diff.FamInt: "int", diff.FamFloat: "float", diff.FamNumeric: "decimal.Decimal", diff.FamString: "str",
	diff.FamBool: "bool", diff.FamJSON: "typing.Any", diff.FamUUID: "typing.Any", diff.FamBinary: "bytes",
	diff.FamDate: "datetime.date", diff.FamTime: "datetime.time", diff.FamTimestamp: "datetime.datetime",
	diff.FamInterval: "datetime.timedelta",
}

// classType writes typ with its class in classes: the type's name picks the class, its logical
// type (diff.Classify, the one diff compares columns on; remembered in types) gives the arguments and the Python
// type. Only a type's canonical spelling gets a class (the inspectors report no other, and
// SQLAlchemy reflects it as that class); ok is false for any other, for a name classes lacks,
// and for arguments the class does not take.
func classType(types logicalTypes, d schema.Dialect, classes map[string]saClass, typ string) (pyT, bool) {
	name, args, paren := strings.Cut(typ, "(")
	args, closed := strings.CutSuffix(args, ")")
	c, ok := classes[name]
	if !ok || paren && !closed {
		return pyT{}, false
	}
	l := types.of(d, typ)
	if l.Canonical != typ {
		return pyT{}, false
	}
	py := c.py
	if py == "" {
		py = pyOfFamily[l.Family]
	}
	switch {
	case !paren && c.args != lengthArg:
		return pyT{c.class + "(" + c.kw + ")", py}, true
	case (c.args == lengthArg || c.args == optLength) && args == strconv.Itoa(l.Length):
		return pyT{c.class + "(" + args + ")", py}, true
	case c.args == optPrecision && args == strconv.Itoa(l.Precision):
		return pyT{c.class + "(" + args + ")", py}, true
	case c.args == optPrecision && args == strconv.Itoa(l.Precision)+","+strconv.Itoa(l.Scale):
		return pyT{c.class + "(" + strconv.Itoa(l.Precision) + ", " + strconv.Itoa(l.Scale) + ")", py}, true
	}
	return pyT{}, false
}

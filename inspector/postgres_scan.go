package inspector

import (
	"database/sql"
	"fmt"
	"math"
	"strconv"
)

// scanPG is rows.Scan(dest...) with the destinations database/sql converts by reflection
// replaced by scanners of their own (pgDests). lib/pq hands an oid column over as its text
// and an int2 as an int64, and database/sql assigns either to a *uint32 or *int16 by
// formatting the value as a string (an allocation) and parsing it back through reflect; a
// nullable column (**string) gets a reflect.New and a second round of conversion. At 5,000
// tables that was over 600,000 values and about a tenth of inspect's CPU; the values and the
// errors for what does not fit are the same.
func scanPG(rows *sql.Rows, dest ...any) error {
	return rows.Scan(pgDests(dest)...)
}

// pgDests replaces, in place, the destinations scanPG has a scanner for and returns dest.
// A row buffer made once (pgColumnRow) calls it once.
func pgDests(dest []any) []any {
	for i, d := range dest {
		switch p := d.(type) {
		case *uint32:
			dest[i] = (*oidDest)(p)
		case *int16:
			dest[i] = (*int2Dest)(p)
		case *int:
			dest[i] = (*intDest)(p)
		case *int64:
			dest[i] = (*int8Dest)(p)
		case **string:
			dest[i] = nullStringDest{p}
		case **uint32:
			dest[i] = nullOIDDest{p}
		case **int:
			dest[i] = nullIntDest{p}
		}
	}
	return dest
}

type (
	oidDest  uint32
	int2Dest int16
	intDest  int
	int8Dest int64
	// The nullable ones wrap their pointer: one pointer in an interface is not boxed.
	nullStringDest struct{ p **string }
	nullOIDDest    struct{ p **uint32 }
	nullIntDest    struct{ p **int }
)

func (d *oidDest) Scan(src any) error {
	n, err := integer(src, 0, math.MaxUint32, "uint32")
	*d = oidDest(n)
	return err
}

func (d *int2Dest) Scan(src any) error {
	n, err := integer(src, math.MinInt16, math.MaxInt16, "int16")
	*d = int2Dest(n)
	return err
}

func (d *intDest) Scan(src any) error {
	n, err := integer(src, math.MinInt, math.MaxInt, "int")
	*d = intDest(n)
	return err
}

func (d *int8Dest) Scan(src any) error {
	n, err := integer(src, math.MinInt64, math.MaxInt64, "int64")
	*d = int8Dest(n)
	return err
}

func (d nullStringDest) Scan(src any) error {
	switch s := src.(type) {
	case nil:
		*d.p = nil
	case string:
		*d.p = &s
	case []byte:
		v := string(s)
		*d.p = &v
	default: // not from lib/pq's text columns: database/sql's own conversion
		var n sql.NullString
		if err := n.Scan(src); err != nil {
			return err
		}
		*d.p = &n.String
	}
	return nil
}

func (d nullOIDDest) Scan(src any) error {
	if src == nil {
		*d.p = nil
		return nil
	}
	n, err := integer(src, 0, math.MaxUint32, "uint32")
	if err != nil {
		return err
	}
	v := uint32(n)
	*d.p = &v
	return nil
}

// integer is the whole number src holds (lib/pq: int64 for int2/int4/int8, the text for oid
// and other types), refused outside [lo, hi] as database/sql refuses it.
func integer(src any, lo, hi int64, typ string) (int64, error) {
	var n int64
	switch s := src.(type) {
	case int64:
		n = s
	case []byte:
		v, ok := decimal(s)
		if !ok {
			return 0, fmt.Errorf("converting driver.Value type %T (%q) to a %s: invalid syntax", src, s, typ)
		}
		n = v
	case string:
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("converting driver.Value type %T (%q) to a %s: %w", src, s, typ, err)
		}
		n = v
	case nil:
		return 0, fmt.Errorf("converting NULL to %s is unsupported", typ)
	default:
		return 0, fmt.Errorf("unsupported Scan, storing driver.Value type %T into type *%s", src, typ)
	}
	if n < lo || n > hi {
		return 0, fmt.Errorf("converting driver.Value type %T (%v) to a %s: value out of range", src, src, typ)
	}
	return n, nil
}

// decimal parses an optionally signed run of decimal digits that fits an int64, without
// making a string of b.
func decimal(b []byte) (int64, bool) {
	digits := b
	if len(digits) > 0 && (digits[0] == '-' || digits[0] == '+') {
		digits = digits[1:]
	}
	if len(digits) == 0 || len(digits) > 18 { // 18 digits always fit; longer ones go the slow way
		n, err := strconv.ParseInt(string(b), 10, 64)
		return n, err == nil
	}
	var n int64
	for _, c := range digits {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if b[0] == '-' {
		n = -n
	}
	return n, true
}

func (d nullIntDest) Scan(src any) error {
	if src == nil {
		*d.p = nil
		return nil
	}
	n, err := integer(src, math.MinInt, math.MaxInt, "int")
	if err != nil {
		return err
	}
	v := int(n)
	*d.p = &v
	return nil
}

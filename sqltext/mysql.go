package sqltext

import (
	"regexp"
	"strings"
)

// intWidthRe matches an integer type with a display width, as MariaDB and MySQL before 8.0.19
// report it ("int(11)", "bigint(20) unsigned"), in any spelling a user may write.
var intWidthRe = regexp.MustCompile(`^(tinyint|smallint|mediumint|int|integer|bigint|year)\((\d+)\)`)

// MySQLIntType drops the display width of a lower-case MySQL integer type: it means nothing
// for storage and MySQL 8.0.19+ no longer reports it. Like MySQL 8 it keeps tinyint(1), the
// conventional boolean spelling that ORMs read, and the width of ZEROFILL columns, where it
// changes what a query returns (int(5) zerofill pads to five digits).
func MySQLIntType(t string) string {
	m := intWidthRe.FindStringSubmatchIndex(t)
	if m == nil {
		return t
	}
	name, width := t[m[2]:m[3]], t[m[4]:m[5]]
	if (name == "tinyint" && width == "1") || strings.Contains(t[m[1]:], "zerofill") {
		return t
	}
	return name + t[m[1]:]
}

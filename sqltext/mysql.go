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

// charsets are MySQL's and MariaDB's character sets, the names an introducer may carry.
var charsets = map[string]bool{}

func init() {
	for _, c := range strings.Fields(`armscii8 ascii big5 binary cp1250 cp1251 cp1256 cp1257 cp850 cp852 cp866
		cp932 dec8 eucjpms euckr gb18030 gb2312 gbk geostd8 greek hebrew hp8 keybcs2 koi8r koi8u latin1
		latin2 latin5 latin7 macce macroman sjis swe7 tis620 ucs2 ujis utf16 utf16le utf32 utf8 utf8mb3 utf8mb4`) {
		charsets[c] = true
	}
}

// IsCharsetIntroducer reports whether w (as _utf8mb4) is a character set introducer, which
// MySQL 8 writes in front of string literals in check clauses, generated columns and view
// bodies where MariaDB writes none; _utf8mb4'x' is 'x'.
func IsCharsetIntroducer(w string) bool {
	name, ok := strings.CutPrefix(strings.ToLower(w), "_")
	return ok && charsets[name]
}

// Package secret hides passwords in what dbinspect shows: targets (URLs, MySQL DSNs, libpq
// keyword strings) and free text such as error messages.
//
// Redaction is structural, never by substring: it finds where a password sits (the userinfo of
// a URL, the user:password@ of a DSN, a password= parameter) and masks that place, whatever
// the password is, so a password "a" does not turn "cannot" into "cxxxxxnnot" and a short
// password is not revealed by the pattern of what was masked. It does not depend on the
// string being a valid URL: an unparsable URL is masked the same way.
//
// It is a package of its own because config (showing environments), drivers (showing
// targets) and the CLI (the one-line errors) all need it and none may import the others. It
// imports only the standard library.
package secret

import (
	"regexp"
	"strings"
)

// Mask is what a password is replaced with, whatever its length.
const Mask = "xxxxx"

// schemeRe finds the start of a URL: a scheme followed by "://".
var schemeRe = regexp.MustCompile(`[A-Za-z][A-Za-z0-9+.\-]*://`)

// paramRe finds a password parameter of a URL query, a libpq keyword string or a DSN:
// password=, sslpassword=, passwd=, pwd= (any case, spaces allowed around the =). Its value is
// masked up to the end of the value (see paramEnd).
var paramRe = regexp.MustCompile(`(?i)(^|[^A-Za-z0-9_])((?:ssl)?password|passwd|pwd)(\s*=\s*)`)

// mysqlDSNRe finds the user:password@ of a go-sql-driver DSN (user:password@tcp(host)/db,
// user:password@/db). The password may hold anything but whitespace; the last @ before the
// protocol wins.
var mysqlDSNRe = regexp.MustCompile(`(^|\s)([^\s:@/]*):(\S*)@((?:tcp|tcp6|unix|udp|pipe|memory)?\(|/)`)

// Target returns s, one target as a user wrote it (a URL, a MySQL DSN or a libpq keyword
// string), with every password masked. The string need not parse: everything between the
// user name's ':' and the last '@' of a URL is the password.
func Target(s string) string {
	if loc := schemeRe.FindStringIndex(s); loc != nil && loc[0] == 0 {
		return maskParams(maskUserinfo(s, loc[1], len(s)))
	}
	return maskParams(maskMySQLDSN(s))
}

// Text returns a message with the passwords of every target in it masked: URL userinfo (up
// to the last '@' before the next space), DSN user:password@, and password parameters.
func Text(s string) string {
	var b strings.Builder
	rest := s
	for {
		loc := schemeRe.FindStringIndex(rest)
		if loc == nil {
			b.WriteString(rest)
			break
		}
		end := loc[1] + strings.IndexFunc(rest[loc[1]:], isSpace)
		if end < loc[1] {
			end = len(rest)
		}
		masked := maskUserinfo(rest[:end], loc[1], end)
		b.WriteString(masked)
		rest = rest[end:]
	}
	return maskParams(maskMySQLDSN(b.String()))
}

// maskUserinfo masks the password of the URL whose authority starts at from in s, looking
// for the userinfo's '@' before end.
func maskUserinfo(s string, from, end int) string {
	at := strings.LastIndexByte(s[from:end], '@')
	if at < 0 {
		return s
	}
	at += from
	colon := strings.IndexByte(s[from:at], ':')
	if colon < 0 {
		return s
	}
	colon += from
	if at == colon+1 {
		return s // user: with an empty password
	}
	return s[:colon+1] + Mask + s[at:]
}

func maskMySQLDSN(s string) string {
	return mysqlDSNRe.ReplaceAllStringFunc(s, func(m string) string {
		sub := mysqlDSNRe.FindStringSubmatch(m)
		if sub[3] == "" || strings.HasPrefix(sub[3], "//") { // no password, or a URL
			return m
		}
		return sub[1] + sub[2] + ":" + Mask + "@" + sub[4]
	})
}

// maskParams masks the values of password parameters. A quoted value (libpq's 'it”s' or
// 'it\'s') ends at its closing quote; a bare one at whitespace, '&' or ';'.
func maskParams(s string) string {
	var b strings.Builder
	for {
		loc := paramRe.FindStringSubmatchIndex(s)
		if loc == nil {
			b.WriteString(s)
			return b.String()
		}
		valueAt := loc[1]
		b.WriteString(s[:valueAt])
		n := paramEnd(s[valueAt:])
		if n > 0 {
			b.WriteString(Mask)
		}
		s = s[valueAt+n:]
	}
}

// paramEnd returns the length of the parameter value at the start of s.
func paramEnd(s string) int {
	if strings.HasPrefix(s, "'") {
		for i := 1; i < len(s); i++ {
			switch s[i] {
			case '\\':
				i++
			case '\'':
				if i+1 < len(s) && s[i+1] == '\'' {
					i++
					continue
				}
				return i + 1
			}
		}
		return len(s)
	}
	if i := strings.IndexAny(s, " \t\r\n&;"); i >= 0 {
		return i
	}
	return len(s)
}

func isSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' }

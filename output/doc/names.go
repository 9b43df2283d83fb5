package doc

import (
	"crypto/sha256"
	"encoding/hex"
	"path"
	"strings"
)

// slug turns a database name into a file name part that is safe on every file system and
// in every URL: lower-case ASCII letters, digits, '_' and '-'. A name that is not already
// such a slug (other characters, upper case, a Windows device name, too long) gets a short
// hash of its exact bytes appended, so "Users" and "users", or "a b" and "a-b", never share a
// file even on a case-insensitive file system.
func slug(name string) string {
	var b strings.Builder
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_', r == '-':
			b.WriteRune(r)
		case r >= 'A' && r <= 'Z':
			b.WriteRune(r - 'A' + 'a')
		default:
			b.WriteByte('-')
		}
		if b.Len() >= 48 {
			break
		}
	}
	s := strings.Trim(b.String(), "-")
	if s == name && s != "" && !reserved[s] && !strings.HasPrefix(s, "-") {
		return s
	}
	if s == "" {
		s = "x"
	}
	return s + "-" + shortHash(name)
}

// shortHash is the first 8 hex digits of the name's SHA-256.
func shortHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:4])
}

// reserved are names Windows will not create as files, whatever the extension.
var reserved = map[string]bool{"con": true, "prn": true, "aux": true, "nul": true,
	"com1": true, "com2": true, "com3": true, "com4": true, "com5": true, "com6": true, "com7": true, "com8": true, "com9": true,
	"lpt1": true, "lpt2": true, "lpt3": true, "lpt4": true, "lpt5": true, "lpt6": true, "lpt7": true, "lpt8": true, "lpt9": true}

// relLink is the relative URL from the page at file path from to target (a file path with
// an optional #fragment), so the site works from file:// and under any URL prefix.
func relLink(from, target string) string {
	file, frag, _ := strings.Cut(target, "#")
	if frag != "" {
		frag = "#" + frag
	}
	if file == "" || file == from {
		if frag == "" {
			return path.Base(from)
		}
		return frag
	}
	fromDir := strings.Split(path.Dir(from), "/")
	if path.Dir(from) == "." {
		fromDir = nil
	}
	to := strings.Split(file, "/")
	i := 0
	for i < len(fromDir) && i < len(to)-1 && fromDir[i] == to[i] {
		i++
	}
	return strings.Repeat("../", len(fromDir)-i) + strings.Join(to[i:], "/") + frag
}

// textWidth estimates the width in pixels of s in the diagrams' monospace font: wide
// (East Asian) runes take two cells.
func textWidth(s string, px float64) float64 {
	cells := 0
	for _, r := range s {
		cells++
		if isWide(r) {
			cells++
		}
	}
	return float64(cells) * px * 0.62
}

func isWide(r rune) bool {
	return r >= 0x1100 && (r <= 0x115f || (r >= 0x2e80 && r <= 0xa4cf) || (r >= 0xac00 && r <= 0xd7a3) ||
		(r >= 0xf900 && r <= 0xfaff) || (r >= 0xfe30 && r <= 0xfe4f) || (r >= 0xff00 && r <= 0xff60) ||
		(r >= 0xffe0 && r <= 0xffe6) || (r >= 0x1f300 && r <= 0x1faff) || (r >= 0x20000 && r <= 0x3fffd))
}

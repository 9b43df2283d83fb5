package sqlscript

import (
	"fmt"
	"math/big"
	"os"
	"regexp"
	"strings"
	"time"
)

// flywayUndo is a Flyway undo migration's name (Teams edition): U<version>__name.sql.
var flywayUndo = regexp.MustCompile(`^U([0-9]+(?:[._][0-9]+)*)__(.+)\.sql$`)

// timestampVersion is how long a version must be to read as a timestamp (YYYYMMDDHHMMSS),
// as goose and dbmate name files by default and golang-migrate does without -seq.
const timestampVersion = 14

// NewMigrationNames returns the file names a new migration called name gets in dir in the
// tool's layout: the up file, and the down file ("" for goose and dbmate, which keep both
// directions in one file). The version follows the files already in dir: one more than the
// highest, zero-padded as it is, or the time now where the folder numbers by timestamp
// (always for dbmate; for an empty folder, goose's default too). An empty or missing folder
// starts at golang-migrate's 000001 and Flyway's V1.
func NewMigrationNames(dir string, format Format, name string, now time.Time) (up, down string, err error) {
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		return "", "", fmt.Errorf("%w: %v", ErrFolder, err)
	}
	var res []*regexp.Regexp
	switch format {
	case GolangMigrate:
		res = []*regexp.Regexp{golangMigrateName}
	case Goose, Dbmate:
		res = []*regexp.Regexp{numberedName}
	case Flyway:
		res = []*regexp.Regexp{flywayVersioned, flywayUndo}
	default:
		return "", "", fmt.Errorf("%w: %s keeps no up/down pairs (want golang-migrate, goose, flyway or dbmate)", ErrFolder, format)
	}
	highest, width := "", 0
	for _, e := range entries {
		for _, re := range res {
			m := re.FindStringSubmatch(e.Name())
			if m == nil {
				continue
			}
			v := m[1]
			if format == Flyway {
				v, _, _ = strings.Cut(strings.ReplaceAll(v, "_", "."), ".") // V2.1 → 2
			}
			if highest == "" || bigOf(v).Cmp(bigOf(highest)) > 0 {
				highest, width = v, len(v)
			}
		}
	}
	version := nextVersion(format, highest, width, now)
	slug := slugOf(name)
	switch format {
	case GolangMigrate:
		return version + "_" + slug + ".up.sql", version + "_" + slug + ".down.sql", nil
	case Flyway:
		return "V" + version + "__" + slug + ".sql", "U" + version + "__" + slug + ".sql", nil
	}
	return version + "_" + slug + ".sql", "", nil
}

func bigOf(s string) *big.Int {
	v, ok := new(big.Int).SetString(s, 10)
	if !ok {
		return new(big.Int)
	}
	return v
}

func nextVersion(format Format, highest string, width int, now time.Time) string {
	stamp := now.UTC().Format("20060102150405")
	if highest == "" {
		switch format {
		case GolangMigrate:
			return "000001"
		case Flyway:
			return "1"
		}
		return stamp
	}
	next := new(big.Int).Add(bigOf(highest), big.NewInt(1))
	if format == Dbmate || width >= timestampVersion {
		if s := bigOf(stamp); s.Cmp(next) > 0 {
			next = s
		}
	}
	out := next.String()
	if strings.HasPrefix(highest, "0") && len(out) < width {
		out = strings.Repeat("0", width-len(out)) + out
	}
	return out
}

// slugOf makes a file name part of a message: lower-case letters, digits and underscores.
func slugOf(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "_"):
			b.WriteByte('_')
		}
		if b.Len() >= 60 {
			break
		}
	}
	if s := strings.Trim(b.String(), "_"); s != "" {
		return s
	}
	return "migration"
}

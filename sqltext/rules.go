package sqltext

import (
	"regexp"
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

// Rules the inspector applies when it reads a catalog and diff applies when it compares two
// models (which may come from DDL files or from snapshots written before a rule existed).

// spelling is what the rules below read differently per dialect; every dialect of
// schema.Dialects has an entry (TestSpellingsCover), and one without reads as PostgreSQL and
// SQLite do (nothing folded).
type spelling struct {
	// restrictIsNoAction: RESTRICT and NO ACTION are one action (MySQL's InnoDB).
	restrictIsNoAction bool
	// timestampSynonyms: LOCALTIMESTAMP, LOCALTIME and a bare NOW are the current timestamp
	// (MySQL; in PostgreSQL the first two are timestamps without time zone, and a bare now a
	// column's name).
	timestampSynonyms bool
}

var spellings = map[schema.Dialect]spelling{
	schema.Postgres: {},
	schema.MySQL:    {restrictIsNoAction: true, timestampSynonyms: true},
	schema.SQLite:   {},
}

// FKAction is the canonical spelling of a referential action in dialect d: upper case, one
// space between words, NO ACTION for none. MySQL's InnoDB treats RESTRICT and NO ACTION alike
// (both check at once), and MariaDB reports an action left out as RESTRICT where MySQL 8
// reports NO ACTION, so there both are NO ACTION.
func FKAction(d schema.Dialect, a string) schema.FKAction {
	f := schema.FKAction(strings.ToUpper(strings.Join(strings.Fields(a), " ")))
	if f == "" || spellings[d].restrictIsNoAction && f == schema.FKRestrict {
		return schema.FKNoAction
	}
	return f
}

var currentTimestampRe = regexp.MustCompile(`(?i)^(current_timestamp|now|localtimestamp|localtime)(\(\s*(\d*)\s*\))?$`)

// CurrentTimestamp reports whether s is a spelling of the current timestamp in dialect d, and
// the precision it gives ("" for none): now() and CURRENT_TIMESTAMP in every dialect, with or
// without parentheses and a precision, and in MySQL also its synonyms LOCALTIMESTAMP and
// LOCALTIME (in PostgreSQL those are timestamps without time zone: another value).
func CurrentTimestamp(d schema.Dialect, s string) (string, bool) {
	m := currentTimestampRe.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return "", false
	}
	switch name := strings.ToLower(m[1]); {
	case !spellings[d].timestampSynonyms && (name == "localtimestamp" || name == "localtime"):
		return "", false
	case !spellings[d].timestampSynonyms && name == "now" && m[2] == "":
		return "", false // a column named now
	}
	return m[3], true
}

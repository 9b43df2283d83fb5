package diff

import (
	"slices"
	"strings"
	"sync"

	"github.com/dbinspect/dbinspect/schema"
)

// Memo keeps the canonical forms a comparison computes of texts — defaults, expressions, the
// server-generated-name checks — for a run that compares many models with one: a fleet's
// baseline with every tenant. Each distinct text is normalised once per run instead of once
// per side and comparison (the tenants' texts are mostly the baseline's own). Safe for
// concurrent use; set Options.Memo to share one (nil: each comparison keeps its own texts in
// an unlocked textCache, which is cheaper for a single comparison).
type Memo struct {
	mu sync.RWMutex
	m  map[memoKey]string
}

// NewMemo returns an empty Memo.
func NewMemo() *Memo { return &Memo{m: map[memoKey]string{}} }

type memoKey struct {
	kind    byte // 'd' default, 'e' expression, 'g' generated name
	dialect schema.Dialect
	text    string
	// renames are the side's schema renames that can apply to text (relevantRenames).
	renames string
}

// get returns the memoised value for the key, computing and keeping it on a miss.
func (m *Memo) get(key memoKey, compute func() string) string {
	m.mu.RLock()
	v, ok := m.m[key]
	m.mu.RUnlock()
	if ok {
		return v
	}
	v = compute()
	m.mu.Lock()
	m.m[key] = v
	m.mu.Unlock()
	return v
}

// relevantRenames encodes the renames that can change text: those whose schema name occurs
// in it (ignoring case). A rename whose name does not occur cannot match a qualifier, so the
// baseline's texts, renamed to each tenant's schema, share one entry unless they name it. A
// name with a quote or bracket in it is always counted (its spelling in text differs).
func relevantRenames(text string, renames map[string]string) string {
	if len(renames) == 0 {
		return ""
	}
	lower := strings.ToLower(text)
	var b strings.Builder
	for _, k := range slices.Sorted(mapKeys(renames)) {
		if strings.ContainsAny(k, "\"`[]") || strings.Contains(lower, strings.ToLower(k)) {
			b.WriteString(k + "\x00" + renames[k] + "\x00")
		}
	}
	return b.String()
}

func mapKeys(m map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// generatedName is generatedName through the side's memo.
func (s side) generatedName(c nameContext, name string) bool {
	if s.memo == nil {
		return generatedName(c, name)
	}
	fk := "" // of fkNames, only whether it holds name is read (mysqlGenerated)
	if c.fkNames[name] {
		fk = "fk"
	}
	key := memoKey{kind: 'g', dialect: c.dialect, text: string(c.object) + "\x00" + c.table + "\x00" + c.column + "\x00" +
		strings.Join(c.columns, "\x00") + "\x01" + fk + "\x01" + name}
	return s.memo.get(key, func() string {
		if generatedName(c, name) {
			return "1"
		}
		return ""
	}) == "1"
}

// textCache keeps one comparison's canonical texts of defaults and expressions, by kind,
// dialect and spelling, for a side without schema renames (only renames make a text's
// canonical form differ between sides): gen_schema's 5,000 tables spell their defaults and
// checks a handful of ways, and each spelling is tokenised once instead of once per column
// and side. Not locked: it belongs to one differ (each fork has its own, parallel.go). It stops
// taking texts at textCacheMax, so a schema of distinct texts costs a bounded map.
type textCache struct {
	m map[textKey]string
}

type textKey struct {
	kind    byte // 'd' default, 'e' expression
	dialect schema.Dialect
	text    string
}

const textCacheMax = 1 << 14

// textShortcuts is false in tests that compare with every text normalised anew (no cache,
// no equal-text shortcut).
var textShortcuts = true

func newTextCache() *textCache { return &textCache{m: map[textKey]string{}} }

// cached returns the canonical text kept for key, if the side keeps texts.
func (s side) cached(key textKey) (string, bool) {
	if s.texts == nil || len(s.renames) > 0 || !textShortcuts {
		return "", false
	}
	v, ok := s.texts.m[key]
	return v, ok
}

// keep records v as the canonical text for key, if the side keeps texts.
func (s side) keep(key textKey, v string) {
	if s.texts == nil || len(s.renames) > 0 || !textShortcuts || len(s.texts.m) >= textCacheMax {
		return
	}
	s.texts.m[key] = v
}

// sameSpelling reports whether two column types of the sides are spelled alike, so that
// their canonical spellings are one (canonicalType is a function of dialect and spelling).
func (d *differ) sameSpelling(from, to string) bool {
	return textShortcuts && !d.cross && from == to
}

// sameText reports whether two texts of the sides are spelled alike and so have one canonical
// form: the sides are of one dialect and neither reads qualifiers under another schema's name
// (requalify). Then there is nothing to normalise.
func (d *differ) sameText(from, to *string) bool {
	if !textShortcuts || d.cross || len(d.from.renames) > 0 || len(d.to.renames) > 0 {
		return false
	}
	return from == nil && to == nil || from != nil && to != nil && *from == *to
}

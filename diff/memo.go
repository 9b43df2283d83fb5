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
// concurrent use; set Options.Memo to share one (nil computes every time, which is cheaper for
// a single comparison).
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

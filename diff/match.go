package diff

import "strings"

// Objects without a natural identity beyond their name (constraints, indexes, triggers) are
// matched in two passes: first by name, then, among the rest, by definition. The second pass is
// what makes server-generated names harmless: t_email_key on one side and ux_email on the other
// are one unique constraint when they cover the same columns. Whether a definition-matched
// pair with different names is a rename or "the same object" depends on who chose the names.

// field is one property of an object: its canonical value (compared) and the value as people
// read it (shown in changes).
type field struct {
	name  Field
	canon string
	shown string
}

// sameNames says whether a and b name the same fields in the same order, each once, so they
// can be compared pairwise.
func sameNames(a, b []field) bool {
	if len(a) != len(b) || len(a) > 32 {
		return false
	}
	for i := range a {
		if a[i].name != b[i].name {
			return false
		}
		for j := range i {
			if a[j].name == a[i].name {
				return false
			}
		}
	}
	return true
}

// item is one object prepared for matching.
type item struct {
	name      string
	generated bool
	fields    []field
	// keyFields is how many of fields make its definition, the key it is matched by when no
	// item of the other side has its name: the fields given to newItem, not the comment or
	// kind appended after.
	keyFields int
	key       string // made by defKey when first needed: most items are matched by name
	obj       any
}

func newItem(name string, generated bool, obj any, fields []field) *item {
	return &item{name: name, generated: generated, fields: fields, keyFields: len(fields), obj: obj}
}

// defKey is the item's definition as one string: its key fields' names and canonical values.
func (it *item) defKey() string {
	if it.key != "" {
		return it.key
	}
	n := 0
	for _, f := range it.fields[:it.keyFields] {
		n += len(f.name) + len(f.canon) + 2
	}
	var b strings.Builder
	b.Grow(n) // one allocation
	for _, f := range it.fields[:it.keyFields] {
		b.WriteString(string(f.name))
		b.WriteByte('=')
		b.WriteString(f.canon)
		b.WriteByte(0)
	}
	it.key = b.String()
	return it.key
}

// fieldsOf is fields with room after them for the comment and kind that commentItem and
// uniqueKind append, so the appends do not copy them.
func fieldsOf(fields ...field) []field {
	return append(make([]field, 0, len(fields)+2), fields...)
}

// pair is a FROM item and the TO item it was matched with.
type pair struct{ from, to *item }

// matchResult is the outcome of matching two lists.
type matchResult struct {
	// same holds pairs with the same definition or the same name (modified when the
	// definitions differ).
	same []pair
	// renamed holds pairs with the same definition and different, person-chosen names.
	renamed []pair
	dropped []*item
	added   []*item
}

// match pairs two lists of items. With ignoreNames no pair is ever a rename.
func match(from, to []*item, ignoreNames bool) matchResult {
	var r matchResult
	toByName := make(map[string]*item, len(to))
	for _, t := range to {
		if t.name != "" {
			if _, dup := toByName[t.name]; !dup {
				toByName[t.name] = t
			}
		}
	}
	used := make(map[*item]bool, len(to))
	var restFrom []*item
	for _, f := range from {
		if t := toByName[f.name]; f.name != "" && t != nil && !used[t] {
			used[t] = true
			r.same = append(r.same, pair{f, t})
			continue
		}
		restFrom = append(restFrom, f)
	}
	toByKey := map[string][]*item{}
	for _, t := range to {
		if !used[t] {
			toByKey[t.defKey()] = append(toByKey[t.defKey()], t)
		}
	}
	for _, f := range restFrom {
		cands := toByKey[f.defKey()]
		if len(cands) == 0 {
			r.dropped = append(r.dropped, f)
			continue
		}
		t := cands[0]
		toByKey[f.defKey()] = cands[1:]
		used[t] = true
		if ignoreNames || f.generated || t.generated {
			r.same = append(r.same, pair{f, t})
		} else {
			r.renamed = append(r.renamed, pair{f, t})
		}
	}
	for _, t := range to {
		if !used[t] {
			r.added = append(r.added, t)
		}
	}
	return r
}

// fieldChanges lists the fields whose canonical values differ.
func fieldChanges(a, b *item) []FieldChange {
	var out []FieldChange
	if sameNames(a.fields, b.fields) { // the common case: one builder made both lists
		for i, f := range a.fields {
			if g := b.fields[i]; f.canon != g.canon {
				out = append(out, FieldChange{Field: f.name, From: f.shown, To: g.shown})
			}
		}
		return out
	}
	bf := make(map[Field]field, len(b.fields))
	for _, f := range b.fields {
		bf[f.name] = f
	}
	seen := map[Field]bool{}
	for _, f := range a.fields {
		seen[f.name] = true
		g := bf[f.name]
		if f.canon != g.canon {
			out = append(out, FieldChange{Field: f.name, From: f.shown, To: g.shown})
		}
	}
	for _, g := range b.fields {
		if !seen[g.name] && g.canon != "" {
			out = append(out, FieldChange{Field: g.name, To: g.shown})
		}
	}
	return out
}

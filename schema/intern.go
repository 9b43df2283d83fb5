package schema

// Interner makes equal strings of a model share one copy: type names, collations, column
// names, FK actions and the like repeat across thousands of tables, and a decoder (JSON, a
// driver's rows) allocates each occurrence anew. A 5,000-table model holds about 200,000 of
// them. Only short strings are kept, and only up to a bound, so a schema of unique names
// costs a bounded map rather than a second copy of every name.
//
// The zero value is ready to use; an Interner is not safe for concurrent use.
type Interner struct {
	m map[string]string
}

const (
	internMaxLen     = 64      // longer strings (expressions, definitions) seldom repeat
	internMaxEntries = 1 << 16 // past this, strings already held are still shared
)

// String returns the shared copy of s.
func (in *Interner) String(s string) string {
	if s == "" || len(s) > internMaxLen {
		return s
	}
	if v, ok := in.m[s]; ok {
		return v
	}
	if in.m == nil {
		in.m = make(map[string]string, 256)
	}
	if len(in.m) < internMaxEntries {
		in.m[s] = s
	}
	return s
}

// Bytes is String(string(b)), without making the string when a copy is held: for decoders
// and drivers' rows that hand over bytes they will reuse.
func (in *Interner) Bytes(b []byte) string {
	if len(b) > internMaxLen {
		return string(b)
	}
	if v, ok := in.m[string(b)]; ok { // no allocation for the lookup
		return v
	}
	return in.String(string(b))
}

func (in *Interner) strings(list []string) {
	for i, s := range list {
		list[i] = in.String(s)
	}
}

// Table shares the repeated strings of t: its columns, keys, indexes and owner.
func (in *Interner) Table(t *Table) {
	in.Columns(t.Columns)
	if pk := t.PrimaryKey; pk != nil {
		in.strings(pk.Columns)
	}
	for i := range t.ForeignKeys {
		fk := &t.ForeignKeys[i]
		in.strings(fk.Columns)
		in.strings(fk.RefColumns)
		fk.RefSchema = in.String(fk.RefSchema)
		fk.OnDelete = FKAction(in.String(string(fk.OnDelete)))
		fk.OnUpdate = FKAction(in.String(string(fk.OnUpdate)))
	}
	for i := range t.Uniques {
		in.strings(t.Uniques[i].Columns)
	}
	for i := range t.Indexes {
		x := &t.Indexes[i]
		in.strings(x.Columns)
		x.Method = in.String(x.Method)
		for j := range x.Parts {
			p := &x.Parts[j]
			p.Column = in.String(p.Column)
			p.Collation = in.String(p.Collation)
			p.OpClass = in.String(p.OpClass)
		}
	}
	t.Owner = in.String(t.Owner)
}

// Columns shares the repeated strings of columns: names, types, collations, defaults.
func (in *Interner) Columns(cols []Column) {
	for i := range cols {
		c := &cols[i]
		c.Name = in.String(c.Name)
		c.Type = in.String(c.Type)
		c.Collation = in.String(c.Collation)
		if c.Default != nil {
			*c.Default = in.String(*c.Default)
		}
	}
}

// Compact makes the model take less memory without changing it: the repeated strings of
// every table and view share one copy (Interner), and the slices a reader grew by appending,
// whose capacity is up to twice their length, are copied to their length. An inspector's model
// is held for the whole command (written out, diffed, planned), and the garbage collector lets
// the heap grow to twice what is live, so each byte saved here is two of peak memory.
func (db *Database) Compact() {
	var in Interner
	for i := range db.Schemas {
		s := &db.Schemas[i]
		s.Tables = fit(s.Tables)
		s.Views = fit(s.Views)
		for j := range s.Tables {
			t := &s.Tables[j]
			t.Columns = fit(t.Columns)
			t.Indexes = fit(t.Indexes)
			t.ForeignKeys = fit(t.ForeignKeys)
			t.Checks = fit(t.Checks)
			t.Uniques = fit(t.Uniques)
			for k := range t.Indexes {
				t.Indexes[k].Parts = fit(t.Indexes[k].Parts)
			}
			in.Table(t)
		}
		for j := range s.Views {
			v := &s.Views[j]
			v.Columns = fit(v.Columns)
			in.Columns(v.Columns)
		}
	}
}

// fit is s with no capacity past its length: a copy when there is more. Nil and empty stay
// as they are (the snapshot writes [] and null differently).
func fit[S ~[]E, E any](s S) S {
	if cap(s) == len(s) || len(s) == 0 {
		return s
	}
	out := make(S, len(s))
	copy(out, s)
	return out
}

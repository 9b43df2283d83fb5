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

package inspector

import "github.com/dbinspect/dbinspect/schema"

// myDropRowEndPart takes the ROW END column off the end of the unique index just added to a
// system-versioned table with explicit period columns: MariaDB appends it to the primary key
// and every unique key itself (PRIMARY KEY (id) reads as (id, row_end)), as it does, unseen,
// with the implicit columns. The model keeps the key that was declared, so CREATE TABLE and
// ADD SYSTEM VERSIONING give the same catalog.
func myDropRowEndPart(t *schema.Table) {
	if t.MySQL == nil || !t.MySQL.SystemVersioned {
		return
	}
	x := &t.Indexes[len(t.Indexes)-1]
	_, end := schema.MySQLRowPeriod(t)
	if !x.Unique || end == "" || len(x.Parts) < 2 || x.Parts[len(x.Parts)-1].Column != end {
		return
	}
	x.Parts = x.Parts[:len(x.Parts)-1]
	x.Columns = x.Columns[:len(x.Columns)-1]
	switch {
	case x.Name == "PRIMARY":
		t.PrimaryKey.Columns = x.Columns
	default:
		u := &t.Uniques[len(t.Uniques)-1]
		u.Columns = x.Columns
	}
}

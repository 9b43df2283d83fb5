package inspector

import "github.com/dbinspect/dbinspect/schema"

// myDropRowEndPart takes the ROW END column off the end of unique index x, just completed
// (its primary key or unique constraint the last added), of a system-versioned table with
// explicit period columns: MariaDB appends it to the primary key and every unique key itself
// (PRIMARY KEY (id) reads as (id, row_end)), as it does, unseen, with the implicit columns.
// The model keeps the key that was declared, so CREATE TABLE and ADD SYSTEM VERSIONING give
// the same catalog.
func myDropRowEndPart(t *schema.Table, x *schema.Index) {
	if t.MySQL == nil || !t.MySQL.SystemVersioned {
		return
	}
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

// mySystemTimePartitions keeps a MariaDB PARTITION BY SYSTEM_TIME as CREATE TABLE writes it: its
// partitions HISTORY or CURRENT, no expression (PARTITIONS reports the server's own
// unix_timestamp(`row_end`)). Its INTERVAL, LIMIT and AUTO are in no catalog view (only SHOW
// CREATE TABLE, a statement per table): a note says they are not read.
func (b *mysqlBuilder) mySystemTimePartitions(k myTableKey, p *schema.MySQLPartitioning) {
	if p.Method != "SYSTEM_TIME" {
		return
	}
	p.Expression = ""
	for i := range p.Partitions {
		if p.Partitions[i].Bound != "CURRENT" {
			p.Partitions[i].Bound = "HISTORY" // NULL, or the end of an INTERVAL partition
		}
	}
	b.note("table %s.%s: PARTITION BY SYSTEM_TIME is read as its HISTORY and CURRENT partitions; "+
		"its INTERVAL, LIMIT or AUTO, which no catalog view holds, are not read", k.schema, k.name)
}

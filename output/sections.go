package output

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

// section is one titled grid of cells: the format-neutral shape that the text and Markdown
// renderers both draw, so the two never disagree about what a table holds.
type section struct {
	Title  string
	Header []string
	Rows   [][]string
}

// tablesSection lists every table and view with its vital counts. Partitions are counted on
// their (top) parent's row, or listed as rows of their own with listPartitions.
func tablesSection(db *schema.Database, listPartitions bool) section {
	s := section{Header: []string{"schema", "name", "kind", "cols", "primary key", "fks", "idx", "parts", "comment"}}
	parts := db.PartitionCounts()
	for _, sc := range db.Schemas {
		for _, t := range sc.Tables {
			if t.IsPartition() && !listPartitions {
				continue
			}
			pk := ""
			if t.PrimaryKey != nil {
				pk = showList(t.PrimaryKey.Columns)
			}
			n := ""
			if c := parts[schema.TableRef{Schema: sc.Name, Name: t.Name}]; c > 0 {
				n = strconv.Itoa(c)
			}
			s.Rows = append(s.Rows, []string{Show(sc.Name), Show(t.Name), t.Kind(), strconv.Itoa(len(t.Columns)), pk,
				strconv.Itoa(len(t.ForeignKeys)), strconv.Itoa(len(t.Indexes)), n, Show(deref(t.Comment))})
		}
		for _, v := range sc.Views {
			s.Rows = append(s.Rows, []string{Show(sc.Name), Show(v.Name), v.Kind(), strconv.Itoa(len(v.Columns)), "",
				"0", strconv.Itoa(len(v.Indexes)), "", Show(deref(v.Comment))})
		}
	}
	return s
}

// relKey names a table or view.
type relKey struct{ schema, name string }

// backRefs holds what points at each table: the foreign keys that reference it and its
// direct partitions. Built once per rendering, so describing every table stays linear.
type backRefs struct {
	referencedBy map[relKey][]incomingFK
	partitions   map[relKey][]relKey
	tables       map[relKey]*schema.Table
}

type incomingFK struct {
	schema, table string
	fk            *schema.ForeignKey
}

func newBackRefs(db *schema.Database) *backRefs {
	b := &backRefs{referencedBy: map[relKey][]incomingFK{}, partitions: map[relKey][]relKey{}, tables: map[relKey]*schema.Table{}}
	for i := range db.Schemas {
		sc := &db.Schemas[i]
		for j := range sc.Tables {
			t := &sc.Tables[j]
			b.tables[relKey{sc.Name, t.Name}] = t
			if t.IsPartition() {
				// A partition carries copies of its parent's foreign keys: the parent says it.
				p := relKey{t.Postgres.PartitionOf.Schema, t.Postgres.PartitionOf.Name}
				b.partitions[p] = append(b.partitions[p], relKey{sc.Name, t.Name})
				continue
			}
			for k := range t.ForeignKeys {
				fk := &t.ForeignKeys[k]
				ref := relKey{fk.RefSchema, fk.RefTable}
				if fk.RefSchema == "" {
					ref.schema = sc.Name
				}
				b.referencedBy[ref] = append(b.referencedBy[ref], incomingFK{sc.Name, t.Name, fk})
			}
		}
	}
	return b
}

// referencedBySection lists the foreign keys of other tables (and of this one) that point at
// the table, like psql's "Referenced by".
func (b *backRefs) referencedBySection(schemaName string, t *schema.Table) section {
	s := section{Title: "Referenced by", Header: []string{"table", "foreign key", "columns", "references", "on delete"}}
	for _, in := range b.referencedBy[relKey{schemaName, t.Name}] {
		s.Rows = append(s.Rows, []string{qualified(in.schema, in.table), Show(in.fk.Name), showList(in.fk.Columns),
			"(" + showList(in.fk.RefColumns) + ")", string(in.fk.OnDelete)})
	}
	return s
}

// partitionsSection lists a partitioned table's direct partitions with their bounds, like
// psql's \d+.
func (b *backRefs) partitionsSection(schemaName string, t *schema.Table) section {
	s := section{Title: "Partitions", Header: []string{"partition", "bound", "kind"}}
	for _, p := range b.partitions[relKey{schemaName, t.Name}] {
		bound, kind := "", ""
		if pt := b.tables[p]; pt != nil {
			bound, kind = pt.Postgres.PartitionBound, pt.Kind()
			if kind == "partition" {
				kind = ""
			}
		}
		s.Rows = append(s.Rows, []string{qualified(p.schema, p.name), Show(bound), kind})
	}
	return s
}

// describeSections lays out one table or view in full; refs says what points at it.
func describeSections(rel schema.Relation, refs *backRefs) []section {
	if rel.View != nil {
		return viewSections(rel.Schema, rel.View)
	}
	t := rel.Table
	out := []section{columnsSection(t.Columns)}
	if t.PrimaryKey != nil {
		out = append(out, section{Title: "Primary key", Header: []string{"name", "columns"},
			Rows: [][]string{{Show(deref(t.PrimaryKey.Name)), showList(t.PrimaryKey.Columns)}}})
	}
	out = appendIf(out, foreignKeysSection(t.ForeignKeys))
	out = appendIf(out, uniquesSection(t.Uniques))
	out = appendIf(out, checksSection(t.Checks))
	if t.Postgres != nil {
		out = appendIf(out, exclusionsSection(t.Postgres.Exclusions))
	}
	out = appendIf(out, indexesSection(t.Indexes))
	out = appendIf(out, triggersSection(t.Triggers))
	out = appendIf(out, refs.referencedBySection(rel.Schema, t))
	out = appendIf(out, refs.partitionsSection(rel.Schema, t))
	out = appendIf(out, tableOptionsSection(t))
	return out
}

func appendIf(out []section, s section) []section {
	if len(s.Rows) == 0 {
		return out
	}
	return append(out, s)
}

func columnsSection(cols []schema.Column) section {
	s := section{Title: "Columns", Header: []string{"column", "type", "null", "default", "extra", "comment"}}
	for _, c := range cols {
		null := "NOT NULL"
		if c.Nullable {
			null = "NULL"
		}
		def := ""
		if c.Default != nil {
			def = Show(*c.Default)
		}
		s.Rows = append(s.Rows, []string{Show(c.Name), Show(c.Type), null, def, columnExtra(c), Show(deref(c.Comment))})
	}
	return s
}

// columnExtra summarises what else a column carries.
func columnExtra(c schema.Column) string {
	var extra []string
	if c.Identity != nil {
		extra = append(extra, "identity "+strings.ToLower(c.Identity.Generation))
	}
	if c.AutoIncrement {
		extra = append(extra, "auto_increment")
	}
	if c.Generated != nil {
		extra = append(extra, fmt.Sprintf("generated %s: %s", strings.ToLower(string(c.Generated.Kind)), Show(c.Generated.Expression)))
	}
	if c.Collation != "" {
		extra = append(extra, "collate "+Show(c.Collation))
	}
	if c.MySQL != nil && c.MySQL.Charset != "" {
		extra = append(extra, "charset "+Show(c.MySQL.Charset))
	}
	if c.MySQL != nil && c.MySQL.OnUpdate != "" {
		extra = append(extra, "on update "+Show(c.MySQL.OnUpdate))
	}
	if c.MySQL != nil && c.MySQL.RowPeriod != "" {
		extra = append(extra, "generated always as row "+strings.ToLower(c.MySQL.RowPeriod))
	}
	if c.MySQL != nil && c.MySQL.WithoutVersioning {
		extra = append(extra, "without system versioning")
	}
	if c.Invisible {
		extra = append(extra, "invisible")
	}
	return strings.Join(extra, "; ")
}

func foreignKeysSection(fks []schema.ForeignKey) section {
	s := section{Title: "Foreign keys", Header: []string{"name", "columns", "references", "on delete", "on update", "options"}}
	for _, fk := range fks {
		var opts []string
		if fk.Match != "" {
			opts = append(opts, "match "+strings.ToLower(fk.Match))
		}
		if fk.Deferrable {
			opts = append(opts, "deferrable")
		}
		if fk.InitiallyDeferred {
			opts = append(opts, "initially deferred")
		}
		if fk.NotValid {
			opts = append(opts, "not valid")
		}
		ref := qualified(fk.RefSchema, fk.RefTable) + " (" + showList(fk.RefColumns) + ")"
		s.Rows = append(s.Rows, []string{Show(fk.Name), showList(fk.Columns), ref, string(fk.OnDelete), string(fk.OnUpdate), strings.Join(opts, ", ")})
	}
	return s
}

func uniquesSection(us []schema.Unique) section {
	s := section{Title: "Unique constraints", Header: []string{"name", "columns", "options"}}
	for _, u := range us {
		var opts []string
		if u.NullsNotDistinct {
			opts = append(opts, "nulls not distinct")
		}
		if u.Deferrable {
			opts = append(opts, "deferrable")
		}
		if u.InitiallyDeferred {
			opts = append(opts, "initially deferred")
		}
		s.Rows = append(s.Rows, []string{Show(u.Name), showList(u.Columns), strings.Join(opts, ", ")})
	}
	return s
}

func checksSection(cs []schema.Check) section {
	s := section{Title: "Checks", Header: []string{"name", "expression", "options"}}
	for _, c := range cs {
		var opts []string
		if c.Column != "" {
			opts = append(opts, "on column "+Show(c.Column))
		}
		if c.NotValid {
			opts = append(opts, "not valid")
		}
		if c.NoInherit {
			opts = append(opts, "no inherit")
		}
		s.Rows = append(s.Rows, []string{Show(c.Name), Show(c.Expression), strings.Join(opts, ", ")})
	}
	return s
}

func exclusionsSection(xs []schema.Exclusion) section {
	s := section{Title: "Exclusion constraints", Header: []string{"name", "definition"}}
	for _, x := range xs {
		s.Rows = append(s.Rows, []string{Show(x.Name), Show(x.Definition)})
	}
	return s
}

func indexesSection(idx []schema.Index) section {
	s := section{Title: "Indexes", Header: []string{"name", "unique", "parts", "method", "where", "options"}}
	for _, x := range idx {
		unique := ""
		if x.Unique {
			unique = "unique"
		}
		var opts []string
		if len(x.Include) > 0 {
			opts = append(opts, "include ("+showList(x.Include)+")")
		}
		if x.NullsNotDistinct {
			opts = append(opts, "nulls not distinct")
		}
		if x.Constraint != "" {
			opts = append(opts, "backs "+Show(x.Constraint))
		}
		if x.Invisible {
			opts = append(opts, "invisible")
		}
		s.Rows = append(s.Rows, []string{Show(x.Name), unique, indexParts(x.Parts), x.Method, Show(x.Where), strings.Join(opts, ", ")})
	}
	return s
}

// indexParts shows key parts as they would be written in CREATE INDEX.
func indexParts(parts []schema.IndexPart) string {
	out := make([]string, len(parts))
	for i, p := range parts {
		s := Show(p.Column)
		if p.Column == "" {
			s = "(" + Show(p.Expression) + ")"
		}
		if p.Length > 0 {
			s += "(" + strconv.Itoa(p.Length) + ")"
		}
		if p.Collation != "" {
			s += " COLLATE " + Show(p.Collation)
		}
		if p.OpClass != "" {
			s += " " + Show(p.OpClass)
		}
		if p.Desc {
			s += " DESC"
		}
		if p.Nulls != "" {
			s += " NULLS " + p.Nulls
		}
		out[i] = s
	}
	return strings.Join(out, ", ")
}

func triggersSection(ts []schema.Trigger) section {
	s := section{Title: "Triggers", Header: []string{"name", "timing", "events", "level", "action"}}
	for _, t := range ts {
		events := schema.JoinEvents(t.Events, " OR ")
		if len(t.UpdateColumns) > 0 {
			events += " OF " + showList(t.UpdateColumns)
		}
		action := t.Function
		if action == "" {
			action = oneLine(t.Definition, 60)
		}
		s.Rows = append(s.Rows, []string{Show(t.Name), string(t.Timing), events, t.Level, Show(action)})
	}
	return s
}

// tableOptionsSection lists the engine-specific settings of a table.
func tableOptionsSection(t *schema.Table) section {
	s := section{Title: "Options", Header: []string{"option", "value"}}
	add := func(k, v string) {
		if v != "" {
			s.Rows = append(s.Rows, []string{k, Show(v)})
		}
	}
	if p := t.Postgres; p != nil {
		add("partition key", p.PartitionKey)
		if p.PartitionOf != nil {
			add("partition of", qualified(p.PartitionOf.Schema, p.PartitionOf.Name))
		}
		add("partition bound", p.PartitionBound)
		for _, in := range p.Inherits {
			add("inherits", qualified(in.Schema, in.Name))
		}
		add("unlogged", yes(p.Unlogged))
		add("row security", yes(p.RowSecurity))
	}
	if m := t.MySQL; m != nil {
		add("engine", m.Engine)
		add("charset", m.Charset)
		add("collation", m.Collation)
		add("row format", m.RowFormat)
		if m.SystemVersioned {
			add("system versioning", "yes")
		}
		add("partitioning", m.Partitioning)
	}
	if l := t.SQLite; l != nil {
		add("without rowid", yes(l.WithoutRowID))
		add("strict", yes(l.Strict))
		add("virtual table module", l.Module)
	}
	return s
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return ""
}

func viewSections(schemaName string, v *schema.View) []section {
	out := []section{}
	if len(v.Columns) > 0 {
		out = append(out, columnsSection(v.Columns))
	}
	out = append(out, section{Title: "Definition", Header: []string{"definition"}, Rows: [][]string{{v.Definition}}})
	out = appendIf(out, indexesSection(v.Indexes))
	out = appendIf(out, triggersSection(v.Triggers))
	return out
}

// typeSections lists a schema's types, sequences and routines.
func typeSections(sc *schema.Schema) []section {
	var out []section
	enums := section{Title: "Enums", Header: []string{"name", "values"}}
	for _, e := range sc.Enums {
		enums.Rows = append(enums.Rows, []string{Show(e.Name), showList(e.Values)})
	}
	domains := section{Title: "Domains", Header: []string{"name", "type", "null", "default", "checks"}}
	for _, d := range sc.Domains {
		null := "NULL"
		if d.NotNull {
			null = "NOT NULL"
		}
		var checks []string
		for _, c := range d.Checks {
			checks = append(checks, Show(c.Expression))
		}
		domains.Rows = append(domains.Rows, []string{Show(d.Name), Show(d.Type), null, Show(deref(d.Default)), strings.Join(checks, "; ")})
	}
	composites := section{Title: "Composite types", Header: []string{"name", "attributes"}}
	for _, c := range sc.CompositeTypes {
		var attrs []string
		for _, a := range c.Attributes {
			attrs = append(attrs, Show(a.Name)+" "+Show(a.Type))
		}
		composites.Rows = append(composites.Rows, []string{Show(c.Name), strings.Join(attrs, ", ")})
	}
	seqs := section{Title: "Sequences", Header: []string{"name", "type", "start", "increment", "min", "max", "cache", "cycle", "owned by"}}
	if slices.ContainsFunc(sc.Sequences, func(q schema.Sequence) bool { return q.MySQL != nil || q.Comment != nil }) {
		seqs.Header = append(seqs.Header, "engine", "comment") // MariaDB sequences are tables
	}
	for _, q := range sc.Sequences {
		owned := ""
		if q.OwnedBy != nil {
			owned = qualified(q.OwnedBy.Schema, q.OwnedBy.Table) + "." + Show(q.OwnedBy.Column)
		}
		row := []string{Show(q.Name), q.Type, i64(q.Start), i64(q.Increment), i64(q.Min), i64(q.Max), i64(q.Cache), yes(q.Cycle), owned}
		if len(seqs.Header) > len(row) {
			engine := ""
			if q.MySQL != nil {
				engine = q.MySQL.Engine
			}
			row = append(row, engine, Show(deref(q.Comment)))
		}
		seqs.Rows = append(seqs.Rows, row)
	}
	funcs := section{Title: "Functions", Header: []string{"name", "kind", "arguments", "returns", "language"}}
	for _, f := range sc.Functions {
		funcs.Rows = append(funcs.Rows, []string{Show(f.Name), f.Kind, Show(f.Arguments), Show(f.Returns), f.Language})
	}
	collations := section{Title: "Collations", Header: []string{"name", "provider", "locale", "deterministic"}}
	for _, c := range sc.Collations {
		locale := c.Locale
		if locale == "" && (c.LcCollate != "" || c.LcCtype != "") {
			locale = c.LcCollate + " / " + c.LcCtype
		}
		deterministic := "yes"
		if !c.Deterministic {
			deterministic = "no"
		}
		collations.Rows = append(collations.Rows, []string{Show(c.Name), c.Provider, Show(locale), deterministic})
	}
	textSearch := section{Title: "Text search configurations", Header: []string{"name", "parser", "mappings"}}
	for _, ts := range sc.TextSearchConfigs {
		var maps []string
		for _, m := range ts.Mappings {
			maps = append(maps, m.Token+": "+showList(m.Dictionaries))
		}
		textSearch.Rows = append(textSearch.Rows, []string{Show(ts.Name), Show(ts.Parser), strings.Join(maps, "; ")})
	}
	events := section{Title: "Events", Header: []string{"name", "schedule", "status", "on completion", "definer", "comment"}}
	for i := range sc.Events {
		e := &sc.Events[i]
		completion := "NOT PRESERVE"
		if e.Preserve {
			completion = "PRESERVE"
		}
		events.Rows = append(events.Rows, []string{Show(e.Name), Show(e.Schedule()), e.Status, completion, Show(e.Definer), Show(deref(e.Comment))})
	}
	for _, s := range []section{enums, domains, composites, collations, textSearch, seqs, funcs, events} {
		out = appendIf(out, s)
	}
	return out
}

func i64(v int64) string { return strconv.FormatInt(v, 10) }

// oneLine folds white space and cuts s to at most n runes, for summaries.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// ColumnExtra summarises what else a column carries (identity, generation, collation, …),
// for renderings outside this package (the doc site) to say it the same way.
func ColumnExtra(c schema.Column) string { return columnExtra(c) }

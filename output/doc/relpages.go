package doc

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/dbinspect/dbinspect/output"
	"github.com/dbinspect/dbinspect/schema"
)

// schemaPages is the schema's own page and, for a schema too big for one diagram, one page
// per group of tables.
func (b *builder) schemaPages(sc *schema.Schema) []*page {
	dir := b.schemaDC[sc.Name]
	p := &page{Path: dir + "/index", Title: output.Show(sc.Name), Kind: "schema", Comment: deref(sc.Comment), Crumbs: b.crumbs(nil)}
	p.Facts = []fact{{"tables", text(strconv.Itoa(len(sc.Tables)))}, {"views", text(strconv.Itoa(len(sc.Views)))},
		{"functions", text(strconv.Itoa(len(sc.Functions)))}}
	if sc.MySQL != nil && sc.MySQL.Charset != "" {
		p.Facts = append(p.Facts, fact{"charset", code(sc.MySQL.Charset + " / " + sc.MySQL.Collation)})
	}
	out := []*page{p}
	// Partitions are drawn as their parent, which holds the keys: fifty monthly partitions
	// would otherwise bury the tables they belong to.
	var drawn []ref
	partitions := 0
	for _, t := range sc.Tables {
		if t.Postgres != nil && t.Postgres.PartitionOf != nil {
			partitions++
			continue
		}
		drawn = append(drawn, ref{sc.Name, t.Name})
	}
	switch {
	case len(drawn) == 0:
	case len(drawn) <= maxGroup:
		d := b.setDiagram(sc, drawn, true)
		d.File = dir + "/diagram"
		bl := block{ID: "diagram", Title: "Diagram", Diagram: d}
		if partitions > 0 {
			bl.Note = fmt.Sprintf("Partitions (%d) are drawn as their partitioned tables.", partitions)
		}
		p.Blocks = append(p.Blocks, bl)
	default:
		groups := groupTables(sc, drawn)
		p.Blocks = append(p.Blocks, b.groupBlocks(sc, groups)...)
		for _, g := range groups {
			if g.title != "" {
				out = append(out, b.groupPage(sc, g))
			}
		}
	}
	if rows := b.relationRows(sc, false); len(rows) > 0 {
		p.Blocks = append(p.Blocks, block{ID: "tables", Title: "Tables and views", Search: true,
			Grid: &grid{Header: []string{"name", "kind", "rows (estimate)", "columns", "comment"}, Rows: rows}})
	}
	if len(sc.Functions) > 0 {
		g := &grid{Header: []string{"name", "kind", "arguments", "returns", "language", "comment"}}
		for i := range sc.Functions {
			f := &sc.Functions[i]
			n := code(f.Name)
			n.Href = b.fnPath[f]
			g.Rows = append(g.Rows, row{Cells: []cell{n, text(f.Kind), code(f.Arguments), code(f.Returns), text(f.Language), text(deref(f.Comment))}})
		}
		p.Blocks = append(p.Blocks, block{ID: "functions", Title: "Functions", Grid: g})
	}
	other := &grid{Header: []string{"kind", "count"}}
	addOther := func(kind string, n int, href string) {
		if n > 0 {
			c := text(kind)
			c.Href = href
			other.Rows = append(other.Rows, row{Cells: []cell{c, text(strconv.Itoa(n))}})
		}
	}
	addOther("enums", len(sc.Enums), dir+"/types#enums")
	addOther("domains", len(sc.Domains), dir+"/types#domains")
	addOther("composite types", len(sc.CompositeTypes), dir+"/types#types")
	addOther("sequences", len(sc.Sequences), dir+"/sequences")
	if len(other.Rows) > 0 {
		p.Blocks = append(p.Blocks, block{ID: "types", Title: "Types and sequences", Grid: other})
	}
	return out
}

func (b *builder) groupPath(sc *schema.Schema, g group) string {
	return b.schemaDC[sc.Name] + "/diagrams/" + slug(g.title)
}

// groupBlocks is a big schema's overview: one box per group naming its first tables, in
// rows (edges between groups would be a thicket: each group's own diagram shows the tables
// of other groups it references), and the list of groups.
func (b *builder) groupBlocks(sc *schema.Schema, groups []group) []block {
	d := &diagram{File: b.schemaDC[sc.Name] + "/diagram"}
	list := &grid{Header: []string{"diagram", "tables", "of which"}}
	for _, g := range groups {
		names := make([]string, len(g.tables))
		for i, t := range g.tables {
			names[i] = sc.Tables[t].Name
		}
		shown := names
		if len(shown) > 12 {
			shown = append(slices.Clone(shown[:12]), "…")
		}
		if g.title == "" {
			list.Rows = append(list.Rows, row{Cells: []cell{text("tables without foreign keys"), text(strconv.Itoa(len(names))), code(list2(shown))}})
			continue
		}
		c := code(g.title)
		c.Href = b.groupPath(sc, g)
		list.Rows = append(list.Rows, row{Cells: []cell{c, text(strconv.Itoa(len(names))), code(list2(shown))}})
		n := dnode{label: fmt.Sprintf("%s (%d tables)", output.Show(g.title), len(names)), href: b.groupPath(sc, g), class: "group"}
		for i, name := range names {
			if i == 8 {
				n.rows = append(n.rows, drow{name: fmt.Sprintf("… %d more", len(names)-8)})
				break
			}
			n.rows = append(n.rows, drow{name: output.Show(name)})
		}
		d.nodes = append(d.nodes, n)
	}
	note := fmt.Sprintf("%d tables are too many for one readable diagram: they are split into %d groups of tables that reference each other more than the rest (Louvain community detection). Each box opens its group's diagram.", len(sc.Tables), len(d.nodes))
	blocks := []block{{ID: "diagram", Title: "Diagram", Note: note}}
	if b.opts.Format == HTML {
		blocks[0].Diagram = d
	}
	return append(blocks, block{ID: "diagrams", Title: "Diagrams by group", Grid: list})
}

func list2(names []string) string { return strings.Join(names, ", ") }

// groupPage draws one group: its tables with their key columns, and the tables of other
// groups they reference as name-only boxes.
func (b *builder) groupPage(sc *schema.Schema, g group) *page {
	p := &page{Path: b.groupPath(sc, g), Title: output.Show(g.title) + " and related tables", Kind: "diagram", Crumbs: b.crumbs(sc)}
	members := make([]ref, len(g.tables))
	for i, t := range g.tables {
		members[i] = ref{sc.Name, sc.Tables[t].Name}
	}
	d := b.setDiagram(sc, members, true)
	d.File = p.Path
	p.Blocks = []block{{ID: "diagram", Title: "Diagram", Diagram: d,
		Note: "Dashed boxes are tables of other groups that these tables reference."}}
	rows := make([]row, 0, len(members))
	for _, r := range members {
		t := b.table(r)
		n := code(r.name)
		n.Href = b.relPath[r]
		rows = append(rows, row{Search: search(r.schema+"."+r.name, deref(t.Comment)), Cells: []cell{n, text(t.Kind()), text(rowEstimate(t)), text(strconv.Itoa(len(t.Columns))), text(deref(t.Comment))}})
	}
	p.Blocks = append(p.Blocks, block{ID: "tables", Title: "Tables", Grid: &grid{Header: []string{"name", "kind", "rows (estimate)", "columns", "comment"}, Rows: rows}})
	return p
}

func (b *builder) tablePage(sc *schema.Schema, t *schema.Table) *page {
	self := ref{sc.Name, t.Name}
	p := &page{Path: b.relPath[self], Title: output.Show(sc.Name) + "." + output.Show(t.Name), Kind: t.Kind(), Comment: deref(t.Comment), Crumbs: b.crumbs(sc)}
	if r := rowEstimate(t); r != "" {
		p.Facts = append(p.Facts, fact{"rows (estimate)", text(r)})
	}
	if t.Stats != nil && t.Stats.SizeBytes != nil {
		p.Facts = append(p.Facts, fact{"size", text(size(*t.Stats.SizeBytes))})
	}
	p.Facts = append(p.Facts, b.tableFacts(sc, t)...)
	if len(t.ForeignKeys) > 0 || len(b.incoming[self]) > 0 {
		p.Blocks = append(p.Blocks, block{ID: "diagram", Title: "Diagram", Diagram: b.neighbourhood(sc, t, p.Path)})
	}
	p.Blocks = append(p.Blocks, b.columnsBlock(sc, t))
	if t.PrimaryKey != nil {
		p.Blocks = append(p.Blocks, block{ID: "primary-key", Title: "Primary key", Grid: &grid{Header: []string{"name", "columns"},
			Rows: []row{{Cells: []cell{code(deref(t.PrimaryKey.Name)), code(list(t.PrimaryKey.Columns))}}}}})
	}
	p.Blocks = appendGrid(p.Blocks, "foreign-keys", "Foreign keys", b.foreignKeys(sc, t))
	p.Blocks = appendGrid(p.Blocks, "incoming", "Referenced by", b.incomingKeys(sc, t))
	p.Blocks = appendGrid(p.Blocks, "uniques", "Unique constraints", uniques(t))
	p.Blocks = appendGrid(p.Blocks, "checks", "Checks", checks(t.Checks))
	if t.Postgres != nil {
		p.Blocks = appendGrid(p.Blocks, "exclusions", "Exclusion constraints", exclusions(t.Postgres.Exclusions))
	}
	p.Blocks = appendGrid(p.Blocks, "indexes", "Indexes", indexes(t.Indexes))
	p.Blocks = append(p.Blocks, triggerBlocks(t.Triggers)...)
	if pg := t.Postgres; pg != nil {
		p.Blocks = append(p.Blocks, policiesBlocks(pg)...)
		p.Blocks = appendGrid(p.Blocks, "rules", "Rules", rules(pg.Rules))
	}
	p.Blocks = appendGrid(p.Blocks, "partitions", "Partitions", b.partitions(sc, self))
	if t.SQLite != nil && t.SQLite.Definition != "" {
		p.Blocks = append(p.Blocks, block{ID: "definition", Title: "Definition", SQL: t.SQLite.Definition})
	}
	return p
}

func appendGrid(blocks []block, id, title string, g *grid) []block {
	if g == nil || len(g.Rows) == 0 {
		return blocks
	}
	return append(blocks, block{ID: id, Title: title, Grid: g})
}

// tableFacts says what kind of table it is beyond its columns: partitioning, inheritance,
// row security, engine options.
func (b *builder) tableFacts(sc *schema.Schema, t *schema.Table) []fact {
	var fs []fact
	if pg := t.Postgres; pg != nil {
		if pg.PartitionKey != "" {
			fs = append(fs, fact{"partitioned by", code(pg.PartitionKey)})
		}
		if pg.PartitionOf != nil {
			fs = append(fs, fact{"partition of", b.relCell(sc.Name, ref{pg.PartitionOf.Schema, pg.PartitionOf.Name})})
			fs = append(fs, fact{"bound", code(pg.PartitionBound)})
		}
		for _, in := range pg.Inherits {
			fs = append(fs, fact{"inherits", b.relCell(sc.Name, ref{in.Schema, in.Name})})
		}
		if pg.Unlogged {
			fs = append(fs, fact{"unlogged", text("yes")})
		}
		if pg.RowSecurity {
			v := "enabled"
			if pg.ForceRowSecurity {
				v = "enabled, forced for the owner too"
			}
			fs = append(fs, fact{"row level security", text(v)})
		}
	}
	if t.Owner != "" {
		fs = append(fs, fact{"owner", code(t.Owner)})
	}
	if my := t.MySQL; my != nil {
		for _, kv := range [][2]string{{"engine", my.Engine}, {"charset", my.Charset}, {"collation", my.Collation},
			{"row format", my.RowFormat}, {"partitioning", my.Partitioning}, {"options", my.CreateOptions}} {
			if kv[1] != "" {
				fs = append(fs, fact{kv[0], code(kv[1])})
			}
		}
	}
	if sl := t.SQLite; sl != nil {
		if sl.Module != "" {
			fs = append(fs, fact{"module", code(sl.Module)})
		}
		if sl.WithoutRowID {
			fs = append(fs, fact{"without rowid", text("yes")})
		}
		if sl.Strict {
			fs = append(fs, fact{"strict", text("yes")})
		}
	}
	return fs
}

func (b *builder) columnsBlock(sc *schema.Schema, t *schema.Table) block {
	g := &grid{Header: []string{"#", "column", "type", "null", "default", "key", "comment", "extra"}}
	for i, c := range t.Columns {
		keys, fk := keyMarks(t, c.Name)
		key := cell{}
		if fk != nil {
			key.Href = b.relPath[ref{fk.RefSchema, fk.RefTable}]
		}
		key.Text = strings.Join(keys, " ")
		g.Rows = append(g.Rows, row{ID: "c-" + slug(c.Name), Cells: []cell{text(strconv.Itoa(i + 1)), code(c.Name), b.typeCell(sc.Name, c.Type),
			text(nullText(c.Nullable)), code(deref(c.Default)), key, text(deref(c.Comment)), text(output.ColumnExtra(c))}})
	}
	return block{ID: "columns", Title: "Columns", Grid: g}
}

func nullText(nullable bool) string {
	if nullable {
		return "NULL"
	}
	return "NOT NULL"
}

func fkOptions(fk *schema.ForeignKey) string {
	var o []string
	if fk.Match != "" {
		o = append(o, "match "+strings.ToLower(fk.Match))
	}
	if fk.Deferrable {
		o = append(o, "deferrable")
	}
	if fk.InitiallyDeferred {
		o = append(o, "initially deferred")
	}
	if fk.NotValid {
		o = append(o, "not valid")
	}
	return strings.Join(o, ", ")
}

func (b *builder) foreignKeys(sc *schema.Schema, t *schema.Table) *grid {
	g := &grid{Header: []string{"name", "columns", "references", "columns", "on delete", "on update", "options"}}
	for i := range t.ForeignKeys {
		fk := &t.ForeignKeys[i]
		g.Rows = append(g.Rows, row{Cells: []cell{code(fk.Name), code(list(fk.Columns)), b.relCell(sc.Name, ref{fk.RefSchema, fk.RefTable}),
			code(list(fk.RefColumns)), text(string(fk.OnDelete)), text(string(fk.OnUpdate)), text(fkOptions(fk))}})
	}
	return g
}

func (b *builder) incomingKeys(sc *schema.Schema, t *schema.Table) *grid {
	g := &grid{Header: []string{"table", "name", "columns", "references columns", "on delete", "on update"}}
	for _, in := range b.incoming[ref{sc.Name, t.Name}] {
		g.Rows = append(g.Rows, row{Cells: []cell{b.relCell(sc.Name, in.from), code(in.fk.Name), code(list(in.fk.Columns)),
			code(list(in.fk.RefColumns)), text(string(in.fk.OnDelete)), text(string(in.fk.OnUpdate))}})
	}
	return g
}

func uniques(t *schema.Table) *grid {
	g := &grid{Header: []string{"name", "columns", "options"}}
	for _, u := range t.Uniques {
		var o []string
		if u.NullsNotDistinct {
			o = append(o, "nulls not distinct")
		}
		if u.Deferrable {
			o = append(o, "deferrable")
		}
		if u.InitiallyDeferred {
			o = append(o, "initially deferred")
		}
		g.Rows = append(g.Rows, row{Cells: []cell{code(u.Name), code(list(u.Columns)), text(strings.Join(o, ", "))}})
	}
	return g
}

func checks(cs []schema.Check) *grid {
	g := &grid{Header: []string{"name", "expression", "column", "options"}}
	for _, c := range cs {
		o := strings.TrimPrefix(yesNo(c.NotValid, ", not valid")+yesNo(c.NoInherit, ", no inherit"), ", ")
		g.Rows = append(g.Rows, row{Cells: []cell{code(c.Name), code(c.Expression), code(c.Column), text(o)}})
	}
	return g
}

func exclusions(xs []schema.Exclusion) *grid {
	g := &grid{Header: []string{"name", "definition", "options"}}
	for _, x := range xs {
		o := strings.TrimPrefix(yesNo(x.Deferrable, ", deferrable")+yesNo(x.InitiallyDeferred, ", initially deferred"), ", ")
		g.Rows = append(g.Rows, row{Cells: []cell{code(x.Name), code(x.Definition), text(o)}})
	}
	return g
}

func indexes(ix []schema.Index) *grid {
	g := &grid{Header: []string{"name", "columns", "unique", "method", "where", "include", "constraint", "comment"}}
	for _, x := range ix {
		method := x.Method
		if x.Invisible {
			method = strings.TrimPrefix(method+", invisible", ", ")
		}
		g.Rows = append(g.Rows, row{Cells: []cell{code(x.Name), code(list(x.Columns)), text(yesNo(x.Unique, "unique")), text(method),
			code(x.Where), code(list(x.Include)), code(x.Constraint), text(deref(x.Comment))}})
	}
	return g
}

// triggerBlocks lists the triggers, then shows each one's definition.
func triggerBlocks(ts []schema.Trigger) []block {
	if len(ts) == 0 {
		return nil
	}
	g := &grid{Header: []string{"name", "timing", "events", "level", "function", "when", "comment"}}
	var defs []block
	for _, t := range ts {
		name := code(t.Name)
		if t.Disabled {
			name.Text += " (disabled)"
		}
		g.Rows = append(g.Rows, row{Cells: []cell{name, text(string(t.Timing)), text(schema.JoinEvents(t.Events, " OR ")), text(t.Level),
			code(t.Function), code(t.When), text(deref(t.Comment))}})
		if t.Definition != "" {
			defs = append(defs, block{ID: "trigger-" + slug(t.Name), Title: "Trigger " + output.Show(t.Name), SQL: t.Definition})
		}
	}
	return append([]block{{ID: "triggers", Title: "Triggers", Grid: g}}, defs...)
}

func (b *builder) partitions(sc *schema.Schema, self ref) *grid {
	g := &grid{Header: []string{"partition", "bound"}}
	for _, r := range b.parts[self] {
		bound := ""
		if t := b.table(r); t != nil && t.Postgres != nil {
			bound = t.Postgres.PartitionBound
		}
		g.Rows = append(g.Rows, row{Cells: []cell{b.relCell(sc.Name, r), code(bound)}})
	}
	return g
}

func (b *builder) viewPage(sc *schema.Schema, v *schema.View) *page {
	p := &page{Path: b.relPath[ref{sc.Name, v.Name}], Title: output.Show(sc.Name) + "." + output.Show(v.Name), Kind: v.Kind(), Comment: deref(v.Comment), Crumbs: b.crumbs(sc)}
	if v.CheckOption != "" {
		p.Facts = append(p.Facts, fact{"check option", text(v.CheckOption)})
	}
	if v.MySQL != nil {
		if v.MySQL.Algorithm != "" {
			p.Facts = append(p.Facts, fact{"algorithm", text(v.MySQL.Algorithm)})
		}
		if v.MySQL.SecurityType != "" {
			p.Facts = append(p.Facts, fact{"security", text(v.MySQL.SecurityType)})
		}
	}
	g := &grid{Header: []string{"#", "column", "type", "null", "comment"}}
	for i, c := range v.Columns {
		g.Rows = append(g.Rows, row{ID: "c-" + slug(c.Name), Cells: []cell{text(strconv.Itoa(i + 1)), code(c.Name), b.typeCell(sc.Name, c.Type), text(nullText(c.Nullable)), text(deref(c.Comment))}})
	}
	p.Blocks = appendGrid(p.Blocks, "columns", "Columns", g)
	p.Blocks = append(p.Blocks, block{ID: "definition", Title: "Definition", SQL: v.Definition})
	p.Blocks = appendGrid(p.Blocks, "indexes", "Indexes", indexes(v.Indexes))
	p.Blocks = append(p.Blocks, triggerBlocks(v.Triggers)...)
	return p
}

func (b *builder) functionPage(sc *schema.Schema, f *schema.Function) *page {
	p := &page{Path: b.fnPath[f], Title: output.Show(sc.Name) + "." + output.Show(f.Name) + "(" + output.Show(f.Arguments) + ")", Kind: f.Kind, Comment: deref(f.Comment), Crumbs: b.crumbs(sc)}
	for _, kv := range [][2]string{{"arguments", f.Arguments}, {"returns", f.Returns}, {"language", f.Language}} {
		if kv[1] != "" {
			p.Facts = append(p.Facts, fact{kv[0], code(kv[1])})
		}
	}
	p.Blocks = append(p.Blocks, block{ID: "definition", Title: "Definition", SQL: f.Definition})
	return p
}

func (b *builder) typesPage(sc *schema.Schema) *page {
	if len(sc.Enums)+len(sc.Domains)+len(sc.CompositeTypes) == 0 {
		return nil
	}
	p := &page{Path: b.schemaDC[sc.Name] + "/types", Title: output.Show(sc.Name), Kind: "types", Crumbs: b.crumbs(sc)}
	enums := &grid{Header: []string{"name", "values", "comment"}}
	for _, e := range sc.Enums {
		enums.Rows = append(enums.Rows, row{ID: "enum-" + slug(e.Name), Cells: []cell{code(e.Name), code(list(e.Values)), text(deref(e.Comment))}})
	}
	domains := &grid{Header: []string{"name", "type", "null", "default", "checks", "comment"}}
	for _, d := range sc.Domains {
		var cs []string
		for _, c := range d.Checks {
			cs = append(cs, c.Expression)
		}
		domains.Rows = append(domains.Rows, row{ID: "domain-" + slug(d.Name), Cells: []cell{code(d.Name), b.typeCell(sc.Name, d.Type),
			text(nullText(!d.NotNull)), code(deref(d.Default)), code(strings.Join(cs, "; ")), text(deref(d.Comment))}})
	}
	types := &grid{Header: []string{"name", "attributes", "comment"}}
	for _, c := range sc.CompositeTypes {
		var attrs []string
		for _, a := range c.Attributes {
			attrs = append(attrs, a.Name+" "+a.Type)
		}
		types.Rows = append(types.Rows, row{ID: "type-" + slug(c.Name), Cells: []cell{code(c.Name), code(strings.Join(attrs, ", ")), text(deref(c.Comment))}})
	}
	p.Blocks = appendGrid(p.Blocks, "enums", "Enums", enums)
	p.Blocks = appendGrid(p.Blocks, "domains", "Domains", domains)
	p.Blocks = appendGrid(p.Blocks, "types", "Composite types", types)
	return p
}

func (b *builder) sequencesPage(sc *schema.Schema) *page {
	if len(sc.Sequences) == 0 {
		return nil
	}
	p := &page{Path: b.schemaDC[sc.Name] + "/sequences", Title: output.Show(sc.Name), Kind: "sequences", Crumbs: b.crumbs(sc)}
	g := &grid{Header: []string{"name", "type", "start", "increment", "min", "max", "cache", "cycle", "owned by", "comment"}}
	for _, q := range sc.Sequences {
		owner := cell{}
		if q.OwnedBy != nil {
			owner = b.relCell(sc.Name, ref{q.OwnedBy.Schema, q.OwnedBy.Table})
			owner.Text += "." + output.Show(q.OwnedBy.Column)
		}
		i := strconv.FormatInt
		g.Rows = append(g.Rows, row{ID: "seq-" + slug(q.Name), Cells: []cell{code(q.Name), code(q.Type), text(i(q.Start, 10)), text(i(q.Increment, 10)),
			text(i(q.Min, 10)), text(i(q.Max, 10)), text(i(q.Cache, 10)), text(yesNo(q.Cycle, "yes")), owner, text(deref(q.Comment))}})
	}
	p.Blocks = []block{{ID: "sequences", Title: "Sequences", Grid: g}}
	return p
}

// policiesBlocks lists a table's row-level security policies, and says what a table without
// one, or with RLS off, lets through.
func policiesBlocks(pg *schema.PostgresTable) []block {
	var note string
	switch {
	case pg.RowSecurity && len(pg.Policies) == 0:
		note = "Row-level security is enabled and there is no policy: only the owner sees rows."
		if pg.ForceRowSecurity {
			note = "Row-level security is enabled and forced, and there is no policy: no role sees rows."
		}
		return []block{{ID: "policies", Title: "Policies", Note: note}}
	case len(pg.Policies) == 0:
		return nil
	case !pg.RowSecurity:
		note = "Row-level security is not enabled: these policies do not apply."
	}
	g := &grid{Header: []string{"name", "command", "as", "roles", "using", "with check", "comment"}}
	for _, p := range pg.Policies {
		as := "permissive"
		if p.Restrictive {
			as = "restrictive"
		}
		g.Rows = append(g.Rows, row{Cells: []cell{code(p.Name), text(string(p.Command)), text(as), code(list(p.Roles)),
			code(p.Using), code(p.WithCheck), text(deref(p.Comment))}})
	}
	return []block{{ID: "policies", Title: "Policies", Grid: g, Note: note}}
}

func rules(rs []schema.Rule) *grid {
	g := &grid{Header: []string{"name", "event", "do", "definition", "comment"}}
	for _, r := range rs {
		do := "also"
		if r.Instead {
			do = "instead"
		}
		if r.Disabled {
			do += ", disabled"
		}
		g.Rows = append(g.Rows, row{Cells: []cell{code(r.Name), text(r.Event), text(do), code(r.Definition), text(deref(r.Comment))}})
	}
	return g
}

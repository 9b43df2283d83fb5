package doc

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dbinspect/dbinspect/output"
	"github.com/dbinspect/dbinspect/output/export"
	"github.com/dbinspect/dbinspect/schema"
)

// page is one page of the site in a format-neutral shape. The HTML and the Markdown writers
// both draw it, so the two formats never disagree about what a page holds.
type page struct {
	// Path is the page's site path without extension: "index", "public/index",
	// "public/tables/users". The writers add .html, or .md (README.md for an index).
	Path    string
	Title   string
	Kind    string
	Comment string
	Crumbs  []link
	Facts   []fact
	Blocks  []block
}

type link struct{ Text, Href string }

type fact struct {
	Label string
	Value cell
}

// block is one section of a page: a grid, an SQL definition, a diagram or a note.
type block struct {
	ID, Title string
	Note      string
	Grid      *grid
	SQL       string
	Diagram   *diagram
	// Search puts a filter box above the grid.
	Search bool
}

type grid struct {
	Header []string
	Rows   []row
}

type row struct {
	// ID is the row's anchor ("" for none); Search is the lower-case text the filter matches.
	ID, Search string
	Cells      []cell
}

// cell is one grid cell: text, a link to another page (a site path without extension and
// an optional #fragment), shown as code when Code is set.
type cell struct {
	Text, Href string
	Code       bool
}

func text(s string) cell { return cell{Text: output.Show(s)} }
func code(s string) cell { return cell{Text: output.Show(s), Code: true} }

// ref names a relation or a type in a schema.
type ref struct{ schema, name string }

// builder turns the model into pages. It indexes the model once (pages of every relation,
// incoming foreign keys, partitions, user types), so building is linear in the schema size.
type builder struct {
	db       *schema.Database
	opts     Options
	schemaDC map[string]string // schema name → its folder
	relPath  map[ref]string    // table or view → its page
	typePath map[string]string // a type spelling, qualified or not, → its anchor
	incoming map[ref][]incomingFK
	parts    map[ref][]ref // partitioned table → its partitions
	fnPath   map[*schema.Function]string
}

type incomingFK struct {
	from ref
	fk   *schema.ForeignKey
}

func newBuilder(db *schema.Database, opts Options) *builder {
	b := &builder{db: db, opts: opts, schemaDC: map[string]string{}, relPath: map[ref]string{},
		typePath: map[string]string{}, incoming: map[ref][]incomingFK{}, parts: map[ref][]ref{},
		fnPath: map[*schema.Function]string{}}
	for i := range db.Schemas {
		sc := &db.Schemas[i]
		dir := slug(sc.Name)
		if dir == "assets" {
			dir += "-" + shortHash(sc.Name)
		}
		b.schemaDC[sc.Name] = dir
		for j := range sc.Tables {
			t := &sc.Tables[j]
			b.relPath[ref{sc.Name, t.Name}] = dir + "/tables/" + slug(t.Name)
			for k := range t.ForeignKeys {
				fk := &t.ForeignKeys[k]
				to := ref{fk.RefSchema, fk.RefTable}
				b.incoming[to] = append(b.incoming[to], incomingFK{from: ref{sc.Name, t.Name}, fk: fk})
			}
			if t.Postgres != nil && t.Postgres.PartitionOf != nil {
				p := ref{t.Postgres.PartitionOf.Schema, t.Postgres.PartitionOf.Name}
				b.parts[p] = append(b.parts[p], ref{sc.Name, t.Name})
			}
		}
		for j := range sc.Views {
			b.relPath[ref{sc.Name, sc.Views[j].Name}] = dir + "/views/" + slug(sc.Views[j].Name)
		}
		overloaded := map[string]int{}
		for _, f := range sc.Functions {
			overloaded[f.Name]++
		}
		for j := range sc.Functions {
			f := &sc.Functions[j]
			p := dir + "/functions/" + slug(f.Name)
			if overloaded[f.Name] > 1 {
				p += "-" + shortHash(f.Arguments)
			}
			b.fnPath[f] = p
		}
		addType := func(kind, name string) {
			target := dir + "/types#" + kind + "-" + slug(name)
			for _, spelling := range []string{sc.Name + "." + name, quoteIdent(sc.Name) + "." + quoteIdent(name)} {
				b.typePath[spelling] = target
			}
			b.typePath[sc.Name+"\x00"+name] = target
			b.typePath[sc.Name+"\x00"+quoteIdent(name)] = target
		}
		for _, e := range sc.Enums {
			addType("enum", e.Name)
		}
		for _, d := range sc.Domains {
			addType("domain", d.Name)
		}
		for _, c := range sc.CompositeTypes {
			addType("type", c.Name)
		}
	}
	return b
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// typeCell shows a column type, linked to its page when it is an enum, domain or composite
// type of the model (arrays of one included).
func (b *builder) typeCell(schemaName, typ string) cell {
	c := code(typ)
	base := strings.TrimSuffix(typ, "[]")
	if p, ok := b.typePath[base]; ok {
		c.Href = p
	} else if p, ok := b.typePath[schemaName+"\x00"+base]; ok {
		c.Href = p
	}
	return c
}

// relCell shows a table or view name linked to its page when the site has one.
func (b *builder) relCell(from string, r ref) cell {
	label := r.name
	if r.schema != from {
		label = r.schema + "." + r.name
	}
	c := code(label)
	c.Href = b.relPath[r]
	return c
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func yesNo(b bool, yes string) string {
	if b {
		return yes
	}
	return ""
}

func list(names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = output.Show(n)
	}
	return strings.Join(out, ", ")
}

// count formats a row estimate with thousands separators.
func count(n int64) string {
	s := strconv.FormatInt(n, 10)
	if n < 0 {
		return ""
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// size formats a byte count for people.
func size(n int64) string {
	switch {
	case n < 1024:
		return fmt.Sprintf("%d B", n)
	case n < 1024*1024:
		return fmt.Sprintf("%.1f KiB", float64(n)/1024)
	case n < 1024*1024*1024:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1024*1024))
	}
	return fmt.Sprintf("%.1f GiB", float64(n)/(1024*1024*1024))
}

func rowEstimate(t *schema.Table) string {
	if t.Stats == nil || t.Stats.RowEstimate == nil {
		return ""
	}
	return count(*t.Stats.RowEstimate)
}

// search is what the filter box matches for a relation: its qualified name and comment.
func search(parts ...string) string {
	return strings.ToLower(strings.Join(parts, " "))
}

// dialectName is the engine's name for people (export.Product: MariaDB is told from MySQL).
func (b *builder) dialectName() string { return export.Product(b.db) }

// pages builds every page of the site, in a fixed order.
func (b *builder) pages() []*page {
	out := []*page{b.indexPage()}
	for i := range b.db.Schemas {
		sc := &b.db.Schemas[i]
		out = append(out, b.schemaPages(sc)...)
		for j := range sc.Tables {
			out = append(out, b.tablePage(sc, &sc.Tables[j]))
		}
		for j := range sc.Views {
			out = append(out, b.viewPage(sc, &sc.Views[j]))
		}
		for j := range sc.Functions {
			out = append(out, b.functionPage(sc, &sc.Functions[j]))
		}
		if p := b.typesPage(sc); p != nil {
			out = append(out, p)
		}
		if p := b.sequencesPage(sc); p != nil {
			out = append(out, p)
		}
	}
	return out
}

func (b *builder) crumbs(sc *schema.Schema) []link {
	out := []link{{Text: b.opts.Title, Href: "index"}}
	if sc != nil {
		out = append(out, link{Text: output.Show(sc.Name), Href: b.schemaDC[sc.Name] + "/index"})
	}
	return out
}

func (b *builder) indexPage() *page {
	p := &page{Path: "index", Title: b.opts.Title, Kind: "database", Crumbs: b.crumbs(nil)[:0]}
	tables, views := 0, 0
	schemas := &grid{Header: []string{"schema", "tables", "views", "functions", "comment"}}
	rels := &grid{Header: []string{"schema", "name", "kind", "rows (estimate)", "columns", "comment"}}
	for i := range b.db.Schemas {
		sc := &b.db.Schemas[i]
		tables += len(sc.Tables)
		views += len(sc.Views)
		name := code(sc.Name)
		name.Href = b.schemaDC[sc.Name] + "/index"
		schemas.Rows = append(schemas.Rows, row{Cells: []cell{name, text(strconv.Itoa(len(sc.Tables))),
			text(strconv.Itoa(len(sc.Views))), text(strconv.Itoa(len(sc.Functions))), text(deref(sc.Comment))}})
		rels.Rows = append(rels.Rows, b.relationRows(sc, true)...)
	}
	version := b.dialectName()
	if b.db.ServerVersion != "" {
		version += " " + b.db.ServerVersion
	}
	p.Facts = []fact{{"engine", text(version)}, {"schemas", text(strconv.Itoa(len(b.db.Schemas)))},
		{"tables", text(strconv.Itoa(tables))}, {"views", text(strconv.Itoa(views))}}
	for _, n := range b.db.Notes {
		p.Blocks = append(p.Blocks, block{Note: "Not read: " + output.Show(n)})
	}
	if len(b.db.Schemas) > 1 {
		p.Blocks = append(p.Blocks, block{ID: "schemas", Title: "Schemas", Grid: schemas})
	}
	p.Blocks = append(p.Blocks, block{ID: "tables", Title: "Tables and views", Grid: rels, Search: true})
	return p
}

// relationRows lists a schema's tables and views for an index.
func (b *builder) relationRows(sc *schema.Schema, withSchema bool) []row {
	var rows []row
	add := func(name, kind, rowsEst string, cols int, comment string) {
		n := code(name)
		n.Href = b.relPath[ref{sc.Name, name}]
		cells := []cell{n, text(kind), text(rowsEst), text(strconv.Itoa(cols)), text(comment)}
		if withSchema {
			cells = append([]cell{code(sc.Name)}, cells...)
		}
		rows = append(rows, row{Search: search(sc.Name+"."+name, kind, comment), Cells: cells})
	}
	for i := range sc.Tables {
		t := &sc.Tables[i]
		add(t.Name, t.Kind(), rowEstimate(t), len(t.Columns), deref(t.Comment))
	}
	for i := range sc.Views {
		v := &sc.Views[i]
		add(v.Name, v.Kind(), "", len(v.Columns), deref(v.Comment))
	}
	return rows
}

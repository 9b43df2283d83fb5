package doc

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/dbinspect/dbinspect/output"
	"github.com/dbinspect/dbinspect/output/export"
	"github.com/dbinspect/dbinspect/schema"
)

// diagram is an ER diagram in the form the page's format wants: SVG for HTML (drawn here,
// at build time, so the site needs no script to show it), a Mermaid block for Markdown.
type diagram struct {
	nodes []dnode
	edges []dedge
	fixed bool
	// File, when set, is a site path (without extension) where the SVG is also written on
	// its own, beside the page that embeds it.
	File    string
	Mermaid string
}

// dnode is a box: a table with its key columns, a table of another group (a name only), a
// group of tables, or a "+N more" link.
type dnode struct {
	label, href string
	rows        []drow
	class       string // "", "center", "ghost", "more", "group"
	layer       int
	col         map[string]int // column name → row, for edge ports
}

type drow struct{ key, name, typ string }

// dedge is a foreign key from a child row to a parent row (-1: the box's middle).
type dedge struct {
	from, to         int
	fromRow, toRow   int
	optional, strong bool
}

const (
	fontPx      = 12.0
	headPx      = 13.0
	headH       = 24.0
	rowH        = 18.0
	padX        = 8.0
	maxSide     = 30 // neighbours drawn per side of a table's own diagram
	compactSide = 10 // past this many neighbours on a side, they are drawn as names only
	maxGroup    = 60 // tables per schema diagram before the schema is split into groups
)

// tableNode is a table drawn with its key columns; keep, when not nil, narrows them further.
func tableNode(label, href string, t *schema.Table, class string, keep func(column string) bool) dnode {
	n := dnode{label: label, href: href, class: class, col: map[string]int{}}
	for _, c := range t.Columns {
		if keep != nil && !keep(c.Name) {
			continue
		}
		keys, _ := keyMarks(t, c.Name)
		if len(keys) > 0 {
			n.col[c.Name] = len(n.rows)
			n.rows = append(n.rows, drow{key: strings.Join(keys, ","), name: output.Show(c.Name), typ: output.Show(c.Type)})
		}
	}
	return n
}

// keyMarks says which keys a column is part of (PK, FK, UK, in that order) and the first
// foreign key it belongs to.
func keyMarks(t *schema.Table, column string) (marks []string, fk *schema.ForeignKey) {
	if t.PrimaryKey != nil && slices.Contains(t.PrimaryKey.Columns, column) {
		marks = append(marks, "PK")
	}
	for i := range t.ForeignKeys {
		if slices.Contains(t.ForeignKeys[i].Columns, column) {
			marks, fk = append(marks, "FK"), &t.ForeignKeys[i]
			break
		}
	}
	for _, u := range t.Uniques {
		if slices.Contains(u.Columns, column) {
			marks = append(marks, "UK")
			break
		}
	}
	return marks, fk
}

func (n *dnode) row(cols []string) int {
	if len(cols) == 0 {
		return -1
	}
	if r, ok := n.col[cols[0]]; ok {
		return r
	}
	return -1
}

// fkOptional: every FK column is nullable, so a child row may have no parent.
func fkOptional(t *schema.Table, fk *schema.ForeignKey) bool {
	for _, c := range fk.Columns {
		if col := t.Column(c); col != nil && !col.Nullable {
			return false
		}
	}
	return true
}

func (b *builder) label(from string, r ref) string {
	if r.schema == from {
		return output.Show(r.name)
	}
	return output.Show(r.schema) + "." + output.Show(r.name)
}

func (b *builder) table(r ref) *schema.Table {
	if sc := b.db.Schema(r.schema); sc != nil {
		return sc.Table(r.name)
	}
	return nil
}

// neighbourhood is a table's own diagram: the tables it references on the right, the
// tables that reference it on the left, at most maxSide a side (the rest is one "+N more"
// box that links to the page's lists).
func (b *builder) neighbourhood(sc *schema.Schema, t *schema.Table, pagePath string) *diagram {
	self := ref{sc.Name, t.Name}
	d := &diagram{fixed: true}
	center := tableNode(b.label(sc.Name, self), pagePath, t, "center", nil)
	idx := map[ref]int{}
	var parents, children []ref
	for _, fk := range t.ForeignKeys {
		r := ref{fk.RefSchema, fk.RefTable}
		if _, seen := idx[r]; !seen && r != self && b.table(r) != nil {
			idx[r] = -1
			parents = append(parents, r)
		}
	}
	for _, in := range b.incoming[self] {
		if _, seen := idx[in.from]; !seen && in.from != self {
			idx[in.from] = -1
			children = append(children, in.from)
		}
	}
	slices.SortStableFunc(parents, func(a, c ref) int { return cmp.Compare(b.firstRow(&center, t, a), b.firstRow(&center, t, c)) })
	slices.SortFunc(children, func(a, c ref) int { return cmp.Or(cmp.Compare(a.schema, c.schema), cmp.Compare(a.name, c.name)) })
	layerOf := func(parent bool) int {
		switch {
		case parent && len(children) > 0:
			return 2
		case parent:
			return 1
		case len(children) > 0 && !parent:
			return 0
		}
		return 0
	}
	add := func(rs []ref, parent bool, anchor string) {
		for i, r := range rs {
			if i == maxSide {
				d.nodes = append(d.nodes, dnode{label: fmt.Sprintf("+%d more", len(rs)-maxSide), href: pagePath + "#" + anchor, class: "more", layer: layerOf(parent)})
				return
			}
			nt := b.table(r)
			keep := linking(nt, t, self, r)
			if len(rs) > compactSide {
				keep = func(string) bool { return false } // many neighbours: names only
			}
			n := tableNode(b.label(sc.Name, r), b.relPath[r], nt, "", keep)
			n.layer = layerOf(parent)
			idx[r] = len(d.nodes)
			d.nodes = append(d.nodes, n)
		}
	}
	add(children, false, "incoming")
	center.layer = 0
	if len(children) > 0 {
		center.layer = 1
	}
	idx[self] = len(d.nodes)
	d.nodes = append(d.nodes, center)
	add(parents, true, "foreign-keys")
	for i := range t.ForeignKeys {
		fk := &t.ForeignKeys[i]
		r := ref{fk.RefSchema, fk.RefTable}
		to, ok := idx[r]
		if !ok || to < 0 {
			continue
		}
		c := &d.nodes[idx[self]]
		d.edges = append(d.edges, dedge{from: idx[self], to: to, fromRow: c.row(fk.Columns), toRow: d.nodes[to].row(fk.RefColumns), optional: fkOptional(t, fk)})
	}
	for _, in := range b.incoming[self] {
		from, ok := idx[in.from]
		if !ok || from < 0 || in.from == self {
			continue
		}
		ct := b.table(in.from)
		d.edges = append(d.edges, dedge{from: from, to: idx[self], fromRow: d.nodes[from].row(in.fk.Columns), toRow: d.nodes[idx[self]].row(in.fk.RefColumns), optional: fkOptional(ct, in.fk)})
	}
	if b.opts.Format == Markdown {
		members := append([]ref{self}, parents[:min(len(parents), maxSide)]...)
		d.Mermaid = b.mermaid(append(members, children[:min(len(children), maxSide)]...))
	}
	return d
}

// linking keeps, of a neighbour's columns, its primary key and the columns of the foreign
// keys between it and the centre table, so a table's own diagram shows what links them.
func linking(nt, center *schema.Table, self, r ref) func(string) bool {
	cols := map[string]bool{}
	if nt.PrimaryKey != nil {
		for _, c := range nt.PrimaryKey.Columns {
			cols[c] = true
		}
	}
	for _, fk := range nt.ForeignKeys {
		if fk.RefSchema == self.schema && fk.RefTable == self.name {
			for _, c := range fk.Columns {
				cols[c] = true
			}
		}
	}
	for _, fk := range center.ForeignKeys {
		if fk.RefSchema == r.schema && fk.RefTable == r.name {
			for _, c := range fk.RefColumns {
				cols[c] = true
			}
		}
	}
	return func(c string) bool { return cols[c] }
}

// firstRow is the row of t's first foreign key column that references r.
func (b *builder) firstRow(n *dnode, t *schema.Table, r ref) int {
	for _, fk := range t.ForeignKeys {
		if fk.RefSchema == r.schema && fk.RefTable == r.name {
			return n.row(fk.Columns)
		}
	}
	return -1
}

// setDiagram draws a set of tables with their key columns; with ghosts, the tables outside
// the set that members reference are drawn as name-only boxes linking to their pages.
func (b *builder) setDiagram(sc *schema.Schema, members []ref, ghosts bool) *diagram {
	d := &diagram{}
	idx := map[ref]int{}
	for _, r := range members {
		idx[r] = len(d.nodes)
		d.nodes = append(d.nodes, tableNode(b.label(sc.Name, r), b.relPath[r], b.table(r), "", nil))
	}
	var ghostRefs []ref
	for _, r := range members {
		t := b.table(r)
		for i := range t.ForeignKeys {
			fk := &t.ForeignKeys[i]
			p := ref{fk.RefSchema, fk.RefTable}
			to, ok := idx[p]
			if !ok {
				if !ghosts || b.table(p) == nil {
					continue
				}
				to = len(d.nodes)
				idx[p] = to
				ghostRefs = append(ghostRefs, p)
				d.nodes = append(d.nodes, dnode{label: b.label(sc.Name, p), href: b.relPath[p], class: "ghost"})
			}
			d.edges = append(d.edges, dedge{from: idx[r], to: to, fromRow: d.nodes[idx[r]].row(fk.Columns), toRow: d.nodes[to].row(fk.RefColumns), optional: fkOptional(t, fk)})
		}
	}
	if b.opts.Format == Markdown {
		d.Mermaid = b.mermaid(append(slices.Clone(members), ghostRefs...))
	}
	return d
}

// mermaid writes the Mermaid erDiagram of the tables (export's, so `export --format
// mermaid` and the Markdown site draw alike).
func (b *builder) mermaid(rs []ref) string {
	sub := &schema.Database{Dialect: b.db.Dialect}
	at := map[string]int{}
	for _, r := range rs {
		t := b.table(r)
		if t == nil {
			continue
		}
		i, ok := at[r.schema]
		if !ok {
			i = len(sub.Schemas)
			at[r.schema] = i
			sub.Schemas = append(sub.Schemas, schema.Schema{Name: r.schema})
		}
		sub.Schemas[i].Tables = append(sub.Schemas[i].Tables, *t)
	}
	var buf bytes.Buffer
	_ = export.Mermaid(&buf, sub) // writing to a buffer cannot fail
	return buf.String()
}

// svg draws the diagram for a page at pagePath (links are relative to it).
func (d *diagram) svg(pagePath string) string {
	nodes := make([]lnode, len(d.nodes))
	for i, n := range d.nodes {
		nodes[i] = n.box()
		nodes[i].layer = n.layer
	}
	edges := make([]ledge, len(d.edges))
	for i, e := range d.edges {
		edges[i] = ledge{from: e.from, to: e.to, fromPort: e.fromRow, toPort: e.toRow}
	}
	w, h := layout(nodes, edges, d.fixed)
	var s strings.Builder
	fmt.Fprintf(&s, `<svg xmlns="http://www.w3.org/2000/svg" class="er" width="%s" height="%s" viewBox="0 0 %s %s" role="img">`, num(w), num(h), num(w), num(h))
	s.WriteString(svgStyle)
	s.WriteString(`<g class="er-edges">`)
	for i, e := range edges {
		cls := "er-fk"
		if d.edges[i].optional {
			cls += " er-opt"
		}
		if d.edges[i].strong {
			cls += " er-strong"
		}
		fmt.Fprintf(&s, `<path class="%s" d="%s"/>`, cls, pathData(e.points))
	}
	s.WriteString(`</g><g class="er-nodes">`)
	for i, n := range d.nodes {
		n.draw(&s, nodes[i], pagePath)
	}
	s.WriteString("</g></svg>")
	return s.String()
}

// box measures a node.
func (n *dnode) box() lnode {
	px := headPx
	w := textWidth(n.label, px)*1.08 + 2*padX
	var keyW, nameW, typW float64
	for _, r := range n.rows {
		keyW = max(keyW, textWidth(r.key, fontPx-2))
		nameW = max(nameW, textWidth(r.name, fontPx))
		typW = max(typW, textWidth(r.typ, fontPx))
	}
	if len(n.rows) > 0 {
		w = max(w, 2*padX+keyW+6+nameW+12+typW)
	}
	ln := lnode{w: w, h: headH + rowH*float64(len(n.rows))}
	if len(n.rows) > 0 {
		ln.h += 4
	}
	for i := range n.rows {
		ln.ports = append(ln.ports, headH+2+rowH*float64(i)+rowH/2)
	}
	return ln
}

func (n *dnode) draw(s *strings.Builder, ln lnode, pagePath string) {
	cls := "er-table"
	if n.class != "" {
		cls += " er-" + n.class
	}
	if n.href != "" {
		fmt.Fprintf(s, `<a href="%s">`, xmlEscape(relLink(pagePath+".html", n.href+".html")))
	}
	fmt.Fprintf(s, `<g class="%s"><title>%s</title>`, cls, xmlEscape(n.label))
	fmt.Fprintf(s, `<rect class="er-box" x="%s" y="%s" width="%s" height="%s" rx="3"/>`, num(ln.x), num(ln.y), num(ln.w), num(ln.h))
	if len(n.rows) > 0 {
		fmt.Fprintf(s, `<rect class="er-head" x="%s" y="%s" width="%s" height="%s" rx="3"/>`, num(ln.x), num(ln.y), num(ln.w), num(headH))
	}
	fmt.Fprintf(s, `<text class="er-name" x="%s" y="%s">%s</text>`, num(ln.x+padX), num(ln.y+headH/2+4.5), xmlEscape(n.label))
	var keyW, nameW float64
	for _, r := range n.rows {
		keyW = max(keyW, textWidth(r.key, fontPx-2))
		nameW = max(nameW, textWidth(r.name, fontPx))
	}
	for i, r := range n.rows {
		y := ln.y + ln.ports[i] + 4
		fmt.Fprintf(s, `<text class="er-key" x="%s" y="%s">%s</text>`, num(ln.x+padX), num(y), xmlEscape(r.key))
		fmt.Fprintf(s, `<text class="er-col" x="%s" y="%s">%s</text>`, num(ln.x+padX+keyW+6), num(y), xmlEscape(r.name))
		fmt.Fprintf(s, `<text class="er-type" x="%s" y="%s">%s</text>`, num(ln.x+padX+keyW+6+nameW+12), num(y), xmlEscape(r.typ))
	}
	s.WriteString("</g>")
	if n.href != "" {
		s.WriteString("</a>")
	}
}

// svgStyle travels inside every SVG so a diagram file looks the same on its own.
const svgStyle = `<style>` +
	`.er{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:12px}` +
	`.er-box{fill:#fff;stroke:#5b6b7f;stroke-width:1}.er-head{fill:#dfe7f1;stroke:#5b6b7f;stroke-width:1}` +
	`.er-center .er-box{stroke:#b35900;stroke-width:2}.er-center .er-head{fill:#ffd9b3}` +
	`.er-ghost .er-box{stroke-dasharray:4 3;fill:#f6f6f6}.er-more .er-box{fill:#f6f6f6;stroke-dasharray:2 2}` +
	`.er-group .er-box{fill:#eef4ea}` +
	`.er-name{font-size:13px;font-weight:bold;fill:#1d2733}.er-key{font-size:10px;font-weight:bold;fill:#b35900}` +
	`.er-col{fill:#1d2733}.er-type{fill:#6b7785}` +
	`.er-fk{fill:none;stroke:#7d8a99;stroke-width:1.2}.er-opt{stroke-dasharray:5 3}.er-strong{stroke-width:2.5}` +
	`a:hover .er-box{stroke:#0b5cad;stroke-width:2}` +
	`</style>`

// pathData writes a route as horizontal-tangent cubic curves.
func pathData(pts []point) string {
	if len(pts) == 0 {
		return ""
	}
	var s strings.Builder
	fmt.Fprintf(&s, "M%s %s", num(pts[0].x), num(pts[0].y))
	for i := 1; i < len(pts); i++ {
		a, c := pts[i-1], pts[i]
		dx := (c.x - a.x) / 2
		if dx < 0 {
			dx = -dx
		}
		if a.y == c.y {
			fmt.Fprintf(&s, "L%s %s", num(c.x), num(c.y))
			continue
		}
		sx, ex := a.x+dx, c.x-dx
		if c.x < a.x {
			sx, ex = a.x-dx, c.x+dx
		}
		if dx == 0 { // a self loop's vertical side
			fmt.Fprintf(&s, "L%s %s", num(c.x), num(c.y))
			continue
		}
		fmt.Fprintf(&s, "C%s %s %s %s %s %s", num(sx), num(a.y), num(ex), num(c.y), num(c.x), num(c.y))
	}
	// Crow's foot at the child end, a bar at the parent end.
	first, last := pts[0], pts[len(pts)-1]
	dir := 1.0
	if len(pts) > 1 && pts[1].x < first.x {
		dir = -1
	}
	fx := first.x + dir*9
	fmt.Fprintf(&s, "M%s %sL%s %sM%s %sL%s %s", num(first.x), num(first.y-5), num(fx), num(first.y), num(first.x), num(first.y+5), num(fx), num(first.y))
	ldir := -1.0
	if len(pts) > 1 && pts[len(pts)-2].x > last.x {
		ldir = 1
	}
	bx := last.x + ldir*6
	fmt.Fprintf(&s, "M%s %sL%s %s", num(bx), num(last.y-5), num(bx), num(last.y+5))
	return s.String()
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

// xmlEscape escapes text for SVG/XML text and attributes. Names reach it through
// output.Show, so no control character (which XML 1.0 cannot carry) is left.
func xmlEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&#34;")
		case '\'':
			b.WriteString("&#39;")
		default:
			if r < 0x20 && r != '\t' && r != '\n' {
				b.WriteRune('\uFFFD')
				continue
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

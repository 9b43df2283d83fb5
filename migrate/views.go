package migrate

import (
	"regexp"
	"slices"
	"strings"

	"github.com/dbinspect/dbinspect/ddl"
	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/schema"
)

// Views hold no data, so a view whose definition changes, or that reads a column that
// changes type or goes away, is dropped before the tables change and created again after
// them (PostgreSQL refuses to change a column a view reads; SQLite's table rebuild and
// MySQL's renames leave such views broken). Views reading a rebuilt view are rebuilt too.
// The model does not record which view reads what, so reading is judged from the text: a
// view reads a column when its definition names both the table and the column.

type columnKey struct{ schema, table, column string }

// viewRef is a view of one side.
type viewRef struct {
	schema string // FROM's schema name
	view   *schema.View
}

type viewWork struct {
	drop   []viewRef // FROM views dropped or rebuilt
	create []viewRef // TO views added or rebuilt
	// rebuilt holds FROM view names (schema.name) dropped to be created again: their index and
	// trigger changes are covered by the new view.
	rebuilt map[string]bool
}

// collectViews decides which views are dropped, rebuilt and created.
func (p *planner) collectViews() {
	p.views.rebuilt = map[string]bool{}
	changed := p.changedColumns()
	dropped := map[string]bool{}
	for _, c := range p.res.Changes {
		if c.Object != diff.ObjView {
			continue
		}
		switch {
		case c.Action == diff.Drop:
			dropped[c.Schema+"."+c.Name] = true
		case c.Action == diff.Modify && !onlyAccess(&c, diff.FieldComment):
			p.views.rebuilt[c.Schema+"."+c.Name] = true
		}
	}
	for _, sc := range p.from.Schemas {
		for i := range sc.Views {
			v := &sc.Views[i]
			if p.readsChanged(sc.Name, v, changed) {
				p.views.rebuilt[sc.Name+"."+v.Name] = true
			}
		}
	}
	p.rebuildReaders(dropped)
	for _, sc := range p.from.Schemas {
		for i := range sc.Views {
			key := sc.Name + "." + sc.Views[i].Name
			if dropped[key] || p.views.rebuilt[key] {
				p.views.drop = append(p.views.drop, viewRef{sc.Name, &sc.Views[i]})
			}
		}
	}
	p.collectViewCreates()
}

// rebuildReaders adds, until nothing changes, the views that read a dropped or rebuilt view.
func (p *planner) rebuildReaders(dropped map[string]bool) {
	for grew := true; grew; {
		grew = false
		for _, sc := range p.from.Schemas {
			for i := range sc.Views {
				v := &sc.Views[i]
				key := sc.Name + "." + v.Name
				if p.views.rebuilt[key] || dropped[key] {
					continue
				}
				for other := range mergeKeys(p.views.rebuilt, dropped) {
					if other != key && mentions(v.Definition, nameOf(other)) {
						p.views.rebuilt[key], grew = true, true
						break
					}
				}
			}
		}
	}
}

func mergeKeys(a, b map[string]bool) map[string]bool {
	out := make(map[string]bool, len(a)+len(b))
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}

// nameOf is the object name of a schema.name key.
func nameOf(key string) string {
	for i := 0; i < len(key); i++ {
		if key[i] == '.' {
			return key[i+1:]
		}
	}
	return key
}

func (p *planner) collectViewCreates() {
	for _, c := range p.res.Changes {
		if c.Object == diff.ObjView && c.Action == diff.Add {
			_, v := c.Views()
			p.views.create = append(p.views.create, viewRef{c.Schema, v})
		}
		if c.Object == diff.ObjSchema && c.Action == diff.Add {
			_, sc := c.Schemas()
			for i := range sc.Views {
				p.views.create = append(p.views.create, viewRef{c.Schema, &sc.Views[i]})
			}
		}
	}
	for _, v := range p.views.drop {
		if !p.views.rebuilt[v.schema+"."+v.view.Name] {
			continue
		}
		if sc := p.to.Schema(p.toSchemaName(v.schema)); sc != nil {
			if tv := sc.View(v.view.Name); tv != nil {
				p.views.create = append(p.views.create, viewRef{v.schema, tv})
			}
		}
	}
}

// changedColumns lists the columns whose change breaks a view reading them; column "*" stands
// for a whole table (dropped, renamed, or rebuilt).
func (p *planner) changedColumns() map[columnKey]bool {
	out := map[columnKey]bool{}
	for _, w := range p.order {
		switch {
		case w.added():
			continue
		case w.dropped() || w.rebuild || w.self != nil && w.self.Action == diff.Rename:
			out[columnKey{w.schema, w.name, "*"}] = true
			continue
		}
		for _, c := range w.changesOf(diff.ObjColumn) {
			if c.Action == diff.Drop || c.Action == diff.Modify && hasField(c, diff.FieldType, diff.FieldCollation, diff.FieldCharset, diff.FieldGenerated) {
				out[columnKey{w.schema, w.name, c.Name}] = true
			}
		}
	}
	for _, k := range p.enumColumns {
		out[k] = true
	}
	return out
}

func (p *planner) readsChanged(schemaName string, v *schema.View, changed map[columnKey]bool) bool {
	for k := range changed {
		if k.schema == schemaName && mentions(v.Definition, k.table) && (k.column == "*" || mentions(v.Definition, k.column)) {
			return true
		}
	}
	return false
}

// mentions says whether SQL text names an object, as a whole word or a quoted identifier.
func mentions(text, name string) bool {
	re, err := regexp.Compile(`(?i)(^|[^A-Za-z0-9_$])` + regexp.QuoteMeta(name) + `($|[^A-Za-z0-9_$])`)
	return err == nil && re.MatchString(text)
}

// planViews drops views (readers first), creates them (what they read first), and plans the
// index, trigger and comment changes of the views that stay.
func (p *planner) planViews() {
	for _, v := range orderViews(p.views.drop, true) {
		kind := "VIEW "
		if v.view.Materialized {
			kind = "MATERIALIZED VIEW "
		}
		s := p.add(phDropViews, v.schema+"."+v.view.Name, "DROP "+kind+p.qq(v.schema, v.view.Name))
		if p.droppedView(v.schema, v.view.Name) {
			s.Destructive = "drops " + strings.ToLower(kind) + v.schema + "." + v.view.Name + ", which TO does not have"
		}
	}
	for _, v := range orderViews(p.views.create, false) {
		p.createView(v)
	}
	for i := range p.res.Changes {
		c := &p.res.Changes[i]
		if p.views.rebuilt[c.Schema+"."+c.Table] || p.views.rebuilt[c.Schema+"."+c.Name] {
			continue
		}
		switch {
		case c.Object == diff.ObjView && c.Action == diff.Modify && p.r.commentOn && hasField(c, diff.FieldComment):
			_, v := c.Views()
			p.add(phComments, c.Name, "COMMENT ON "+viewKind(v)+" "+p.qq(c.Schema, c.Name)+" IS "+p.commentText(v.Comment))
		case c.OnView && c.Object == diff.ObjIndex:
			p.viewIndex(c)
		case c.OnView && c.Object == diff.ObjTrigger:
			w := &tableWork{schema: c.Schema, name: c.Table, newName: c.Table, changes: []*diff.Change{c}}
			p.triggerChanges(w)
		case c.OnView && c.Object == diff.ObjRule:
			w := &tableWork{schema: c.Schema, name: c.Table, newName: c.Table}
			p.ruleChanges(w, []*diff.Change{c}, p.qq(c.Schema, c.Table))
		}
	}
}

func viewKind(v *schema.View) string {
	if v.Materialized {
		return "MATERIALIZED VIEW"
	}
	return "VIEW"
}

func (p *planner) viewIndex(c *diff.Change) {
	if c.Action != diff.Add {
		p.add(phDropViews, c.Schema+"."+c.Name, "DROP INDEX "+p.qq(c.Schema, c.Name))
	}
	if c.Action == diff.Rename {
		p.add(phRenames, c.Schema+"."+c.Name, "ALTER INDEX "+p.qq(c.Schema, c.Name)+" RENAME TO "+p.q(c.NewName))
		return
	}
	if c.Action != diff.Drop {
		p.add(phViews, c.Schema+"."+c.Name, ddl.CreateIndex(p.d, c.Schema, c.Table, *toIndex(c)))
	}
}

// createView creates a view with its indexes, triggers and comment.
func (p *planner) createView(v viewRef) {
	name := v.schema + "." + v.view.Name
	p.add(phViews, name, ddl.CreateView(p.d, v.schema, v.view))
	for _, x := range v.view.Indexes {
		p.add(phViews, name, ddl.CreateIndex(p.d, v.schema, v.view.Name, x))
	}
	for _, tr := range v.view.Triggers {
		p.createTrigger(v.schema, v.view.Name, tr)
	}
	p.r.createdView(p, v)
}

// orderViews sorts views so that a view comes after the views it reads (readersFirst: before
// them, for dropping). On a cycle, which only a name inside a string can cause, the rest keep
// their order.
func orderViews(views []viewRef, readersFirst bool) []viewRef {
	pending := slices.Clone(views)
	var out []viewRef
	for len(pending) > 0 {
		next := slices.IndexFunc(pending, func(v viewRef) bool {
			for _, other := range pending {
				if other.view == v.view {
					continue
				}
				if !readersFirst && mentions(v.view.Definition, other.view.Name) {
					return false // v reads a view not created yet
				}
				if readersFirst && mentions(other.view.Definition, v.view.Name) {
					return false // a view not dropped yet reads v
				}
			}
			return true
		})
		if next < 0 {
			next = 0
		}
		out = append(out, pending[next])
		pending = slices.Delete(pending, next, next+1)
	}
	return out
}

// droppedView reports whether diff dropped the view (marked destructive: TO does not have it),
// rather than the planner dropping it to create it again.
func (p *planner) droppedView(schemaName, name string) bool {
	for i := range p.res.Changes {
		c := &p.res.Changes[i]
		if c.Object == diff.ObjView && c.Action == diff.Drop && c.Destructive && c.Schema == schemaName && c.Name == name {
			return true
		}
	}
	return false
}

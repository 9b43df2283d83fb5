package ddl

import (
	"sync/atomic"

	"github.com/dbinspect/dbinspect/schema"
)

// work counts the name lookups that cost more than a map access, for the tests that keep
// writing a model linear (scale_test.go): indexes built and scans of a whole model.
var work struct{ indexes, scans atomic.Int64 }

// Catalog writes the SQL of single objects of one model (CreateTable, ColumnDefinition,
// ColumnType, IsShadowTable, Table lookups) as the package functions of the same names do, but looks names
// up in maps built once for the model instead of scanning it on every call: a planner that
// writes thousands of tables of one model makes one Catalog, so its cost grows with the
// model, not with its square. The model must not change while the Catalog is in use.
type Catalog struct {
	db *schema.Database
	ix *index
}

// NewCatalog returns a Catalog for db. Its maps are built by its first call.
func NewCatalog(db *schema.Database) *Catalog { return &Catalog{db: db} }

func (c *Catalog) generator() *generator {
	if c.ix == nil {
		c.ix = newIndex(c.db)
	}
	return &generator{d: c.db.Dialect, db: c.db, ix: c.ix}
}

// CreateTable is CreateTable for a table of the Catalog's model.
func (c *Catalog) CreateTable(schemaName string, t *schema.Table) string {
	g := c.generator()
	g.createTable(schemaName, t)
	return g.out[len(g.out)-1].SQL
}

// ColumnDefinition is ColumnDefinition for a column of the Catalog's model.
func (c *Catalog) ColumnDefinition(schemaName string, t *schema.Table, col schema.Column) string {
	return c.generator().columnDef(schemaName, t, col)
}

// ColumnType is ColumnType for a type named in the Catalog's model.
func (c *Catalog) ColumnType(schemaName, typ string) string {
	return c.generator().columnType(schemaName, typ)
}

// IsShadowTable is IsShadowTable for schema schemaName of the Catalog's model.
func (c *Catalog) IsShadowTable(schemaName, name string) bool {
	return c.generator().ix.shadows[qualifiedName{schemaName, name}]
}

// Table returns the table of that schema and name in the Catalog's model, or nil.
func (c *Catalog) Table(schemaName, name string) *schema.Table {
	return c.generator().table(schemaName, name)
}

type qualifiedName struct{ schema, name string }

// index holds the name lookups of one model, built in one pass: every lookup the generator
// makes per table or per column is a map access, so writing a whole model stays linear.
type index struct {
	tables map[qualifiedName]*schema.Table
	// types are the names a column type can refer to: enums, domains, composite types, and
	// tables' and views' row types.
	types map[qualifiedName]bool
	// relations are table and view names in any schema.
	relations map[string]bool
	// shadows are the tables SQLite virtual tables keep their data in (see shadowSuffixes).
	shadows map[qualifiedName]bool
}

func newIndex(db *schema.Database) *index {
	work.indexes.Add(1)
	ix := &index{
		tables:    map[qualifiedName]*schema.Table{},
		types:     map[qualifiedName]bool{},
		relations: map[string]bool{},
		shadows:   map[qualifiedName]bool{},
	}
	if db == nil {
		return ix
	}
	for i := range db.Schemas {
		sc := &db.Schemas[i]
		for j := range sc.Tables {
			t := &sc.Tables[j]
			ix.tables[qualifiedName{sc.Name, t.Name}] = t
			ix.types[qualifiedName{sc.Name, t.Name}] = true
			ix.relations[t.Name] = true
			if t.SQLite != nil && t.SQLite.Module != "" {
				for _, suffix := range shadowSuffixes {
					ix.shadows[qualifiedName{sc.Name, t.Name + suffix}] = true
				}
			}
		}
		for _, v := range sc.Views {
			ix.types[qualifiedName{sc.Name, v.Name}] = true
			ix.relations[v.Name] = true
		}
		for _, e := range sc.Enums {
			ix.types[qualifiedName{sc.Name, e.Name}] = true
		}
		for _, d := range sc.Domains {
			ix.types[qualifiedName{sc.Name, d.Name}] = true
		}
		for _, c := range sc.CompositeTypes {
			ix.types[qualifiedName{sc.Name, c.Name}] = true
		}
	}
	return ix
}

// The generator's lookups: through its index when it has one (Create, Catalog), else by
// scanning the model, which costs less than building an index for the one object a package
// function writes.

func (g *generator) table(schemaName, name string) *schema.Table {
	if g.ix != nil {
		return g.ix.tables[qualifiedName{schemaName, name}]
	}
	work.scans.Add(1)
	if sc := g.db.Schema(schemaName); sc != nil {
		return sc.Table(name)
	}
	return nil
}

func (g *generator) definesType(schemaName, name string) bool {
	if g.ix != nil {
		return g.ix.types[qualifiedName{schemaName, name}]
	}
	work.scans.Add(1)
	sc := g.db.Schema(schemaName)
	return sc != nil && definesType(sc, name)
}

// isRelation says whether a table or view of that name is in any schema.
func (g *generator) isRelation(name string) bool {
	if g.ix != nil {
		return g.ix.relations[name]
	}
	work.scans.Add(1)
	for _, sc := range g.db.Schemas {
		if sc.Table(name) != nil || sc.View(name) != nil {
			return true
		}
	}
	return false
}

func (g *generator) isShadow(sc *schema.Schema, name string) bool {
	if g.ix != nil {
		return g.ix.shadows[qualifiedName{sc.Name, name}]
	}
	work.scans.Add(1)
	return isShadowTable(sc, name)
}

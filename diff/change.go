package diff

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/dbinspect/dbinspect/schema"
)

// Object is the kind of object a change is about.
type Object string

// The object kinds. The Go type of a change's two sides for each is given beside it; the
// accessor of the same name (Change.Columns for ObjColumn, …) returns them typed.
const (
	ObjSchema        Object = "schema"         // *schema.Schema
	ObjExtension     Object = "extension"      // *schema.Extension
	ObjTable         Object = "table"          // *schema.Table
	ObjColumn        Object = "column"         // *schema.Column
	ObjPrimaryKey    Object = "primary_key"    // *schema.PrimaryKey
	ObjForeignKey    Object = "foreign_key"    // *schema.ForeignKey
	ObjUnique        Object = "unique"         // *schema.Unique, or *schema.Index for a plain unique index
	ObjCheck         Object = "check"          // *schema.Check
	ObjIndex         Object = "index"          // *schema.Index
	ObjExclusion     Object = "exclusion"      // *schema.Exclusion
	ObjTrigger       Object = "trigger"        // *schema.Trigger
	ObjView          Object = "view"           // *schema.View
	ObjCollation     Object = "collation"      // *schema.Collation
	ObjTextSearch    Object = "text_search"    // *schema.TextSearchConfig
	ObjEnum          Object = "enum"           // *schema.Enum
	ObjDomain        Object = "domain"         // *schema.Domain
	ObjCompositeType Object = "composite_type" // *schema.CompositeType
	ObjSequence      Object = "sequence"       // *schema.Sequence
	ObjFunction      Object = "function"       // *schema.Function
	ObjPolicy        Object = "policy"         // *schema.Policy (PostgreSQL row-level security)
	ObjRule          Object = "rule"           // *schema.Rule (PostgreSQL rewrite rule)
	ObjEvent         Object = "event"          // *schema.Event (MySQL/MariaDB scheduled event)
)

// Change is one difference. Its two sides are the object in FROM (nil for add) and in TO (nil
// for drop), both for modify and rename; they point into the compared models and are read
// through the typed accessor of the change's Object (Tables, Columns, …), or Sides.
type Change struct {
	Action Action `json:"action"`
	Object Object `json:"object"`
	// Schema is the schema's name in FROM (the database being changed), or in TO for objects
	// in a schema FROM does not have.
	Schema string `json:"schema"`
	// Table is the table (or view) the object belongs to; "" for schema-level objects.
	Table string `json:"table"`
	// Name is the object's name in FROM (in TO for add). For a function it includes the
	// argument list. Unnamed constraints (SQLite) have "".
	Name string `json:"name"`
	// NewName is the name in TO, for renames.
	NewName     string `json:"new_name,omitempty"`
	from, to    any
	Destructive bool `json:"destructive"`
	// Fields lists what differs, for modify, with both values as people read them.
	Fields []FieldChange `json:"fields,omitempty"`
	// OnView marks a change to an index or trigger of a view rather than a table.
	OnView bool `json:"on_view,omitempty"`
}

// FieldChange is one property that differs between the two sides of a modify.
type FieldChange struct {
	Field Field  `json:"field"`
	From  string `json:"from"`
	To    string `json:"to"`
}

// NewChange makes a change of object kind obj with its two sides (nil for the missing one).
// It panics when a side is not of the kind's Go type (see Object): that is a programming error,
// which the typed accessors could not read back.
func NewChange(action Action, obj Object, schemaName, table, name string, from, to any) Change {
	c := Change{Action: action, Object: obj, Schema: schemaName, Table: table, Name: name, from: from, to: to}
	c.mustHoldItsKind()
	return c
}

// Sides returns the two sides untyped, for code that handles every kind alike (renderers).
func (c *Change) Sides() (from, to any) { return c.from, c.to }

// Schemas returns the sides of a schema change.
func (c *Change) Schemas() (from, to *schema.Schema) { return sides[schema.Schema](c, ObjSchema) }

// Extensions returns the sides of an extension change.
func (c *Change) Extensions() (from, to *schema.Extension) {
	return sides[schema.Extension](c, ObjExtension)
}

// Tables returns the sides of a table change.
func (c *Change) Tables() (from, to *schema.Table) { return sides[schema.Table](c, ObjTable) }

// Columns returns the sides of a column change.
func (c *Change) Columns() (from, to *schema.Column) { return sides[schema.Column](c, ObjColumn) }

// PrimaryKeys returns the sides of a primary key change.
func (c *Change) PrimaryKeys() (from, to *schema.PrimaryKey) {
	return sides[schema.PrimaryKey](c, ObjPrimaryKey)
}

// ForeignKeys returns the sides of a foreign key change.
func (c *Change) ForeignKeys() (from, to *schema.ForeignKey) {
	return sides[schema.ForeignKey](c, ObjForeignKey)
}

// Uniques returns the sides of a unique change that are UNIQUE constraints; a side that is a
// plain unique index (see UniqueIndexes) is nil.
func (c *Change) Uniques() (from, to *schema.Unique) { return loose[schema.Unique](c, ObjUnique) }

// UniqueIndexes returns the sides of a unique change that are plain unique indexes, which
// diff compares with unique constraints; a side that is a constraint is nil.
func (c *Change) UniqueIndexes() (from, to *schema.Index) { return loose[schema.Index](c, ObjUnique) }

// Checks returns the sides of a check change.
func (c *Change) Checks() (from, to *schema.Check) { return sides[schema.Check](c, ObjCheck) }

// Indexes returns the sides of an index change.
func (c *Change) Indexes() (from, to *schema.Index) { return sides[schema.Index](c, ObjIndex) }

// Exclusions returns the sides of an exclusion constraint change.
func (c *Change) Exclusions() (from, to *schema.Exclusion) {
	return sides[schema.Exclusion](c, ObjExclusion)
}

// Triggers returns the sides of a trigger change.
func (c *Change) Triggers() (from, to *schema.Trigger) { return sides[schema.Trigger](c, ObjTrigger) }

// Views returns the sides of a view change.
func (c *Change) Views() (from, to *schema.View) { return sides[schema.View](c, ObjView) }

// Collations returns the sides of a collation change.
func (c *Change) Collations() (from, to *schema.Collation) {
	return sides[schema.Collation](c, ObjCollation)
}

// TextSearchConfigs returns the sides of a text search configuration change.
func (c *Change) TextSearchConfigs() (from, to *schema.TextSearchConfig) {
	return sides[schema.TextSearchConfig](c, ObjTextSearch)
}

// Enums returns the sides of an enum change.
func (c *Change) Enums() (from, to *schema.Enum) { return sides[schema.Enum](c, ObjEnum) }

// Domains returns the sides of a domain change.
func (c *Change) Domains() (from, to *schema.Domain) { return sides[schema.Domain](c, ObjDomain) }

// CompositeTypes returns the sides of a composite type change.
func (c *Change) CompositeTypes() (from, to *schema.CompositeType) {
	return sides[schema.CompositeType](c, ObjCompositeType)
}

// Sequences returns the sides of a sequence change.
func (c *Change) Sequences() (from, to *schema.Sequence) {
	return sides[schema.Sequence](c, ObjSequence)
}

// Functions returns the sides of a function change.
func (c *Change) Functions() (from, to *schema.Function) {
	return sides[schema.Function](c, ObjFunction)
}

// Events returns the sides of a scheduled event change.
func (c *Change) Events() (from, to *schema.Event) { return sides[schema.Event](c, ObjEvent) }

// Policies returns the sides of a row-level security policy change.
func (c *Change) Policies() (from, to *schema.Policy) { return sides[schema.Policy](c, ObjPolicy) }

// Rules returns the sides of a rewrite rule change.
func (c *Change) Rules() (from, to *schema.Rule) { return sides[schema.Rule](c, ObjRule) }

// sides returns both sides as *T, for a change of kind obj. Asking a change of another kind is
// a programming error: it panics naming both kinds rather than returning nil.
func sides[T any](c *Change, obj Object) (from, to *T) {
	if c.Object != obj {
		panic(fmt.Sprintf("diff: the %s sides of a %s change", obj, c.Object))
	}
	return sideAs[T](c, c.from), sideAs[T](c, c.to)
}

// loose is sides for a kind whose sides may be of two types: a side of another type is nil.
func loose[T any](c *Change, obj Object) (from, to *T) {
	if c.Object != obj {
		panic(fmt.Sprintf("diff: the %s sides of a %s change", obj, c.Object))
	}
	f, _ := c.from.(*T)
	t, _ := c.to.(*T)
	return f, t
}

func sideAs[T any](c *Change, v any) *T {
	if v == nil {
		return nil
	}
	x, ok := v.(*T)
	if !ok {
		panic(fmt.Sprintf("diff: a %s change holds %T", c.Object, v))
	}
	return x
}

// holdsItsKind reports whether both sides have the Go type the change's Object declares.
func (c *Change) holdsItsKind() bool {
	return sideOfKind(c.Object, c.from) && sideOfKind(c.Object, c.to)
}

func (c *Change) mustHoldItsKind() {
	if !c.holdsItsKind() {
		panic(fmt.Sprintf("diff: a %s change cannot hold %T and %T", c.Object, c.from, c.to))
	}
}

// sideOfKind reports whether v (nil allowed) is of the Go type of object kind obj.
func sideOfKind(obj Object, v any) bool {
	if v == nil {
		return true
	}
	ok := false
	switch obj {
	case ObjSchema:
		_, ok = v.(*schema.Schema)
	case ObjExtension:
		_, ok = v.(*schema.Extension)
	case ObjTable:
		_, ok = v.(*schema.Table)
	case ObjColumn:
		_, ok = v.(*schema.Column)
	case ObjPrimaryKey:
		_, ok = v.(*schema.PrimaryKey)
	case ObjForeignKey:
		_, ok = v.(*schema.ForeignKey)
	case ObjUnique:
		_, ok = v.(*schema.Unique)
		if !ok {
			_, ok = v.(*schema.Index)
		}
	case ObjCheck:
		_, ok = v.(*schema.Check)
	case ObjIndex:
		_, ok = v.(*schema.Index)
	case ObjExclusion:
		_, ok = v.(*schema.Exclusion)
	case ObjTrigger:
		_, ok = v.(*schema.Trigger)
	case ObjView:
		_, ok = v.(*schema.View)
	case ObjCollation:
		_, ok = v.(*schema.Collation)
	case ObjTextSearch:
		_, ok = v.(*schema.TextSearchConfig)
	case ObjEnum:
		_, ok = v.(*schema.Enum)
	case ObjDomain:
		_, ok = v.(*schema.Domain)
	case ObjCompositeType:
		_, ok = v.(*schema.CompositeType)
	case ObjSequence:
		_, ok = v.(*schema.Sequence)
	case ObjFunction:
		_, ok = v.(*schema.Function)
	case ObjPolicy:
		_, ok = v.(*schema.Policy)
	case ObjRule:
		_, ok = v.(*schema.Rule)
	case ObjEvent:
		_, ok = v.(*schema.Event)
	default:
		panic(fmt.Sprintf("diff: object kind %q has no Go type (add it to sideOfKind)", obj))
	}
	return ok
}

// changeJSON is the JSON shape of a Change (docs/diff.md): the sides as "from" and "to".
type changeJSON struct {
	Action      Action        `json:"action"`
	Object      Object        `json:"object"`
	Schema      string        `json:"schema"`
	Table       string        `json:"table"`
	Name        string        `json:"name"`
	NewName     string        `json:"new_name,omitempty"`
	From        any           `json:"from"`
	To          any           `json:"to"`
	Destructive bool          `json:"destructive"`
	Fields      []FieldChange `json:"fields,omitempty"`
	OnView      bool          `json:"on_view,omitempty"`
}

// MarshalJSON writes the change in the shape of docs/diff.md. HTML characters are left as
// they are; an encoder that escapes them (json.Marshal) escapes them in this output too.
func (c Change) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	err := enc.Encode(changeJSON{Action: c.Action, Object: c.Object, Schema: c.Schema, Table: c.Table, Name: c.Name,
		NewName: c.NewName, From: c.from, To: c.to, Destructive: c.Destructive, Fields: c.Fields, OnView: c.OnView})
	return bytes.TrimRight(b.Bytes(), "\n"), err
}

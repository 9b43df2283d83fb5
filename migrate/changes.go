package migrate

import (
	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/schema"
)

// Shorthands for the typed sides of a change (diff.Change's accessors) that the planner reads
// most.

func fromColumn(c *diff.Change) *schema.Column { f, _ := c.Columns(); return f }
func toColumn(c *diff.Change) *schema.Column   { _, t := c.Columns(); return t }

func toForeignKey(c *diff.Change) *schema.ForeignKey { _, t := c.ForeignKeys(); return t }

// indexSides returns the sides of a change that are indexes: those of an index change, or of
// a unique change about a plain unique index (which diff compares with UNIQUE constraints);
// nil for every other change.
func indexSides(c *diff.Change) (from, to *schema.Index) {
	switch c.Object {
	case diff.ObjIndex:
		return c.Indexes()
	case diff.ObjUnique:
		return c.UniqueIndexes()
	}
	return nil, nil
}

func toIndex(c *diff.Change) *schema.Index { _, t := indexSides(c); return t }

// destructiveDrop is the "destructive:" reason of dropping what, when diff marked the drop
// destructive (views, routines, triggers: what the application relies on, which the plan
// cannot give back), "" otherwise.
func destructiveDrop(c *diff.Change, what string) string {
	if c.Action != diff.Drop || !c.Destructive {
		return ""
	}
	return "drops " + what + ", which TO does not have"
}

package output

import (
	"encoding/json"
	"io"
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

// JSON renders for machines. Inspect writes the snapshot format (docs/snapshot-format.md).
// Partitions lists partitions as rows of their own in Tables, as Style.Partitions does.
type JSON struct{ Partitions bool }

// Inspect writes the snapshot.
func (JSON) Inspect(w io.Writer, db *schema.Database) error { return schema.WriteSnapshot(w, db) }

// TableSummary is one row of `tables --format json`.
type TableSummary struct {
	Schema      string   `json:"schema"`
	Name        string   `json:"name"`
	Kind        string   `json:"kind"`
	Columns     int      `json:"columns"`
	PrimaryKey  []string `json:"primary_key"`
	ForeignKeys int      `json:"foreign_keys"`
	Indexes     int      `json:"indexes"`
	// Partitions counts the partitions below a partitioned table (listed with --partitions).
	Partitions int     `json:"partitions,omitempty"`
	Comment    *string `json:"comment"`
}

// Summaries lists every table and view as TableSummary rows; partitions are counted on their
// top parent, or listed too with listPartitions.
func Summaries(db *schema.Database, listPartitions bool) []TableSummary {
	out := []TableSummary{}
	parts := db.PartitionCounts()
	for _, sc := range db.Schemas {
		for _, t := range sc.Tables {
			if t.IsPartition() && !listPartitions {
				continue
			}
			var pk []string
			if t.PrimaryKey != nil {
				pk = t.PrimaryKey.Columns
			}
			out = append(out, TableSummary{Schema: sc.Name, Name: t.Name, Kind: t.Kind(), Columns: len(t.Columns),
				PrimaryKey: pk, ForeignKeys: len(t.ForeignKeys), Indexes: len(t.Indexes),
				Partitions: parts[schema.TableRef{Schema: sc.Name, Name: t.Name}], Comment: t.Comment})
		}
		for _, v := range sc.Views {
			out = append(out, TableSummary{Schema: sc.Name, Name: v.Name, Kind: v.Kind(), Columns: len(v.Columns),
				Indexes: len(v.Indexes), Comment: v.Comment})
		}
	}
	return out
}

// Tables writes the table summaries as a JSON array.
func (j JSON) Tables(w io.Writer, db *schema.Database) error {
	return encodeJSON(w, Summaries(db, j.Partitions))
}

// Described is the shape of `describe --format json`: the table or view object exactly as it
// appears in a snapshot, plus its schema and kind.
type Described struct {
	Schema string        `json:"schema"`
	Kind   string        `json:"kind"`
	Table  *schema.Table `json:"table,omitempty"`
	View   *schema.View  `json:"view,omitempty"`
	// ReferencedBy lists the foreign keys that point at the table.
	ReferencedBy []Reference `json:"referenced_by,omitempty"`
	// Partitions lists a partitioned table's direct partitions and their bounds.
	Partitions []PartitionRef `json:"partitions,omitempty"`
}

// Reference is a foreign key of another table (or of the same one) that points at a table.
type Reference struct {
	Schema     string   `json:"schema"`
	Table      string   `json:"table"`
	Name       string   `json:"name"`
	Columns    []string `json:"columns"`
	RefColumns []string `json:"ref_columns"`
}

// PartitionRef is one partition of a partitioned table.
type PartitionRef struct {
	Schema string `json:"schema"`
	Name   string `json:"name"`
	Bound  string `json:"bound"`
}

// Describe writes one table or view.
func (JSON) Describe(w io.Writer, db *schema.Database, rel schema.Relation) error {
	return encodeJSON(w, describe(db, rel))
}

func describe(db *schema.Database, rel schema.Relation) Described {
	d := Described{Schema: rel.Schema, Table: rel.Table, View: rel.View}
	if rel.Table == nil {
		d.Kind = rel.View.Kind()
		return d
	}
	d.Kind = rel.Table.Kind()
	refs := newBackRefs(db)
	key := relKey{rel.Schema, rel.Table.Name}
	for _, in := range refs.referencedBy[key] {
		d.ReferencedBy = append(d.ReferencedBy, Reference{Schema: in.schema, Table: in.table, Name: in.fk.Name,
			Columns: in.fk.Columns, RefColumns: in.fk.RefColumns})
	}
	for _, p := range refs.partitions[key] {
		d.Partitions = append(d.Partitions, PartitionRef{Schema: p.schema, Name: p.name, Bound: refs.tables[p].Postgres.PartitionBound})
	}
	return d
}

func encodeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// marshalJSON is encodeJSON into a byte slice.
func marshalJSON(v any) ([]byte, error) {
	var b strings.Builder
	if err := encodeJSON(&b, v); err != nil {
		return nil, err
	}
	return []byte(b.String()), nil
}

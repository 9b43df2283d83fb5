package output

import (
	"encoding/json"
	"io"
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

// JSON renders for machines. Inspect writes the snapshot format (docs/snapshot-format.md).
type JSON struct{}

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
	Comment     *string  `json:"comment"`
}

// Summaries lists every table and view as TableSummary rows.
func Summaries(db *schema.Database) []TableSummary {
	out := []TableSummary{}
	for _, sc := range db.Schemas {
		for _, t := range sc.Tables {
			var pk []string
			if t.PrimaryKey != nil {
				pk = t.PrimaryKey.Columns
			}
			out = append(out, TableSummary{Schema: sc.Name, Name: t.Name, Kind: t.Kind(), Columns: len(t.Columns),
				PrimaryKey: pk, ForeignKeys: len(t.ForeignKeys), Indexes: len(t.Indexes), Comment: t.Comment})
		}
		for _, v := range sc.Views {
			out = append(out, TableSummary{Schema: sc.Name, Name: v.Name, Kind: v.Kind(), Columns: len(v.Columns),
				Indexes: len(v.Indexes), Comment: v.Comment})
		}
	}
	return out
}

// Tables writes the table summaries as a JSON array.
func (JSON) Tables(w io.Writer, db *schema.Database) error { return encodeJSON(w, Summaries(db)) }

// Described is the shape of `describe --format json`: the table or view object exactly as it
// appears in a snapshot, plus its schema and kind.
type Described struct {
	Schema string        `json:"schema"`
	Kind   string        `json:"kind"`
	Table  *schema.Table `json:"table,omitempty"`
	View   *schema.View  `json:"view,omitempty"`
}

// Describe writes one table or view.
func (JSON) Describe(w io.Writer, db *schema.Database, rel schema.Relation) error {
	return encodeJSON(w, describe(rel))
}

func describe(rel schema.Relation) Described {
	d := Described{Schema: rel.Schema, Table: rel.Table, View: rel.View}
	if rel.Table != nil {
		d.Kind = rel.Table.Kind()
	} else {
		d.Kind = rel.View.Kind()
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

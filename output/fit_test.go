package output

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"

	"github.com/dbinspect/dbinspect/schema"
)

// partitioned is a PostgreSQL model with a partitioned table, two partitions (one of them
// partitioned again) and tables whose foreign keys point at it, for the listings that
// collapse partitions and the "Referenced by" and "Partitions" sections.
func partitioned() *schema.Database {
	part := func(name, parent, bound string) schema.Table {
		return schema.Table{Name: name, Columns: []schema.Column{{Name: "id", Type: "bigint"}, {Name: "at", Type: "date"}},
			Postgres: &schema.PostgresTable{PartitionOf: &schema.TableRef{Schema: "public", Name: parent}, PartitionBound: bound}}
	}
	y2025 := part("measurement_y2025", "measurement", "FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')")
	y2025.Postgres.PartitionKey = "RANGE (at)"
	db := &schema.Database{Dialect: schema.Postgres, ServerVersion: "15.20", Schemas: []schema.Schema{{Name: "public", Tables: []schema.Table{
		{Name: "measurement", Comment: schema.Ptr("readings of every sensor, one row per reading, partitioned by year"),
			Columns:    []schema.Column{{Name: "id", Type: "bigint"}, {Name: "at", Type: "date"}},
			PrimaryKey: &schema.PrimaryKey{Name: schema.Ptr("measurement_pkey"), Columns: []string{"id", "at"}},
			Postgres:   &schema.PostgresTable{PartitionKey: "RANGE (at)"}},
		part("measurement_y2024", "measurement", "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')"),
		y2025,
		part("measurement_y2025h1", "measurement_y2025", "FOR VALUES FROM ('2025-01-01') TO ('2025-07-01')"),
		{Name: "alert", Columns: []schema.Column{{Name: "id", Type: "bigint"}, {Name: "m_id", Type: "bigint"}, {Name: "m_at", Type: "date"}},
			ForeignKeys: []schema.ForeignKey{{Name: "alert_measurement_fk", Columns: []string{"m_id", "m_at"}, RefSchema: "public",
				RefTable: "measurement", RefColumns: []string{"id", "at"}, OnDelete: "CASCADE"}}},
	}}}}
	db.Normalize()
	return db
}

func TestPartitionsAndReferences(t *testing.T) {
	db := partitioned()
	rel, err := db.FindRelation("measurement")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		st   Style
		draw func(Renderer, *bytes.Buffer) error
	}{
		{"tables.text", Style{}, func(r Renderer, b *bytes.Buffer) error { return r.Tables(b, db) }},
		{"tables-partitions.text", Style{Partitions: true}, func(r Renderer, b *bytes.Buffer) error { return r.Tables(b, db) }},
		{"tables-width60.text", Style{Width: 60}, func(r Renderer, b *bytes.Buffer) error { return r.Tables(b, db) }},
		{"describe.text", Style{}, func(r Renderer, b *bytes.Buffer) error { return r.Describe(b, db, rel) }},
		{"describe.markdown", Style{}, func(r Renderer, b *bytes.Buffer) error { return Markdown{}.Describe(b, db, rel) }},
		{"describe.json", Style{}, func(r Renderer, b *bytes.Buffer) error { return JSON{}.Describe(b, db, rel) }},
		{"tables.json", Style{}, func(r Renderer, b *bytes.Buffer) error { return JSON{}.Tables(b, db) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := c.draw(Text{Style: c.st}, &b); err != nil {
				t.Fatal(err)
			}
			golden(t, filepath.Join("partitions", c.name), b.Bytes())
			if c.st.Width > 0 {
				for _, line := range strings.Split(strings.TrimRight(b.String(), "\n"), "\n") {
					if w := runewidth.StringWidth(line); w > c.st.Width {
						t.Errorf("line of width %d > %d: %q", w, c.st.Width, line)
					}
				}
			}
		})
	}
	var b bytes.Buffer
	(Text{}).Tables(&b, db)
	if out := b.String(); strings.Contains(out, "measurement_y2024") || !strings.Contains(out, "│ 3     │") {
		t.Errorf("tables does not collapse the 3 partitions onto their parent:\n%s", out)
	}
}

func TestGridsFitAndHideEmptyColumns(t *testing.T) {
	s := section{Header: []string{"name", "type", "comment", "empty"}, Rows: [][]string{
		{"a_rather_long_column_name", "character varying(255)", "what the column holds, said at some length so that it must wrap", ""},
		{"b", "int", "", ""},
	}}
	out := s.withoutEmptyColumns()
	if strings.Join(out.Header, ",") != "name,type,comment" {
		t.Errorf("the empty column stays: %v", out.Header)
	}
	for _, width := range []int{40, 60, 80} {
		var b bytes.Buffer
		if err := (Text{Style: Style{Width: width}}).grid(&b, s); err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(strings.TrimRight(b.String(), "\n"), "\n") {
			if w := runewidth.StringWidth(line); w > width {
				t.Errorf("width %d: line of %d: %q", width, w, line)
			}
		}
		if width >= 80 && !strings.Contains(b.String(), "a_rather_long_column_name") {
			t.Errorf("width %d: the name is cut:\n%s", width, b.String())
		}
	}
}

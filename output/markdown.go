package output

import (
	"fmt"
	"io"
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

// Markdown renders for pull requests and wikis: headings and pipe tables.
type Markdown struct{ Style Style }

// Tables writes one row per table and view.
func (m Markdown) Tables(w io.Writer, db *schema.Database) error {
	return mdGrid(w, tablesSection(db, m.Style.Partitions))
}

// Describe writes one table or view in full.
func (m Markdown) Describe(w io.Writer, db *schema.Database, rel schema.Relation) error {
	return m.describe(w, rel, "##", newBackRefs(db))
}

func (Markdown) describe(w io.Writer, rel schema.Relation, level string, refs *backRefs) error {
	kind, comment := "", ""
	if rel.Table != nil {
		kind, comment = rel.Table.Kind(), deref(rel.Table.Comment)
	} else {
		kind, comment = rel.View.Kind(), deref(rel.View.Comment)
	}
	fmt.Fprintf(w, "%s %s `%s`\n\n", level, mdText(kind), mdCode(rel.Schema+"."+rel.Name()))
	if comment != "" {
		fmt.Fprintf(w, "%s\n\n", mdText(comment))
	}
	for _, s := range describeSections(rel, refs) {
		if s.Title == "Definition" {
			fmt.Fprintf(w, "**Definition**\n\n```sql\n%s\n```\n\n", strings.ReplaceAll(s.Rows[0][0], "```", "` ` `"))
			continue
		}
		fmt.Fprintf(w, "**%s**\n\n", s.Title)
		if err := mdGrid(w, s); err != nil {
			return err
		}
	}
	return nil
}

// Inspect writes the whole model as one document.
func (m Markdown) Inspect(w io.Writer, db *schema.Database) error {
	fmt.Fprintf(w, "# Database schema (%s %s)\n\n", db.Dialect, mdText(db.ServerVersion))
	for _, n := range db.Notes {
		fmt.Fprintf(w, "> Note: %s\n\n", mdText(n))
	}
	if err := mdGrid(w, tablesSection(db, true)); err != nil {
		return err
	}
	refs := newBackRefs(db)
	for i := range db.Schemas {
		sc := &db.Schemas[i]
		for j := range sc.Tables {
			if err := m.describe(w, schema.Relation{Schema: sc.Name, Table: &sc.Tables[j]}, "##", refs); err != nil {
				return err
			}
		}
		for j := range sc.Views {
			if err := m.describe(w, schema.Relation{Schema: sc.Name, View: &sc.Views[j]}, "##", refs); err != nil {
				return err
			}
		}
		for _, s := range typeSections(sc) {
			fmt.Fprintf(w, "## %s in `%s`\n\n", s.Title, mdCode(sc.Name))
			if err := mdGrid(w, s); err != nil {
				return err
			}
		}
	}
	return nil
}

// mdGrid writes a pipe table, without the columns that are empty in every row.
func mdGrid(w io.Writer, s section) error {
	s = s.withoutEmptyColumns()
	row := func(cells []string) string {
		out := make([]string, len(cells))
		for i, c := range cells {
			out[i] = mdCell(c)
		}
		return "| " + strings.Join(out, " | ") + " |\n"
	}
	var b strings.Builder
	b.WriteString(row(s.Header))
	b.WriteString("|" + strings.Repeat(" --- |", len(s.Header)) + "\n")
	for _, r := range s.Rows {
		b.WriteString(row(r))
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// mdCell escapes a cell so pipes and newlines cannot break the table.
func mdCell(s string) string {
	s = strings.ReplaceAll(s, "\\", "\\\\")
	s = strings.ReplaceAll(s, "|", "\\|")
	s = strings.ReplaceAll(s, "\r", "")
	return strings.ReplaceAll(s, "\n", "<br>")
}

// mdText escapes text outside tables.
func mdText(s string) string {
	return strings.ReplaceAll(mdCell(s), "*", "\\*")
}

// mdCode makes text safe inside single backticks.
func mdCode(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(Show(s), "`", "'"), "\n", " ")
}

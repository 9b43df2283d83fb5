package output

import (
	"fmt"
	"io"

	"github.com/fatih/color"
	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/dbinspect/dbinspect/schema"
)

// Text renders for people: titled grids drawn with tablewriter, colour on a terminal.
type Text struct{ Style Style }

// Tables writes one row per table and view.
func (r Text) Tables(w io.Writer, db *schema.Database) error {
	s := tablesSection(db, r.Style.Partitions)
	if len(s.Rows) == 0 {
		_, err := fmt.Fprintln(w, "no tables or views")
		return err
	}
	return r.grid(w, s)
}

// Describe writes one table or view in full.
func (r Text) Describe(w io.Writer, db *schema.Database, rel schema.Relation) error {
	return r.describe(w, rel, newBackRefs(db))
}

func (r Text) describe(w io.Writer, rel schema.Relation, refs *backRefs) error {
	kind, comment := "", ""
	if rel.Table != nil {
		kind, comment = rel.Table.Kind(), deref(rel.Table.Comment)
	} else {
		kind, comment = rel.View.Kind(), deref(rel.View.Comment)
	}
	title := fmt.Sprintf("%s %s", kind, qualified(rel.Schema, rel.Name()))
	if comment != "" {
		title += " — " + Show(comment)
	}
	if r.Style.Width > 0 {
		title = wrapCell(title, r.Style.Width)
	}
	if _, err := fmt.Fprintln(w, r.bold(title)); err != nil {
		return err
	}
	return r.sections(w, describeSections(rel, refs))
}

// Inspect writes the whole model: every schema's tables, views, types and routines.
func (r Text) Inspect(w io.Writer, db *schema.Database) error {
	fmt.Fprintf(w, "%s %s\n", r.bold(string(db.Dialect)), db.ServerVersion)
	for _, n := range db.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	for _, e := range db.Extensions {
		fmt.Fprintf(w, "extension %s %s (schema %s)\n", Show(e.Name), e.Version, Show(e.Schema))
	}
	refs := newBackRefs(db)
	for i := range db.Schemas {
		sc := &db.Schemas[i]
		fmt.Fprintf(w, "\n%s\n", r.bold("schema "+Show(sc.Name)))
		for j := range sc.Tables {
			fmt.Fprintln(w)
			if err := r.describe(w, schema.Relation{Schema: sc.Name, Table: &sc.Tables[j]}, refs); err != nil {
				return err
			}
		}
		for j := range sc.Views {
			fmt.Fprintln(w)
			if err := r.describe(w, schema.Relation{Schema: sc.Name, View: &sc.Views[j]}, refs); err != nil {
				return err
			}
		}
		if err := r.sections(w, typeSections(sc)); err != nil {
			return err
		}
	}
	return nil
}

func (r Text) sections(w io.Writer, ss []section) error {
	for _, s := range ss {
		if s.Title != "" {
			if _, err := fmt.Fprintln(w, r.faint(s.Title)); err != nil {
				return err
			}
		}
		if err := r.grid(w, s); err != nil {
			return err
		}
	}
	return nil
}

// grid draws one section with tablewriter. Cells are shown as they are: no trimming, no
// upper-casing of headers, so names with spaces print exactly. Columns empty in every row are
// left out, and with Style.Width long cells wrap so every line fits.
func (r Text) grid(w io.Writer, s section) error {
	s = s.withoutEmptyColumns().fitWidth(r.Style.Width)
	t := tablewriter.NewTable(w,
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithTrimSpace(tw.Off),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
	)
	t.Header(toAny(s.Header)...)
	for _, row := range s.Rows {
		if err := t.Append(row); err != nil {
			return err
		}
	}
	return t.Render()
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func (r Text) paint(attr color.Attribute, s string) string {
	c := color.New(attr)
	if r.Style.Color {
		c.EnableColor()
	} else {
		c.DisableColor()
	}
	return c.Sprint(s)
}

func (r Text) bold(s string) string  { return r.paint(color.Bold, s) }
func (r Text) faint(s string) string { return r.paint(color.FgCyan, s) }

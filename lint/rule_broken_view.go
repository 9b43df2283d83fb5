package lint

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

// brokenView finds views the engine cannot compile any more: SQLite creates a view over
// tables and columns that do not exist, and MySQL lets them be dropped from under a view. The
// inspection then reads no columns for the view; its notes say why.
type brokenView struct{}

func (brokenView) Info() Info {
	return Info{
		ID:       "broken-view",
		Title:    "view over objects that do not exist",
		Severity: Error,
		Why:      "every query of the view fails (no such table, no such column), yet the engine kept it: a dropped or renamed table or column broke it",
		Fix:      "recreate the view over the objects as they are now, or drop it",
		Dialects: []schema.Dialect{schema.SQLite, schema.MySQL},
	}
}

func (brokenView) Check(c *Check) {
	c.Views(func(s *schema.Schema, v *schema.View) {
		if len(v.Columns) > 0 {
			return
		}
		msg := "view has no columns the engine can read: it refers to a table or column that does not exist"
		if why := viewNote(c.DB().Notes, v.Name); why != "" {
			msg = "view cannot be read: " + why
		}
		c.Report(viewFinding(s, v.Name, msg))
	})
}

// viewNote returns the reason an inspection note gives for not reading a view's columns:
// the notes of the SQLite and MySQL inspectors say `columns of "v" not read: <reason>`.
func viewNote(notes []string, view string) string {
	prefix := fmt.Sprintf("columns of %s not read: ", strconv.Quote(view))
	for _, n := range notes {
		if strings.HasPrefix(n, prefix) {
			return q(strings.TrimPrefix(n, prefix))
		}
	}
	return ""
}

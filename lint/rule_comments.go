package lint

import (
	"fmt"

	"github.com/dbinspect/dbinspect/schema"
)

// tableComment finds tables and views without a comment.
type tableComment struct{}

func (tableComment) Info() Info {
	return Info{
		ID:       "table-comment",
		Title:    "table or view without a comment",
		Severity: Notice,
		OptIn:    true,
		Why:      "a comment in the database is the one description every tool shows (dbinspect doc, ORMs' model generators, SQL clients) and it travels with the schema",
		Fix:      "COMMENT ON TABLE … IS '…' (MySQL: ALTER TABLE … COMMENT='…'); SQLite keeps no comments, so give them in dbinspect.yaml's doc.comments",
		SeeAlso:  "tbls requireTableComment; SchemaCrawler LinterTableWithNoRemarks",
	}
}

func (tableComment) Check(c *Check) {
	c.Tables(func(s *schema.Schema, t *schema.Table) {
		if _, ok := c.Comment(s, t.Name, "", t.Comment); !ok {
			c.Report(tableFinding(s, t.Name, "table has no comment"))
		}
	})
	c.Views(func(s *schema.Schema, v *schema.View) {
		if _, ok := c.Comment(s, v.Name, "", v.Comment); !ok {
			c.Report(viewFinding(s, v.Name, fmt.Sprintf("%s has no comment", v.Kind())))
		}
	})
}

// columnComment finds table columns without a comment.
type columnComment struct{}

func (columnComment) Info() Info {
	return Info{
		ID:       "column-comment",
		Title:    "column without a comment",
		Severity: Notice,
		OptIn:    true,
		Why:      "what a column holds (units, time zone, which values mean what) belongs next to it, where every tool can show it",
		Fix:      "COMMENT ON COLUMN … IS '…' (MySQL: MODIFY … COMMENT '…'); on SQLite, doc.comments in dbinspect.yaml",
		SeeAlso:  "tbls requireColumnComment; SchemaCrawler LinterTableWithNoRemarks",
	}
}

func (columnComment) Check(c *Check) {
	c.Tables(func(s *schema.Schema, t *schema.Table) {
		for _, col := range t.Columns {
			if _, ok := c.Comment(s, t.Name, col.Name, col.Comment); !ok {
				c.Report(columnFinding(s, t.Name, col.Name, fmt.Sprintf("%s has no comment", q(col.Name))))
			}
		}
	})
}

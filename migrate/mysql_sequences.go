package migrate

import (
	"strings"

	"github.com/dbinspect/dbinspect/ddl"
	"github.com/dbinspect/dbinspect/diff"
)

// mySequence plans a MariaDB sequence: created before the tables (whose defaults may call
// NEXTVAL of it), dropped after them, changed in place so that it keeps its next value:
// ALTER SEQUENCE for the settings and the type (MariaDB 11.5+), ALTER TABLE for the engine
// and comment, which a sequence has as a table.
func (p *planner) mySequence(c *diff.Change) {
	qn := p.q(c.Name)
	switch c.Action {
	case diff.Add:
		_, s := c.Sequences()
		p.add(phTypes, c.Schema+"."+c.Name, ddl.CreateSequence(p.d, c.Schema, *s))
	case diff.Drop:
		p.add(phDropLate, c.Schema+"."+c.Name, "DROP SEQUENCE "+qn)
	case diff.Modify:
		_, s := c.Sequences()
		var options []string
		for _, f := range c.Fields {
			switch f.Field {
			case diff.FieldType:
				p.add(phTypes, c.Schema+"."+c.Name, "ALTER SEQUENCE "+qn+" AS "+s.Type)
			case diff.FieldOptions:
				p.add(phTypes, c.Schema+"."+c.Name, "ALTER SEQUENCE "+qn+" "+ddl.MySQLSequenceOptions(s.SequenceOptions))
			case diff.FieldEngine:
				engine := "DEFAULT"
				if s.MySQL != nil && s.MySQL.Engine != "" {
					engine = s.MySQL.Engine
				}
				options = append(options, "ENGINE = "+engine)
			case diff.FieldComment:
				comment := ""
				if s.Comment != nil {
					comment = *s.Comment
				}
				options = append(options, "COMMENT = "+p.str(comment))
			}
		}
		if len(options) > 0 {
			p.add(phTypes, c.Schema+"."+c.Name, "ALTER TABLE "+qn+" "+strings.Join(options, ", "))
		}
	}
}

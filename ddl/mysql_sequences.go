package ddl

import (
	"fmt"
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

// createMySQLSequence writes a MariaDB CREATE SEQUENCE with every setting, so the sequence
// read back is the one modelled: AS only for another type than bigint (MariaDB 11.5+ has
// it; earlier servers know bigint only), then the table options a sequence takes.
func createMySQLSequence(s schema.Sequence) string {
	var b strings.Builder
	b.WriteString("CREATE SEQUENCE " + QuoteIdent(schema.MySQL, s.Name))
	if s.Type != "" && s.Type != "bigint" {
		b.WriteString(" AS " + s.Type)
	}
	b.WriteString(" " + MySQLSequenceOptions(s.SequenceOptions))
	if s.MySQL != nil && s.MySQL.Engine != "" {
		b.WriteString(" ENGINE=" + s.MySQL.Engine)
	}
	if s.Comment != nil {
		b.WriteString(" COMMENT=" + QuoteString(schema.MySQL, *s.Comment))
	}
	return b.String()
}

// MySQLSequenceOptions writes MariaDB's INCREMENT BY/MINVALUE/MAXVALUE/START WITH/CACHE/CYCLE
// clauses, as CREATE and ALTER SEQUENCE take them: every one, since MariaDB's defaults are not
// PostgreSQL's (CACHE 1000); a cache of 0 is NOCACHE, and MariaDB spells NOCYCLE as one word.
func MySQLSequenceOptions(o schema.SequenceOptions) string {
	s := fmt.Sprintf("INCREMENT BY %d MINVALUE %d MAXVALUE %d START WITH %d", o.Increment, o.Min, o.Max, o.Start)
	if o.Cache > 0 {
		s += fmt.Sprintf(" CACHE %d", o.Cache)
	} else {
		s += " NOCACHE"
	}
	if o.Cycle {
		return s + " CYCLE"
	}
	return s + " NOCYCLE"
}

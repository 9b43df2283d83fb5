package lint

import (
	"fmt"
	"strings"

	"github.com/dbinspect/dbinspect/ddl"
	"github.com/dbinspect/dbinspect/schema"
)

// unownedSequence finds PostgreSQL sequences that no column owns (OWNED BY).
type unownedSequence struct{}

func (unownedSequence) Info() Info {
	return Info{
		ID:       "unowned-sequence",
		Title:    "sequence no column owns",
		Severity: Warning,
		Why:      "a sequence no column owns outlives the table it numbers, and pg_get_serial_sequence (which ORMs and dump tools use to reset a table's counter) cannot find it",
		Fix:      "ALTER SEQUENCE … OWNED BY table.column for the column whose default uses it, or drop it if nothing does",
		Dialects: []schema.Dialect{schema.Postgres},
	}
}

func (unownedSequence) Check(c *Check) {
	users := sequenceUsers(c.DB())
	for i := range c.DB().Schemas {
		s := &c.DB().Schemas[i]
		for _, seq := range s.Sequences {
			if seq.OwnedBy != nil {
				continue
			}
			key := s.Name + "." + seq.Name
			f := schemaFinding(s, KindSequence, seq.Name, "")
			switch cols := users[key]; len(cols) {
			case 0:
				f.Message = fmt.Sprintf("sequence %s is owned by no column and no column default uses it", q(seq.Name))
				f.Fix = "DROP SEQUENCE " + ddl.Qualify(schema.Postgres, s.Name, seq.Name) + ";"
			case 1:
				f.Message = fmt.Sprintf("sequence %s numbers %s but is owned by no column", q(seq.Name), cols[0].label(s))
				f.Fix = "ALTER SEQUENCE " + ddl.Qualify(schema.Postgres, s.Name, seq.Name) + " OWNED BY " +
					ddl.Qualify(schema.Postgres, cols[0].Schema, cols[0].Table) + "." + ddl.QuoteIdent(schema.Postgres, cols[0].Column) + ";"
			default:
				f.Message = fmt.Sprintf("sequence %s is shared by %d column defaults and owned by none", q(seq.Name), len(cols))
			}
			c.Report(f)
		}
	}
}

type columnRef schema.ColumnRef

// label names the column for a message about a sequence of schema s.
func (r columnRef) label(s *schema.Schema) string {
	if r.Schema == s.Name {
		return q(r.Table) + "." + q(r.Column)
	}
	return qualified(r.Schema, r.Table) + "." + q(r.Column)
}

// sequenceUsers maps "schema.sequence" to the columns whose default is nextval of it.
func sequenceUsers(db *schema.Database) map[string][]columnRef {
	users := map[string][]columnRef{}
	for _, s := range db.Schemas {
		for _, t := range s.Tables {
			for _, col := range t.Columns {
				if col.Default == nil {
					continue
				}
				if seqSchema, seqName, ok := nextvalTarget(s.Name, *col.Default); ok {
					key := seqSchema + "." + seqName
					users[key] = append(users[key], columnRef{Schema: s.Name, Table: t.Name, Column: col.Name})
				}
			}
		}
	}
	return users
}

// nextvalTarget reads the sequence of a default such as nextval('seq'::regclass) or
// nextval('app."Seq"'::regclass). An unqualified name is resolved in the column's schema,
// as the search path usually does.
func nextvalTarget(schemaName, def string) (string, string, bool) {
	i := strings.Index(def, "nextval('")
	if i < 0 {
		return "", "", false
	}
	rest := def[i+len("nextval('"):]
	end := strings.Index(rest, "'")
	if end < 0 {
		return "", "", false
	}
	parts := splitQualified(strings.ReplaceAll(rest[:end], "''", "'"))
	switch len(parts) {
	case 1:
		return schemaName, parts[0], true
	case 2:
		return parts[0], parts[1], true
	}
	return "", "", false
}

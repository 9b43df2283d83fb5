package inspector

import (
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

// indexDefinition writes a plain index's CREATE INDEX as pg_get_indexdef does (see
// indexDefColumn for which indexes are plain), from the parts setIndexParts decoded:
//
//	CREATE [UNIQUE ]INDEX name ON schema.table USING method (col[ COLLATE c][ DESC][ NULLS …], …)[ INCLUDE (…)][ NULLS NOT DISTINCT]
//
// A plain index has no operator class to print (each is its column type's default), no
// expression, WHERE or WITH.
func (r *pgReader) indexDefinition(x *schema.Index, rel *pgRel, v indexVectors) string {
	var b strings.Builder
	b.WriteString("CREATE ")
	if x.Unique {
		b.WriteString("UNIQUE ")
	}
	b.WriteString("INDEX ")
	b.WriteString(r.quoteIdent(x.Name))
	b.WriteString(" ON ")
	if s := r.schemas[rel.nsp]; s != nil {
		b.WriteString(s.quoted)
	}
	b.WriteByte('.')
	if rel.table != nil {
		b.WriteString(r.quoteIdent(rel.table.Name))
	} else {
		b.WriteString(r.quoteIdent(rel.view.Name))
	}
	b.WriteString(" USING ")
	b.WriteString(r.quoteIdent(x.Method))
	b.WriteString(" (")
	var collations []uint32
	for i, p := range x.Parts {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(r.quoteIdent(p.Column))
		if p.Collation != "" {
			// The index's collation differs from the column's: generate_collation_name spells
			// it, bare and quoted for pg_catalog's, qualified for the others (the lookup name).
			if collations == nil {
				collations, _ = parseOIDs(v.collations)
			}
			b.WriteString(" COLLATE ")
			if i < len(collations) && r.catalogCollations[collations[i]] {
				b.WriteString(r.quoteIdent(p.Collation))
			} else {
				b.WriteString(p.Collation)
			}
		}
		if p.Desc {
			b.WriteString(" DESC")
		}
		if p.Nulls != "" {
			b.WriteString(" NULLS ")
			b.WriteString(p.Nulls)
		}
	}
	for i, c := range x.Include {
		if i == 0 {
			b.WriteString(") INCLUDE (")
		} else {
			b.WriteString(", ")
		}
		b.WriteString(r.quoteIdent(c))
	}
	b.WriteByte(')')
	if x.NullsNotDistinct {
		b.WriteString(" NULLS NOT DISTINCT")
	}
	return b.String()
}

// quoteIdent quotes a name as the server's quote_ident does: bare when it is lower case
// letters, digits and underscores, starting with a letter or underscore, and no keyword
// other than an unreserved one (the server's own list, read by lookupsQuery); quoted
// always under quote_all_identifiers.
func (r *pgReader) quoteIdent(name string) string {
	safe := name != "" && (name[0] >= 'a' && name[0] <= 'z' || name[0] == '_') && !r.quoteAll
	quotes := false
	for i := 0; i < len(name) && (safe || !quotes); i++ {
		c := name[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '_':
		case c == '"':
			safe, quotes = false, true
		default:
			safe = false
		}
	}
	if safe && !r.keywords[name] {
		return name
	}
	if quotes {
		name = strings.ReplaceAll(name, `"`, `""`)
	}
	return `"` + name + `"`
}

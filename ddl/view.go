package ddl

import (
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

type viewInSchema struct {
	schema string
	view   *schema.View
}

// views creates views in dependency order. The model does not record which view reads
// which, so a view whose text names another view is put after it; on a cycle (which only a
// name inside a string literal can cause) the rest follow in name order.
func (g *generator) views() {
	var pending []viewInSchema
	for i := range g.db.Schemas {
		sc := &g.db.Schemas[i]
		for j := range sc.Views {
			pending = append(pending, viewInSchema{sc.Name, &sc.Views[j]})
		}
	}
	for len(pending) > 0 {
		next := slices.IndexFunc(pending, func(v viewInSchema) bool { return !g.readsPending(v, pending) })
		if next < 0 {
			next = 0
		}
		v := pending[next]
		pending = slices.Delete(pending, next, next+1)
		g.createView(v.schema, v.view)
		g.indexes(v.schema, v.view.Name, v.view.Indexes)
	}
	for i := range g.db.Schemas {
		sc := &g.db.Schemas[i]
		for _, v := range sc.Views {
			g.triggers(sc.Name, v.Name, v.Triggers)
		}
	}
}

func (g *generator) readsPending(v viewInSchema, pending []viewInSchema) bool {
	for _, other := range pending {
		if other.view != v.view && mentions(v.view.Definition, other.view.Name) {
			return true
		}
	}
	return false
}

// mentions says whether SQL text names an object, as a whole word or a quoted identifier.
func mentions(text, name string) bool {
	re, err := regexp.Compile(`(?i)(^|[^A-Za-z0-9_$])` + regexp.QuoteMeta(name) + `($|[^A-Za-z0-9_$])`)
	return err == nil && re.MatchString(text)
}

func (g *generator) createView(schemaName string, v *schema.View) {
	def := trimStatement(v.Definition)
	name := schemaName + "." + v.Name
	if startsWithWord(def, "CREATE") {
		g.add(KindView, name, def) // SQLite keeps the whole statement
		return
	}
	if g.dialect().OmitSchema(schemaName) {
		// information_schema qualifies every table with the source database's name (MySQL);
		// without it the view reads the tables of whatever database the script runs in.
		def = strings.ReplaceAll(def, QuoteIdent(g.d, schemaName)+".", "")
	}
	afterCreate, afterName, atEnd := g.dialect().ViewClauses(v)
	var b strings.Builder
	b.WriteString("CREATE " + afterCreate)
	if v.Materialized {
		b.WriteString("MATERIALIZED ")
	}
	b.WriteString("VIEW " + g.qq(schemaName, v.Name) + afterName)
	b.WriteString(" AS\n" + def)
	if v.CheckOption != "" {
		b.WriteString(" WITH " + v.CheckOption + " CHECK OPTION")
	}
	g.add(KindView, name, b.String()+atEnd)
}

// noViewClauses: CREATE VIEW name AS query, nothing more (SQLite keeps its whole statement).
func noViewClauses(*schema.View) (string, string, string) { return "", "", "" }

func (g *generator) triggers(schemaName, table string, triggers []schema.Trigger) {
	for _, tr := range triggers {
		if tr.Inherited {
			continue // a partition's clone of its parent's row trigger
		}
		name := schemaName + "." + tr.Name
		def := trimStatement(tr.Definition)
		if !startsWithWord(def, "CREATE") {
			// MySQL reports the body only.
			def = fmt.Sprintf("CREATE TRIGGER %s %s %s ON %s FOR EACH %s\n%s", g.q(tr.Name), tr.Timing,
				schema.JoinEvents(tr.Events, " OR "), g.qq(schemaName, table), tr.Level, def)
		}
		g.add(KindTrigger, name, def)
		if tr.Disabled && g.dialect().DisabledTriggers {
			g.add(KindTrigger, name, "ALTER TABLE "+g.qq(schemaName, table)+" DISABLE TRIGGER "+g.q(tr.Name))
		}
	}
}

// mysqlComments: MySQL keeps comments inline, except a stored routine's: the inspector's
// CREATE text leaves the COMMENT characteristic out (it is Function.Comment), so ALTER …
// COMMENT sets it.
func mysqlComments(g *generator) {
	for _, sc := range g.db.Schemas {
		for _, f := range sc.Functions {
			if f.Comment != nil && (f.Kind == "function" || f.Kind == "procedure") {
				g.add(KindComment, sc.Name+"."+f.Name, "ALTER "+strings.ToUpper(f.Kind)+" "+g.q(f.Name)+
					" COMMENT "+QuoteString(g.d, *f.Comment))
			}
		}
	}
}

// noStatements: a dialect with nothing to write at that point.
func noStatements(*generator) {}

// pgComments writes PostgreSQL's COMMENT ON statements.
func pgComments(g *generator) {
	comment := func(what, name string, text *string) {
		if text != nil {
			g.add(KindComment, name, "COMMENT ON "+what+" IS "+QuoteString(g.d, *text))
		}
	}
	for _, sc := range g.db.Schemas {
		comment("SCHEMA "+g.q(sc.Name), sc.Name, sc.Comment)
		for _, c := range sc.Collations {
			comment("COLLATION "+g.qq(sc.Name, c.Name), c.Name, c.Comment)
		}
		for _, c := range sc.TextSearchConfigs {
			comment("TEXT SEARCH CONFIGURATION "+g.qq(sc.Name, c.Name), c.Name, c.Comment)
		}
		for _, e := range sc.Enums {
			comment("TYPE "+g.qq(sc.Name, e.Name), e.Name, e.Comment)
		}
		for _, d := range sc.Domains {
			comment("DOMAIN "+g.qq(sc.Name, d.Name), d.Name, d.Comment)
		}
		for _, c := range sc.CompositeTypes {
			comment("TYPE "+g.qq(sc.Name, c.Name), c.Name, c.Comment)
		}
		for _, s := range sc.Sequences {
			comment("SEQUENCE "+g.qq(sc.Name, s.Name), s.Name, s.Comment)
		}
		for _, t := range sc.Tables {
			tn := g.qq(sc.Name, t.Name)
			comment("TABLE "+tn, t.Name, t.Comment)
			for _, c := range t.Columns {
				comment("COLUMN "+tn+"."+g.q(c.Name), t.Name+"."+c.Name, c.Comment)
			}
			for _, x := range t.Indexes {
				comment("INDEX "+g.qq(sc.Name, x.Name), x.Name, x.Comment)
			}
			for _, tr := range t.Triggers {
				comment("TRIGGER "+g.q(tr.Name)+" ON "+tn, tr.Name, tr.Comment)
			}
		}
		for _, v := range sc.Views {
			kind := "VIEW "
			if v.Materialized {
				kind = "MATERIALIZED VIEW "
			}
			comment(kind+g.qq(sc.Name, v.Name), v.Name, v.Comment)
			for _, c := range v.Columns {
				comment("COLUMN "+g.qq(sc.Name, v.Name)+"."+g.q(c.Name), v.Name+"."+c.Name, c.Comment)
			}
		}
		for _, f := range sc.Functions {
			// COMMENT ON FUNCTION wants argument types only; a signature with defaults is not that.
			if f.Comment != nil && !strings.Contains(strings.ToUpper(f.Arguments), "DEFAULT") {
				kind := "FUNCTION "
				if f.Kind == "procedure" {
					kind = "PROCEDURE "
				}
				comment(kind+g.qq(sc.Name, f.Name)+"("+f.Arguments+")", f.Name, f.Comment)
			}
		}
	}
}

// Write writes db as an SQL script for the dialect's own client (psql, mariadb, sqlite3).
func Write(w io.Writer, db *schema.Database) error {
	ew := &errWriter{w: w}
	ew.printf("-- Generated by dbinspect export --format sql from a %s %s database.\n", db.Dialect, Comment(db.ServerVersion))
	ew.printf("-- Objects are created in dependency order; apply to an empty database.\n")
	last := ""
	for _, s := range Create(db) {
		if s.Kind != last {
			ew.printf("\n")
			last = s.Kind
		}
		switch {
		case s.Kind == KindNote:
			ew.printf("-- NOTE: %s\n", s.SQL)
		case rulesOf(db.Dialect).DelimitedBodies && (s.Kind == KindFunction || s.Kind == KindTrigger || s.Kind == KindEvent):
			// Routine bodies hold semicolons: the client needs another statement delimiter.
			d := delimiterFor(s.SQL)
			ew.printf("DELIMITER %s\n%s%s\nDELIMITER ;\n", d, s.SQL, d)
		default:
			ew.printf("%s;\n", s.SQL)
		}
	}
	return ew.err
}

// delimiterFor picks a client delimiter that does not occur in the statement.
func delimiterFor(sql string) string {
	for _, d := range []string{";;", "$$", "//", "@@@@", "$$$$$$"} {
		if !strings.Contains(sql, d) {
			return d
		}
	}
	return "#dbinspect-end#"
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}

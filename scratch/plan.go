package scratch

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/dbinspect/dbinspect/schema"
	"github.com/dbinspect/dbinspect/sqlscript"
)

// declaration is what the file says about its own database: its name (CREATE DATABASE, USE,
// \connect) and how it is created. The scratch database is created with these options, and
// the statements that declare or switch to that database are not run.
type declaration struct {
	database string
	// charset and collation: MySQL's CHARACTER SET and COLLATE; PostgreSQL's ENCODING and
	// LC_COLLATE.
	charset, collation string
	// PostgreSQL only.
	ctype, locale, provider, icuLocale string
}

func (d declaration) pgOptions() bool {
	return d.charset != "" || d.collation != "" || d.ctype != "" || d.locale != "" || d.provider != "" || d.icuLocale != ""
}

type loadPlan struct {
	decl       declaration
	declared   bool // the declaring CREATE DATABASE was seen
	statements []planned
}

// planned is a statement that will run.
type planned = sqlscript.Statement

// refusal is the error for a statement dbinspect will not send.
func refusal(s sqlscript.Statement, what, why string) error {
	return fmt.Errorf("%w: %s: %s is refused: %s", ErrLoad, s, what, why)
}

// plan reads the declaration and checks every statement before anything is created, so a
// refused statement leaves nothing behind to drop.
func plan(d schema.Dialect, stmts []sqlscript.Statement) (*loadPlan, error) {
	e, err := engineOf(d)
	if err != nil {
		return nil, err
	}
	p := &loadPlan{}
	p.decl.database = declaredName(d, e, stmts)
	for _, s := range stmts {
		run, err := e.check(p, s)
		if err != nil {
			return nil, err
		}
		if run {
			p.statements = append(p.statements, s)
		}
	}
	return p, nil
}

// declaredName finds the file's own database: the one the first CREATE DATABASE, USE or
// \connect names, if only session settings (and mysqldump's DROP DATABASE) come before it.
// A dump made with pg_dump -C or mysqldump --databases starts so.
func declaredName(d schema.Dialect, e *engine, stmts []sqlscript.Statement) string {
	for _, s := range stmts {
		if s.Command {
			f := strings.Fields(s.Text)
			if (f[0] == `\c` || f[0] == `\connect`) && len(f) > 1 {
				return strings.Trim(f[1], `"`)
			}
			continue
		}
		t := sqlscript.Tokens(d, s.Text, 8)
		kw := keywords(t)
		switch {
		case kw.first("CREATE") && (kw.at(1, "DATABASE") || e.databaseSchema && kw.at(1, "SCHEMA")):
			return databaseNameAfter(t, strings.ToUpper(t[1].Text))
		case e.databaseSchema && kw.first("USE"):
			return tokenAt(t, 1)
		case kw.first("SET"), kw.first("SELECT") && strings.Contains(strings.ToLower(s.Text), "set_config"),
			kw.first("DROP") && kw.at(1, "DATABASE", "SCHEMA") && e.databaseSchema, len(t) == 0:
			continue
		}
		return ""
	}
	return ""
}

const outside = "the file is loaded into one scratch database, and this reaches outside it"

// psqlIgnored are psql commands that change only how psql prints or behaves.
var psqlIgnored = map[string]bool{`\set`: true, `\unset`: true, `\echo`: true, `\qecho`: true, `\warn`: true,
	`\timing`: true, `\pset`: true, `\encoding`: true, `\restrict`: true, `\unrestrict`: true, `\x`: true}

func (p *loadPlan) postgres(s sqlscript.Statement) (bool, error) {
	if s.Command {
		fields := strings.Fields(s.Text)
		switch cmd := fields[0]; {
		case psqlIgnored[cmd]:
			return false, nil
		case cmd == `\c` || cmd == `\connect`:
			if len(fields) > 1 && strings.Trim(fields[1], `"`) == p.decl.database {
				return false, nil
			}
			return false, refusal(s, "psql's "+cmd+" to another database", outside)
		default:
			return false, refusal(s, "psql's "+cmd, "dbinspect runs the file's SQL, not psql commands")
		}
	}
	t := sqlscript.Tokens(schema.Postgres, s.Text, 8)
	if len(t) == 0 {
		return false, nil
	}
	kw := keywords(t)
	switch {
	case kw.starts("CREATE", "DATABASE"):
		name := tokenAt(t, 2)
		if name == p.decl.database && !p.declared {
			p.declared = true
			return false, p.postgresOptions(s)
		}
		return false, refusal(s, "CREATE DATABASE "+name, outside)
	case kw.starts("DROP", "DATABASE"):
		name := databaseNameAfter(t, "DATABASE")
		if name != "" && name == p.decl.database && !p.declared {
			return false, nil // pg_dump --clean -C, before the CREATE DATABASE it drops for
		}
		return false, refusal(s, "DROP DATABASE "+name, outside)
	case kw.starts("ALTER", "DATABASE"), kw.starts("COMMENT", "ON", "DATABASE"):
		name := databaseNameAfter(t, "DATABASE")
		if name != "" && name == p.decl.database {
			return false, nil // settings of the file's own database: the scratch one has its own
		}
		return false, refusal(s, kw.phrase(2)+" "+name, outside)
	case (kw.first("CREATE", "ALTER", "DROP") && kw.at(1, "ROLE", "GROUP", "TABLESPACE", "SUBSCRIPTION")) ||
		(kw.first("CREATE", "ALTER", "DROP") && kw.at(1, "USER") && !kw.at(2, "MAPPING")):
		return false, refusal(s, kw.phrase(2), "it changes the server, which holds more than the scratch database")
	case kw.starts("ALTER", "SYSTEM"), kw.first("LOAD"), kw.starts("REASSIGN", "OWNED"), kw.starts("SECURITY", "LABEL"):
		return false, refusal(s, kw.phrase(2), "it changes the server, which holds more than the scratch database")
	case kw.first("COPY"):
		return false, refusal(s, "COPY", "it reads or writes data or server files; load a schema-only dump (pg_dump --schema-only)")
	case kw.first("GRANT", "REVOKE"):
		if !hasWord(sqlscript.Tokens(schema.Postgres, s.Text, -1), "ON") {
			return false, refusal(s, kw.phrase(1)+" of a role", "role membership belongs to the server, not to the scratch database")
		}
	}
	return true, nil
}

// postgresOptions reads the encoding and locale options of the file's CREATE DATABASE.
func (p *loadPlan) postgresOptions(s sqlscript.Statement) error {
	t := sqlscript.Tokens(schema.Postgres, s.Text, -1)
	for i := 3; i < len(t); i++ {
		if t[i].Kind != sqlscript.Word {
			continue
		}
		j := i + 1
		if j < len(t) && t[j].Text == "=" {
			j++
		}
		if j >= len(t) || t[j].Kind == sqlscript.Punct {
			continue
		}
		v := t[j].Text
		switch strings.ToUpper(t[i].Text) {
		case "ENCODING":
			p.decl.charset = v
		case "LC_COLLATE":
			p.decl.collation = v
		case "LC_CTYPE":
			p.decl.ctype = v
		case "LOCALE":
			p.decl.locale = v
		case "ICU_LOCALE":
			p.decl.icuLocale = v
		case "LOCALE_PROVIDER":
			if !bareWord.MatchString(v) {
				return refusal(s, "LOCALE_PROVIDER "+v, "it is not a provider name")
			}
			p.decl.provider = strings.ToLower(v)
		default:
			continue
		}
		i = j
	}
	return nil
}

// bareWord is what a MySQL character set or collation and a PostgreSQL locale provider are.
var bareWord = regexp.MustCompile(`^[A-Za-z0-9_]{1,64}$`)

// mysqlAlterDatabaseOptions begin the options of an ALTER DATABASE that names no database.
var mysqlAlterDatabaseOptions = []string{"DEFAULT", "CHARACTER", "CHARSET", "COLLATE", "COMMENT", "READ", "ENCRYPTION"}

func (p *loadPlan) mysql(s sqlscript.Statement) (bool, error) {
	all := sqlscript.Tokens(schema.MySQL, s.Text, -1)
	if len(all) == 0 {
		return false, nil
	}
	kw := keywords(all)
	if hasSequence(all, "INTO", "OUTFILE") || hasSequence(all, "INTO", "DUMPFILE") || hasSequence(all, "LOAD_FILE", "(") {
		return false, refusal(s, "reading or writing server files", "a scratch database has no business with the server's files")
	}
	switch {
	case kw.first("CREATE") && kw.at(1, "DATABASE", "SCHEMA"):
		name := databaseNameAfter(all, strings.ToUpper(all[1].Text))
		if name == p.decl.database && !p.declared {
			p.declared = true
			return false, p.mysqlOptions(s, all)
		}
		return false, refusal(s, "CREATE DATABASE "+name, outside)
	case kw.first("DROP") && kw.at(1, "DATABASE", "SCHEMA"):
		name := databaseNameAfter(all, strings.ToUpper(all[1].Text))
		if name != "" && name == p.decl.database && !p.declared {
			return false, nil // mysqldump --add-drop-database, before the CREATE DATABASE it drops for
		}
		return false, refusal(s, kw.phrase(2)+" "+name, outside)
	case kw.first("ALTER") && kw.at(1, "DATABASE", "SCHEMA"):
		if len(all) > 2 && all[2].Kind == sqlscript.Word && kw.at(2, mysqlAlterDatabaseOptions...) {
			return true, nil // no name: the current database, the scratch one
		}
		if name := tokenAt(all, 2); name == p.decl.database {
			return false, nil
		}
		return false, refusal(s, kw.phrase(2)+" "+tokenAt(all, 2), outside)
	case kw.first("USE"):
		if tokenAt(all, 1) == p.decl.database {
			return false, nil
		}
		return false, refusal(s, "USE "+tokenAt(all, 1), outside)
	case kw.first("GRANT", "REVOKE", "FLUSH", "KILL", "SHUTDOWN", "RESET", "PURGE", "BINLOG"):
		return false, refusal(s, kw.phrase(1), "it changes the server, which holds more than the scratch database")
	case kw.first("CREATE", "DROP", "ALTER", "RENAME") && kw.at(1, "USER", "ROLE", "SERVER", "TABLESPACE", "LOGFILE"),
		kw.first("INSTALL", "UNINSTALL", "CHANGE", "LOAD", "CACHE"),
		kw.starts("SET", "PASSWORD"), kw.starts("SET", "DEFAULT", "ROLE"),
		kw.first("START", "STOP") && kw.at(1, "SLAVE", "REPLICA", "GROUP_REPLICATION", "ALL"):
		return false, refusal(s, kw.phrase(2), "it changes the server, which holds more than the scratch database")
	case kw.first("SET") && setsGlobal(all):
		return false, refusal(s, "SET GLOBAL", "it changes the server, which holds more than the scratch database")
	}
	return true, nil
}

// mysqlOptions reads the character set and collation of the file's CREATE DATABASE.
func (p *loadPlan) mysqlOptions(s sqlscript.Statement, t []sqlscript.Token) error {
	for i := 0; i < len(t); i++ {
		var target *string
		switch {
		case t[i].Is("CHARSET"):
			target = &p.decl.charset
		case t[i].Is("CHARACTER") && i+1 < len(t) && t[i+1].Is("SET"):
			target = &p.decl.charset
			i++
		case t[i].Is("COLLATE"):
			target = &p.decl.collation
		default:
			continue
		}
		j := i + 1
		if j < len(t) && t[j].Text == "=" {
			j++
		}
		if j >= len(t) {
			break
		}
		if !bareWord.MatchString(t[j].Text) {
			return refusal(s, "character set or collation "+t[j].Text, "it is not a name")
		}
		*target = t[j].Text
		i = j
	}
	return nil
}

// keywords looks at a statement's leading words.
type keywords []sqlscript.Token

func (k keywords) at(i int, words ...string) bool {
	if i >= len(k) || k[i].Kind != sqlscript.Word {
		return false
	}
	for _, w := range words {
		if strings.EqualFold(k[i].Text, w) {
			return true
		}
	}
	return false
}

func (k keywords) first(words ...string) bool { return k.at(0, words...) }

func (k keywords) starts(words ...string) bool {
	for i, w := range words {
		if !k.at(i, w) {
			return false
		}
	}
	return true
}

// phrase returns the first n words, upper case, for messages.
func (k keywords) phrase(n int) string {
	var w []string
	for i := 0; i < n && i < len(k) && k[i].Kind == sqlscript.Word; i++ {
		w = append(w, strings.ToUpper(k[i].Text))
	}
	return strings.Join(w, " ")
}

func tokenAt(t []sqlscript.Token, i int) string {
	if i < len(t) {
		return t[i].Text
	}
	return ""
}

// databaseNameAfter returns the name after keyword (DATABASE), skipping IF [NOT] EXISTS.
func databaseNameAfter(t []sqlscript.Token, keyword string) string {
	for i := 0; i < len(t); i++ {
		if !t[i].Is(keyword) {
			continue
		}
		j := i + 1
		if j < len(t) && t[j].Is("IF") {
			j++
			if j < len(t) && t[j].Is("NOT") {
				j++
			}
			j++ // EXISTS
		}
		return tokenAt(t, j)
	}
	return ""
}

func hasWord(t []sqlscript.Token, word string) bool {
	for _, tok := range t {
		if tok.Is(word) {
			return true
		}
	}
	return false
}

// hasSequence reports whether the words (or punctuation) follow each other somewhere.
func hasSequence(t []sqlscript.Token, words ...string) bool {
	for i := 0; i+len(words) <= len(t); i++ {
		match := true
		for j, w := range words {
			if !strings.EqualFold(t[i+j].Text, w) || t[i+j].Kind == sqlscript.Name || t[i+j].Kind == sqlscript.String {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}

// setsGlobal reports whether a MySQL SET statement assigns a global or persisted variable:
// SET GLOBAL x, SET x = 1, PERSIST y, SET @@global.x (not a user variable @global).
func setsGlobal(t []sqlscript.Token) bool {
	for i := 1; i < len(t); i++ {
		if !t[i].Is("GLOBAL") && !t[i].Is("PERSIST") && !t[i].Is("PERSIST_ONLY") {
			continue
		}
		prev := t[i-1].Text
		if prev == "," || strings.EqualFold(prev, "SET") || prev == "@" && i >= 2 && t[i-2].Text == "@" {
			return true
		}
	}
	return false
}

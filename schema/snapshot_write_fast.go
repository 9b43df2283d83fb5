package schema

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// jsonWriter writes a table's JSON without reflection, laid out as encoding/json's Encoder
// with SetEscapeHTML(false) and SetIndent(prefix, indentUnit) lays it out: tables are nearly
// all of a snapshot, and encoding/json's reflection was most of the time of writing one.
// It knows Table, Column, the keys, constraints, indexes and their parts, identities,
// generated columns, stats, SQLite's table options, PostgreSQL's column and index options,
// grants, views and the database's and schemas' own members; the other sub-structs
// (triggers, routines, types, MySQL's and PostgreSQL's options) are written by encoding/json
// in place, which then builds the encoders of those types alone. A value of a type it no
// longer matches (a field added to the model, see fastWriteMatches) is written by
// encoding/json as a whole.
type jsonWriter struct {
	b      []byte
	prefix string
	depth  int
	first  bool // inside a { or [ that has no member yet
	// line is a comma, a newline, the prefix and indentSpaces: lineStart writes a piece of
	// it, so that a member's line starts with one append.
	line []byte
	// sw writes what jsonWriter leaves to encoding/json (compactJSON).
	sw  *snapshotWriter
	err error
	// indents are the prefixes other hands to indent, one per depth, built once.
	indents []string
	// keyLines are the members' lines by memberKey id (see buildKeyLines).
	keyLines [][]byte
	// misplaced counts the keys written at a depth other than their own: none in a table
	// (checkFastTable holds every test table to that), else a member's depth is wrong.
	misplaced int
}

// lineStart appends to b the start of a line at the current depth, after a comma unless
// first: a piece of w.line, one copy.
func (w *jsonWriter) lineStart(b []byte, first bool) []byte {
	from := 0
	if first {
		from = 1
	}
	n := 2 + len(w.prefix) + w.depth*len(indentUnit)
	for n > len(w.line) { // deeper than any table goes: lengthen the line
		w.line = append(w.line, indentSpaces...)
	}
	return append(b, w.line[from:n]...)
}

func (w *jsonWriter) open(c byte) {
	w.b = append(w.b, c)
	w.depth++
	w.first = true
}

// close ends a { or [: an empty one stays {} or [].
func (w *jsonWriter) close(c byte) {
	w.depth--
	b := w.b
	if !w.first {
		b = w.lineStart(b, true)
	}
	w.first = false
	w.b = append(b, c)
}

// elem starts an element or member of the innermost { or [.
func (w *jsonWriter) elem() {
	w.b = w.lineStart(w.b, w.first)
	w.first = false
}

// memberKey is a member jsonWriter writes: its key as it is written, quoted and followed by
// ": " (the model's field names are plain ASCII, so that is their JSON), and the depth it
// always has in a table (a column's members at 3: the table's {, the columns' [, the
// column's {). Each writer builds every key's line once (keyLines), so that a member starts
// with one append instead of one for the line and one for the key.
type memberKey struct {
	id    int
	depth int
	text  string
}

// memberKeys are all the members, by id.
var memberKeys []memberKey

func member(depth int, name string) memberKey {
	k := memberKey{id: len(memberKeys), depth: depth, text: `"` + name + `": `}
	memberKeys = append(memberKeys, k)
	return k
}

// key starts the member k.
func (w *jsonWriter) key(k memberKey) {
	from := 0
	if w.first {
		from = 1
	}
	w.first = false
	if k.depth != w.depth { // not where a table has it: its line start and key one by one
		w.misplaced++
		w.b = append(w.lineStart(w.b, from == 1), k.text...)
		return
	}
	w.b = append(w.b, w.keyLines[k.id][from:]...)
}

// buildKeyLines gives each member its line in a table at w.prefix: a comma, a newline, the
// prefix, the indentation of its depth and its key.
func (w *jsonWriter) buildKeyLines() {
	w.keyLines = make([][]byte, len(memberKeys))
	for i, k := range memberKeys {
		line := append([]byte(",\n"), w.prefix...)
		line = append(line, strings.Repeat(indentUnit, k.depth)...)
		w.keyLines[i] = append(line, k.text...)
	}
}

func (w *jsonWriter) null() { w.b = append(w.b, "null"...) }

// jsonSafe says which bytes a JSON string holds as they are (1) or not (0): printable ASCII
// but the quote and the backslash. encoding/json's Encoder with SetEscapeHTML(false) escapes
// the others that are ASCII (control characters), and checks the rest (>= 0x80) as UTF-8.
var jsonSafe = func() (safe [256]uint8) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		if c != '"' && c != '\\' {
			safe[c] = 1
		}
	}
	return safe
}()

// safeRun is the length of the run of safe bytes s starts with: four table look-ups and one
// branch per four bytes, then one per byte.
func safeRun(s string) int {
	i := 0
	for ; i+4 <= len(s); i += 4 {
		if jsonSafe[s[i]]&jsonSafe[s[i+1]]&jsonSafe[s[i+2]]&jsonSafe[s[i+3]] == 0 {
			break
		}
	}
	for ; i < len(s); i++ {
		if jsonSafe[s[i]] == 0 {
			break
		}
	}
	return i
}

// string writes s quoted as encoding/json quotes it without HTML escaping. Nearly every
// string of a model (names, types) needs no escape: it is found so by safeRun and copied by
// one append; the rest goes to escapedString.
func (w *jsonWriter) string(s string) {
	if n := safeRun(s); n < len(s) {
		w.escapedString(s, n)
		return
	}
	w.b = append(append(append(w.b, '"'), s...), '"')
}

// escapedString writes s, whose first n bytes are safe, quoted: each run of safe bytes copied
// by one append, each other byte escaped as encoding/json escapes it.
func (w *jsonWriter) escapedString(s string, n int) {
	b := append(append(w.b, '"'), s[:n]...)
	for s = s[n:]; len(s) > 0; s = s[n:] {
		n = 1
		switch c := s[0]; {
		case c < utf8.RuneSelf:
			b = appendEscapedASCII(b, c)
		default:
			r, size := utf8.DecodeRuneInString(s)
			n = size
			switch {
			case r == utf8.RuneError && size == 1:
				b = append(b, `\ufffd`...)
			case r == '\u2028' || r == '\u2029':
				b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			default:
				b = append(b, s[:size]...)
			}
		}
		safe := safeRun(s[n:])
		b = append(b, s[n:n+safe]...)
		n += safe
	}
	w.b = append(b, '"')
}

// appendEscapedASCII appends c, an ASCII byte jsonSafe rejects, escaped as encoding/json
// escapes it: \" and \\, the short forms of five control characters, \u00XX for the others.
func appendEscapedASCII(b []byte, c byte) []byte {
	switch c {
	case '"', '\\':
		return append(b, '\\', c)
	case '\b':
		return append(b, '\\', 'b')
	case '\f':
		return append(b, '\\', 'f')
	case '\n':
		return append(b, '\\', 'n')
	case '\r':
		return append(b, '\\', 'r')
	case '\t':
		return append(b, '\\', 't')
	}
	return append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
}

const hexDigits = "0123456789abcdef"

func (w *jsonWriter) str(k memberKey, s string) {
	w.key(k)
	w.string(s)
}

func (w *jsonWriter) strOmit(k memberKey, s string) {
	if s != "" {
		w.str(k, s)
	}
}

func (w *jsonWriter) strPtr(k memberKey, s *string) {
	w.key(k)
	if s == nil {
		w.null()
		return
	}
	w.string(*s)
}

func (w *jsonWriter) strPtrOmit(k memberKey, s *string) {
	if s != nil {
		w.str(k, *s)
	}
}

func (w *jsonWriter) bool(k memberKey, v bool) {
	w.key(k)
	w.b = strconv.AppendBool(w.b, v)
}

func (w *jsonWriter) boolOmit(k memberKey, v bool) {
	if v {
		w.bool(k, v)
	}
}

func (w *jsonWriter) int(k memberKey, v int64) {
	w.key(k)
	w.b = strconv.AppendInt(w.b, v, 10)
}

func (w *jsonWriter) intPtrOmit(k memberKey, v *int64) {
	if v != nil {
		w.int(k, *v)
	}
}

// strs writes a []string (or a slice of a string type): null when nil.
func strs[S ~string](w *jsonWriter, k memberKey, v []S) {
	list(w, k, v, false, writeStr[S])
}

func strsOmit[S ~string](w *jsonWriter, k memberKey, v []S) {
	list(w, k, v, true, writeStr[S])
}

func writeStr[S ~string](w *jsonWriter, s *S) { w.string(string(*s)) }

// list writes the member k, an array of v's elements: null when v is nil, left out when it
// is empty and omit (omitempty) is set.
// elem is a function, not a closure or method value, so that w does not escape.
func list[E any](w *jsonWriter, k memberKey, v []E, omit bool, elem func(*jsonWriter, *E)) {
	if omit && len(v) == 0 {
		return
	}
	w.key(k)
	if v == nil {
		w.null()
		return
	}
	w.open('[')
	for i := range v {
		w.elem()
		elem(w, &v[i])
	}
	w.close(']')
}

// other writes the member k by encoding/json, left out when omit and empty is set.
func (w *jsonWriter) other(k memberKey, v any, empty bool) {
	if empty {
		return
	}
	w.key(k)
	compact, err := w.sw.compactJSON(v)
	if err != nil {
		w.err = err
		return
	}
	w.b = indent(w.b, compact, w.indent(), indentUnit)
}

// indent is the prefix of a line at the current depth, built once per depth.
func (w *jsonWriter) indent() string {
	for len(w.indents) <= w.depth {
		w.indents = append(w.indents, w.prefix+strings.Repeat(indentUnit, len(w.indents)))
	}
	return w.indents[w.depth]
}

// The members jsonWriter writes, at the depth each has in a table.
var (
	keyTableName                   = member(1, "name")
	keyTableComment                = member(1, "comment")
	keyTableColumns                = member(1, "columns")
	keyTablePrimaryKey             = member(1, "primary_key")
	keyTableForeignKeys            = member(1, "foreign_keys")
	keyTableUniques                = member(1, "uniques")
	keyTableChecks                 = member(1, "checks")
	keyTableIndexes                = member(1, "indexes")
	keyTableTriggers               = member(1, "triggers")
	keyTableStats                  = member(1, "stats")
	keyStatsRowEstimate            = member(2, "row_estimate")
	keyStatsSizeBytes              = member(2, "size_bytes")
	keyStatsAutoIncrement          = member(2, "auto_increment")
	keyTablePostgres               = member(1, "postgres")
	keyTableMySQL                  = member(1, "mysql")
	keyTableSQLite                 = member(1, "sqlite")
	keySQLiteWithoutRowid          = member(2, "without_rowid")
	keySQLiteStrict                = member(2, "strict")
	keySQLiteModule                = member(2, "module")
	keySQLiteImplicitNotNull       = member(2, "implicit_not_null")
	keySQLiteDefinition            = member(2, "definition")
	keyTableOwner                  = member(1, "owner")
	keyTableGrants                 = member(1, "grants")
	keyGrantGrantee                = member(3, "grantee")
	keyGrantPrivileges             = member(3, "privileges")
	keyGrantGrantOption            = member(3, "grant_option")
	keyGrantColumns                = member(3, "columns")
	keyColumnName                  = member(3, "name")
	keyColumnType                  = member(3, "type")
	keyColumnNullable              = member(3, "nullable")
	keyColumnDefault               = member(3, "default")
	keyColumnComment               = member(3, "comment")
	keyColumnCollation             = member(3, "collation")
	keyColumnAutoIncrement         = member(3, "auto_increment")
	keyColumnIdentity              = member(3, "identity")
	keyIdentityGeneration          = member(4, "generation")
	keyIdentityStart               = member(4, "start")
	keyIdentityIncrement           = member(4, "increment")
	keyIdentityMin                 = member(4, "min")
	keyIdentityMax                 = member(4, "max")
	keyIdentityCache               = member(4, "cache")
	keyIdentityCycle               = member(4, "cycle")
	keyColumnGenerated             = member(3, "generated")
	keyGeneratedExpression         = member(4, "expression")
	keyGeneratedKind               = member(4, "kind")
	keyColumnInvisible             = member(3, "invisible")
	keyColumnMySQL                 = member(3, "mysql")
	keyColumnPostgres              = member(3, "postgres")
	keyColumnPostgresWith          = member(4, "with")
	keyColumnPostgresStatistics    = member(4, "statistics")
	keyColumnPostgresStorage       = member(4, "storage")
	keyColumnInherited             = member(3, "inherited")
	keyPrimaryKeyName              = member(2, "name")
	keyPrimaryKeyColumns           = member(2, "columns")
	keyPrimaryKeyComment           = member(2, "comment")
	keyPrimaryKeyDeferrable        = member(2, "deferrable")
	keyPrimaryKeyInitiallyDeferred = member(2, "initially_deferred")
	keyPrimaryKeyInherited         = member(2, "inherited")
	keyForeignKeyName              = member(3, "name")
	keyForeignKeyColumns           = member(3, "columns")
	keyForeignKeyRefSchema         = member(3, "ref_schema")
	keyForeignKeyRefTable          = member(3, "ref_table")
	keyForeignKeyRefColumns        = member(3, "ref_columns")
	keyForeignKeyOnDelete          = member(3, "on_delete")
	keyForeignKeyOnUpdate          = member(3, "on_update")
	keyForeignKeyMatch             = member(3, "match")
	keyForeignKeyDeferrable        = member(3, "deferrable")
	keyForeignKeyInitiallyDeferred = member(3, "initially_deferred")
	keyForeignKeyNotValid          = member(3, "not_valid")
	keyForeignKeyComment           = member(3, "comment")
	keyForeignKeyInherited         = member(3, "inherited")
	keyUniqueName                  = member(3, "name")
	keyUniqueColumns               = member(3, "columns")
	keyUniqueNullsNotDistinct      = member(3, "nulls_not_distinct")
	keyUniqueDeferrable            = member(3, "deferrable")
	keyUniqueInitiallyDeferred     = member(3, "initially_deferred")
	keyUniqueComment               = member(3, "comment")
	keyUniqueInherited             = member(3, "inherited")
	keyCheckName                   = member(3, "name")
	keyCheckExpression             = member(3, "expression")
	keyCheckColumn                 = member(3, "column")
	keyCheckNotValid               = member(3, "not_valid")
	keyCheckNoInherit              = member(3, "no_inherit")
	keyCheckNotEnforced            = member(3, "not_enforced")
	keyCheckComment                = member(3, "comment")
	keyCheckInherited              = member(3, "inherited")
	keyIndexName                   = member(3, "name")
	keyIndexUnique                 = member(3, "unique")
	keyIndexColumns                = member(3, "columns")
	keyIndexParts                  = member(3, "parts")
	keyIndexMethod                 = member(3, "method")
	keyIndexWhere                  = member(3, "where")
	keyIndexInclude                = member(3, "include")
	keyIndexNullsNotDistinct       = member(3, "nulls_not_distinct")
	keyIndexConstraint             = member(3, "constraint")
	keyIndexInvisible              = member(3, "invisible")
	keyIndexComment                = member(3, "comment")
	keyIndexDefinition             = member(3, "definition")
	keyIndexMySQL                  = member(3, "mysql")
	keyIndexPostgres               = member(3, "postgres")
	keyIndexPostgresTablespace     = member(4, "tablespace")
	keyIndexPostgresWith           = member(4, "with")
	keyIndexInherited              = member(3, "inherited")
	keyIndexPartColumn             = member(5, "column")
	keyIndexPartExpression         = member(5, "expression")
	keyIndexPartDesc               = member(5, "desc")
	keyIndexPartNulls              = member(5, "nulls")
	keyIndexPartCollation          = member(5, "collation")
	keyIndexPartOpclass            = member(5, "opclass")
	keyIndexPartLength             = member(5, "length")
	// A view's members are at a table's depths, and share its keys where they are alike
	// (name, columns, indexes, triggers, owner, grants, mysql, postgres).
	keyViewComment      = keyTableComment // omitempty in a view
	keyViewDefinition   = member(1, "definition")
	keyViewMaterialized = member(1, "materialized")
	keyViewCheckOption  = member(1, "check_option")
	// The database's and a schema's own members, at depth 1 of their shells (see shell).
	keyDatabaseFormatVersion   = member(1, "format_version")
	keyDatabaseDialect         = member(1, "dialect")
	keyDatabaseServerVersion   = member(1, "server_version")
	keyDatabaseSchemas         = member(1, "schemas")
	keyDatabaseExtensions      = member(1, "extensions")
	keyDatabaseNotes           = member(1, "notes")
	keyDatabaseUnread          = member(1, "unread")
	keyDatabaseFiltered        = member(1, "filtered")
	keySchemaTables            = member(1, "tables")
	keySchemaViews             = member(1, "views")
	keySchemaCollations        = member(1, "collations")
	keySchemaTextSearchConfigs = member(1, "text_search_configs")
	keySchemaEnums             = member(1, "enums")
	keySchemaDomains           = member(1, "domains")
	keySchemaCompositeTypes    = member(1, "composite_types")
	keySchemaSequences         = member(1, "sequences")
	keySchemaFunctions         = member(1, "functions")
	keySchemaEvents            = member(1, "events")
)

func (w *jsonWriter) table(t *Table) {
	w.open('{')
	w.str(keyTableName, t.Name)
	w.strPtr(keyTableComment, t.Comment)
	list(w, keyTableColumns, t.Columns, false, (*jsonWriter).column)
	w.key(keyTablePrimaryKey)
	if pk := t.PrimaryKey; pk == nil {
		w.null()
	} else {
		w.primaryKey(pk)
	}
	list(w, keyTableForeignKeys, t.ForeignKeys, false, (*jsonWriter).foreignKey)
	list(w, keyTableUniques, t.Uniques, false, (*jsonWriter).unique)
	list(w, keyTableChecks, t.Checks, false, (*jsonWriter).check)
	list(w, keyTableIndexes, t.Indexes, false, (*jsonWriter).index)
	w.other(keyTableTriggers, t.Triggers, len(t.Triggers) == 0)
	if st := t.Stats; st != nil {
		w.key(keyTableStats)
		w.open('{')
		w.intPtrOmit(keyStatsRowEstimate, st.RowEstimate)
		w.intPtrOmit(keyStatsSizeBytes, st.SizeBytes)
		w.intPtrOmit(keyStatsAutoIncrement, st.AutoIncrement)
		w.close('}')
	}
	w.access(&t.Access)
	w.other(keyTablePostgres, t.Postgres, t.Postgres == nil)
	w.other(keyTableMySQL, t.MySQL, t.MySQL == nil)
	if st := t.SQLite; st != nil {
		w.key(keyTableSQLite)
		w.open('{')
		w.boolOmit(keySQLiteWithoutRowid, st.WithoutRowID)
		w.boolOmit(keySQLiteStrict, st.Strict)
		w.strOmit(keySQLiteModule, st.Module)
		strsOmit(w, keySQLiteImplicitNotNull, st.ImplicitNotNull)
		w.strOmit(keySQLiteDefinition, st.Definition)
		w.close('}')
	}
	w.close('}')
}

func (w *jsonWriter) access(a *Access) {
	w.strOmit(keyTableOwner, a.Owner)
	list(w, keyTableGrants, a.Grants, true, (*jsonWriter).grant)
}

func (w *jsonWriter) grant(g *Grant) {
	{
		w.open('{')
		w.str(keyGrantGrantee, g.Grantee)
		strs(w, keyGrantPrivileges, g.Privileges)
		w.boolOmit(keyGrantGrantOption, g.GrantOption)
		strsOmit(w, keyGrantColumns, g.Columns)
		w.close('}')
	}
}

func (w *jsonWriter) column(c *Column) {
	w.open('{')
	w.str(keyColumnName, c.Name)
	w.str(keyColumnType, c.Type)
	w.bool(keyColumnNullable, c.Nullable)
	w.strPtr(keyColumnDefault, c.Default)
	w.strPtr(keyColumnComment, c.Comment)
	w.strOmit(keyColumnCollation, c.Collation)
	w.boolOmit(keyColumnAutoIncrement, c.AutoIncrement)
	if id := c.Identity; id != nil {
		w.key(keyColumnIdentity)
		w.open('{')
		w.str(keyIdentityGeneration, id.Generation)
		w.int(keyIdentityStart, id.Start)
		w.int(keyIdentityIncrement, id.Increment)
		w.int(keyIdentityMin, id.Min)
		w.int(keyIdentityMax, id.Max)
		w.int(keyIdentityCache, id.Cache)
		w.boolOmit(keyIdentityCycle, id.Cycle)
		w.close('}')
	}
	if g := c.Generated; g != nil {
		w.key(keyColumnGenerated)
		w.open('{')
		w.str(keyGeneratedExpression, g.Expression)
		w.str(keyGeneratedKind, string(g.Kind))
		w.close('}')
	}
	w.boolOmit(keyColumnInvisible, c.Invisible)
	w.other(keyColumnMySQL, c.MySQL, c.MySQL == nil)
	if pc := c.Postgres; pc != nil {
		w.key(keyColumnPostgres)
		w.open('{')
		strsOmit(w, keyColumnPostgresWith, pc.With)
		if pc.Statistics != nil {
			w.int(keyColumnPostgresStatistics, int64(*pc.Statistics))
		}
		w.strOmit(keyColumnPostgresStorage, pc.Storage)
		w.close('}')
	}
	w.boolOmit(keyColumnInherited, c.Inherited)
	w.close('}')
}

func (w *jsonWriter) primaryKey(pk *PrimaryKey) {
	w.open('{')
	w.strPtr(keyPrimaryKeyName, pk.Name)
	strs(w, keyPrimaryKeyColumns, pk.Columns)
	w.strPtrOmit(keyPrimaryKeyComment, pk.Comment)
	w.boolOmit(keyPrimaryKeyDeferrable, pk.Deferrable)
	w.boolOmit(keyPrimaryKeyInitiallyDeferred, pk.InitiallyDeferred)
	w.boolOmit(keyPrimaryKeyInherited, pk.Inherited)
	w.close('}')
}

func (w *jsonWriter) foreignKey(fk *ForeignKey) {
	w.open('{')
	w.str(keyForeignKeyName, fk.Name)
	strs(w, keyForeignKeyColumns, fk.Columns)
	w.str(keyForeignKeyRefSchema, fk.RefSchema)
	w.str(keyForeignKeyRefTable, fk.RefTable)
	strs(w, keyForeignKeyRefColumns, fk.RefColumns)
	w.str(keyForeignKeyOnDelete, string(fk.OnDelete))
	w.str(keyForeignKeyOnUpdate, string(fk.OnUpdate))
	w.strOmit(keyForeignKeyMatch, fk.Match)
	w.boolOmit(keyForeignKeyDeferrable, fk.Deferrable)
	w.boolOmit(keyForeignKeyInitiallyDeferred, fk.InitiallyDeferred)
	w.boolOmit(keyForeignKeyNotValid, fk.NotValid)
	w.strPtrOmit(keyForeignKeyComment, fk.Comment)
	w.boolOmit(keyForeignKeyInherited, fk.Inherited)
	w.close('}')
}

func (w *jsonWriter) unique(u *Unique) {
	w.open('{')
	w.str(keyUniqueName, u.Name)
	strs(w, keyUniqueColumns, u.Columns)
	w.boolOmit(keyUniqueNullsNotDistinct, u.NullsNotDistinct)
	w.boolOmit(keyUniqueDeferrable, u.Deferrable)
	w.boolOmit(keyUniqueInitiallyDeferred, u.InitiallyDeferred)
	w.strPtrOmit(keyUniqueComment, u.Comment)
	w.boolOmit(keyUniqueInherited, u.Inherited)
	w.close('}')
}

func (w *jsonWriter) check(c *Check) {
	w.open('{')
	w.str(keyCheckName, c.Name)
	w.str(keyCheckExpression, c.Expression)
	w.strOmit(keyCheckColumn, c.Column)
	w.boolOmit(keyCheckNotValid, c.NotValid)
	w.boolOmit(keyCheckNoInherit, c.NoInherit)
	w.boolOmit(keyCheckNotEnforced, c.NotEnforced)
	w.strPtrOmit(keyCheckComment, c.Comment)
	w.boolOmit(keyCheckInherited, c.Inherited)
	w.close('}')
}

func (w *jsonWriter) index(x *Index) {
	w.open('{')
	w.str(keyIndexName, x.Name)
	w.bool(keyIndexUnique, x.Unique)
	strs(w, keyIndexColumns, x.Columns)
	list(w, keyIndexParts, x.Parts, false, (*jsonWriter).indexPart)
	w.strOmit(keyIndexMethod, x.Method)
	w.strOmit(keyIndexWhere, x.Where)
	strsOmit(w, keyIndexInclude, x.Include)
	w.boolOmit(keyIndexNullsNotDistinct, x.NullsNotDistinct)
	w.strOmit(keyIndexConstraint, x.Constraint)
	w.boolOmit(keyIndexInvisible, x.Invisible)
	w.strPtrOmit(keyIndexComment, x.Comment)
	w.strOmit(keyIndexDefinition, x.Definition)
	w.other(keyIndexMySQL, x.MySQL, x.MySQL == nil)
	if pi := x.Postgres; pi != nil {
		w.key(keyIndexPostgres)
		w.open('{')
		w.strOmit(keyIndexPostgresTablespace, pi.Tablespace)
		strsOmit(w, keyIndexPostgresWith, pi.With)
		w.close('}')
	}
	w.boolOmit(keyIndexInherited, x.Inherited)
	w.close('}')
}

func (w *jsonWriter) indexPart(p *IndexPart) {
	w.open('{')
	w.strOmit(keyIndexPartColumn, p.Column)
	w.strOmit(keyIndexPartExpression, p.Expression)
	w.boolOmit(keyIndexPartDesc, p.Desc)
	w.strOmit(keyIndexPartNulls, p.Nulls)
	w.strOmit(keyIndexPartCollation, p.Collation)
	w.strOmit(keyIndexPartOpclass, p.OpClass)
	if p.Length != 0 {
		w.int(keyIndexPartLength, int64(p.Length))
	}
	w.close('}')
}

func (w *jsonWriter) view(v *View) {
	w.open('{')
	w.str(keyTableName, v.Name)
	w.strPtrOmit(keyViewComment, v.Comment)
	w.str(keyViewDefinition, v.Definition)
	w.boolOmit(keyViewMaterialized, v.Materialized)
	list(w, keyTableColumns, v.Columns, true, (*jsonWriter).column)
	list(w, keyTableIndexes, v.Indexes, true, (*jsonWriter).index)
	w.other(keyTableTriggers, v.Triggers, len(v.Triggers) == 0)
	w.strOmit(keyViewCheckOption, v.CheckOption)
	w.access(&v.Access)
	w.other(keyTableMySQL, v.MySQL, v.MySQL == nil)
	w.other(keyTablePostgres, v.Postgres, v.Postgres == nil)
	w.close('}')
}

// database writes the database's shell (spliced fills in its schemas): its own members
// by hand, the rarer PostgreSQL ones by encoding/json, which then builds the encoders of
// those types only. Left to encoding/json, the shell alone cost every run 1-2 ms: an
// Encoder builds the encoders of every type a value's type reaches, tables included.
func (w *jsonWriter) database(db *Database) {
	w.open('{')
	w.int(keyDatabaseFormatVersion, int64(db.FormatVersion))
	w.str(keyDatabaseDialect, string(db.Dialect))
	w.str(keyDatabaseServerVersion, db.ServerVersion)
	list(w, keyDatabaseSchemas, db.Schemas, false, (*jsonWriter).schema)
	w.other(keyDatabaseExtensions, db.Extensions, len(db.Extensions) == 0)
	strsOmit(w, keyDatabaseNotes, db.Notes)
	w.other(keyDatabaseUnread, db.Unread, len(db.Unread) == 0)
	w.other(keyDatabaseFiltered, db.Filtered, db.Filtered == nil)
	w.other(keyTablePostgres, db.Postgres, db.Postgres == nil)
	w.close('}')
}

// schema writes a schema, as its shell with no tables or views (spliced writes those).
func (w *jsonWriter) schema(sc *Schema) {
	w.open('{')
	w.str(keyTableName, sc.Name)
	w.strPtrOmit(keyViewComment, sc.Comment)
	list(w, keySchemaTables, sc.Tables, false, (*jsonWriter).table)
	list(w, keySchemaViews, sc.Views, false, (*jsonWriter).view)
	w.other(keySchemaCollations, sc.Collations, len(sc.Collations) == 0)
	w.other(keySchemaTextSearchConfigs, sc.TextSearchConfigs, len(sc.TextSearchConfigs) == 0)
	w.other(keySchemaEnums, sc.Enums, len(sc.Enums) == 0)
	w.other(keySchemaDomains, sc.Domains, len(sc.Domains) == 0)
	w.other(keySchemaCompositeTypes, sc.CompositeTypes, len(sc.CompositeTypes) == 0)
	w.other(keySchemaSequences, sc.Sequences, len(sc.Sequences) == 0)
	w.other(keySchemaFunctions, sc.Functions, len(sc.Functions) == 0)
	w.other(keySchemaEvents, sc.Events, len(sc.Events) == 0)
	w.access(&sc.Access)
	w.other(keyTableMySQL, sc.MySQL, sc.MySQL == nil)
	w.other(keyTablePostgres, sc.Postgres, sc.Postgres == nil)
	w.close('}')
}

// fastWriteFields are the JSON members jsonWriter writes itself, per type, in order, with
// their options: the model's struct tags as jsonWriter was written for them.
var fastWriteFields = map[reflect.Type]string{
	reflect.TypeFor[Database](): "format_version dialect server_version schemas extensions,omitempty notes,omitempty " +
		"unread,omitempty filtered,omitempty postgres,omitempty",
	reflect.TypeFor[Schema](): "name comment,omitempty tables views collations,omitempty text_search_configs,omitempty " +
		"enums,omitempty domains,omitempty composite_types,omitempty sequences,omitempty functions,omitempty " +
		"events,omitempty owner,omitempty grants,omitempty mysql,omitempty postgres,omitempty",
	reflect.TypeFor[View](): "name comment,omitempty definition materialized,omitempty columns,omitempty " +
		"indexes,omitempty triggers,omitempty check_option,omitempty owner,omitempty grants,omitempty " +
		"mysql,omitempty postgres,omitempty",
	reflect.TypeFor[Table](): "name comment columns primary_key foreign_keys uniques checks indexes " +
		"triggers,omitempty stats,omitempty owner,omitempty grants,omitempty postgres,omitempty mysql,omitempty sqlite,omitempty",
	reflect.TypeFor[TableStats](): "row_estimate,omitempty size_bytes,omitempty auto_increment,omitempty",
	reflect.TypeFor[SQLiteTable](): "without_rowid,omitempty strict,omitempty module,omitempty " +
		"implicit_not_null,omitempty definition,omitempty",
	reflect.TypeFor[Grant](): "grantee privileges grant_option,omitempty columns,omitempty",
	reflect.TypeFor[Column](): "name type nullable default comment collation,omitempty auto_increment,omitempty " +
		"identity,omitempty generated,omitempty invisible,omitempty mysql,omitempty postgres,omitempty inherited,omitempty",
	reflect.TypeFor[Identity]():       "generation start increment min max cache cycle,omitempty",
	reflect.TypeFor[Generated]():      "expression kind",
	reflect.TypeFor[PostgresColumn](): "with,omitempty statistics,omitempty storage,omitempty",
	reflect.TypeFor[PrimaryKey](): "name columns comment,omitempty deferrable,omitempty " +
		"initially_deferred,omitempty inherited,omitempty",
	reflect.TypeFor[ForeignKey](): "name columns ref_schema ref_table ref_columns on_delete on_update match,omitempty " +
		"deferrable,omitempty initially_deferred,omitempty not_valid,omitempty comment,omitempty inherited,omitempty",
	reflect.TypeFor[Unique](): "name columns nulls_not_distinct,omitempty deferrable,omitempty " +
		"initially_deferred,omitempty comment,omitempty inherited,omitempty",
	reflect.TypeFor[Check](): "name expression column,omitempty not_valid,omitempty no_inherit,omitempty " +
		"not_enforced,omitempty comment,omitempty inherited,omitempty",
	reflect.TypeFor[Index](): "name unique columns parts method,omitempty where,omitempty include,omitempty " +
		"nulls_not_distinct,omitempty constraint,omitempty invisible,omitempty comment,omitempty " +
		"definition,omitempty mysql,omitempty postgres,omitempty inherited,omitempty",
	reflect.TypeFor[PostgresIdx](): "tablespace,omitempty with,omitempty",
	reflect.TypeFor[IndexPart](): "column,omitempty expression,omitempty desc,omitempty nulls,omitempty " +
		"collation,omitempty opclass,omitempty length,omitempty",
}

// fastWriteMatches reports whether the model's types still have the members jsonWriter
// writes: a field added, renamed or retagged sends every table to encoding/json (and fails
// TestFastWriterKnowsTheModel) instead of silently dropping it from snapshots.
var fastWriteMatches = sync.OnceValue(func() bool {
	for t, want := range fastWriteFields {
		if jsonTags(t) != want {
			return false
		}
	}
	return true
})

// jsonTags lists t's JSON tags in encoding/json's order, embedded structs spliced in.
func jsonTags(t reflect.Type) string {
	var tags []string
	var walk func(reflect.Type)
	walk = func(t reflect.Type) {
		for i := range t.NumField() {
			f := t.Field(i)
			tag, ok := f.Tag.Lookup("json")
			switch {
			case f.Anonymous && !ok:
				walk(f.Type)
			case f.IsExported():
				tags = append(tags, tag)
			}
		}
	}
	walk(t)
	return strings.Join(tags, " ")
}

// fastTable writes t at prefix (its first line unprefixed) laid out as encoding/json would;
// false when jsonWriter does not know the model (see fastWriteMatches) and wrote nothing.
func (sw *snapshotWriter) fastTable(t *Table, prefix string) bool {
	if !fastWriteMatches() {
		return false
	}
	w := sw.jw.at(sw, prefix)
	w.table(t)
	if sw.out = w.b; w.err != nil {
		sw.err = w.err
		return true
	}
	sw.write(w.b)
	return true
}

// fastEncode is encode for the other values jsonWriter writes: a view, a schema's shell
// and the database's; ok is false when it does not know v or the model, and wrote nothing.
// Tables and views use one writer, the shells another: each keeps the member lines of its
// prefix (buildKeyLines), and the shells' prefixes are not the tables'.
func (sw *snapshotWriter) fastEncode(v any, prefix string) (b []byte, ok bool) {
	if !fastWriteMatches() {
		return nil, false
	}
	var w *jsonWriter
	switch v := v.(type) {
	case *View:
		w = sw.jw.at(sw, prefix)
		w.view(v)
	case *Schema:
		w = sw.shells.at(sw, prefix)
		w.schema(v)
	case *Database:
		w = sw.shells.at(sw, prefix)
		w.database(v)
	default:
		return nil, false
	}
	if sw.out = w.b; w.err != nil {
		sw.err = w.err
		return nil, true
	}
	return w.b, true
}

// at readies w to write one value at prefix into sw.out's buffer: the member lines are
// built again only when the prefix is not the last one's.
func (w *jsonWriter) at(sw *snapshotWriter, prefix string) *jsonWriter {
	if w.sw == nil || w.prefix != prefix {
		line := append(append(append(w.line[:0], ',', '\n'), prefix...), indentSpaces...)
		*w = jsonWriter{prefix: prefix, sw: sw, line: line}
		w.buildKeyLines()
	}
	w.b, w.depth, w.first, w.err = sw.out[:0], 0, false, nil
	return w
}

// compactJSON is v compact as the snapshot writer's Encoder writes it, without the newline.
// The bytes are valid until the next call.
func (sw *snapshotWriter) compactJSON(v any) ([]byte, error) {
	sw.buf.Reset()
	if sw.enc == nil {
		sw.enc = json.NewEncoder(&sw.buf)
		sw.enc.SetEscapeHTML(false)
	}
	if err := sw.enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(sw.buf.Bytes(), []byte("\n")), nil
}

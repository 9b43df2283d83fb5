package inspector

// A small parser of the CREATE statements in sqlite_schema.sql. It reads only what the pragmas
// do not report (see sqlite_lex.go) and trusts SQLite for the rest: the text was accepted by
// SQLite, so the parser does not validate, it only has to find things. On text it does not
// understand it skips tokens rather than fail, and it never panics (FuzzSQLiteParse).

// stmt is one tokenized statement.
type stmt struct {
	sql  string
	toks []token
}

func (s *stmt) text(i int) string { return s.sql[s.toks[i].start:s.toks[i].end] }

// span returns the source text of tokens [i, j), comments inside included, as written.
func (s *stmt) span(i, j int) string {
	if i >= j || i >= len(s.toks) {
		return ""
	}
	return s.sql[s.toks[i].start:s.toks[j-1].end]
}

// is reports whether token i is the bare keyword kw (given in upper case).
func (s *stmt) is(i int, kw string) bool {
	return equalFoldASCII(s.word(i), kw)
}

// word returns the text of token i if it is a bare word, else "" (no keyword). Code that
// tests one token against many keywords takes it once, instead of asking is for each.
func (s *stmt) word(i int) string {
	if i >= len(s.toks) || s.toks[i].kind != tokWord {
		return ""
	}
	t := s.toks[i]
	return s.sql[t.start:t.end]
}

// isPunct reports whether token i is the single character c.
func (s *stmt) isPunct(i int, c byte) bool {
	return i < len(s.toks) && s.toks[i].kind == tokPunct && s.sql[s.toks[i].start] == c
}

// name returns the identifier token i stands for, or "" past the end.
func (s *stmt) name(i int) string {
	if i >= len(s.toks) {
		return ""
	}
	return unquote(s.text(i))
}

// closeParen returns the index of the ')' matching the '(' at i, or len(toks) if unbalanced.
func (s *stmt) closeParen(i int) int {
	depth := 0
	for ; i < len(s.toks); i++ {
		switch {
		case s.isPunct(i, '('):
			depth++
		case s.isPunct(i, ')'):
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return len(s.toks)
}

// next returns the index after the token or parenthesised group that starts at i.
func (s *stmt) next(i int) int {
	if s.isPunct(i, '(') {
		return s.closeParen(i) + 1
	}
	return i + 1
}

// findTop returns the first index in [i, end) holding the keyword kw outside parentheses, or end.
func (s *stmt) findTop(i, end int, kw string) int {
	for ; i < end; i = s.next(i) {
		if s.is(i, kw) {
			return i
		}
	}
	return end
}

// splitTop splits tokens [i, end) at the commas outside parentheses into [start, end) ranges.
func (s *stmt) splitTop(i, end int) [][2]int {
	var parts [][2]int
	start := i
	for i < end {
		if s.isPunct(i, ',') {
			parts = append(parts, [2]int{start, i})
			start = i + 1
		}
		i = s.next(i)
	}
	if start < end {
		parts = append(parts, [2]int{start, min(end, len(s.toks))})
	}
	return parts
}

// qualifiedName reads [schema.]name at i, returning the name and the index after it.
func (s *stmt) qualifiedName(i int) (string, int) {
	if s.isPunct(i+1, '.') {
		i += 2
	}
	return s.name(i), i + 1
}

// skipIfNotExists skips IF NOT EXISTS at i.
func (s *stmt) skipIfNotExists(i int) int {
	if s.is(i, "IF") && s.is(i+1, "NOT") && s.is(i+2, "EXISTS") {
		return i + 3
	}
	return i
}

// nameList reads "( a COLLATE x DESC, b )" at the '(' at i: the first token of each item.
// It returns the names and the index after the ')'.
func (s *stmt) nameList(i int) ([]string, int) {
	if !s.isPunct(i, '(') {
		return nil, i
	}
	end := s.closeParen(i)
	var names []string
	for _, p := range s.splitTop(i+1, end) {
		names = append(names, s.name(p[0]))
	}
	return names, end + 1
}

// parenBody returns the text inside the parentheses opened at i and the index after them.
func (s *stmt) parenBody(i int) (string, int) {
	if !s.isPunct(i, '(') {
		return "", i
	}
	end := s.closeParen(i)
	return s.span(i+1, end), end + 1
}

// tableDef is what a CREATE TABLE or CREATE VIRTUAL TABLE statement says beyond the pragmas.
type tableDef struct {
	columns      []columnDef
	pkName       *string // name of a PRIMARY KEY given with CONSTRAINT name
	uniques      []uniqueDef
	checks       []checkDef
	foreignKeys  []foreignKeyDef
	withoutRowID bool
	strict       bool
}

type columnDef struct {
	name          string
	autoIncrement bool
	notNull       bool // NOT NULL declared
	collation     string
	generated     string // the expression of a generated column
}

type uniqueDef struct {
	name    string
	columns []string
}

type checkDef struct {
	name, expression, column string
}

type foreignKeyDef struct {
	name              string
	columns           []string
	refTable          string
	refColumns        []string
	match             string
	deferrable        bool
	initiallyDeferred bool
}

// column returns the definition of the named column, or nil.
func (d *tableDef) column(name string) *columnDef {
	for i := range d.columns {
		if equalFoldASCII(d.columns[i].name, name) {
			return &d.columns[i]
		}
	}
	return nil
}

// parseCreateTable reads a CREATE [VIRTUAL] TABLE statement. buf is reused for the tokens.
func parseCreateTable(sql string, buf []token) (*tableDef, []token) {
	s := stmt{sql: sql, toks: tokenize(sql, buf)}
	d := &tableDef{}
	if s.is(1, "VIRTUAL") {
		return d, s.toks // its columns are the module's business: the pragma reports them
	}
	open := 0
	for open < len(s.toks) && !s.isPunct(open, '(') {
		open++
	}
	end := s.closeParen(open)
	parts := s.splitTop(open+1, end)
	d.columns = make([]columnDef, 0, len(parts))
	for _, p := range parts {
		if s.startsTableConstraint(p[0]) {
			s.tableConstraints(p[0], p[1], d)
		} else if p[0] < p[1] {
			s.columnDefinition(p[0], p[1], d)
		}
	}
	s.tableOptions(end+1, d)
	return d, s.toks
}

// virtualTableColumns reads the column names an FTS3/FTS4 table declares in its arguments:
// every argument but the key=value options (tokenize=porter, content="", …). A column may
// carry a type, which the module ignores; the first word is its name.
func virtualTableColumns(sql string) []string {
	s := stmt{sql: sql, toks: tokenize(sql, nil)}
	open := s.findTop(0, len(s.toks), "USING") + 2
	if !s.isPunct(open, '(') {
		return nil
	}
	var out []string
	for _, p := range s.splitTop(open+1, s.closeParen(open)) {
		if p[0] >= p[1] || p[0]+1 < p[1] && s.isPunct(p[0]+1, '=') {
			continue
		}
		out = append(out, s.name(p[0]))
	}
	return out
}

// virtualTableModule reads the module of CREATE VIRTUAL TABLE name USING module[(args)].
func virtualTableModule(sql string) string {
	s := stmt{sql: sql, toks: tokenize(sql, nil)}
	return s.name(s.findTop(0, len(s.toks), "USING") + 1)
}

// startsTableConstraint: these are reserved words in SQLite, so unquoted they cannot start a
// column definition; a column named "check" must be quoted and then is no keyword token.
func (s *stmt) startsTableConstraint(i int) bool {
	w := s.word(i)
	return equalFoldASCII(w, "CONSTRAINT") || equalFoldASCII(w, "PRIMARY") || equalFoldASCII(w, "UNIQUE") ||
		equalFoldASCII(w, "CHECK") || equalFoldASCII(w, "FOREIGN")
}

// tableOptions reads WITHOUT ROWID and STRICT after the closing parenthesis.
func (s *stmt) tableOptions(i int, d *tableDef) {
	for ; i < len(s.toks); i++ {
		switch {
		case s.is(i, "WITHOUT") && s.is(i+1, "ROWID"):
			d.withoutRowID = true
		case s.is(i, "STRICT"):
			d.strict = true
		}
	}
}

// columnConstraintKeywords start a column constraint and so end the column's type name.
var columnConstraintKeywords = []string{"CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK",
	"DEFAULT", "COLLATE", "REFERENCES", "GENERATED", "AS"}

func (s *stmt) startsColumnConstraint(i int) bool {
	w := s.word(i)
	if w == "" {
		return false
	}
	for _, kw := range columnConstraintKeywords {
		if equalFoldASCII(w, kw) {
			return true
		}
	}
	return false
}

// columnDefinition reads "name [type] [constraint …]" in tokens [i, end).
func (s *stmt) columnDefinition(i, end int, d *tableDef) {
	col := columnDef{name: s.name(i)}
	i++
	for i < end && !s.startsColumnConstraint(i) {
		i = s.next(i) // the type name, e.g. VARCHAR(120); the pragma reports it as written
	}
	// As in SQLite's parser, a CONSTRAINT name holds for every constraint after it up to the
	// end of the column definition, or of the comma-separated table constraint group; SQLite
	// reports CHECK failures under that name.
	var named string
	for i < end {
		w := s.word(i) // each case below tests this one token: take its text once
		switch {
		case equalFoldASCII(w, "CONSTRAINT"):
			named = s.name(i + 1)
			i += 2
		case equalFoldASCII(w, "PRIMARY"):
			d.pkName = namePtr(named)
			i = s.columnPrimaryKey(i+1, end, &col)
		case equalFoldASCII(w, "UNIQUE"):
			d.uniques = append(d.uniques, uniqueDef{name: named, columns: []string{col.name}})
			i++
		case equalFoldASCII(w, "CHECK"):
			var expr string
			expr, i = s.parenBody(i + 1)
			d.checks = append(d.checks, checkDef{name: named, expression: expr, column: col.name})
		case equalFoldASCII(w, "NOT") && s.is(i+1, "NULL"):
			col.notNull = true
			i += 2
		case equalFoldASCII(w, "DEFAULT"):
			i = s.skipDefault(i + 1)
		case equalFoldASCII(w, "COLLATE"):
			col.collation = s.name(i + 1)
			i += 2
		case equalFoldASCII(w, "REFERENCES"):
			fk := foreignKeyDef{name: named, columns: []string{col.name}}
			i = s.references(i+1, end, &fk)
			d.foreignKeys = append(d.foreignKeys, fk)
		case equalFoldASCII(w, "GENERATED") && s.is(i+1, "ALWAYS") && s.is(i+2, "AS"):
			col.generated, i = s.parenBody(i + 3)
		case equalFoldASCII(w, "AS"):
			col.generated, i = s.parenBody(i + 1)
		default:
			i = s.next(i) // NOT NULL, NULL, ON CONFLICT …, STORED, VIRTUAL: the pragmas have them
		}
	}
	d.columns = append(d.columns, col)
}

// columnPrimaryKey reads "KEY [ASC|DESC] [ON CONFLICT x] [AUTOINCREMENT]" after PRIMARY.
func (s *stmt) columnPrimaryKey(i, end int, col *columnDef) int {
	for i < end && !s.startsColumnConstraint(i) {
		if s.is(i, "AUTOINCREMENT") {
			col.autoIncrement = true
		}
		i = s.next(i)
	}
	return i
}

// skipDefault skips a default value: a signed literal, a name, or a parenthesised expression.
func (s *stmt) skipDefault(i int) int {
	if s.isPunct(i, '-') || s.isPunct(i, '+') {
		i++
	}
	return s.next(i)
}

// references reads "tbl [(cols)] [ON DELETE|UPDATE action | MATCH name]… [[NOT] DEFERRABLE
// [INITIALLY DEFERRED|IMMEDIATE]]" after REFERENCES. Actions come from the pragma; the name,
// MATCH and deferrability only from here.
func (s *stmt) references(i, end int, fk *foreignKeyDef) int {
	fk.refTable = s.name(i)
	fk.refColumns, i = s.nameList(i + 1)
	for i < end {
		switch {
		case s.is(i, "ON"):
			i += 2 // ON DELETE|UPDATE
			if s.is(i, "SET") || s.is(i, "NO") {
				i++ // SET NULL, SET DEFAULT, NO ACTION
			}
			i++
		case s.is(i, "MATCH"):
			fk.match = s.name(i + 1)
			i += 2
		case s.is(i, "NOT") && s.is(i+1, "DEFERRABLE"):
			i += 2
			i = s.skipInitially(i)
		case s.is(i, "DEFERRABLE"):
			fk.deferrable = true
			// SQLite defers only DEFERRABLE INITIALLY DEFERRED; plain DEFERRABLE is immediate.
			fk.initiallyDeferred = s.is(i+1, "INITIALLY") && s.is(i+2, "DEFERRED")
			i = s.skipInitially(i + 1)
		default:
			return i
		}
	}
	return i
}

func (s *stmt) skipInitially(i int) int {
	if s.is(i, "INITIALLY") {
		return i + 2
	}
	return i
}

// tableConstraints reads table constraints in tokens [i, end). SQLite lets consecutive table
// constraints go without a comma, so one comma-separated part may hold several.
func (s *stmt) tableConstraints(i, end int, d *tableDef) {
	// A CONSTRAINT name holds up to the next comma, as in columnDefinition.
	var named string
	for i < end {
		switch {
		case s.is(i, "CONSTRAINT"):
			named = s.name(i + 1)
			i += 2
		case s.is(i, "PRIMARY") && s.is(i+1, "KEY"):
			d.pkName = namePtr(named)
			i = s.tablePrimaryKey(i+2, d)
		case s.is(i, "UNIQUE"):
			u := uniqueDef{name: named}
			u.columns, i = s.nameList(i + 1)
			d.uniques = append(d.uniques, u)
		case s.is(i, "CHECK"):
			var expr string
			expr, i = s.parenBody(i + 1)
			d.checks = append(d.checks, checkDef{name: named, expression: expr})
		case s.is(i, "FOREIGN") && s.is(i+1, "KEY"):
			fk := foreignKeyDef{name: named}
			fk.columns, i = s.nameList(i + 2)
			if s.is(i, "REFERENCES") {
				i = s.references(i+1, end, &fk)
			}
			d.foreignKeys = append(d.foreignKeys, fk)
		default:
			i = s.next(i) // ON CONFLICT …
		}
	}
}

// tablePrimaryKey reads "(col [COLLATE x] [ASC|DESC] [AUTOINCREMENT], …)" after PRIMARY KEY:
// SQLite accepts AUTOINCREMENT inside a table-level key of one column.
func (s *stmt) tablePrimaryKey(i int, d *tableDef) int {
	if !s.isPunct(i, '(') {
		return i
	}
	end := s.closeParen(i)
	for _, p := range s.splitTop(i+1, end) {
		if s.findTop(p[0], p[1], "AUTOINCREMENT") < p[1] {
			if col := d.column(s.name(p[0])); col != nil {
				col.autoIncrement = true
			}
		}
	}
	return end + 1
}

func namePtr(name string) *string {
	if name == "" {
		return nil
	}
	return &name
}

// indexDef is what a CREATE INDEX statement says beyond pragma_index_xinfo.
type indexDef struct {
	// parts holds each key part's text without its COLLATE and ASC/DESC: the expression of
	// an expression part.
	parts []string
	where string
}

// parseCreateIndex reads CREATE [UNIQUE] INDEX … ON tbl (parts) [WHERE expr].
func parseCreateIndex(sql string, buf []token) (*indexDef, []token) {
	s := stmt{sql: sql, toks: tokenize(sql, buf)}
	d := &indexDef{}
	open := s.findTop(0, len(s.toks), "ON") + 2
	if !s.isPunct(open, '(') {
		return d, s.toks
	}
	end := s.closeParen(open)
	for _, p := range s.splitTop(open+1, end) {
		d.parts = append(d.parts, s.indexPartExpression(p[0], p[1]))
	}
	if s.is(end+1, "WHERE") {
		d.where = s.span(end+2, len(s.toks))
	}
	return d, s.toks
}

// indexPartExpression drops a trailing ASC/DESC and a trailing COLLATE name from a key part.
func (s *stmt) indexPartExpression(i, end int) string {
	if end > i && (s.is(end-1, "ASC") || s.is(end-1, "DESC")) {
		end--
	}
	if end-2 > i && s.is(end-2, "COLLATE") {
		end -= 2
	}
	return s.span(i, end)
}

// parseViewQuery returns the SELECT of a CREATE VIEW: everything after the first AS outside
// parentheses (a column list "(a, b)" before it is parenthesised).
func parseViewQuery(sql string) string {
	s := stmt{sql: sql, toks: tokenize(sql, nil)}
	as := s.findTop(0, len(s.toks), "AS")
	return s.span(as+1, len(s.toks))
}

// triggerDef is what a CREATE TRIGGER statement says; SQLite has no trigger pragma.
type triggerDef struct {
	timing        string
	event         string
	updateColumns []string
	when          string
}

// parseCreateTrigger reads CREATE [TEMP] TRIGGER [IF NOT EXISTS] name [BEFORE|AFTER|INSTEAD
// OF] DELETE|INSERT|UPDATE [OF cols] ON tbl [FOR EACH ROW] [WHEN expr] BEGIN … END.
func parseCreateTrigger(sql string) *triggerDef {
	s := stmt{sql: sql, toks: tokenize(sql, nil)}
	d := &triggerDef{timing: "BEFORE"} // SQLite's default timing
	i := s.findTop(0, len(s.toks), "TRIGGER") + 1
	_, i = s.qualifiedName(s.skipIfNotExists(i))
	switch {
	case s.is(i, "BEFORE"), s.is(i, "AFTER"):
		d.timing = foldUpperASCII(s.text(i))
		i++
	case s.is(i, "INSTEAD") && s.is(i+1, "OF"):
		d.timing = "INSTEAD OF"
		i += 2
	}
	if i < len(s.toks) {
		d.event = foldUpperASCII(s.text(i))
	}
	i++
	if d.event == "UPDATE" && s.is(i, "OF") {
		for i++; i < len(s.toks); i += 2 {
			d.updateColumns = append(d.updateColumns, s.name(i))
			if !s.isPunct(i+1, ',') {
				break
			}
		}
	}
	// Search for WHEN only before BEGIN: the body may hold CASE WHEN.
	begin := s.findTop(i, len(s.toks), "BEGIN")
	if when := s.findTop(i, begin, "WHEN"); when < begin {
		d.when = s.span(when+1, begin)
	}
	return d
}

func foldUpperASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - ('a' - 'A')
		}
	}
	return string(b)
}

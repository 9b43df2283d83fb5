package migrate

import (
	"container/heap"
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/dbinspect/dbinspect/schema"
	"github.com/dbinspect/dbinspect/sqltext"
)

// Dependency order between PostgreSQL routines and domains. A function with an SQL-standard
// body (RETURN …, BEGIN ATOMIC … END) is parsed when it is created, whatever
// check_function_bodies says, so the functions it calls must exist first; a domain whose CHECK
// calls a function needs the function. The server prints such bodies and checks with every
// name qualified (the inspector reads with search_path = pg_catalog), so a created object
// depends on another of the plan when its text names it: schema.name( for a routine,
// schema.name for a domain. Created objects are ordered so, and dropped the other way round.
// A cycle (which PostgreSQL cannot create either) keeps the planner's order.

var (
	createdRoutineRe = regexp.MustCompile(`^CREATE (?:OR REPLACE )?(?:FUNCTION|PROCEDURE) ([^(]+)\(`)
	createdDomainRe  = regexp.MustCompile(`^CREATE DOMAIN (\S+) `)
	droppedRe        = regexp.MustCompile(`^DROP (FUNCTION|PROCEDURE|DOMAIN|TYPE) ([^(\s]+)`)
)

// provided is what a statement creates: the unquoted qualified name, and whether it is a
// routine (named with its arguments after it).
type provided struct {
	name    string
	routine bool
}

func createdBy(sql string) (provided, bool) {
	if m := createdRoutineRe.FindStringSubmatch(sql); m != nil {
		return provided{unquoteName(m[1]), true}, true
	}
	if m := createdDomainRe.FindStringSubmatch(sql); m != nil {
		return provided{unquoteName(m[1]), false}, true
	}
	return provided{}, false
}

func isIdentByte(b byte) bool {
	return b == '_' || b == '$' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= 0x80
}

// orderRoutines puts the routines and domains the plan creates after what their texts name,
// moving a domain whose CHECK calls a routine of the plan into the routines' phase; and drops
// routines and domains before what they name.
func (p *planner) orderRoutines() {
	var routines nameSet
	for _, s := range p.steps[phFunctions] {
		if o, ok := createdBy(s.SQL); ok && o.routine {
			routines.add(o, 0)
		}
	}
	var keep []Step
	for _, s := range p.steps[phTypes] {
		if o, ok := createdBy(s.SQL); ok && !o.routine && routines.namedIn(unquoteName(s.SQL)) {
			s.phase = phFunctions
			p.steps[phFunctions] = append(p.steps[phFunctions], s)
			continue
		}
		keep = append(keep, s)
	}
	p.steps[phTypes] = keep
	for _, ph := range []phase{phFunctions, phLateFunctions} {
		p.steps[ph] = sortByReferences(p.steps[ph], func(s Step) (provided, string, bool) {
			o, ok := createdBy(s.SQL)
			return o, unquoteName(s.SQL), ok
		}, false)
	}
	p.dropCallersEarly()
	p.steps[phDropKeys] = sortByReferences(p.steps[phDropKeys], p.droppedObject, true)
	p.steps[phDropLate] = sortByReferences(p.steps[phDropLate], p.droppedObject, true)
}

// dropCallersEarly moves the drops of routines that call a routine dropped before the tables
// (namesDroppedTable), directly or through others, there too: an SQL-standard body records
// the routines it calls, so the callee's DROP fails while a caller dropped at the end
// remains. Each late routine's text is scanned once against a set of the late routines' and
// the early ones' names.
func (p *planner) dropCallersEarly() {
	var names nameSet
	const early = -1
	for _, s := range p.steps[phDropKeys] {
		if o, _, ok := p.droppedObject(s); ok && o.routine {
			names.add(o, early)
		}
	}
	if len(names.lengths) == 0 {
		return
	}
	late := p.steps[phDropLate]
	objs := make([]provided, len(late))
	texts := make([]string, len(late))
	for i, s := range late {
		if o, text, ok := p.droppedObject(s); ok && o.routine {
			objs[i], texts[i] = o, text
			names.add(o, i)
		}
	}
	move := make([]bool, len(late))
	var queue []int
	calledBy := make([][]int, len(late)) // calledBy[j]: the late routines whose text names j
	for i := range late {
		if objs[i].name == "" {
			continue
		}
		names.each(texts[i], func(j int) bool {
			switch {
			case j == early && !move[i]:
				move[i] = true
				queue = append(queue, i)
			case j >= 0 && j != i && objs[j].name != objs[i].name:
				calledBy[j] = append(calledBy[j], i)
			}
			return true
		})
	}
	for len(queue) > 0 {
		j := queue[0]
		queue = queue[1:]
		for _, i := range calledBy[j] {
			if !move[i] {
				move[i] = true
				queue = append(queue, i)
			}
		}
	}
	var keep []Step
	for i, s := range late {
		if move[i] {
			s.phase = phDropKeys
			p.steps[phDropKeys] = append(p.steps[phDropKeys], s)
			continue
		}
		keep = append(keep, s)
	}
	p.steps[phDropLate] = keep
}

// droppedObject is what a DROP statement of phDropLate removes, with FROM's text of it.
func (p *planner) droppedObject(s Step) (provided, string, bool) {
	m := droppedRe.FindStringSubmatch(s.SQL)
	if m == nil {
		return provided{}, "", false
	}
	o := provided{unquoteName(m[2]), m[1] == "FUNCTION" || m[1] == "PROCEDURE"}
	schemaName, name, _ := strings.Cut(o.name, ".")
	return o, p.fromRoutineText(schemaName, name), true
}

// fromRoutineText is the unquoted text of FROM's routines and domains named schema.name (the
// routines' definitions, then the domains' checks), from an index of them built once (a scan
// of the schema's routines per DROP was drops × routines).
func (p *planner) fromRoutineText(schemaName, name string) string {
	if p.fromRoutineTexts == nil {
		parts := map[[2]string][]string{}
		var keys [][2]string
		addPart := func(k [2]string, text string) {
			if _, ok := parts[k]; !ok {
				keys = append(keys, k)
			}
			parts[k] = append(parts[k], text)
		}
		for _, sc := range p.from.Schemas {
			for _, f := range sc.Functions {
				addPart([2]string{sc.Name, f.Name}, f.Definition)
			}
		}
		for _, sc := range p.from.Schemas {
			for _, d := range sc.Domains {
				for _, c := range d.Checks {
					addPart([2]string{sc.Name, d.Name}, c.Expression)
				}
			}
		}
		p.fromRoutineTexts = make(map[[2]string]string, len(keys))
		for _, k := range keys {
			p.fromRoutineTexts[k] = unquoteName(strings.Join(parts[k], "\n"))
		}
	}
	return p.fromRoutineTexts[[2]string{schemaName, name}]
}

// sortByReferences orders steps so that each comes after the steps whose object its text
// names (before them with reverse, for drops), keeping the given order otherwise. Steps that
// create nothing, and the members of a cycle, keep their place in the order. Each text is
// scanned once against a set of the steps' names, and the earliest ready step is taken from
// a heap, so the cost grows with the texts, not with steps × steps.
func sortByReferences(steps []Step, read func(Step) (provided, string, bool), reverse bool) []Step {
	n := len(steps)
	if n < 2 {
		return steps
	}
	objs := make([]provided, n)
	texts := make([]string, n)
	known := make([]bool, n)
	var names nameSet
	for i, s := range steps {
		objs[i], texts[i], known[i] = read(s)
		if known[i] {
			names.add(objs[i], i)
		}
	}
	// waits[i] counts the steps that must come before step i; freed[j] the steps waiting for j.
	waits := make([]int, n)
	freed := make([][]int, n)
	seen := make([]int, n) // seen[j] == i+1: text i's edge to j is recorded
	for i := range steps {
		if !known[i] {
			continue
		}
		names.each(texts[i], func(j int) bool {
			if i == j || objs[i].name == objs[j].name || seen[j] == i+1 {
				return true
			}
			seen[j] = i + 1
			first, then := j, i
			if reverse { // i names j: drop i first
				first, then = i, j
			}
			waits[then]++
			freed[first] = append(freed[first], then)
			return true
		})
	}
	ready := &indexHeap{}
	for i := range steps {
		if waits[i] == 0 {
			heap.Push(ready, i)
		}
	}
	done := make([]bool, n)
	out := make([]Step, 0, n)
	for ready.Len() > 0 { // the earliest ready step goes next
		i := heap.Pop(ready).(int)
		done[i] = true
		out = append(out, steps[i])
		for _, k := range freed[i] {
			if waits[k]--; waits[k] == 0 {
				heap.Push(ready, k)
			}
		}
	}
	for i := range steps { // a cycle: the rest in the planner's order
		if !done[i] {
			out = append(out, steps[i])
		}
	}
	return out
}

// indexHeap is a min-heap of step indexes (container/heap).
type indexHeap []int

func (h indexHeap) Len() int           { return len(h) }
func (h indexHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h indexHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *indexHeap) Push(x any)        { *h = append(*h, x.(int)) }
func (h *indexHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// nameSet is a set of objects' names (unquoted, qualified), each standing for values, found
// in a text in one scan: a text names an object where its name stands not preceded by an
// identifier byte or a dot, followed by '(' for a routine and by no identifier byte otherwise. A name may hold
// any byte (spaces, dots), so at each place one can start the text is looked up once per
// distinct name length, at most 127 for PostgreSQL's 63-byte names.
type nameSet struct {
	routines, others map[string][]int
	lengths          []int // the distinct lengths of the names, ascending
	starts           [256]bool
}

func (s *nameSet) add(o provided, v int) {
	if o.name == "" {
		return
	}
	if s.routines == nil {
		s.routines, s.others = map[string][]int{}, map[string][]int{}
	}
	m := s.others
	if o.routine {
		m = s.routines
	}
	m[o.name] = append(m[o.name], v)
	s.starts[o.name[0]] = true
	if i, found := slices.BinarySearch(s.lengths, len(o.name)); !found {
		s.lengths = slices.Insert(s.lengths, i, len(o.name))
	}
}

// each calls yield with the values of every name text names, once per mention, until it
// returns false.
func (s *nameSet) each(text string, yield func(v int) bool) {
	if len(s.lengths) == 0 {
		return
	}
	planWork.nameScans.Add(1)
	lookups := 0
	defer func() { planWork.nameLookups.Add(int64(lookups)) }()
	for i := 0; i < len(text); i++ {
		if !s.starts[text[i]] || i > 0 && (isIdentByte(text[i-1]) || text[i-1] == '.') {
			continue
		}
		for _, l := range s.lengths {
			end := i + l
			if end > len(text) {
				break
			}
			after := byte(' ')
			if end < len(text) {
				after = text[end]
			}
			if isIdentByte(after) {
				continue
			}
			name := text[i:end]
			lookups++
			vs := s.others[name]
			if after == '(' { // a routine's name, or any other's before a parenthesis
				lookups++
				vs = append(slices.Clip(vs), s.routines[name]...)
			}
			for _, v := range vs {
				if !yield(v) {
					return
				}
			}
		}
	}
}

// namedIn reports whether text names one of the set.
func (s *nameSet) namedIn(text string) bool {
	found := false
	s.each(text, func(int) bool { found = true; return false })
	return found
}

// namesDroppedTable reports a routine of FROM that depends on a table the plan drops: its
// signature names the table's row type, or its SQL-standard body (which records its
// dependencies) reads it. DROP TABLE would fail while the routine exists. The words of the
// signature and one scan of the text are looked up in sets of the dropped tables built once
// (a text search per dropped table was routines × tables).
func (p *planner) namesDroppedTable(schemaName string, fn *schema.Function) bool {
	if !p.r.routineDependencies {
		return false
	}
	if p.droppedTables == nil {
		p.droppedTables = map[[2]string]bool{}
		for _, w := range p.order {
			if w.dropped() && w.from != nil {
				p.droppedTables[[2]string{w.schema, w.name}] = true
				// As the text is searched: quotes taken out (a doubled one too).
				p.droppedTableNames.add(provided{name: unquoteName(w.schema) + "." + unquoteName(w.name)}, 0)
			}
		}
	}
	for _, w := range wordRe.FindAllString(fn.Returns+" "+fn.Arguments, -1) {
		if p.droppedTables[[2]string{schemaName, w}] {
			return true
		}
	}
	return p.droppedTableNames.namedIn(unquoteName(fn.Definition))
}

// bodyReadsTable reports a routine of TO whose SQL-standard body (parsed when it is created)
// names a table or view of TO: it is created after the tables. The body's qualified names are
// read in one scan and looked up in a set of TO's relations built once (a text search of the
// body per table was routines × tables).
func (p *planner) bodyReadsTable(fn *schema.Function) bool {
	if !p.r.routineDependencies || !strings.Contains(fn.Definition, "\nRETURN ") && !strings.Contains(fn.Definition, "\nBEGIN ATOMIC") {
		return false
	}
	if p.targetRelations == nil {
		p.targetRelations = map[[2]string]bool{}
		for _, sc := range p.target.Schemas {
			for _, t := range sc.Tables {
				p.targetRelations[[2]string{sc.Name, t.Name}] = true
			}
			for _, v := range sc.Views {
				p.targetRelations[[2]string{sc.Name, v.Name}] = true
			}
		}
	}
	planWork.bodyScans.Add(1)
	found := false
	qualifiedNames(fn.Definition, func(schemaName, name string) bool {
		found = p.targetRelations[[2]string{schemaName, name}]
		return !found
	})
	return found
}

// planWork counts work a plan's cost grows with, for the tests that keep it linear.
var planWork struct {
	bodyScans atomic.Int64
	// nameScans are the scans of a text for a nameSet's names, nameLookups the lookups in the
	// set they made.
	nameScans, nameLookups atomic.Int64
	// fkTargetSets are the sets of what foreign keys reference built for fkNeedsIndex.
	fkTargetSets atomic.Int64
}

// qualifiedNames calls yield with the first two parts of each dotted name in text (s.t of
// s.t.col; bare or double-quoted parts, quotes undone) until it returns false. String
// literals are skipped; the server prints a parsed body with every name qualified.
func qualifiedNames(text string, yield func(schemaName, name string) bool) {
	var prev []string // the dotted name being read
	flush := func() bool {
		ok := len(prev) < 2 || yield(prev[0], prev[1])
		prev = prev[:0]
		return ok
	}
	for i := 0; i < len(text); {
		c := text[i]
		var part string
		switch {
		case c == '\'':
			backslashes := i > 0 && (text[i-1] == 'E' || text[i-1] == 'e')
			i = sqltext.QuotedEnd(text, i, backslashes)
			if !flush() {
				return
			}
			continue
		case c == '"':
			end := sqltext.QuotedEnd(text, i, false)
			part = strings.ReplaceAll(text[i+1:max(end-1, i+1)], `""`, `"`)
			i = end
		case isIdentByte(c) && !sqltext.IsDigit(c):
			j := i + 1
			for j < len(text) && isIdentByte(text[j]) {
				j++
			}
			part, i = text[i:j], j
		default:
			if !flush() {
				return
			}
			i++
			for sqltext.IsDigit(c) && i < len(text) && isIdentByte(text[i]) { // a number: 1e5
				i++
			}
			continue
		}
		prev = append(prev, part)
		if i < len(text) && text[i] == '.' {
			i++ // the name goes on
			continue
		}
		if !flush() {
			return
		}
	}
	flush()
}

// isEnum reports whether typ, a column type of a table in schema schemaName of db, is an
// enum of db (unqualified: of that schema).
func (p *planner) isEnum(db *schema.Database, schemaName, typ string) bool {
	typ = strings.TrimSpace(typ)
	if strings.HasSuffix(typ, "[]") {
		return false
	}
	sc, name := schemaName, unquoteName(typ)
	if s, n, ok := strings.Cut(name, "."); ok {
		sc, name = s, n
	}
	s := db.Schema(sc)
	return s != nil && slices.ContainsFunc(s.Enums, func(e schema.Enum) bool { return e.Name == name })
}

// usingFor returns the conversion Options.Using gives for a column of w.
func (p *planner) usingFor(w *tableWork, column string) (string, bool) {
	for _, k := range []string{p.toSchemaName(w.schema) + "." + w.newName + "." + column, w.schema + "." + w.newName + "." + column, w.newName + "." + column} {
		if e, ok := p.opts.Using[k]; ok {
			return e, true
		}
	}
	return "", false
}

// castFamilies are PostgreSQL type families, for telling a type change that no cast makes
// (bigint → timestamp) from one ALTER COLUMN … TYPE … USING col::type can make. Text types
// convert to and from anything (I/O conversion); a type outside these families is assumed
// castable, and the server has the last word.
var castFamilies = []struct {
	name string
	re   *regexp.Regexp
}{
	{"text", regexp.MustCompile(`^(text|character varying|varchar|character|char|bpchar|citext|name)\b`)},
	{"integer", regexp.MustCompile(`^(smallint|integer|int[248]?)$`)},
	{"number", regexp.MustCompile(`^(bigint|numeric|decimal|real|double precision|float[48]?|money)\b`)},
	{"datetime", regexp.MustCompile(`^(timestamp|date)\b`)},
	{"time", regexp.MustCompile(`^time\b`)},
	{"interval", regexp.MustCompile(`^interval\b`)},
	{"boolean", regexp.MustCompile(`^(boolean|bool)$`)},
	{"json", regexp.MustCompile(`^(json|jsonb)$`)},
	{"bit", regexp.MustCompile(`^(bit|bit varying|varbit)\b`)},
	{"uuid", regexp.MustCompile(`^uuid$`)},
	{"network", regexp.MustCompile(`^(inet|cidr|macaddr8?)$`)},
	{"bytea", regexp.MustCompile(`^bytea$`)},
}

// castsAcross are the casts between families that exist: integer and number both ways,
// integer ↔ boolean (int4 only: int2 and int8 have none, left to the server), timestamp →
// time, interval → time, integer → bit.
var castsAcross = map[[2]string]bool{
	{"integer", "number"}: true, {"number", "integer"}: true,
	{"integer", "boolean"}: true, {"boolean", "integer"}: true,
	{"datetime", "time"}: true, {"interval", "time"}: true, {"time", "interval"}: true,
	{"integer", "bit"}: true, {"bit", "integer"}: true,
}

func castFamily(typ string) string {
	typ = strings.ToLower(strings.TrimSpace(typ))
	if strings.HasSuffix(typ, "[]") {
		return ""
	}
	for _, f := range castFamilies {
		if f.re.MatchString(typ) {
			return f.name
		}
	}
	return ""
}

// noCast reports a type change between two known families with no cast between them.
func noCast(from, to string) bool {
	f, t := castFamily(from), castFamily(to)
	if f == "" || t == "" || f == t || f == "text" || t == "text" {
		return false
	}
	return !castsAcross[[2]string{f, t}]
}

// renameGeneratedNames renames, with a renamed PostgreSQL table, the constraints and indexes
// named after its old name (users_pkey, users_email_key, users_email_idx) that TO names after
// the new one (people_pkey, …): diff takes generated names of both sides as the same, but the
// server keeps the old names, which a fresh build of TO would not have.
func (p *planner) renameGeneratedNames(w *tableWork) {
	if w.from == nil || w.to == nil || w.name == w.newName {
		return
	}
	changed := map[string]bool{}
	for _, c := range w.changes {
		changed[c.Name], changed[c.NewName] = true, true
	}
	toNames := constraintNames(w.to)
	fromNames := constraintNames(w.from)
	names := slices.Sorted(maps.Keys(fromNames)) // a stable plan
	for _, name := range names {
		isIndex := fromNames[name]
		if changed[name] || !strings.HasPrefix(name, w.name+"_") {
			continue
		}
		renamed := truncateIdent(w.newName + strings.TrimPrefix(name, w.name))
		if toIsIndex, ok := toNames[renamed]; !ok || toIsIndex != isIndex || changed[renamed] {
			continue
		}
		if _, clash := fromNames[renamed]; clash {
			continue
		}
		if isIndex {
			p.add(phRenames, w.label(), "ALTER INDEX "+p.qq(w.schema, name)+" RENAME TO "+p.q(renamed))
		} else {
			p.add(phRenames, w.label(), "ALTER TABLE "+w.tableName(p)+" RENAME CONSTRAINT "+p.q(name)+" TO "+p.q(renamed))
		}
	}
}

// constraintNames maps the names of a table's constraints (false) and plain indexes (true).
func constraintNames(t *schema.Table) map[string]bool {
	out := map[string]bool{}
	if t.PrimaryKey != nil && t.PrimaryKey.Name != nil {
		out[*t.PrimaryKey.Name] = false
	}
	for _, u := range t.Uniques {
		out[u.Name] = false
	}
	for _, c := range t.Checks {
		out[c.Name] = false
	}
	for _, fk := range t.ForeignKeys {
		out[fk.Name] = false
	}
	if t.Postgres != nil {
		for _, x := range t.Postgres.Exclusions {
			out[x.Name] = false
		}
	}
	for _, x := range t.Indexes {
		if x.Constraint == "" {
			out[x.Name] = true
		}
	}
	return out
}

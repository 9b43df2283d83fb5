package inspector

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

// ReadPostgres reads the PostgreSQL catalog into the model. It expects to run inside the one
// REPEATABLE READ READ ONLY transaction Live opens, and sends a fixed number of statements
// (pgStatements), whatever the number of objects: one per kind of object, each covering every
// inspected schema, with the rows joined to their tables in Go by OID.
//
// What the role may not read is skipped with a note in Database.Notes, as are features the
// server's version lacks; neither is an error.
func ReadPostgres(ctx context.Context, q Queryer, o Options) (*schema.Database, error) {
	r := &pgReader{q: q, db: &schema.Database{Dialect: schema.Postgres}}
	if err := r.readSettings(ctx); err != nil {
		return nil, err
	}
	if !r.srv.can("pg_namespace") || !r.srv.can("pg_class") {
		r.note("cannot read pg_catalog.pg_namespace or pg_class: no schema could be inspected")
		r.markUnread("tables and views")
		return r.db, nil
	}
	if err := r.readSchemas(ctx, o.Schemas, o.Choose); err != nil {
		return nil, err
	}
	for _, step := range r.steps() {
		if missing := r.srv.missing(step.needs); len(missing) > 0 {
			r.note(fmt.Sprintf("%s not read: no SELECT privilege on %s", step.what, strings.Join(missing, ", ")))
			r.markUnread(step.what)
			continue
		}
		if err := r.query(ctx, step.query, step.scan); err != nil {
			return nil, fmt.Errorf("read %s: %w", step.what, err)
		}
	}
	r.dropScratch()
	r.assemble()
	return r.db, nil
}

// dropScratch lets the collector have the lookups only the steps use (60,000 columns by
// number at 5,000 tables) before assemble copies the model, whose peak they would add to.
func (r *pgReader) dropScratch() {
	r.attrs, r.identities, r.opclasses, r.collations = nil, nil, nil, nil
	r.catalogCollations, r.keywords, r.columnRow, r.indexRow = nil, nil, nil, nil
}

// pgStatements is the number of statements ReadPostgres sends: settings, schemas and one per
// step. Tests assert it.
const pgStatements = 14

// pgServer is what the queries depend on: the server's version and the catalogs the role may
// not read.
type pgServer struct {
	version    int // server_version_num, e.g. 150020
	unreadable map[string]bool
	// aclDefaults are what a NULL ACL means, per kind of object.
	aclDefaults map[aclKind]aclDefault
}

func (s *pgServer) can(catalog string) bool { return !s.unreadable[catalog] }

func (s *pgServer) hasSequenceCatalog() bool { return s.version >= 100000 && s.can("pg_sequence") }

// missing returns the catalogs among needs the role may not read.
func (s *pgServer) missing(needs []string) []string {
	var out []string
	for _, c := range needs {
		if !s.can(c) {
			out = append(out, "pg_catalog."+c)
		}
	}
	return out
}

// pgReader gathers the catalog rows of one inspection. Objects are kept behind pointers in
// maps keyed by OID while the readers run, and copied into the model's slices by assemble.
type pgReader struct {
	q     Queryer
	db    *schema.Database
	srv   pgServer
	noted map[string]bool

	schemaOIDs []uint32
	nsps       string // the schema OIDs as an SQL array literal
	schemas    map[uint32]*pgSchema
	rels       map[uint32]*pgRel
	composites map[uint32]*schema.CompositeType // by the type's pg_class OID (typrelid)
	compNsp    map[uint32]uint32                // composite typrelid -> schema OID
	identities map[relAttr]*schema.Identity     // identity column -> options of its sequence
	attrs      map[attKey]pgAttr                // every column of the inspected schemas
	opclasses  map[uint32]string                // non-default operator classes by OID
	collations map[uint32]string                // collations by OID
	// catalogCollations are the collations of pg_catalog, named unqualified.
	catalogCollations map[uint32]bool
	// keywords are those quote_ident quotes; quoteAll is quote_all_identifiers.
	keywords  map[string]bool
	quoteAll  bool
	colGrants map[uint32]*columnGrants // column privileges by relation OID
	columnRow *pgColumnRow             // scanColumns' row buffer
	indexRow  *pgIndexRow              // scanIndexes' row buffer
}

// attKey names a column by relation OID and attribute number, as constraints, indexes and
// triggers refer to columns.
type attKey struct {
	rel uint32
	num int16
}

type pgAttr struct {
	name      string
	collation uint32
}

// pgSchema collects one schema's objects before they are copied into schema.Schema.
type pgSchema struct {
	model  schema.Schema
	quoted string // quote_ident(nspname), the prefix format_type puts on the schema's types
	tables []*schema.Table
	views  []*schema.View
	comps  []*schema.CompositeType
}

// pgRel is a table or view being built; exactly one of table and view is set.
type pgRel struct {
	nsp   uint32
	table *schema.Table
	view  *schema.View
}

// relAttr names a column by relation OID and name.
type relAttr struct {
	rel  uint32
	name string
}

// pgStep is one bulk catalog query and what to do with each of its rows.
type pgStep struct {
	what  string
	needs []string // catalogs the query reads; the step is skipped with a note without them
	query string
	scan  func(*sql.Rows) error
}

// steps are the queries after the schema list, in the order their results depend on each
// other: names of operator classes and collations first, relations before everything attached
// to them, types before columns (composite attributes), sequences before columns (identity
// options), columns before constraints, indexes and triggers (column names by number).
func (r *pgReader) steps() []pgStep {
	s, nsps := &r.srv, r.nsps
	return []pgStep{
		{"operator classes and collations", nil, s.lookupsQuery(nsps), r.scanLookups},
		{"extensions", []string{"pg_extension"}, extensionsQuery(), r.scanExtensions},
		{"tables and views", []string{"pg_class"}, s.relationsQuery(nsps), r.scanRelations},
		{"inheritance and partition parents", []string{"pg_inherits"}, inheritsQuery(nsps), r.scanInherits},
		{"enums, domains and composite types", []string{"pg_type"}, s.typesQuery(nsps), r.scanTypes},
		{"sequences", []string{"pg_class"}, s.sequencesQuery(nsps), r.scanSequences},
		{"columns", []string{"pg_attribute", "pg_type"}, s.columnsQuery(nsps), r.scanColumns},
		{"constraints", []string{"pg_constraint", "pg_attribute"}, s.constraintsQuery(nsps), r.scanConstraints},
		{"indexes", []string{"pg_index", "pg_am", "pg_attribute"}, s.indexesQuery(nsps), r.scanIndexes},
		{"triggers", []string{"pg_trigger", "pg_attribute"}, s.triggersQuery(nsps), r.scanTriggers},
		{"functions and procedures", []string{"pg_proc"}, s.functionsQuery(nsps), r.scanFunctions},
		{"policies, rules and default privileges", nil, s.policiesQuery(nsps), r.scanPolicies},
	}
}

// note adds a line to Database.Notes once.
func (r *pgReader) note(s string) {
	if r.noted == nil {
		r.noted = map[string]bool{}
	}
	if !r.noted[s] {
		r.noted[s] = true
		r.db.Notes = append(r.db.Notes, s)
	}
}

// query runs one catalog statement and hands each row to scan.
func (r *pgReader) query(ctx context.Context, query string, scan func(*sql.Rows) error) error {
	return eachRow(ctx, r.q, query, scan)
}

func (r *pgReader) readSettings(ctx context.Context) error {
	var ignored, version, unreadable, aclDefaults string
	err := r.query(ctx, settingsQuery(), func(rows *sql.Rows) error {
		return scanPG(rows, &ignored, &r.srv.version, &version, &unreadable, &aclDefaults)
	})
	if err != nil {
		return fmt.Errorf("read server settings: %w", err)
	}
	// "15.20 (Debian 15.20-0+deb12u1)" -> "15.20": the packager's suffix is not the version.
	r.db.ServerVersion, _, _ = strings.Cut(version, " ")
	var denied []string
	if err := json.Unmarshal([]byte(unreadable), &denied); err != nil {
		return fmt.Errorf("read server settings: %w", err)
	}
	r.srv.unreadable = map[string]bool{}
	for _, c := range denied {
		r.srv.unreadable[c] = true
	}
	if r.srv.aclDefaults, err = parseACLDefaults(aclDefaults); err != nil {
		return fmt.Errorf("read server settings: %w", err)
	}
	r.noteVersionGaps()
	return nil
}

// noteVersionGaps says which features this server's version cannot report.
func (r *pgReader) noteVersionGaps() {
	v := r.srv.version
	if v < 100000 {
		r.note("PostgreSQL before 10: no identity columns, partitions or pg_sequence; sequence options are not read")
	}
	if v < 110000 {
		r.note("PostgreSQL before 11: no procedures or INCLUDE columns")
	}
	if v < 120000 {
		r.note("PostgreSQL before 12: no generated columns")
	}
	if v < 150000 {
		r.note("PostgreSQL before 15: no NULLS NOT DISTINCT or ON DELETE SET NULL (columns)")
	}
	if v >= 100000 && !r.srv.can("pg_sequence") {
		r.note("sequence options not read: no SELECT privilege on pg_catalog.pg_sequence")
	}
	if !r.srv.can("pg_description") {
		r.note("comments not read: no SELECT privilege on pg_catalog.pg_description")
	}
	if !r.srv.can("pg_depend") {
		r.note("objects of extensions are not told apart and identity and OWNED BY sequences are not linked: no SELECT privilege on pg_catalog.pg_depend")
	}
	for _, c := range []string{"pg_attrdef", "pg_collation", "pg_enum", "pg_opclass", "pg_language", "pg_tablespace"} {
		if !r.srv.can(c) {
			r.note("some details not read: no SELECT privilege on pg_catalog." + c)
		}
	}
	r.noteUnreadPolicies()
	r.markUnreadCatalogs()
}

func (r *pgReader) readSchemas(ctx context.Context, names []string, choose func([]string) []string) error {
	r.schemas = map[uint32]*pgSchema{}
	r.rels = map[uint32]*pgRel{}
	r.composites = map[uint32]*schema.CompositeType{}
	r.compNsp = map[uint32]uint32{}
	r.identities = map[relAttr]*schema.Identity{}
	r.opclasses = map[uint32]string{}
	r.collations = map[uint32]string{}
	r.catalogCollations = map[uint32]bool{}
	r.keywords = map[string]bool{}
	if choose != nil {
		names = nil // list them all, then keep the chosen ones
	}
	found := map[string]bool{}
	err := r.query(ctx, r.srv.schemasQuery(names), func(rows *sql.Rows) error {
		var oid uint32
		var acl *string
		s := &pgSchema{}
		if err := scanPG(rows, &oid, &s.model.Name, &s.quoted, &s.model.Comment, &s.model.Owner, &acl); err != nil {
			return err
		}
		access, err := r.access('n', s.model.Owner, acl)
		if err != nil {
			r.skipped("privileges of schema", s.model.Name, err)
		}
		s.model.Access = access
		r.schemas[oid] = s
		r.schemaOIDs = append(r.schemaOIDs, oid)
		found[s.model.Name] = true
		return nil
	})
	if err != nil {
		return fmt.Errorf("read schemas: %w", err)
	}
	if choose != nil {
		r.keepChosen(choose)
	}
	for _, n := range names {
		if !found[n] {
			r.note(fmt.Sprintf("schema %q does not exist", n))
		}
	}
	slices.Sort(r.schemaOIDs)
	r.nsps = oidArray(r.schemaOIDs)
	return nil
}

// keepChosen keeps the schemas Options.Choose picks from all those listed.
func (r *pgReader) keepChosen(choose func([]string) []string) {
	all := make([]string, 0, len(r.schemaOIDs))
	byName := make(map[string]uint32, len(r.schemaOIDs))
	for _, oid := range r.schemaOIDs {
		all = append(all, r.schemas[oid].model.Name)
		byName[r.schemas[oid].model.Name] = oid
	}
	slices.Sort(all)
	chosen := map[uint32]bool{}
	for _, n := range choose(all) {
		if oid, ok := byName[n]; ok {
			chosen[oid] = true
		}
	}
	r.schemaOIDs = slices.DeleteFunc(r.schemaOIDs, func(oid uint32) bool { return !chosen[oid] })
	maps.DeleteFunc(r.schemas, func(oid uint32, _ *pgSchema) bool { return !chosen[oid] })
}

// assemble copies the collected objects into the model, schema by schema.
func (r *pgReader) assemble() {
	for oid, cg := range r.colGrants {
		switch rel := r.rels[oid]; {
		case rel == nil:
		case rel.table != nil:
			rel.table.Grants = append(rel.table.Grants, cg.grants()...)
		default:
			rel.view.Grants = append(rel.view.Grants, cg.grants()...)
		}
	}
	for _, oid := range r.schemaOIDs {
		s := r.schemas[oid]
		if len(s.tables) > 0 { // one allocation, not a doubling series of 20,000-table copies
			s.model.Tables = make([]schema.Table, 0, len(s.tables))
		}
		for _, t := range s.tables {
			if len(t.Columns) == 0 {
				t.Columns = nil // only dropped attributes: as if never sized (columnsFor)
			}
			s.model.Tables = append(s.model.Tables, *t)
		}
		for _, v := range s.views {
			if len(v.Columns) == 0 {
				v.Columns = nil
			}
			s.model.Views = append(s.model.Views, *v)
		}
		for _, c := range s.comps {
			s.model.CompositeTypes = append(s.model.CompositeTypes, *c)
		}
		r.db.Schemas = append(r.db.Schemas, s.model)
	}
}

// localType drops the schema qualifier format_type puts on a type that lives in the column's
// own schema: the model qualifies only types from other schemas (search_path is pg_catalog,
// so format_type qualifies every type outside pg_catalog).
func (r *pgReader) localType(typ string, typNsp, ownNsp uint32) string {
	if typNsp != ownNsp {
		return typ
	}
	if s := r.schemas[ownNsp]; s != nil {
		if rest, ok := strings.CutPrefix(typ, s.quoted+"."); ok {
			return rest
		}
	}
	return typ
}

// collation names collation coll when it differs from dflt, the default of the column's type.
func (r *pgReader) collation(coll, dflt uint32) string {
	if coll == 0 || coll == dflt {
		return ""
	}
	return r.collations[coll]
}

// attNames names the columns of relation rel given as attribute numbers in catalog text form
// ("{1,2}" for arrays, "1 2" for int2vector).
func (r *pgReader) attNames(rel uint32, nums string) ([]string, error) {
	ints, err := parseOIDs(nums)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, n := range ints {
		a, ok := r.attrs[attKey{rel, int16(n)}]
		if !ok {
			return nil, fmt.Errorf("relation %d has no column %d", rel, n)
		}
		names = append(names, a.name)
	}
	return names, nil
}

package inspector

// The row readers of the PostgreSQL inspector: each runs one query of postgres_queries.go and
// attaches its rows to the objects collected so far, looked up by OID in maps.

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

func (r *pgReader) scanLookups(rows *sql.Rows) error {
	var (
		kind, name                 string
		oid                        uint32
		nsp                        *uint32
		collName, provider, locale *string
		lcCollate, lcCtype, rules  *string
		deterministic              *bool
		comment                    *string
	)
	if err := scanPG(rows, &kind, &oid, &name, &nsp, &collName, &provider, &locale, &lcCollate, &lcCtype,
		&deterministic, &rules, &comment); err != nil {
		return err
	}
	switch kind {
	case "o":
		r.opclasses[oid] = name
		return nil
	case "k":
		r.keywords[name] = true
		return nil
	case "q":
		r.quoteAll = true
		return nil
	case "t":
		if err := r.textSearchConfig(nsp, collName, provider, locale, comment); err != nil {
			r.skipped("text search configuration", deref(collName), err)
		}
		return nil
	}
	r.collations[oid] = name
	if name == deref(collName) {
		// Only pg_catalog's names are unqualified (lookupsQuery).
		r.catalogCollations[oid] = true
	}
	if nsp == nil {
		return nil
	}
	if s := r.schemas[*nsp]; s != nil {
		s.model.Collations = append(s.model.Collations, schema.Collation{Name: deref(collName),
			Provider: collationProviders[deref(provider)], Locale: deref(locale), LcCollate: deref(lcCollate),
			LcCtype: deref(lcCtype), Deterministic: deterministic == nil || *deterministic, Rules: deref(rules),
			Comment: comment})
	}
	return nil
}

// textSearchConfig adds a text search configuration from a lookups row: name, parser and
// mappings as JSON [[token, [dictionary, …]], …].
func (r *pgReader) textSearchConfig(nsp *uint32, name, parser, mappings, comment *string) error {
	s := r.schemas[deref32(nsp)]
	if s == nil {
		return nil
	}
	c := schema.TextSearchConfig{Name: deref(name), Parser: deref(parser), Mappings: []schema.TextSearchMapping{}, Comment: comment}
	var rows []json.RawMessage
	if err := unmarshalJSON(mappings, &rows); err != nil {
		return fmt.Errorf("text search configuration %s: %w", c.Name, err)
	}
	for _, raw := range rows {
		var pair [2]json.RawMessage
		var m schema.TextSearchMapping
		if err := json.Unmarshal(raw, &pair); err != nil {
			return fmt.Errorf("text search configuration %s: %w", c.Name, err)
		}
		if err := json.Unmarshal(pair[0], &m.Token); err != nil {
			return fmt.Errorf("text search configuration %s: %w", c.Name, err)
		}
		if err := json.Unmarshal(pair[1], &m.Dictionaries); err != nil {
			return fmt.Errorf("text search configuration %s: %w", c.Name, err)
		}
		c.Mappings = append(c.Mappings, m)
	}
	s.model.TextSearchConfigs = append(s.model.TextSearchConfigs, c)
	return nil
}

func deref32(p *uint32) uint32 {
	if p == nil {
		return 0
	}
	return *p
}

// collationProviders spells out pg_collation.collprovider.
var collationProviders = map[string]string{"c": "libc", "i": "icu", "b": "builtin", "d": "default"}

func (r *pgReader) scanExtensions(rows *sql.Rows) error {
	var e schema.Extension
	if err := scanPG(rows, &e.Name, &e.Version, &e.Schema); err != nil {
		return err
	}
	r.db.Extensions = append(r.db.Extensions, e)
	return nil
}

func (r *pgReader) scanRelations(rows *sql.Rows) error {
	var (
		oid, nsp                      uint32
		name, kind, owner, replident  string
		unlogged, isPartition         bool
		comment, partKey, bound, def  *string
		checkOption, acl, tablespace  *string
		options, toastOptions         *string
		rowSecurity, forceRowSecurity bool
		populated                     bool
		reltuples                     float64
		size                          *int64
		natts                         int
	)
	if err := scanPG(rows, &oid, &nsp, &name, &kind, &unlogged, &comment, &reltuples, &size,
		&partKey, &isPartition, &bound, &def, &checkOption, &rowSecurity, &forceRowSecurity,
		&owner, &acl, &options, &toastOptions, &replident, &tablespace, &populated, &natts); err != nil {
		return err
	}
	s := r.schemas[nsp]
	if s == nil {
		return nil
	}
	access, err := r.access('r', owner, acl)
	if err != nil {
		r.skipped("privileges of", s.model.Name+"."+name, err)
	}
	with, err := jsonNames(options)
	if err != nil {
		r.skipped("storage parameters of", s.model.Name+"."+name, err)
	}
	if kind == "v" || kind == "m" {
		v := &schema.View{Name: name, Comment: comment, Definition: deref(def), Materialized: kind == "m",
			CheckOption: deref(checkOption), Access: access, Columns: columnsFor(natts)}
		pg := schema.PostgresView{With: viewOptions(with), Tablespace: deref(tablespace), WithNoData: kind == "m" && !populated}
		if len(pg.With) > 0 || pg.Tablespace != "" || pg.WithNoData {
			v.Postgres = &pg
		}
		s.views = append(s.views, v)
		r.rels[oid] = &pgRel{nsp: nsp, view: v}
		return nil
	}
	t := &schema.Table{Name: name, Comment: comment, Stats: tableStats(reltuples, size), Access: access,
		Columns: columnsFor(natts)}
	pg := schema.PostgresTable{Unlogged: unlogged, PartitionKey: deref(partKey),
		RowSecurity: rowSecurity, ForceRowSecurity: forceRowSecurity, ReplicaIdentity: replicaIdentities[replident]}
	toast, err := jsonNames(toastOptions)
	if err != nil {
		r.skipped("storage parameters of", s.model.Name+"."+name, err)
	}
	pg.With = with
	for _, o := range toast {
		pg.With = append(pg.With, "toast."+o)
	}
	if isPartition {
		pg.PartitionBound = deref(bound)
		pg.PartitionOf = &schema.TableRef{} // filled in by readInherits
	}
	if !reflect.ValueOf(pg).IsZero() {
		t.Postgres = &pg
	}
	s.tables = append(s.tables, t)
	r.rels[oid] = &pgRel{nsp: nsp, table: t}
	return nil
}

// columnsFor is the slice a relation's columns are appended to, sized from pg_class.relnatts
// (dropped columns included, so at most that many): grown by append they took 48 MB, a third
// more than they hold, at 20,000 tables. nil for none, as append leaves a relation without
// columns; assemble drops the slice again where every attribute was dropped.
func columnsFor(natts int) []schema.Column {
	if natts <= 0 {
		return nil
	}
	return make([]schema.Column, 0, natts)
}

// replicaIdentities spells out pg_class.relreplident; DEFAULT ('d') is the model's zero value.
var replicaIdentities = map[string]schema.ReplicaIdentity{"f": schema.ReplicaFull, "n": schema.ReplicaNothing, "i": schema.ReplicaIndex}

// viewOptions are a view's reloptions without check_option, which View.CheckOption holds.
func viewOptions(options []string) []string {
	var out []string
	for _, o := range options {
		if !strings.HasPrefix(o, "check_option=") {
			out = append(out, o)
		}
	}
	return out
}

// tableStats turns the planner's figures into Table.Stats. reltuples is -1 (PostgreSQL 14+)
// for a table never vacuumed or analyzed: no estimate rather than a wrong one.
func tableStats(reltuples float64, size *int64) *schema.TableStats {
	st := &schema.TableStats{SizeBytes: size}
	if reltuples >= 0 {
		n := int64(reltuples)
		st.RowEstimate = &n
	}
	if st.RowEstimate == nil && st.SizeBytes == nil {
		return nil
	}
	return st
}

func (r *pgReader) scanInherits(rows *sql.Rows) error {
	var child uint32
	var parent schema.TableRef
	if err := scanPG(rows, &child, &parent.Schema, &parent.Name); err != nil {
		return err
	}
	rel := r.rels[child]
	if rel == nil || rel.table == nil {
		return nil
	}
	t := rel.table
	if t.Postgres != nil && t.Postgres.PartitionOf != nil {
		*t.Postgres.PartitionOf = parent
		return nil
	}
	if t.Postgres == nil {
		t.Postgres = &schema.PostgresTable{}
	}
	t.Postgres.Inherits = append(t.Postgres.Inherits, parent)
	return nil
}

func (r *pgReader) scanTypes(rows *sql.Rows) error {
	var (
		oid, nsp, relid          uint32
		name, kind, owner        string
		comment, baseType, def   *string
		coll, baseColl           uint32
		notNull                  bool
		enumValues, domainChecks *string
		acl                      *string
	)
	if err := scanPG(rows, &oid, &nsp, &name, &kind, &relid, &comment, &baseType, &notNull, &def, &coll, &baseColl,
		&enumValues, &domainChecks, &owner, &acl); err != nil {
		return err
	}
	s := r.schemas[nsp]
	if s == nil {
		return nil
	}
	access, err := r.access('T', owner, acl)
	if err != nil {
		r.skipped("privileges of type", s.model.Name+"."+name, err)
	}
	switch kind {
	case "e":
		e := schema.Enum{Name: name, Comment: comment, Values: []string{}, Access: access}
		if err := unmarshalJSON(enumValues, &e.Values); err != nil {
			r.skipped("enum", s.model.Name+"."+name, err)
			return nil
		}
		s.model.Enums = append(s.model.Enums, e)
	case "d":
		d := schema.Domain{Name: name, Comment: comment, NotNull: notNull, Default: def, Collation: r.collation(coll, baseColl),
			Type: deref(baseType), Access: access}
		checks, err := domainCheckList(domainChecks)
		if err != nil {
			r.skipped("domain", s.model.Name+"."+name, err)
			return nil
		}
		d.Checks = checks
		s.model.Domains = append(s.model.Domains, d)
	case "c":
		c := &schema.CompositeType{Name: name, Comment: comment, Attributes: []schema.Column{}, Access: access}
		s.comps = append(s.comps, c)
		r.composites[relid] = c
		r.compNsp[relid] = nsp
	}
	return nil
}

// domainCheckList decodes the domain checks of typesQuery: [[name, expression, not_valid,
// comment], …].
func domainCheckList(raw *string) ([]schema.Check, error) {
	var rows [][4]json.RawMessage
	if err := unmarshalJSON(raw, &rows); err != nil {
		return nil, err
	}
	var checks []schema.Check
	for _, row := range rows {
		var c schema.Check
		for i, dst := range []any{&c.Name, &c.Expression, &c.NotValid, &c.Comment} {
			if err := json.Unmarshal(row[i], dst); err != nil {
				return nil, err
			}
		}
		checks = append(checks, c)
	}
	return checks, nil
}

func (r *pgReader) scanSequences(rows *sql.Rows) error {
	var (
		nsp                               uint32
		seq                               schema.Sequence
		depType                           *string
		ownerRel                          *uint32
		ownerAtt                          *int16
		ownerSchema, ownerTable, ownerCol *string
		owner                             string
		acl                               *string
	)
	o := &seq.SequenceOptions
	if err := scanPG(rows, &nsp, &seq.Name, &seq.Type, &o.Start, &o.Increment, &o.Min, &o.Max, &o.Cache, &o.Cycle,
		&seq.Comment, &depType, &ownerRel, &ownerAtt, &ownerSchema, &ownerTable, &ownerCol, &owner, &acl); err != nil {
		return err
	}
	s := r.schemas[nsp]
	if s == nil {
		return nil
	}
	var err error
	if seq.Access, err = r.access('s', owner, acl); err != nil {
		r.skipped("privileges of sequence", s.model.Name+"."+seq.Name, err)
	}
	if deref(depType) == "i" && ownerRel != nil && ownerCol != nil {
		// The implicit sequence of an identity column: described by Column.Identity.
		r.identities[relAttr{*ownerRel, *ownerCol}] = &schema.Identity{SequenceOptions: *o}
		return nil
	}
	if deref(depType) == "a" && ownerSchema != nil && ownerTable != nil && ownerCol != nil {
		seq.OwnedBy = &schema.ColumnRef{Schema: *ownerSchema, Table: *ownerTable, Column: *ownerCol}
	}
	s.model.Sequences = append(s.model.Sequences, seq)
	return nil
}

// pgColumnRow is the row buffer of scanColumns, made once: what Scan writes through escapes
// to the heap, which with variables of the function would be 17 allocations per column.
type pgColumnRow struct {
	relid, typNsp       uint32
	attnum              int16
	c                   schema.Column
	notNull             bool
	def                 *string
	identity, generated string
	coll, typColl       uint32
	acl, options        *string
	statistics          *int
	storage             *string
	dest                []any
}

func newPGColumnRow() *pgColumnRow {
	x := &pgColumnRow{}
	x.dest = pgDests([]any{&x.relid, &x.attnum, &x.c.Name, &x.c.Type, &x.typNsp, &x.notNull, &x.def, &x.identity, &x.generated,
		&x.coll, &x.typColl, &x.c.Comment, &x.acl, &x.options, &x.statistics, &x.storage, &x.c.Inherited})
	return x
}

func (r *pgReader) scanColumns(rows *sql.Rows) error {
	if r.columnRow == nil {
		r.columnRow = newPGColumnRow()
	}
	row := r.columnRow
	row.c = schema.Column{}
	if err := rows.Scan(row.dest...); err != nil {
		return err
	}
	relid, typNsp, attnum, c, notNull, def := row.relid, row.typNsp, row.attnum, row.c, row.notNull, row.def
	identity, generated, coll, typColl := row.identity, row.generated, row.coll, row.typColl
	acl, options, statistics, storage := row.acl, row.options, row.statistics, row.storage
	if r.attrs == nil { // sized once: growing a map of 60k columns step by step shows in profiles
		r.attrs = make(map[attKey]pgAttr, 12*len(r.rels)+64)
	}
	r.attrs[attKey{relid, attnum}] = pgAttr{name: c.Name, collation: coll}
	c.Nullable = !notNull
	c.Collation = r.collation(coll, typColl)
	switch {
	case generated == "s":
		c.Generated = &schema.Generated{Expression: deref(def), Kind: "STORED"}
	case generated == "v": // PostgreSQL 18
		c.Generated = &schema.Generated{Expression: deref(def), Kind: "VIRTUAL"}
	default:
		c.Default = def
	}
	if identity == "a" || identity == "d" {
		c.Identity = r.identity(relid, c.Name, identity)
	}
	if options != nil || statistics != nil || storage != nil {
		c.Postgres = r.columnSettings(relid, c.Name, options, statistics, storage)
	}
	if acl != nil {
		r.columnPrivileges(relid, c.Name, acl)
	}
	if rel := r.rels[relid]; rel != nil {
		c.Type = r.localType(c.Type, typNsp, rel.nsp)
		if rel.table != nil {
			rel.table.Columns = append(rel.table.Columns, c)
		} else {
			rel.view.Columns = append(rel.view.Columns, c)
		}
	} else if comp := r.composites[relid]; comp != nil {
		c.Type = r.localType(c.Type, typNsp, r.compNsp[relid])
		comp.Attributes = append(comp.Attributes, c)
	}
	return nil
}

// columnSettings are a column's attribute options, statistics target and storage mode.
func (r *pgReader) columnSettings(relid uint32, column string, options *string, statistics *int, storage *string) *schema.PostgresColumn {
	pg := &schema.PostgresColumn{Statistics: statistics, Storage: storageModes[deref(storage)]}
	with, err := jsonNames(options)
	if err != nil {
		r.skipped("options of column", r.relName(relid)+"."+column, err)
	}
	for _, o := range with {
		if name, _, _ := strings.Cut(o, "="); attributeOptions[name] {
			pg.With = append(pg.With, o)
		}
	}
	if pg.With == nil && pg.Statistics == nil && pg.Storage == "" {
		return nil
	}
	return pg
}

// attributeOptions are the options ALTER COLUMN … SET (…) accepts (columnOptions sends only
// the arrays that may hold one). Others are the server's own bookkeeping, which no statement
// can set (some builds stamp every column with one, e.g. pg_attver=…): they are not part of
// the schema.
var attributeOptions = map[string]bool{"n_distinct": true, "n_distinct_inherited": true}

// storageModes spells out pg_attribute.attstorage.
var storageModes = map[string]string{"p": "PLAIN", "e": "EXTERNAL", "x": "EXTENDED", "m": "MAIN"}

// columnPrivileges collects a column's ACL for its relation's grants (assemble adds them).
func (r *pgReader) columnPrivileges(relid uint32, column string, acl *string) {
	items, err := parseACL(acl)
	if err != nil {
		r.skipped("privileges of column", r.relName(relid)+"."+column, err)
		return
	}
	if r.colGrants == nil {
		r.colGrants = map[uint32]*columnGrants{}
	}
	cg := r.colGrants[relid]
	if cg == nil {
		cg = &columnGrants{}
		r.colGrants[relid] = cg
	}
	cg.add(column, items)
}

// identity describes an identity column with the options of its sequence (read earlier).
func (r *pgReader) identity(relid uint32, column, kind string) *schema.Identity {
	id := &schema.Identity{}
	if seq := r.identities[relAttr{relid, column}]; seq != nil {
		*id = *seq
	}
	id.Generation = "BY DEFAULT"
	if kind == "a" {
		id.Generation = "ALWAYS"
	}
	return id
}

// fkActions spells out pg_constraint.confupdtype and confdeltype.
var fkActions = map[string]schema.FKAction{"a": schema.FKNoAction, "r": schema.FKRestrict, "c": schema.FKCascade, "n": schema.FKSetNull, "d": schema.FKSetDefault}

func (r *pgReader) scanConstraints(rows *sql.Rows) error {
	var (
		c        pgConstraint
		relid    uint32
		refRelid sql.Null[uint32]
	)
	if err := scanPG(rows, &relid, &c.name, &c.kind, &c.deferrable, &c.deferred, &c.validated, &c.noInherit, &c.keys,
		&c.refSchema, &c.refTable, &refRelid, &c.refKeys, &c.refNames, &c.onUpdate, &c.onDelete, &c.match, &c.expr,
		&c.nullsNotDistinct, &c.setKeys, &c.comment, &c.inherited); err != nil {
		return err
	}
	rel := r.rels[relid]
	if rel == nil || rel.table == nil {
		return nil
	}
	t := rel.table
	if c.kind == "x" {
		// An exclusion is its definition; its key may hold expressions (attribute number 0),
		// which name no column.
		pg := postgresTable(t)
		pg.Exclusions = append(pg.Exclusions, schema.Exclusion{Name: c.name, Definition: deref(c.expr),
			Deferrable: c.deferrable, InitiallyDeferred: c.deferred, Comment: c.comment})
		return nil
	}
	columns, err := r.attNames(relid, deref(c.keys))
	if err != nil {
		r.skipped("constraint", r.relName(relid)+"."+c.name, err)
		return nil
	}
	switch c.kind {
	case "p":
		t.PrimaryKey = &schema.PrimaryKey{Name: schema.Ptr(c.name), Columns: columns, Comment: c.comment, Inherited: c.inherited,
			Deferrable: c.deferrable, InitiallyDeferred: c.deferred}
	case "u":
		t.Uniques = append(t.Uniques, schema.Unique{Name: c.name, Columns: columns, NullsNotDistinct: c.nullsNotDistinct,
			Deferrable: c.deferrable, InitiallyDeferred: c.deferred, Comment: c.comment, Inherited: c.inherited})
	case "c":
		t.Checks = append(t.Checks, schema.Check{Name: c.name, Expression: deref(c.expr), NotValid: !c.validated, NoInherit: c.noInherit,
			Comment: c.comment, Inherited: c.inherited})
	case "f":
		fk, err := r.foreignKey(&c, relid, refRelid.V, columns)
		if err != nil {
			r.skipped("foreign key", r.relName(relid)+"."+c.name, err)
			return nil
		}
		fk.Comment, fk.Inherited = c.comment, c.inherited
		t.ForeignKeys = append(t.ForeignKeys, fk)
	}
	return nil
}

// pgConstraint is one row of constraintsQuery.
type pgConstraint struct {
	name, kind                       string
	deferrable, deferred, validated  bool
	noInherit, nullsNotDistinct      bool
	inherited                        bool
	keys, refKeys, refNames, setKeys *string
	refSchema, refTable, expr        *string
	onUpdate, onDelete, match        string
	comment                          *string
}

func (r *pgReader) foreignKey(c *pgConstraint, relid, refRelid uint32, columns []string) (schema.ForeignKey, error) {
	fk := schema.ForeignKey{Name: c.name, Columns: columns, RefSchema: deref(c.refSchema), RefTable: deref(c.refTable),
		OnUpdate: fkActions[c.onUpdate], OnDelete: fkActions[c.onDelete],
		Deferrable: c.deferrable, InitiallyDeferred: c.deferred, NotValid: !c.validated}
	var err error
	if c.refNames != nil { // the referenced table is outside the inspected schemas
		fk.RefColumns, err = jsonNames(c.refNames)
	} else {
		fk.RefColumns, err = r.attNames(refRelid, deref(c.refKeys))
	}
	if err != nil {
		return fk, err
	}
	// PostgreSQL 15: ON DELETE SET NULL (a, b) / SET DEFAULT (a) limits the columns set.
	only, err := r.attNames(relid, deref(c.setKeys))
	if err != nil {
		return fk, err
	}
	if len(only) > 0 {
		fk.OnDelete += schema.FKAction(" (" + joinIdents(only) + ")")
	}
	switch c.match {
	case "f":
		fk.Match = "FULL"
	case "p":
		fk.Match = "PARTIAL"
	}
	return fk, nil
}

// pgIndexRow is the row buffer of scanIndexes, made once (see pgColumnRow).
type pgIndexRow struct {
	relid                                uint32
	x                                    schema.Index
	where, constraint, tablespace, exprs *string
	definition                           *string
	keys, classes, collations, options   string
	nKeys                                int
	pages                                int64
	reloptions                           *string
	replicaIdentity                      bool
	dest                                 []any
}

func newPGIndexRow() *pgIndexRow {
	x := &pgIndexRow{}
	x.dest = pgDests([]any{&x.relid, &x.x.Name, &x.x.Unique, &x.x.Method, &x.where, &x.definition, &x.nKeys,
		&x.keys, &x.classes, &x.collations, &x.options, &x.exprs,
		&x.constraint, &x.x.NullsNotDistinct, &x.tablespace, &x.pages, &x.x.Comment, &x.reloptions, &x.replicaIdentity, &x.x.Inherited})
	return x
}

func (r *pgReader) scanIndexes(rows *sql.Rows) error {
	if r.indexRow == nil {
		r.indexRow = newPGIndexRow()
	}
	row := r.indexRow
	row.x = schema.Index{}
	if err := rows.Scan(row.dest...); err != nil {
		return err
	}
	relid, x, where, constraint, tablespace, exprs := row.relid, row.x, row.where, row.constraint, row.tablespace, row.exprs
	definition, keys, classes, collations, options := row.definition, row.keys, row.classes, row.collations, row.options
	nKeys, pages, reloptions, replicaIdentity := row.nKeys, row.pages, row.reloptions, row.replicaIdentity
	rel := r.rels[relid]
	if rel == nil {
		return nil
	}
	x.Where, x.Constraint = deref(where), deref(constraint)
	with, err := jsonNames(reloptions)
	if err != nil {
		r.skipped("index", r.relName(relid)+"."+x.Name, err)
		return nil
	}
	if ts := deref(tablespace); ts != "" || len(with) > 0 {
		x.Postgres = &schema.PostgresIdx{Tablespace: ts, With: with}
	}
	x.Definition = deref(definition)
	vectors := indexVectors{keys: keys, classes: classes, collations: collations, options: options, nKeys: nKeys}
	if err := r.setIndexParts(&x, relid, vectors, exprs); err != nil {
		r.skipped("index", r.relName(relid)+"."+x.Name, err)
		return nil
	}
	if definition == nil {
		x.Definition = r.indexDefinition(&x, rel, vectors)
	}
	if replicaIdentity && rel.table != nil {
		postgresTable(rel.table).ReplicaIdentityIndex = x.Name
	}
	if rel.view != nil {
		rel.view.Indexes = append(rel.view.Indexes, x)
		return nil
	}
	rel.table.Indexes = append(rel.table.Indexes, x)
	if st := rel.table.Stats; st != nil && st.SizeBytes != nil {
		*st.SizeBytes += pages
	}
	return nil
}

// indexVectors are pg_index's per-column vectors in text form: indkey covers key and INCLUDE
// columns, the others only the nKeys key columns.
type indexVectors struct {
	keys, classes, collations, options string
	nKeys                              int
}

// setIndexParts decodes the key parts of an index and its INCLUDE columns. exprs is a JSON
// array with the text of each expression part (null for column parts), or nil when the index
// has no expression.
func (r *pgReader) setIndexParts(x *schema.Index, relid uint32, v indexVectors, exprs *string) error {
	var texts []*string
	if err := unmarshalJSON(exprs, &texts); err != nil {
		return err
	}
	keys, err := parseOIDs(v.keys)
	if err != nil {
		return err
	}
	classes, err := parseOIDs(v.classes)
	if err != nil {
		return err
	}
	collations, err := parseOIDs(v.collations)
	if err != nil {
		return err
	}
	options, err := parseOIDs(v.options)
	if err != nil {
		return err
	}
	if len(classes) < v.nKeys || len(collations) < v.nKeys || len(options) < v.nKeys || len(keys) < v.nKeys {
		return fmt.Errorf("pg_index vectors shorter than its %d key columns", v.nKeys)
	}
	for i, attnum := range keys {
		col := r.attrs[attKey{relid, int16(attnum)}]
		if attnum != 0 && col.name == "" {
			return fmt.Errorf("relation %d has no column %d", relid, attnum)
		}
		if i >= v.nKeys {
			x.Include = append(x.Include, col.name)
			continue
		}
		part := schema.IndexPart{Column: col.name, OpClass: r.opclasses[classes[i]]}
		part.Desc, part.Nulls = indexOrder(int(options[i]))
		if attnum == 0 {
			if i < len(texts) {
				part.Expression = deref(texts[i])
			}
			part.Collation = expressionCollation(x.Definition, part.Expression, r.collations[collations[i]])
		} else {
			part.Collation = r.collation(collations[i], col.collation)
		}
		x.Parts = append(x.Parts, part)
	}
	return nil
}

// expressionCollation keeps the collation of an expression key part only when the index
// definition spells it out. The catalog stores the collation the index uses, but the default it
// would be compared with, the expression's own collation, is known only to the server's
// parser; pg_get_indexdef prints COLLATE exactly when the two differ.
func expressionCollation(definition, expression, collation string) string {
	if collation == "" {
		return ""
	}
	if strings.Contains(definition, expression+" COLLATE ") || strings.Contains(definition, expression+") COLLATE ") {
		return collation
	}
	return ""
}

// indexOrder decodes pg_index.indoption: bit 0 is DESC, bit 1 NULLS FIRST. Nulls is reported
// only where it is not the default for the direction (LAST for ASC, FIRST for DESC).
func indexOrder(option int) (desc bool, nulls string) {
	desc = option&1 != 0
	nullsFirst := option&2 != 0
	switch {
	case desc && !nullsFirst:
		nulls = "LAST"
	case !desc && nullsFirst:
		nulls = "FIRST"
	}
	return desc, nulls
}

func (r *pgReader) scanTriggers(rows *sql.Rows) error {
	var (
		relid      uint32
		tr         schema.Trigger
		tgtype     int
		enabled    string
		hasWhen    bool
		updateCols string
	)
	if err := scanPG(rows, &relid, &tr.Name, &tgtype, &enabled, &tr.Definition, &hasWhen, &tr.Function,
		&updateCols, &tr.Comment, &tr.Inherited); err != nil {
		return err
	}
	rel := r.rels[relid]
	if rel == nil {
		return nil
	}
	tr.Timing, tr.Events, tr.Level = triggerType(tgtype)
	tr.Disabled = enabled == "D"
	var err error
	if tr.UpdateColumns, err = r.attNames(relid, updateCols); err != nil {
		r.skipped("trigger", r.relName(relid)+"."+tr.Name, err)
		return nil
	}
	if hasWhen {
		tr.When = triggerWhen(tr.Definition)
	}
	if rel.view != nil {
		rel.view.Triggers = append(rel.view.Triggers, tr)
	} else {
		rel.table.Triggers = append(rel.table.Triggers, tr)
	}
	return nil
}

var functionKinds = map[string]string{"f": "function", "w": "function", "p": "procedure", "a": "aggregate"}

func (r *pgReader) scanFunctions(rows *sql.Rows) error {
	var (
		nsp                uint32
		f                  schema.Function
		kind, owner        string
		returns, lang, def *string
		acl                *string
	)
	if err := scanPG(rows, &nsp, &f.Name, &kind, &f.Arguments, &returns, &lang, &def, &f.Comment, &owner, &acl); err != nil {
		return err
	}
	s := r.schemas[nsp]
	if s == nil {
		return nil
	}
	var err error
	if f.Access, err = r.access('f', owner, acl); err != nil {
		r.skipped("privileges of routine", s.model.Name+"."+f.Name, err)
	}
	f.Kind, f.Returns, f.Language, f.Definition = functionKinds[kind], deref(returns), deref(lang), deref(def)
	s.model.Functions = append(s.model.Functions, f)
	return nil
}

// jsonNames decodes a JSON array of names; NULL (an empty aggregate) is no names.
func jsonNames(raw *string) ([]string, error) {
	var names []string
	err := unmarshalJSON(raw, &names)
	return names, err
}

func unmarshalJSON(raw *string, v any) error {
	if raw == nil {
		return nil
	}
	return json.Unmarshal([]byte(*raw), v)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

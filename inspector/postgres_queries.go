package inspector

// The PostgreSQL catalog queries. Each reads one kind of object for every inspected schema at
// once (filtered by the schemas' OIDs, never by table names), so an inspection sends the same
// number of statements for 10 tables as for 10,000. The text depends only on the server's
// version and on which catalogs the role may read (pgServer), so a test can run the very same
// statements as a baseline.
//
// Every query is sent without bind parameters: lib/pq then uses the simple query protocol, one
// round trip per statement instead of two, which matters on a slow link. The only values
// spliced in are OIDs (integers we formatted) and, in the schema query, names quoted by
// quoteLiteral.
//
// The first statement sets search_path to pg_catalog for the rest of the transaction, so
// format_type, pg_get_expr, pg_get_indexdef and friends qualify every object outside
// pg_catalog with its schema, whatever search_path the server, database or role sets
// (and pins TimeZone and the output styles, so constants print the same for every client).

import (
	"fmt"
	"strconv"
	"strings"
)

// pgCatalogs are the catalogs the readers use; the settings query reports which of them the
// role may not read, so each reader can skip itself with a note instead of failing (a failed
// statement would abort the one transaction, and with it the rest of the inspection).
var pgCatalogs = []string{
	"pg_namespace", "pg_class", "pg_attribute", "pg_type", "pg_attrdef", "pg_collation",
	"pg_description", "pg_depend", "pg_extension", "pg_inherits", "pg_constraint", "pg_index",
	"pg_am", "pg_opclass", "pg_trigger", "pg_proc", "pg_language", "pg_enum", "pg_sequence",
	"pg_tablespace", "pg_aggregate", "pg_ts_config", "pg_ts_parser", "pg_ts_config_map",
	"pg_policy", "pg_rewrite", "pg_default_acl", "pg_amproc", "pg_cast",
}

// settingsQuery pins the settings that change how the server prints names and constants, and
// reads the server version, the catalogs the role cannot read and the default ACL of each kind
// of object (what a NULL ACL means, for role 10, the bootstrap superuser), in one statement.
// search_path decides which names get a schema qualifier; TimeZone, DateStyle and
// IntervalStyle how timestamp and interval constants in defaults and partition bounds read.
// All are SET LOCAL (set_config's third argument): they end with the transaction.
func settingsQuery() string {
	quoted := make([]string, len(pgCatalogs))
	for i, c := range pgCatalogs {
		quoted[i] = "'" + c + "'"
	}
	return `SELECT set_config('search_path', 'pg_catalog', true) || set_config('TimeZone', 'UTC', true)
    || set_config('DateStyle', 'ISO, MDY', true) || set_config('IntervalStyle', 'postgres', true)
    || set_config('extra_float_digits', '3', true) || set_config('bytea_output', 'hex', true),
  current_setting('server_version_num')::int,
  current_setting('server_version'),
  coalesce((SELECT json_agg(c ORDER BY c) FROM unnest(ARRAY[` + strings.Join(quoted, ", ") + `]) c
    WHERE to_regclass('pg_catalog.' || c) IS NOT NULL
      AND NOT has_table_privilege(to_regclass('pg_catalog.' || c), 'SELECT')), '[]')::text,
  json_build_object(` + aclDefaultsArgs() + `)::text`
}

// aclDefaultsArgs are json_build_object's arguments: each kind of aclKinds and its acldefault.
func aclDefaultsArgs() string {
	args := make([]string, len(aclKinds))
	for i, k := range aclKinds {
		args[i] = fmt.Sprintf("'%c', acldefault('%c', 10)", k, k)
	}
	return strings.Join(args, ", ")
}

// schemasQuery lists the schemas to inspect: the named ones, or every schema that is neither a
// system schema nor created by an extension.
func (s *pgServer) schemasQuery(names []string) string {
	filter := `n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
  AND n.nspname !~ '^pg_(toast_)?temp_'
  AND ` + s.notInExtension("pg_namespace", "n.oid")
	if len(names) > 0 {
		quoted := make([]string, len(names))
		for i, n := range names {
			quoted[i] = quoteLiteral(n)
		}
		filter = "n.nspname IN (" + strings.Join(quoted, ", ") + ")"
	}
	return `SELECT n.oid, n.nspname, quote_ident(n.nspname), ` + s.descCol("d") + `,
  pg_get_userbyid(n.nspowner), ` + aclJSON("n.nspacl") + `
FROM pg_namespace n ` + s.descJoin("d", "n.oid", "pg_namespace", "0") + `
WHERE ` + filter
}

func extensionsQuery() string {
	return `SELECT e.extname, e.extversion, n.nspname
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace`
}

// relationsQuery reads tables, partitioned tables, views and materialized views.
// SizeBytes is the planner's estimate (relpages of the heap and its TOAST table; the indexes'
// pages are added by the index reader): pg_total_relation_size would open and lock every
// relation and stat its files, which costs more than the whole rest of the inspection.
func (s *pgServer) relationsQuery(nsps string) string {
	partKey, isPartition, bound := "NULL::text", "false", "NULL::text"
	if s.version >= 100000 {
		partKey = "CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END"
		isPartition = "c.relispartition"
		bound = "CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END"
	}
	// pg_get_viewdef reads pg_rewrite with the role's privileges (an error would end the
	// inspection): without them views are listed without their definitions, and noted.
	viewDef := "NULL::text"
	if s.can("pg_rewrite") {
		viewDef = "CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END"
	}
	tablespace, tsJoin := "NULL::text", ""
	if s.can("pg_tablespace") {
		tablespace = "CASE WHEN c.relkind = 'm' THEN ts.spcname END"
		tsJoin = "LEFT JOIN pg_tablespace ts ON ts.oid = c.reltablespace"
	}
	return `SELECT c.oid, c.relnamespace, c.relname, c.relkind, c.relpersistence = 'u', ` + s.descCol("d") + `,
  c.reltuples::float8,
  CASE WHEN c.relkind IN ('r', 'm') THEN (c.relpages::int8 + coalesce(t.relpages, 0)) * current_setting('block_size')::int8 END,
  ` + partKey + `, ` + isPartition + `, ` + bound + `,
  ` + viewDef + `,
  upper(substring(array_to_string(c.reloptions, ',') from 'check_option=([a-zA-Z]+)')),
  c.relrowsecurity, c.relforcerowsecurity,
  pg_get_userbyid(c.relowner), ` + aclJSON("c.relacl") + `, array_to_json(c.reloptions)::text, array_to_json(t.reloptions)::text,
  c.relreplident::text, ` + tablespace + `, c.relispopulated, c.relnatts
FROM pg_class c
LEFT JOIN pg_class t ON t.oid = c.reltoastrelid
` + tsJoin + `
` + s.descJoin("d", "c.oid", "pg_class", "0") + `
WHERE c.relnamespace = ANY(` + nsps + `) AND c.relkind IN ('r', 'p', 'v', 'm')
  AND ` + s.notInExtension("pg_class", "c.oid")
}

// inheritsQuery reads the parents of inheritance children and partitions, in declared order.
func inheritsQuery(nsps string) string {
	return `SELECT i.inhrelid, pn.nspname, pc.relname
FROM pg_inherits i
JOIN pg_class c ON c.oid = i.inhrelid
JOIN pg_class pc ON pc.oid = i.inhparent
JOIN pg_namespace pn ON pn.oid = pc.relnamespace
WHERE c.relnamespace = ANY(` + nsps + `) AND c.relkind IN ('r', 'p')
ORDER BY i.inhrelid, i.inhseqno`
}

// typesQuery reads enums (labels in order), domains (with their checks) and composite types
// (their attributes come from the column reader).
func (s *pgServer) typesQuery(nsps string) string {
	enumValues := "NULL::text"
	if s.can("pg_enum") {
		enumValues = `CASE WHEN t.typtype = 'e' THEN (SELECT json_agg(e.enumlabel ORDER BY e.enumsortorder)
    FROM pg_enum e WHERE e.enumtypid = t.oid)::text END`
	}
	domainChecks := "NULL::text"
	if s.can("pg_constraint") {
		comment := "NULL::text"
		if s.can("pg_description") {
			comment = `(SELECT cd.description FROM pg_description cd WHERE cd.objoid = dc.oid
        AND cd.classoid = 'pg_catalog.pg_constraint'::regclass AND cd.objsubid = 0)`
		}
		domainChecks = `CASE WHEN t.typtype = 'd' THEN (SELECT json_agg(json_build_array(dc.conname,
      pg_get_expr(dc.conbin, 0), NOT dc.convalidated, ` + comment + `) ORDER BY dc.conname)
    FROM pg_constraint dc WHERE dc.contypid = t.oid AND dc.contype = 'c')::text END`
	}
	return `SELECT t.oid, t.typnamespace, t.typname, t.typtype, t.typrelid, ` + s.descCol("d") + `,
  CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END,
  t.typnotnull, pg_get_expr(t.typdefaultbin, 0), t.typcollation, coalesce(bt.typcollation, 0),
  ` + enumValues + `,
  ` + domainChecks + `,
  pg_get_userbyid(t.typowner), ` + aclJSON("t.typacl") + `
FROM pg_type t
LEFT JOIN pg_class tr ON tr.oid = t.typrelid
LEFT JOIN pg_type bt ON bt.oid = t.typbasetype
` + s.descJoin("d", "t.oid", "pg_type", "0") + `
WHERE t.typnamespace = ANY(` + nsps + `)
  AND (t.typtype IN ('e', 'd') OR (t.typtype = 'c' AND tr.relkind = 'c'))
  AND ` + s.notInExtension("pg_type", "t.oid")
}

// sequencesQuery reads sequences with their options and what owns them: deptype 'a' is OWNED
// BY, deptype 'i' marks the implicit sequence of an identity column.
func (s *pgServer) sequencesQuery(nsps string) string {
	options := "format_type(q.seqtypid, NULL), q.seqstart, q.seqincrement, q.seqmin, q.seqmax, q.seqcache, q.seqcycle"
	from := "pg_class c JOIN pg_sequence q ON q.seqrelid = c.oid"
	if !s.hasSequenceCatalog() {
		// Before 10 the options live inside each sequence relation: reading them would take
		// one query per sequence. The names are still listed (see the note).
		options = "'bigint', 0::int8, 0::int8, 0::int8, 0::int8, 0::int8, false"
		from = "pg_class c"
	}
	owner := "NULL::\"char\", NULL::oid, NULL::int2, NULL::text, NULL::text, NULL::text"
	ownerJoin := ""
	if s.can("pg_depend") {
		owner = "dep.deptype, dep.refobjid, dep.refobjsubid, tn.nspname, tc.relname, ta.attname"
		ownerJoin = `LEFT JOIN pg_depend dep ON dep.classid = 'pg_catalog.pg_class'::regclass AND dep.objid = c.oid
  AND dep.refclassid = 'pg_catalog.pg_class'::regclass AND dep.deptype IN ('a', 'i')
LEFT JOIN pg_class tc ON tc.oid = dep.refobjid
LEFT JOIN pg_namespace tn ON tn.oid = tc.relnamespace
LEFT JOIN pg_attribute ta ON ta.attrelid = dep.refobjid AND ta.attnum = dep.refobjsubid`
	}
	return `SELECT c.relnamespace, c.relname, ` + options + `, ` + s.descCol("d") + `, ` + owner + `,
  pg_get_userbyid(c.relowner), ` + aclJSON("c.relacl") + `
FROM ` + from + `
` + ownerJoin + `
` + s.descJoin("d", "c.oid", "pg_class", "0") + `
WHERE c.relnamespace = ANY(` + nsps + `) AND c.relkind = 'S'
  AND ` + s.notInExtension("pg_class", "c.oid")
}

// columnsQuery reads the columns of tables, views, materialized views and composite types, in
// position order. Rows of relations the other readers skipped (extension members) are
// dropped in Go.
func (s *pgServer) columnsQuery(nsps string) string {
	identity, generated := "''", "''"
	if s.version >= 100000 {
		identity = "a.attidentity"
	}
	if s.version >= 120000 {
		generated = "a.attgenerated"
	}
	def, defJoin := "NULL::text", ""
	if s.can("pg_attrdef") {
		// Given the relation, pg_get_expr opens it (and builds its relcache entry, the bulk of
		// the cost at 5,000 tables); a default names no column, so it is printed without.
		// Only a generated column's expression does.
		def = "CASE WHEN " + generated + " = '' THEN pg_get_expr(ad.adbin, 0) ELSE pg_get_expr(ad.adbin, ad.adrelid) END"
		defJoin = "LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum"
	}
	statistics := "NULLIF(a.attstattarget, -1)::int"
	if s.version >= 170000 {
		statistics = "a.attstattarget::int" // NULL for the default since 17
	}
	return `SELECT a.attrelid, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), t.typnamespace, a.attnotnull,
  ` + def + `, ` + identity + `, ` + generated + `, a.attcollation, t.typcollation, ` + s.descCol("d") + `,
  ` + aclJSON("a.attacl") + `, ` + columnOptions + `, ` + statistics + `,
  CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage::text END, NOT a.attislocal
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_type t ON t.oid = a.atttypid
` + defJoin + `
` + s.descJoin("d", "a.attrelid", "pg_class", "a.attnum") + `
WHERE c.relnamespace = ANY(` + nsps + `) AND c.relkind IN ('r', 'p', 'v', 'm', 'c')
  AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum`
}

// columnOptions sends a column's attribute options only when one may be an option
// ALTER COLUMN … SET (…) takes (attributeOptions; both begin n_distinct): some builds stamp
// every column with options of their own (pg_attver=…), which would cost 60,000 JSON arrays
// sent and decoded at 5,000 tables for nothing.
const columnOptions = `CASE WHEN strpos(array_to_string(a.attoptions, ','), 'n_distinct') > 0 THEN array_to_json(a.attoptions)::text END`

// constraintsQuery reads primary keys, uniques, checks, foreign keys and exclusions of tables.
// Column lists come back as arrays of attribute numbers, named in Go from the columns already
// read; only a foreign key into a schema that is not inspected gets its referenced column
// names from the server.
func (s *pgServer) constraintsQuery(nsps string) string {
	nullsNotDistinct, nndJoin := "false", ""
	if s.version >= 150000 && s.can("pg_index") {
		nullsNotDistinct = "coalesce(i.indnullsnotdistinct, false)"
		nndJoin = "LEFT JOIN pg_index i ON i.indexrelid = con.conindid AND con.contype = 'u'"
	}
	setColumns := "NULL::text"
	if s.version >= 150000 {
		setColumns = "con.confdelsetcols::text"
	}
	// A foreign key that references a partitioned table is cloned, under the same name, once
	// per partition of the referenced table; the clones are internal and would duplicate it.
	skipClones := "true"
	if s.version >= 110000 {
		skipClones = `NOT (con.contype = 'f' AND con.conparentid <> 0 AND EXISTS (SELECT 1 FROM pg_constraint pcon
      WHERE pcon.oid = con.conparentid AND pcon.conrelid = con.conrelid))`
	}
	return `SELECT con.conrelid, con.conname, con.contype, con.condeferrable, con.condeferred,
  con.convalidated, con.connoinherit,
  con.conkey::text, fn.nspname, fc.relname, con.confrelid, con.confkey::text,
  CASE WHEN NOT fc.relnamespace = ANY(` + nsps + `) THEN ` + columnNames("con.confkey", "con.confrelid") + ` END,
  con.confupdtype, con.confdeltype, con.confmatchtype,
  CASE con.contype WHEN 'c' THEN pg_get_expr(con.conbin, con.conrelid)
    WHEN 'x' THEN pg_get_constraintdef(con.oid) END,
  ` + nullsNotDistinct + `, ` + setColumns + `, ` + s.descCol("d") + `, NOT con.conislocal
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
LEFT JOIN pg_class fc ON fc.oid = con.confrelid
LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
` + nndJoin + `
` + s.descJoin("d", "con.oid", "pg_constraint", "0") + `
WHERE c.relnamespace = ANY(` + nsps + `) AND c.relkind IN ('r', 'p')
  AND con.contype IN ('p', 'u', 'f', 'c', 'x')
  AND ` + skipClones
}

// columnNames is a subquery turning an array of attribute numbers of a relation into a JSON
// array of column names, in array order. Per row it costs a join, so it is used only where Go
// cannot name the columns itself.
func columnNames(attnums, relid string) string {
	return `(SELECT json_agg(a.attname ORDER BY k.i) FROM unnest(` + attnums + `) WITH ORDINALITY k(n, i)
    JOIN pg_attribute a ON a.attrelid = ` + relid + ` AND a.attnum = k.n)::text`
}

// indexesQuery reads indexes of tables and materialized views. Key parts come back as the raw
// pg_index vectors (attribute numbers, operator classes, collations, options), decoded in Go
// with the columns already read and lookupsQuery's names: a per-index subquery joining them on
// the server would cost more than all the rest of the query. Only indexes with expression
// parts run one, for pg_get_indexdef's text of each expression (unprettified, as in the full
// definition). The definition comes from pg_get_indexdef only where Go could not write the
// very same text (see indexDefColumn).
func (s *pgServer) indexesQuery(nsps string) string {
	nKeys := "i.indnatts"
	if s.version >= 110000 {
		nKeys = "i.indnkeyatts"
	}
	nullsNotDistinct := "false"
	if s.version >= 150000 {
		nullsNotDistinct = "i.indnullsnotdistinct"
	}
	constraint, conJoin := "NULL::text", ""
	if s.can("pg_constraint") {
		constraint = "con.conname"
		conJoin = `LEFT JOIN pg_constraint con ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid
  AND con.contype IN ('p', 'u', 'x')`
	}
	tablespace, tsJoin := "NULL::text", ""
	if s.can("pg_tablespace") {
		tablespace = "ts.spcname"
		tsJoin = "LEFT JOIN pg_tablespace ts ON ts.oid = ic.reltablespace"
	}
	// A partition's index attached to its parent's (pg_inherits of indexes, PostgreSQL 11) is
	// inherited: made and dropped with the parent's.
	attached := "false"
	if s.version >= 110000 && s.can("pg_inherits") {
		attached = "EXISTS (SELECT 1 FROM pg_inherits ih WHERE ih.inhrelid = i.indexrelid)"
	}
	return `SELECT i.indrelid, ic.relname, i.indisunique, am.amname,
  pg_get_expr(i.indpred, i.indrelid), ` + s.indexDefColumn() + `, ` + nKeys + `,
  i.indkey::text, i.indclass::text, i.indcollation::text, i.indoption::text,
  CASE WHEN 0 = ANY(i.indkey::int2[]) THEN (SELECT json_agg(CASE WHEN k.a = 0 THEN pg_get_indexdef(i.indexrelid, k.n::int, false) END ORDER BY k.n)
    FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(a, n))::text END,
  ` + constraint + `, ` + nullsNotDistinct + `, ` + tablespace + `,
  ic.relpages::int8 * current_setting('block_size')::int8, ` + s.descCol("d") + `,
  array_to_json(ic.reloptions)::text, i.indisreplident, ` + attached + `
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class c ON c.oid = i.indrelid
JOIN pg_am am ON am.oid = ic.relam
` + conJoin + `
` + tsJoin + `
` + s.descJoin("d", "i.indexrelid", "pg_class", "0") + `
WHERE c.relnamespace = ANY(` + nsps + `) AND c.relkind IN ('r', 'p', 'm')`
}

// indexDefColumn is the index query's definition column: pg_get_indexdef's text, or NULL
// for a plain index, whose definition Go writes (indexDefinition). pg_get_indexdef is the most
// expensive call of an inspection (more than the rest of the index query at 5,000 tables): it
// opens the table, and for every key column scans pg_opclass for its type's default operator
// class.
//
// Plain means what Go can spell exactly as the server does: an ordinary index ('i', not the
// partitioned 'I' that prints ONLY), no expression, no WHERE, no storage options, B-tree or
// hash, and every key column under the default operator class of its own type, which
// pg_get_indexdef leaves out. An operator class is that default when it is marked default and
// no column of another type can use it: no type is binary-coercible to its input type, which
// is no pseudo-type (anyarray, anyenum, record…). One that other types can use is checked
// against the column's type, per index and only for such indexes; varchar under text_ops is
// plain too, as long as text is the one preferred string type a varchar converts to for free
// that has a default class, and varchar has none of its own (GetDefaultOpClass's rules).
// Operator classes with an options support function (PostgreSQL 13) are never plain: a
// column of the index may carry options. COLLATE, DESC, NULLS, INCLUDE and NULLS NOT
// DISTINCT Go writes from the vectors and columns read anyway.
func (s *pgServer) indexDefColumn() string {
	full := "pg_get_indexdef(i.indexrelid)"
	for _, c := range []string{"pg_opclass", "pg_cast", "pg_type", "pg_amproc", "pg_collation", "pg_namespace"} {
		if !s.can(c) {
			return full
		}
	}
	noOptions := "true"
	if s.version >= 130000 {
		// B-tree's support function 5 and hash's 3 parse a column's opclass options.
		noOptions = `NOT EXISTS (SELECT 1 FROM pg_amproc p WHERE p.amprocfamily = o.opcfamily
        AND p.amproclefttype = o.opcintype AND p.amprocrighttype = o.opcintype
        AND p.amprocnum = CASE oa.amname WHEN 'btree' THEN 5 ELSE 3 END)`
	}
	shared := `(EXISTS (SELECT 1 FROM pg_type t WHERE t.oid = o.opcintype AND t.typtype = 'p')
        OR EXISTS (SELECT 1 FROM pg_cast c WHERE c.casttarget = o.opcintype AND c.castsource <> o.opcintype AND c.castmethod = 'b'))`
	classes := func(filter string) string {
		return `(SELECT coalesce(array_agg(o.oid), '{}') FROM pg_opclass o JOIN pg_am oa ON oa.oid = o.opcmethod
      WHERE o.opcdefault AND oa.amname IN ('btree', 'hash') AND ` + noOptions + filter + `)`
	}
	// 1043 is varchar, 25 text.
	varcharText := `(SELECT NOT EXISTS (SELECT 1 FROM pg_opclass o WHERE o.opcdefault AND o.opcintype = 1043)
      AND NOT EXISTS (SELECT 1 FROM pg_cast c JOIN pg_type t ON t.oid = c.casttarget JOIN pg_opclass o ON o.opcintype = t.oid AND o.opcdefault
        WHERE c.castsource = 1043 AND c.castmethod = 'b' AND t.typispreferred AND t.oid <> 25))`
	return `CASE WHEN ic.relkind = 'i' AND i.indexprs IS NULL AND i.indpred IS NULL AND ic.reloptions IS NULL
    AND i.indclass::oid[] <@ ` + classes("") + `
    AND (NOT i.indclass::oid[] && ` + classes(" AND "+shared) + ` OR NOT EXISTS (SELECT 1
      FROM unnest(i.indclass::oid[]) WITH ORDINALITY k(oc, n)
      JOIN pg_opclass o ON o.oid = k.oc
      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k.n - 1]
      WHERE o.opcintype <> a.atttypid AND NOT (a.atttypid = 1043 AND o.opcintype = 25 AND ` + varcharText + `)))
  THEN NULL ELSE ` + full + ` END`
}

// triggersQuery reads user triggers (not the internal ones behind foreign keys).
func (s *pgServer) triggersQuery(nsps string) string {
	function, funcJoin := "t.tgfoid::regproc::text", ""
	if s.can("pg_proc") {
		function = "quote_ident(pn.nspname) || '.' || quote_ident(p.proname)"
		funcJoin = `JOIN pg_proc p ON p.oid = t.tgfoid
JOIN pg_namespace pn ON pn.oid = p.pronamespace`
	}
	// A partition's clone of its parent's row trigger (PostgreSQL 13: tgparentid).
	cloned := "false"
	if s.version >= 130000 {
		cloned = "t.tgparentid <> 0"
	}
	return `SELECT t.tgrelid, t.tgname, t.tgtype, t.tgenabled, pg_get_triggerdef(t.oid), t.tgqual IS NOT NULL,
  ` + function + `, t.tgattr::text, ` + s.descCol("d") + `, ` + cloned + `
FROM pg_trigger t
JOIN pg_class c ON c.oid = t.tgrelid
` + funcJoin + `
` + s.descJoin("d", "t.oid", "pg_trigger", "0") + `
WHERE c.relnamespace = ANY(` + nsps + `) AND NOT t.tgisinternal`
}

// functionsQuery reads functions, procedures and aggregates with their full definitions.
// pg_get_functiondef refuses aggregates, so theirs is built from pg_aggregate in the same
// statement (aggregateDef).
func (s *pgServer) functionsQuery(nsps string) string {
	kind := "p.prokind"
	if s.version < 110000 {
		kind = "CASE WHEN p.proisagg THEN 'a' ELSE 'f' END"
	}
	language, langJoin := "NULL::text", ""
	if s.can("pg_language") {
		language = "l.lanname"
		langJoin = "LEFT JOIN pg_language l ON l.oid = p.prolang"
	}
	aggDef, aggJoin := "NULL::text", ""
	if s.can("pg_aggregate") {
		aggDef = s.aggregateDef()
		aggJoin = `LEFT JOIN pg_aggregate ag ON ag.aggfnoid = p.oid
LEFT JOIN pg_namespace an ON an.oid = p.pronamespace AND ag.aggfnoid IS NOT NULL`
	}
	return `SELECT p.pronamespace, p.proname, ` + kind + `, pg_get_function_arguments(p.oid),
  CASE WHEN ` + kind + ` <> 'p' THEN pg_get_function_result(p.oid) END, ` + language + `,
  CASE WHEN ` + kind + ` <> 'a' THEN pg_get_functiondef(p.oid) ELSE ` + aggDef + ` END, ` + s.descCol("d") + `,
  pg_get_userbyid(p.proowner), ` + aclJSON("p.proacl") + `
FROM pg_proc p
` + langJoin + `
` + aggJoin + `
` + s.descJoin("d", "p.oid", "pg_proc", "0") + `
WHERE p.pronamespace = ANY(` + nsps + `) AND ` + s.notInExtension("pg_proc", "p.oid")
}

// aggregateDef is the CREATE AGGREGATE statement of an aggregate (pg_proc p joined to
// pg_aggregate ag), written as pg_dump writes it: every support function and option that
// differs from the default. Functions print through regproc, which qualifies every name
// outside pg_catalog (search_path is pg_catalog) and quotes where needed; the server resolves
// an overloaded name by the state type when the statement runs. A zero-argument aggregate is
// name(*); an ordered-set aggregate's arguments read "… ORDER BY …" from
// pg_get_function_arguments.
func (s *pgServer) aggregateDef() string {
	fn := func(col string) string { return "ag." + col + "::regproc::text" }
	modify := func(col string) string {
		return "CASE ag." + col + " WHEN 'r' THEN 'READ_ONLY' WHEN 's' THEN 'SHAREABLE' ELSE 'READ_WRITE' END"
	}
	opts := []string{
		"'SFUNC = ' || " + fn("aggtransfn"),
		"'STYPE = ' || format_type(ag.aggtranstype, NULL)",
		"CASE WHEN ag.aggtransspace <> 0 THEN 'SSPACE = ' || ag.aggtransspace END",
		"CASE WHEN ag.aggfinalfn <> 0 THEN 'FINALFUNC = ' || " + fn("aggfinalfn") + " END",
		"CASE WHEN ag.aggfinalextra THEN 'FINALFUNC_EXTRA' END",
	}
	if s.version >= 110000 {
		// The default is READ_ONLY for normal aggregates, READ_WRITE for ordered-set ones.
		opts = append(opts, "CASE WHEN ag.aggfinalfn <> 0 AND ag.aggfinalmodify <> CASE WHEN ag.aggkind = 'n' THEN 'r' ELSE 'w' END THEN 'FINALFUNC_MODIFY = ' || "+modify("aggfinalmodify")+" END")
	}
	if s.version >= 90600 {
		opts = append(opts,
			"CASE WHEN ag.aggcombinefn <> 0 THEN 'COMBINEFUNC = ' || "+fn("aggcombinefn")+" END",
			"CASE WHEN ag.aggserialfn <> 0 THEN 'SERIALFUNC = ' || "+fn("aggserialfn")+" END",
			"CASE WHEN ag.aggdeserialfn <> 0 THEN 'DESERIALFUNC = ' || "+fn("aggdeserialfn")+" END")
	}
	opts = append(opts,
		"CASE WHEN ag.agginitval IS NOT NULL THEN 'INITCOND = ' || quote_literal(ag.agginitval) END",
		"CASE WHEN ag.aggmtransfn <> 0 THEN 'MSFUNC = ' || "+fn("aggmtransfn")+" || ', MINVFUNC = ' || "+fn("aggminvtransfn")+
			" || ', MSTYPE = ' || format_type(ag.aggmtranstype, NULL) END",
		"CASE WHEN ag.aggmtransspace <> 0 THEN 'MSSPACE = ' || ag.aggmtransspace END",
		"CASE WHEN ag.aggmfinalfn <> 0 THEN 'MFINALFUNC = ' || "+fn("aggmfinalfn")+" END",
		"CASE WHEN ag.aggmfinalextra THEN 'MFINALFUNC_EXTRA' END")
	if s.version >= 110000 {
		opts = append(opts, "CASE WHEN ag.aggmfinalfn <> 0 AND ag.aggmfinalmodify <> 'r' THEN 'MFINALFUNC_MODIFY = ' || "+modify("aggmfinalmodify")+" END")
	}
	opts = append(opts,
		"CASE WHEN ag.aggminitval IS NOT NULL THEN 'MINITCOND = ' || quote_literal(ag.aggminitval) END",
		"CASE WHEN ag.aggsortop <> 0 THEN 'SORTOP = OPERATOR(' || ag.aggsortop::regoper::text || ')' END",
		"CASE WHEN ag.aggkind = 'h' THEN 'HYPOTHETICAL' END")
	if s.version >= 90600 {
		opts = append(opts, "CASE p.proparallel WHEN 's' THEN 'PARALLEL = SAFE' WHEN 'r' THEN 'PARALLEL = RESTRICTED' END")
	}
	return `'CREATE AGGREGATE ' || quote_ident(an.nspname) || '.' || quote_ident(p.proname) || '('
    || CASE WHEN p.pronargs = 0 AND ag.aggkind = 'n' THEN '*' ELSE pg_get_function_arguments(p.oid) END || ') ('
    || concat_ws(', ', ` + strings.Join(opts, ",\n      ") + `) || ')'`
}

// aclJSON sends an ACL column as a JSON array of aclitem texts (NULL stays NULL: the default).
func aclJSON(column string) string {
	return "array_to_json(" + column + "::text[])::text"
}

// descCol is the comment column of a query, or NULL when pg_description is unreadable.
func (s *pgServer) descCol(alias string) string {
	if !s.can("pg_description") {
		return "NULL::text"
	}
	return alias + ".description"
}

// descJoin joins the comments of one kind of object, when pg_description is readable.
func (s *pgServer) descJoin(alias, objoid, catalog, subid string) string {
	if !s.can("pg_description") {
		return ""
	}
	return fmt.Sprintf("LEFT JOIN pg_description %[1]s ON %[1]s.objoid = %[2]s AND %[1]s.classoid = 'pg_catalog.%[3]s'::regclass AND %[1]s.objsubid = %[4]s",
		alias, objoid, catalog, subid)
}

// notInExtension excludes objects that belong to an extension (pg_depend deptype 'e'): they
// are the extension's, created by CREATE EXTENSION, not part of the user's schema.
func (s *pgServer) notInExtension(catalog, oid string) string {
	if !s.can("pg_depend") {
		return "true"
	}
	return fmt.Sprintf("NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_catalog.%s'::regclass AND e.objid = %s AND e.deptype = 'e')",
		catalog, oid)
}

// lookupsQuery names the non-default operator classes and all collations, for the readers that
// get OIDs: "o" rows are operator classes, "c" rows collations. Built-in collations of
// pg_catalog keep their bare name ("C", "en_US"); others, and operator classes outside
// pg_catalog, are schema-qualified and quoted. Collation rows of the inspected schemas (not
// created by an extension) also carry what CREATE COLLATION needs: those are Schema.Collations.
// "t" rows are the text search configurations of the inspected schemas (they are no lookup,
// but ride along so the statement count stays fixed). "k" rows are the server's keywords that
// quote_ident quotes (all but the unreserved ones), and a "q" row says quote_all_identifiers
// is on: what Go needs to quote names as the server does (indexDefinition).
//
// Columns: kind, oid, lookup name, schema OID of an object of the inspected schemas (else
// NULL), its own name, then per kind — collation: provider, locale, lc_collate, lc_ctype,
// deterministic, ICU rules; text search configuration: parser, mappings as JSON
// [[token, [dictionary, …]], …] — and the comment.
func (s *pgServer) lookupsQuery(nsps string) string {
	parts := []string{"SELECT NULL::text, NULL::oid, NULL::text, NULL::oid, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::bool, NULL::text, NULL::text WHERE false"}
	qualified := func(name string) string {
		return "CASE WHEN n.nspname = 'pg_catalog' THEN " + name + " ELSE quote_ident(n.nspname) || '.' || quote_ident(" + name + ") END"
	}
	if s.can("pg_opclass") {
		parts = append(parts, `SELECT 'o', oc.oid, `+qualified("oc.opcname")+`, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM pg_opclass oc JOIN pg_namespace n ON n.oid = oc.opcnamespace WHERE NOT oc.opcdefault`)
	}
	if s.can("pg_collation") {
		provider, deterministic, rules := "co.collprovider::text", "co.collisdeterministic", "NULL::text"
		locale := "co.collcollate::text" // ICU kept its locale in collcollate before 15
		switch {
		case s.version >= 170000:
			locale = "co.colllocale"
		case s.version >= 150000:
			locale = "co.colliculocale"
		}
		if s.version < 100000 {
			provider = "'c'"
		}
		if s.version < 120000 {
			deterministic = "true"
		}
		if s.version >= 160000 {
			rules = "co.collicurules"
		}
		own := "co.collnamespace = ANY(" + nsps + ") AND " + s.notInExtension("pg_collation", "co.oid")
		parts = append(parts, `SELECT 'c', co.oid, `+qualified("co.collname")+`,
  CASE WHEN `+own+` THEN co.collnamespace END, co.collname, `+provider+`,
  CASE WHEN `+provider+` <> 'c' THEN `+locale+` END,
  CASE WHEN `+provider+` = 'c' THEN co.collcollate::text END, CASE WHEN `+provider+` = 'c' THEN co.collctype::text END,
  `+deterministic+`, `+rules+`, `+s.descCol("d")+`
FROM pg_collation co JOIN pg_namespace n ON n.oid = co.collnamespace
`+s.descJoin("d", "co.oid", "pg_collation", "0"))
	}
	if s.can("pg_ts_config") && s.can("pg_ts_parser") && s.can("pg_ts_config_map") {
		parts = append(parts, `SELECT 't', c.oid, c.cfgname, c.cfgnamespace, c.cfgname, quote_ident(pn.nspname) || '.' || quote_ident(p.prsname),
  (SELECT json_agg(json_build_array(t.alias, m.dicts) ORDER BY t.tokid) FROM ts_token_type(c.cfgparser) t
    JOIN (SELECT maptokentype, json_agg(mapdict::regdictionary::text ORDER BY mapseqno) dicts
      FROM pg_ts_config_map WHERE mapcfg = c.oid GROUP BY maptokentype) m ON m.maptokentype = t.tokid)::text,
  NULL, NULL, NULL, NULL, `+s.descCol("d")+`
FROM pg_ts_config c
JOIN pg_ts_parser p ON p.oid = c.cfgparser
JOIN pg_namespace pn ON pn.oid = p.prsnamespace
`+s.descJoin("d", "c.oid", "pg_ts_config", "0")+`
WHERE c.cfgnamespace = ANY(`+nsps+`) AND `+s.notInExtension("pg_ts_config", "c.oid"))
	}
	parts = append(parts, `SELECT 'k', 0, word, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM pg_get_keywords() WHERE catcode <> 'U'`,
		`SELECT 'q', 0, '', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
WHERE current_setting('quote_all_identifiers')::bool`)
	return strings.Join(parts, "\nUNION ALL\n")
}

// oidArray formats OIDs as an SQL array literal.
func oidArray(oids []uint32) string {
	var b strings.Builder
	b.WriteString("'{")
	for i, o := range oids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatUint(uint64(o), 10))
	}
	b.WriteString("}'::oid[]")
	return b.String()
}

// quoteLiteral quotes s as an SQL string literal that reads the same whatever
// standard_conforming_strings is: E” with backslashes and quotes doubled.
func quoteLiteral(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, `'`, `''`)
	return "E'" + s + "'"
}

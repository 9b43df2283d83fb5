package diff

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/dbinspect/dbinspect/schema"
)

// PostgreSQL objects and settings of issue 12: row-level security policies, rewrite rules,
// storage parameters (tables, indexes, columns, views), replica identity and constraint
// comments. Each is compared only between two PostgreSQL models; across engines it is noted.

// comparePolicies compares a table's policies by name: a policy's name is its identity on its
// table (there are no server-generated policy names). Expressions are compared by meaning, as
// checks are.
func (d *differ) comparePolicies(tc tableCtx) {
	fp, tp := pgPolicies(tc.from), pgPolicies(tc.to)
	if d.cross {
		if len(fp)+len(tp) > 0 {
			d.note("row-level security policies (PostgreSQL only)")
		}
		return
	}
	items := func(s side, ps []schema.Policy) []*item {
		var out []*item
		for i := range ps {
			p := &ps[i]
			fields := []field{
				{FieldAs, policyAs(p), policyAs(p)},
				{FieldCommand, string(p.Command), string(p.Command)},
				{FieldRoles, strings.Join(d.roles(s, p.Roles), ","), strings.Join(p.Roles, ", ")},
				{FieldUsing, s.expr(p.Using), p.Using},
				{FieldWithCheck, s.expr(p.WithCheck), p.WithCheck},
			}
			it := newItem(p.Name, false, p, fields)
			out = append(out, d.commentItem(it, p.Comment))
		}
		return out
	}
	d.compareByName(tc, ObjPolicy, items(d.from, fp), items(d.to, tp))
}

// compareRules compares a table's rewrite rules by name. A rule's definition (CREATE RULE …)
// holds its name, its event and DO INSTEAD, so the definition is the comparison.
func (d *differ) compareRules(tc tableCtx, from, to []schema.Rule) {
	if d.cross {
		if len(from)+len(to) > 0 {
			d.note("rewrite rules (PostgreSQL only)")
		}
		return
	}
	items := func(s side, rs []schema.Rule) []*item {
		var out []*item
		for i := range rs {
			r := &rs[i]
			fields := []field{
				{FieldDefinition, s.expr(strings.TrimRight(strings.TrimSpace(r.Definition), ";")), r.Definition},
				boolField(FieldDisabled, r.Disabled),
			}
			out = append(out, d.commentItem(newItem(r.Name, false, r, fields), r.Comment))
		}
		return out
	}
	d.compareByName(tc, ObjRule, items(d.from, from), items(d.to, to))
}

// compareByName reports the objects of one kind of a table that are matched by name only.
func (d *differ) compareByName(tc tableCtx, kind Object, from, to []*item) {
	r := matchByName(from, to)
	base := Change{Object: kind, Schema: tc.schema, Table: tc.from.Name, OnView: tc.onView}
	for _, p := range r.same {
		if fields := fieldChanges(p.from, p.to); len(fields) > 0 {
			c := base
			c.Action, c.Name, c.from, c.to, c.Fields = Modify, p.from.name, p.from.obj, p.to.obj, fields
			d.add(c)
		}
	}
	for _, it := range r.dropped {
		c := base
		c.Action, c.Name, c.from = Drop, it.name, it.obj
		d.add(c)
	}
	for _, it := range r.added {
		c := base
		c.Action, c.Name, c.to = Add, it.name, it.obj
		d.add(c)
	}
}

// commentItem adds a comment to an item's compared fields without making it part of the key
// that pairs objects by definition: a constraint whose comment changed is still the same
// constraint.
func (d *differ) commentItem(it *item, comment *string) *item {
	if d.ignored(CatComments) || d.cross {
		return it
	}
	it.fields = append(it.fields, field{FieldComment, deref(comment), deref(comment)})
	return it
}

// roles are a policy's roles as compared: TO's by the FROM names Options.RoleMap pairs them
// with, sorted, PUBLIC kept.
func (d *differ) roles(s side, roles []string) []string {
	out := slices.Clone(roles)
	for i := range out {
		out[i] = d.role(out[i], s.db == d.to.db)
	}
	slices.Sort(out)
	return out
}

func policyAs(p *schema.Policy) string {
	if p.Restrictive {
		return "RESTRICTIVE"
	}
	return "PERMISSIVE"
}

func pgPolicies(t *schema.Table) []schema.Policy {
	if t == nil || t.Postgres == nil {
		return nil
	}
	return t.Postgres.Policies
}

func pgRules(t *schema.Table) []schema.Rule {
	if t == nil || t.Postgres == nil {
		return nil
	}
	return t.Postgres.Rules
}

// storageOptions are reloptions as compared: the server keeps them in the order they were
// set, which is no part of their meaning.
func storageOptions(with []string) (canon, shown string) {
	if len(with) == 0 {
		return "", ""
	}
	sorted := slices.Clone(with)
	for i := range sorted {
		sorted[i] = strings.ToLower(sorted[i])
	}
	slices.Sort(sorted)
	return strings.Join(sorted, ","), strings.Join(with, ", ")
}

// replicaIdentityText is a table's REPLICA IDENTITY as PostgreSQL spells it, "" for DEFAULT.
func replicaIdentityText(p *schema.PostgresTable) string {
	switch p.ReplicaIdentity {
	case "":
		return ""
	case schema.ReplicaIndex:
		return "USING INDEX " + p.ReplicaIdentityIndex
	}
	return string(p.ReplicaIdentity)
}

// pgTableSettings are a PostgreSQL table's storage parameters and replica identity, for
// tableOptions.
func (d *differ) pgTableSettings(p *schema.PostgresTable, add func(name Field, canon, shown string)) {
	if !d.ignored(CatStorage) {
		canon, shown := storageOptions(p.With)
		add(FieldOptions, canon, shown)
	}
	ri := replicaIdentityText(p)
	add(FieldReplicaIdentity, ri, ri)
}

// pgColumnSettings compares a column's per-column settings (SET (…), SET STATISTICS, SET
// STORAGE).
func (d *differ) pgColumnSettings(f, t *schema.Column) []FieldChange {
	fp, tp := pgColumn(f), pgColumn(t)
	if d.cross {
		if fp != (pgColumnKey{}) || tp != (pgColumnKey{}) {
			d.note("per-column storage settings (PostgreSQL only)")
		}
		return nil
	}
	var out []FieldChange
	if d.ignored(CatStorage) {
		return out
	}
	out = diffFieldShown(out, FieldOptions, fp.withCanon, tp.withCanon, fp.with, tp.with)
	out = diffField(out, FieldStatistics, fp.statistics, tp.statistics)
	out = diffField(out, FieldStorage, fp.storage, tp.storage)
	return out
}

type pgColumnKey struct{ withCanon, with, statistics, storage string }

func pgColumn(c *schema.Column) pgColumnKey {
	if c.Postgres == nil {
		return pgColumnKey{}
	}
	var k pgColumnKey
	k.withCanon, k.with = storageOptions(c.Postgres.With)
	if c.Postgres.Statistics != nil {
		k.statistics = strconv.Itoa(*c.Postgres.Statistics)
	}
	k.storage = strings.ToUpper(c.Postgres.Storage)
	return k
}

func diffFieldShown(fields []FieldChange, name Field, a, b, shownA, shownB string) []FieldChange {
	if a == b {
		return fields
	}
	return append(fields, FieldChange{Field: name, From: shownA, To: shownB})
}

// pgIndexOptions are an index's storage parameters, as a field of indexItem.
func pgIndexOptions(x *schema.Index) field {
	if x.Postgres == nil {
		return field{name: FieldOptions}
	}
	canon, shown := storageOptions(x.Postgres.With)
	return field{FieldOptions, canon, shown}
}

// pgViewFields are a view's options and a materialized view's tablespace.
func (d *differ) pgViewFields(v *schema.View) []field {
	if d.ignored(CatStorage) {
		if v.Postgres == nil {
			return []field{{name: FieldTablespace}}
		}
		return []field{{FieldTablespace, v.Postgres.Tablespace, v.Postgres.Tablespace}}
	}
	if v.Postgres == nil {
		return []field{{name: FieldOptions}, {name: FieldTablespace}}
	}
	canon, shown := storageOptions(v.Postgres.With)
	return []field{{FieldOptions, canon, shown}, {FieldTablespace, v.Postgres.Tablespace, v.Postgres.Tablespace}}
}

func pgViewRules(v *schema.View) []schema.Rule {
	if v.Postgres == nil {
		return nil
	}
	return v.Postgres.Rules
}

// explicitNames turns a pair matched by definition whose name was server-generated on one
// side and chosen on the other into a rename: the chosen name is part of the schema (a
// migration, ON CONFLICT ON CONSTRAINT, an error message names it). Two generated names are
// still the same object; across engines each names its own way.
func (d *differ) explicitNames(r matchResult) matchResult {
	if d.cross || d.ignored(CatNames) || !rulesOf(d.from.dialect).explicitNames {
		return r
	}
	kept := r.same[:0]
	for _, p := range r.same {
		if p.from.name != p.to.name && p.from.name != "" && p.to.name != "" && d.explicitRename(p.from.name, p.to.name, p.from.generated, p.to.generated) {
			r.renamed = append(r.renamed, p)
			continue
		}
		kept = append(kept, p)
	}
	r.same = kept
	return r
}

// explicitRename: one name is the server's and the other a person's (PostgreSQL). A name
// that has the shape of a server-generated one (t_pkey, t_a_key1, …) but not for its table
// now, as after a table rename, is not taken for a person's.
func (d *differ) explicitRename(from, to string, fromGen, toGen bool) bool {
	if d.cross || !rulesOf(d.from.dialect).explicitNames || fromGen == toGen {
		return false
	}
	other := to
	if toGen {
		other = from
	}
	return !pgGeneratedShape.MatchString(other)
}

// constraintsUnread reports whether db could not read constraints in some schema.
func constraintsUnread(db *schema.Database) bool {
	for _, u := range db.Unread {
		if u.Kind == schema.UnreadConstraints || u.Kind == schema.UnreadTables {
			return true
		}
	}
	return false
}

var pgGeneratedShape = regexp.MustCompile(`_(pkey|key|fkey|check|excl|idx)[0-9]*$`)

// uniqueKind adds whether a unique is a constraint or a plain index to its compared fields
// (PostgreSQL, unless --ignore unique-kind), outside the key that pairs uniques by columns: a
// unique index turned into a constraint is one change (ADD CONSTRAINT … USING INDEX).
//
// A side that could not read pg_constraint sees a constraint's backing index as a plain unique
// index, so the kind is compared only when both sides read their constraints.
func (d *differ) uniqueKind(it *item, s side, kind string) *item {
	if d.cross || !rulesOf(s.dialect).uniqueKinds || d.ignored(CatUniqueKind) ||
		constraintsUnread(d.from.db) || constraintsUnread(d.to.db) {
		return it
	}
	it.fields = append(it.fields, field{FieldKind, kind, kind})
	return it
}

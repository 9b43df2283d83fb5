// Package difftest holds the fixtures of the diff → migrate contract, for the tests of both
// packages: one base model per dialect holding every object kind the dialect has, and for each
// field diff declares (diff.Fields), a change to that model that makes diff report the field.
//
// diff's tests check that every fixture makes diff report its field and only declared fields;
// migrate's tests check that the planner plans or notes each of them. A field declared in diff
// without a fixture here fails both. Production code must not import this package.
package difftest

import (
	"fmt"

	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/schema"
)

// Dialects are the dialects the fixtures cover: every dialect dbinspect reads.
var Dialects = []schema.Dialect{schema.Postgres, schema.MySQL, schema.SQLite}

// Fixture makes diff report one field of one object kind.
type Fixture struct {
	Object diff.Object
	Field  diff.Field
	// Options are the comparison's options (column positions are compared only on request).
	Options diff.Options
	// Change turns the base model into the model to compare it with.
	Change func(db *schema.Database)
}

// Pair returns the base model of dialect d and a copy changed by f, both normalized.
func (f Fixture) Pair(d schema.Dialect) (from, to *schema.Database) {
	from, to = Base(d), Base(d)
	f.Change(to)
	to.Normalize()
	return from, to
}

// For returns the fixture of a field of an object kind in dialect d.
func For(d schema.Dialect, obj diff.Object, field diff.Field) (Fixture, error) {
	change, ok := fixtures[obj][field]
	if !ok {
		return Fixture{}, fmt.Errorf("difftest: no fixture makes diff report the %q of a %s: add one to fixtures", field, obj)
	}
	f := Fixture{Object: obj, Field: field, Change: func(db *schema.Database) { change(m{db, d}) }}
	if field == diff.FieldPosition {
		f.Options.ColumnOrder = true
	}
	if field == diff.FieldOwner || field == diff.FieldGrants || field == diff.FieldDefaultPrivileges {
		f.Options.Privileges = true
	}
	return f, nil
}

// types are the spellings of the base model's column types per dialect, as its inspector
// reports them.
type types struct{ integer, bigint, text, varchar, numeric, wideNumeric string }

var typesOf = map[schema.Dialect]types{
	schema.Postgres: {"integer", "bigint", "text", "character varying(20)", "numeric(10,2)", "numeric(12,2)"},
	schema.MySQL:    {"int", "bigint", "text", "varchar(20)", "decimal(10,2)", "decimal(12,2)"},
	schema.SQLite:   {"INTEGER", "BIGINT", "TEXT", "VARCHAR(20)", "NUMERIC(10,2)", "NUMERIC(12,2)"},
}

var schemaName = map[schema.Dialect]string{schema.Postgres: "public", schema.MySQL: "app", schema.SQLite: "main"}

// Base returns a fresh copy of the base model of dialect d: tables parent and child with a
// primary key, a unique, a foreign key, a check, an index, a trigger (and on PostgreSQL an
// exclusion), a view, and the schema-level objects of the dialect.
func Base(d schema.Dialect) *schema.Database {
	ty := typesOf[d]
	sc := schema.Schema{Name: schemaName[d]}
	parent := schema.Table{Name: "parent",
		Columns: []schema.Column{
			{Name: "id", Type: ty.integer},
			{Name: "code", Type: ty.varchar, Nullable: true},
		},
		PrimaryKey: &schema.PrimaryKey{Columns: []string{"id"}},
		Uniques:    []schema.Unique{{Name: "u_code", Columns: []string{"code"}}},
	}
	child := schema.Table{Name: "child",
		Columns: []schema.Column{
			{Name: "id", Type: ty.integer},
			{Name: "parent_id", Type: ty.integer, Nullable: true},
			{Name: "note", Type: ty.text, Nullable: true, Default: schema.Ptr("'x'")},
			{Name: "amount", Type: ty.numeric, Nullable: true},
		},
		PrimaryKey: &schema.PrimaryKey{Columns: []string{"id"}},
		ForeignKeys: []schema.ForeignKey{{Name: "fk_child_parent", Columns: []string{"parent_id"}, RefSchema: sc.Name,
			RefTable: "parent", RefColumns: []string{"id"}, OnDelete: "NO ACTION", OnUpdate: "NO ACTION"}},
		Checks: []schema.Check{{Name: "ck_amount", Expression: "amount >= 0"}},
		Indexes: []schema.Index{{Name: "ix_child_note", Method: "btree",
			Parts: []schema.IndexPart{{Column: "note"}, {Column: "amount", Desc: true}}}},
	}
	view := schema.View{Name: "v", Definition: "SELECT id FROM child"}
	trigger := schema.Trigger{Name: "trg_child", Timing: "BEFORE", Events: []schema.TriggerEvent{"UPDATE"}, Level: "ROW"}
	switch d {
	case schema.Postgres:
		parent.PrimaryKey.Name = schema.Ptr("parent_pk")
		child.PrimaryKey.Name = schema.Ptr("child_pk")
		child.Postgres = &schema.PostgresTable{Exclusions: []schema.Exclusion{{Name: "ex_child", Definition: "EXCLUDE USING gist (id WITH =)"}},
			Policies: []schema.Policy{{Name: "p_child", Command: schema.PolicySelect, Roles: []string{schema.PublicRole}, Using: "(amount >= (0)::numeric)"}},
			Rules: []schema.Rule{{Name: "r_child", Event: "DELETE", Instead: true,
				Definition: "CREATE RULE r_child AS\n    ON DELETE TO public.child DO INSTEAD NOTHING;"}}}
		trigger.Function = "public.touch()"
		trigger.Definition = "CREATE TRIGGER trg_child BEFORE UPDATE ON public.child FOR EACH ROW EXECUTE FUNCTION public.touch()"
		sc.Collations = []schema.Collation{{Name: "coll", Provider: "icu", Locale: "und-u-ks-level2"}}
		sc.TextSearchConfigs = []schema.TextSearchConfig{{Name: "ts", Parser: `pg_catalog."default"`,
			Mappings: []schema.TextSearchMapping{{Token: "asciiword", Dictionaries: []string{"english_stem"}}}}}
		sc.Enums = []schema.Enum{{Name: "mood", Values: []string{"happy", "sad"}}}
		sc.Domains = []schema.Domain{{Name: "posint", Type: "integer", Checks: []schema.Check{{Name: "posint_check", Expression: "CHECK ((VALUE > 0))"}}}}
		sc.CompositeTypes = []schema.CompositeType{{Name: "pair", Attributes: []schema.Column{{Name: "a", Type: "integer", Nullable: true}, {Name: "b", Type: "text", Nullable: true}}}}
		sc.Sequences = []schema.Sequence{{Name: "seq", Type: "bigint", SequenceOptions: schema.SequenceOptions{Start: 1, Increment: 1, Min: 1, Max: 1<<63 - 1, Cache: 1}}}
		sc.Functions = []schema.Function{{Name: "f", Kind: "function", Arguments: "a integer", Returns: "integer", Language: "sql",
			Definition: "CREATE OR REPLACE FUNCTION public.f(a integer)\n RETURNS integer\n LANGUAGE sql\nAS $function$ SELECT a $function$\n"}}
	case schema.MySQL:
		sc.MySQL = &schema.MySQLSchema{Charset: "utf8mb4", Collation: "utf8mb4_general_ci"}
		for _, t := range []*schema.Table{&parent, &child} {
			t.MySQL = &schema.MySQLTable{Engine: "InnoDB", Charset: "utf8mb4", Collation: "utf8mb4_general_ci"}
		}
		trigger.Definition = "BEGIN SET NEW.note = 'x'; END"
		view.MySQL = &schema.MySQLView{Algorithm: "UNDEFINED", SecurityType: "DEFINER"}
		sc.Functions = []schema.Function{{Name: "f", Kind: "function", Arguments: "a int", Returns: "int", Language: "SQL",
			Definition: "CREATE DEFINER=`root`@`localhost` FUNCTION `f`(a int) RETURNS int\n    DETERMINISTIC\nRETURN a"}}
		sc.Sequences = []schema.Sequence{{Name: "seq", Type: "bigint", MySQL: &schema.MySQLSequence{Engine: "InnoDB"},
			SequenceOptions: schema.SequenceOptions{Start: 1, Increment: 1, Min: 1, Max: 1<<63 - 2, Cache: 1000}}}
		sc.Events = []schema.Event{{Name: "ev", Every: "1 DAY", Starts: "2030-01-01 00:00:00", Status: "ENABLED",
			Body: "DELETE FROM child WHERE amount < 0", Definer: "root@localhost"}}
	case schema.SQLite:
		parent.PrimaryKey.Name = schema.Ptr("parent_pk")
		index := &child.Indexes[0]
		index.Method = ""
		index.Definition = "CREATE INDEX ix_child_note ON child (note, amount DESC)"
		trigger.Definition = "CREATE TRIGGER trg_child BEFORE UPDATE ON child BEGIN SELECT 1; END"
		view.Definition = "CREATE VIEW v AS SELECT id FROM child"
	}
	child.Triggers = []schema.Trigger{trigger}
	sc.Tables = []schema.Table{parent, child}
	sc.Views = []schema.View{view}
	db := &schema.Database{Dialect: d, Schemas: []schema.Schema{sc}}
	if d == schema.Postgres {
		db.Extensions = []schema.Extension{{Name: "citext", Version: "1.6", Schema: "public"}}
	}
	db.Normalize()
	return db
}

// m is a model being changed by a fixture, with shorthands for its objects.
type m struct {
	db *schema.Database
	d  schema.Dialect
}

func (x m) schema() *schema.Schema { return &x.db.Schemas[0] }
func (x m) parent() *schema.Table  { return x.schema().Table("parent") }
func (x m) child() *schema.Table   { return x.schema().Table("child") }
func (x m) column(name string) *schema.Column {
	return x.child().Column(name)
}
func (x m) fk() *schema.ForeignKey       { return &x.child().ForeignKeys[0] }
func (x m) unique() *schema.Unique       { return &x.parent().Uniques[0] }
func (x m) check() *schema.Check         { return &x.child().Checks[0] }
func (x m) index() *schema.Index         { return &x.child().Indexes[0] }
func (x m) trigger() *schema.Trigger     { return &x.child().Triggers[0] }
func (x m) view() *schema.View           { return &x.schema().Views[0] }
func (x m) function() *schema.Function   { return &x.schema().Functions[0] }
func (x m) event() *schema.Event         { return &x.schema().Events[0] }
func (x m) exclusion() *schema.Exclusion { return &x.child().Postgres.Exclusions[0] }
func (x m) policy() *schema.Policy       { return &x.child().Postgres.Policies[0] }
func (x m) rule() *schema.Rule           { return &x.child().Postgres.Rules[0] }
func (x m) pgColumn(name string) *schema.PostgresColumn {
	c := x.column(name)
	if c.Postgres == nil {
		c.Postgres = &schema.PostgresColumn{}
	}
	return c.Postgres
}
func (x m) pg() *schema.PostgresTable {
	if x.child().Postgres == nil {
		x.child().Postgres = &schema.PostgresTable{}
	}
	return x.child().Postgres
}
func (x m) my() *schema.MySQLTable { return x.child().MySQL }
func (x m) lite() *schema.SQLiteTable {
	if x.child().SQLite == nil {
		x.child().SQLite = &schema.SQLiteTable{}
	}
	return x.child().SQLite
}
func (x m) myColumn(name string) *schema.MySQLColumn {
	c := x.column(name)
	if c.MySQL == nil {
		c.MySQL = &schema.MySQLColumn{}
	}
	return c.MySQL
}

type fields = map[diff.Field]func(m)

// accessOf are the objects with an owner and grants, by kind.
var accessOf = map[diff.Object]func(m) *schema.Access{
	diff.ObjSchema:        func(x m) *schema.Access { return &x.schema().Access },
	diff.ObjTable:         func(x m) *schema.Access { return &x.child().Access },
	diff.ObjView:          func(x m) *schema.Access { return &x.view().Access },
	diff.ObjEnum:          func(x m) *schema.Access { return &x.schema().Enums[0].Access },
	diff.ObjDomain:        func(x m) *schema.Access { return &x.schema().Domains[0].Access },
	diff.ObjCompositeType: func(x m) *schema.Access { return &x.schema().CompositeTypes[0].Access },
	diff.ObjSequence:      func(x m) *schema.Access { return &x.schema().Sequences[0].Access },
	diff.ObjFunction:      func(x m) *schema.Access { return &x.function().Access },
}

func init() {
	for obj, access := range accessOf {
		fixtures[obj][diff.FieldOwner] = func(x m) { access(x).Owner = "app_owner" }
		fixtures[obj][diff.FieldGrants] = func(x m) {
			access(x).Grants = []schema.Grant{{Grantee: "app", Privileges: []schema.Privilege{schema.PrivSelect}}}
		}
	}
	fixtures[diff.ObjSchema][diff.FieldDefaultPrivileges] = func(x m) {
		x.schema().Postgres = &schema.PostgresSchema{DefaultPrivileges: []schema.DefaultPrivilege{{Role: "app_owner",
			Object: schema.DefaultOnTables, Grants: []schema.Grant{{Grantee: "app", Privileges: []schema.Privilege{schema.PrivSelect}}}}}}
	}
}

// fixtures changes the base model so that diff reports one field of one object kind. Each
// changes as little as it can: one property of one object.
var fixtures = map[diff.Object]fields{
	diff.ObjSchema: {
		diff.FieldComment:   func(x m) { x.schema().Comment = schema.Ptr("the application") },
		diff.FieldCharset:   func(x m) { x.schema().MySQL.Charset = "latin1" },
		diff.FieldCollation: func(x m) { x.schema().MySQL.Collation = "utf8mb4_bin" },
	},
	diff.ObjExtension: {
		diff.FieldVersion: func(x m) { x.db.Extensions[0].Version = "1.7" },
		diff.FieldSchema:  func(x m) { x.db.Extensions[0].Schema = "extensions" },
	},
	diff.ObjTable: {
		diff.FieldName:             func(x m) { x.child().Name = "kid" },
		diff.FieldComment:          func(x m) { x.child().Comment = schema.Ptr("kids") },
		diff.FieldUnlogged:         func(x m) { x.pg().Unlogged = true },
		diff.FieldPartitionKey:     func(x m) { x.pg().PartitionKey = "RANGE (id)" },
		diff.FieldPartitionOf:      func(x m) { x.pg().PartitionOf = &schema.TableRef{Schema: "public", Name: "parent"} },
		diff.FieldPartitionBound:   func(x m) { x.pg().PartitionBound = "FOR VALUES FROM (1) TO (10)" },
		diff.FieldInherits:         func(x m) { x.pg().Inherits = []schema.TableRef{{Schema: "public", Name: "parent"}} },
		diff.FieldRowSecurity:      func(x m) { x.pg().RowSecurity = true },
		diff.FieldForceRowSecurity: func(x m) { x.pg().ForceRowSecurity = true },
		diff.FieldEngine:           func(x m) { x.my().Engine = "MyISAM" },
		diff.FieldCharset:          func(x m) { x.my().Charset = "latin1" },
		diff.FieldCollation:        func(x m) { x.my().Collation = "utf8mb4_bin" },
		diff.FieldRowFormat:        func(x m) { x.my().RowFormat = "Compressed" },
		diff.FieldSystemVersioning: func(x m) { x.my().SystemVersioned = true },
		diff.FieldPartitioning:     func(x m) { x.my().Partitioning = "HASH (id) PARTITIONS 2" },
		diff.FieldOptions: func(x m) {
			if x.d == schema.Postgres {
				x.pg().With = []string{"fillfactor=70"}
				return
			}
			x.my().CreateOptions = "stats_persistent=0"
		},
		diff.FieldReplicaIdentity: func(x m) { x.pg().ReplicaIdentity = schema.ReplicaFull },
		diff.FieldWithoutRowID:    func(x m) { x.lite().WithoutRowID = true },
		diff.FieldStrict:          func(x m) { x.lite().Strict = true },
		diff.FieldModule: func(x m) {
			x.lite().Module, x.lite().Definition = "fts5", "CREATE VIRTUAL TABLE child USING fts5(note)"
		},
	},
	diff.ObjColumn: {
		// Names compare without case (MySQL, SQLite): another spelling is a rename.
		diff.FieldName:     func(x m) { x.column("note").Name = "Note" },
		diff.FieldType:     func(x m) { x.column("amount").Type = typesOf[x.d].wideNumeric },
		diff.FieldNullable: func(x m) { x.column("note").Nullable = false },
		diff.FieldDefault:  func(x m) { x.column("note").Default = schema.Ptr("'y'") },
		diff.FieldIdentity: func(x m) {
			x.column("id").Identity = &schema.Identity{Generation: "BY DEFAULT",
				SequenceOptions: schema.SequenceOptions{Start: 1, Increment: 1, Min: 1, Max: 1<<31 - 1, Cache: 1}}
		},
		diff.FieldAutoIncrement: func(x m) { x.column("id").AutoIncrement = true },
		diff.FieldGenerated: func(x m) {
			x.column("amount").Generated = &schema.Generated{Expression: "id * 2", Kind: "STORED"}
		},
		diff.FieldCollation: func(x m) {
			x.column("note").Collation = map[schema.Dialect]string{schema.Postgres: "C", schema.MySQL: "utf8mb4_bin", schema.SQLite: "NOCASE"}[x.d]
		},
		diff.FieldCharset: func(x m) { x.myColumn("note").Charset = "latin1" },
		diff.FieldOnUpdate: func(x m) {
			x.column("amount").Type = "timestamp"
			x.myColumn("amount").OnUpdate = "current_timestamp()"
		},
		diff.FieldComment:   func(x m) { x.column("note").Comment = schema.Ptr("what it is") },
		diff.FieldInvisible: func(x m) { x.column("note").Invisible = true },
		diff.FieldSystemVersioning: func(x m) {
			x.my().SystemVersioned = true
			x.myColumn("note").WithoutVersioning = true
		},
		diff.FieldPosition: func(x m) {
			cs := x.child().Columns
			cs[2], cs[3] = cs[3], cs[2]
		},
		diff.FieldOptions:    func(x m) { x.pgColumn("note").With = []string{"n_distinct=-1"} },
		diff.FieldStatistics: func(x m) { n := 500; x.pgColumn("note").Statistics = &n },
		diff.FieldStorage:    func(x m) { x.pgColumn("note").Storage = "MAIN" },
	},
	diff.ObjPrimaryKey: {
		diff.FieldName:       func(x m) { x.parent().PrimaryKey.Name = schema.Ptr("parent_primary") },
		diff.FieldColumns:    func(x m) { x.parent().PrimaryKey.Columns = []string{"id", "code"} },
		diff.FieldComment:    func(x m) { x.parent().PrimaryKey.Comment = schema.Ptr("the key") },
		diff.FieldDeferrable: func(x m) { x.parent().PrimaryKey.Deferrable = true },
		diff.FieldInitiallyDeferred: func(x m) {
			x.parent().PrimaryKey.Deferrable, x.parent().PrimaryKey.InitiallyDeferred = true, true
		},
	},
	diff.ObjForeignKey: {
		diff.FieldName:              func(x m) { x.fk().Name = "child_parent_ref" },
		diff.FieldColumns:           func(x m) { x.fk().Columns = []string{"id"} },
		diff.FieldReferences:        func(x m) { x.fk().RefColumns = []string{"code"} },
		diff.FieldOnDelete:          func(x m) { x.fk().OnDelete = "CASCADE" },
		diff.FieldOnUpdate:          func(x m) { x.fk().OnUpdate = "CASCADE" },
		diff.FieldMatch:             func(x m) { x.fk().Match = "FULL" },
		diff.FieldDeferrable:        func(x m) { x.fk().Deferrable = true },
		diff.FieldInitiallyDeferred: func(x m) { x.fk().InitiallyDeferred = true },
		diff.FieldNotValid:          func(x m) { x.fk().NotValid = true },
		diff.FieldComment:           func(x m) { x.fk().Comment = schema.Ptr("the parent") },
	},
	diff.ObjUnique: {
		diff.FieldName:              func(x m) { x.unique().Name = "u_code_new" },
		diff.FieldColumns:           func(x m) { x.unique().Columns = []string{"code", "id"} },
		diff.FieldNullsNotDistinct:  func(x m) { x.unique().NullsNotDistinct = true },
		diff.FieldDeferrable:        func(x m) { x.unique().Deferrable = true },
		diff.FieldInitiallyDeferred: func(x m) { x.unique().InitiallyDeferred = true },
		diff.FieldComment:           func(x m) { x.unique().Comment = schema.Ptr("one per code") },
		diff.FieldKind: func(x m) {
			x.parent().Uniques = nil
			x.parent().Indexes = append(x.parent().Indexes, schema.Index{Name: "u_code", Unique: true, Method: "btree",
				Parts: []schema.IndexPart{{Column: "code"}}})
		},
	},
	diff.ObjCheck: {
		diff.FieldName:        func(x m) { x.check().Name = "ck_amount_positive" },
		diff.FieldExpression:  func(x m) { x.check().Expression = "amount > 0" },
		diff.FieldNotValid:    func(x m) { x.check().NotValid = true },
		diff.FieldNoInherit:   func(x m) { x.check().NoInherit = true },
		diff.FieldNotEnforced: func(x m) { x.check().NotEnforced = true },
		diff.FieldComment:     func(x m) { x.check().Comment = schema.Ptr("no debts") },
	},
	diff.ObjIndex: {
		diff.FieldName:             func(x m) { x.index().Name = "ix_child_note2" },
		diff.FieldUnique:           func(x m) { x.index().Unique = true },
		diff.FieldParts:            func(x m) { x.index().Parts = x.index().Parts[:1] },
		diff.FieldWhere:            func(x m) { x.index().Where = "note IS NOT NULL" },
		diff.FieldInclude:          func(x m) { x.index().Include = []string{"id"} },
		diff.FieldNullsNotDistinct: func(x m) { x.index().NullsNotDistinct = true },
		diff.FieldMethod:           func(x m) { x.index().Method = "hash" },
		diff.FieldInvisible:        func(x m) { x.index().Invisible = true },
		diff.FieldParser:           func(x m) { x.index().MySQL = &schema.MySQLIndex{Parser: "ngram"} },
		diff.FieldTablespace:       func(x m) { x.index().Postgres = &schema.PostgresIdx{Tablespace: "fast"} },
		diff.FieldComment:          func(x m) { x.index().Comment = schema.Ptr("for the notes page") },
		diff.FieldOptions:          func(x m) { x.index().Postgres = &schema.PostgresIdx{With: []string{"fillfactor=70"}} },
	},
	diff.ObjExclusion: {
		diff.FieldName:              func(x m) { x.exclusion().Name = "ex_child_id" },
		diff.FieldDefinition:        func(x m) { x.exclusion().Definition = "EXCLUDE USING gist (parent_id WITH =)" },
		diff.FieldDeferrable:        func(x m) { x.exclusion().Deferrable = true },
		diff.FieldInitiallyDeferred: func(x m) { x.exclusion().InitiallyDeferred = true },
		diff.FieldComment:           func(x m) { x.exclusion().Comment = schema.Ptr("one per id") },
	},
	diff.ObjTrigger: {
		diff.FieldName:          func(x m) { x.trigger().Name = "trg_kid" },
		diff.FieldTiming:        func(x m) { x.trigger().Timing = "AFTER" },
		diff.FieldEvents:        func(x m) { x.trigger().Events = []schema.TriggerEvent{"INSERT", "UPDATE"} },
		diff.FieldUpdateColumns: func(x m) { x.trigger().UpdateColumns = []string{"note"} },
		diff.FieldLevel:         func(x m) { x.trigger().Level = "STATEMENT" },
		diff.FieldFunction:      func(x m) { x.trigger().Function = "public.touch2()" },
		diff.FieldWhen:          func(x m) { x.trigger().When = "NEW.note IS NOT NULL" },
		diff.FieldDefinition:    func(x m) { x.trigger().Definition += " -- changed" },
		diff.FieldDisabled:      func(x m) { x.trigger().Disabled = true },
		diff.FieldComment:       func(x m) { x.trigger().Comment = schema.Ptr("keeps notes") },
	},
	diff.ObjView: {
		diff.FieldMaterialized: func(x m) { x.view().Materialized = true },
		diff.FieldDefinition:   func(x m) { x.view().Definition += " WHERE id > 0" },
		diff.FieldCheckOption:  func(x m) { x.view().CheckOption = "CASCADED" },
		diff.FieldComment:      func(x m) { x.view().Comment = schema.Ptr("children") },
		diff.FieldAlgorithm:    func(x m) { x.view().MySQL.Algorithm = "MERGE" },
		diff.FieldSecurity:     func(x m) { x.view().MySQL.SecurityType = "INVOKER" },
		diff.FieldOptions:      func(x m) { x.view().Postgres = &schema.PostgresView{With: []string{"security_barrier=true"}} },
		diff.FieldTablespace: func(x m) {
			x.view().Materialized = true
			x.view().Postgres = &schema.PostgresView{Tablespace: "fast"}
		},
	},
	diff.ObjPolicy: {
		diff.FieldAs:        func(x m) { x.policy().Restrictive = true },
		diff.FieldCommand:   func(x m) { x.policy().Command = schema.PolicyAll },
		diff.FieldRoles:     func(x m) { x.policy().Roles = []string{"app"} },
		diff.FieldUsing:     func(x m) { x.policy().Using = "(amount > (0)::numeric)" },
		diff.FieldWithCheck: func(x m) { x.policy().Command, x.policy().WithCheck = schema.PolicyAll, "(id > 0)" },
		diff.FieldComment:   func(x m) { x.policy().Comment = schema.Ptr("everyone reads") },
	},
	diff.ObjRule: {
		diff.FieldDefinition: func(x m) {
			x.rule().Definition = "CREATE RULE r_child AS\n    ON DELETE TO public.child WHERE (old.id > 0) DO INSTEAD NOTHING;"
		},
		diff.FieldDisabled: func(x m) { x.rule().Disabled = true },
		diff.FieldComment:  func(x m) { x.rule().Comment = schema.Ptr("never delete") },
	},
	diff.ObjCollation: {
		diff.FieldProvider:      func(x m) { x.schema().Collations[0].Provider = "builtin" },
		diff.FieldLocale:        func(x m) { x.schema().Collations[0].Locale = "und-u-ks-level1" },
		diff.FieldLcCollate:     func(x m) { x.schema().Collations[0].LcCollate = "C" },
		diff.FieldLcCtype:       func(x m) { x.schema().Collations[0].LcCtype = "C" },
		diff.FieldDeterministic: func(x m) { x.schema().Collations[0].Deterministic = true },
		diff.FieldRules:         func(x m) { x.schema().Collations[0].Rules = "&a < b" },
		diff.FieldComment:       func(x m) { x.schema().Collations[0].Comment = schema.Ptr("case-insensitive") },
	},
	diff.ObjTextSearch: {
		diff.FieldParser: func(x m) { x.schema().TextSearchConfigs[0].Parser = `public."other"` },
		diff.FieldMappings: func(x m) {
			ts := &x.schema().TextSearchConfigs[0]
			ts.Mappings = append(ts.Mappings, schema.TextSearchMapping{Token: "word", Dictionaries: []string{"simple"}})
		},
		diff.FieldComment: func(x m) { x.schema().TextSearchConfigs[0].Comment = schema.Ptr("english") },
	},
	diff.ObjEnum: {
		diff.FieldValues:  func(x m) { e := &x.schema().Enums[0]; e.Values = append(e.Values, "ok") },
		diff.FieldComment: func(x m) { x.schema().Enums[0].Comment = schema.Ptr("feelings") },
	},
	diff.ObjDomain: {
		diff.FieldType:      func(x m) { x.schema().Domains[0].Type = "bigint" },
		diff.FieldNotNull:   func(x m) { x.schema().Domains[0].NotNull = true },
		diff.FieldChecks:    func(x m) { x.schema().Domains[0].Checks[0].Expression = "CHECK ((VALUE > 1))" },
		diff.FieldDefault:   func(x m) { x.schema().Domains[0].Default = schema.Ptr("1") },
		diff.FieldCollation: func(x m) { x.schema().Domains[0].Collation = "C" },
		diff.FieldComment:   func(x m) { x.schema().Domains[0].Comment = schema.Ptr("positive") },
	},
	diff.ObjCompositeType: {
		diff.FieldAttributes: func(x m) {
			ct := &x.schema().CompositeTypes[0]
			ct.Attributes = append(ct.Attributes, schema.Column{Name: "c", Type: "text", Nullable: true})
		},
		diff.FieldComment: func(x m) { x.schema().CompositeTypes[0].Comment = schema.Ptr("two things") },
	},
	diff.ObjSequence: {
		diff.FieldType:    func(x m) { x.schema().Sequences[0].Type = "integer" },
		diff.FieldOptions: func(x m) { x.schema().Sequences[0].Increment = 2 },
		diff.FieldOwnedBy: func(x m) {
			x.schema().Sequences[0].OwnedBy = &schema.ColumnRef{Schema: "public", Table: "child", Column: "id"}
		},
		diff.FieldEngine:  func(x m) { x.schema().Sequences[0].MySQL = &schema.MySQLSequence{Engine: "Aria"} },
		diff.FieldComment: func(x m) { x.schema().Sequences[0].Comment = schema.Ptr("numbers") },
	},
	diff.ObjFunction: {
		diff.FieldKind:       func(x m) { x.function().Kind = "procedure" },
		diff.FieldReturns:    func(x m) { x.function().Returns = "bigint" },
		diff.FieldLanguage:   func(x m) { x.function().Language = "plpgsql" },
		diff.FieldDefinition: func(x m) { x.function().Definition += "\n-- v2" },
		diff.FieldComment:    func(x m) { x.function().Comment = schema.Ptr("identity") },
	},
	diff.ObjEvent: {
		diff.FieldSchedule:     func(x m) { x.event().Ends = "2031-01-01 00:00:00" },
		diff.FieldStatus:       func(x m) { x.event().Status = "DISABLED" },
		diff.FieldOnCompletion: func(x m) { x.event().Preserve = true },
		diff.FieldDefinition:   func(x m) { x.event().Body = "DELETE FROM child WHERE amount < 1" },
		diff.FieldComment:      func(x m) { x.event().Comment = schema.Ptr("nightly") },
	},
}

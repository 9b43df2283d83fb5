package export

import (
	"github.com/dbinspect/dbinspect/schema"
)

// hostile is a name built to break generated code: quotes of every language, a backslash,
// a triple quote, a newline, a comment terminator, unicode and a keyword.
const hostile = "we\"ird'`\\\"\"\" name\n*/ -- ünï class"

func ptr(s string) *string { return &s }

// sqliteFixture is a small shop with the cases exporters get wrong: names that clash with
// imports and keywords, several FKs to one table, a self reference, a table without a
// primary key, a partial and an expression index, and a hostile name.
func sqliteFixture() *schema.Database {
	db := &schema.Database{Dialect: schema.SQLite, ServerVersion: "3.50.4", Schemas: []schema.Schema{{
		Name: "main",
		Tables: []schema.Table{
			{
				Name: "customer",
				Columns: []schema.Column{
					{Name: "id", Type: "INTEGER", AutoIncrement: true},
					{Name: "name", Type: "VARCHAR(80)"},
					{Name: "text", Type: "TEXT", Nullable: true},
					{Name: "metadata", Type: "TEXT", Nullable: true, Default: ptr("'{}'")},
					{Name: "class", Type: "INTEGER", Nullable: true, Default: ptr("0")},
					{Name: "referrer_id", Type: "INTEGER", Nullable: true},
					{Name: hostile, Type: "NVARCHAR(10)", Nullable: true, Default: ptr("'a:b ''q'' %s'")},
				},
				PrimaryKey:  &schema.PrimaryKey{Columns: []string{"id"}},
				ForeignKeys: []schema.ForeignKey{{Columns: []string{"referrer_id"}, RefSchema: "main", RefTable: "customer", RefColumns: []string{"id"}, OnDelete: "SET NULL", OnUpdate: "NO ACTION"}},
				Uniques:     []schema.Unique{{Columns: []string{"name"}}},
				Checks:      []schema.Check{{Expression: "length(name) > 0"}},
				Indexes: []schema.Index{
					{Name: "customer_lower_name", Parts: []schema.IndexPart{{Expression: "lower(name)"}}},
					{Name: "customer_class_partial", Parts: []schema.IndexPart{{Column: "class", Desc: true}}, Where: "class IS NOT NULL"},
					{Name: "sqlite_autoindex_customer_1", Unique: true, Constraint: "sqlite_autoindex_customer_1", Parts: []schema.IndexPart{{Column: "name"}}},
				},
			},
			{
				Name: "order",
				Columns: []schema.Column{
					{Name: "id", Type: "INTEGER"},
					{Name: "buyer_id", Type: "INTEGER"},
					{Name: "payer_id", Type: "INTEGER", Nullable: true},
					{Name: "placed_at", Type: "DATETIME", Default: ptr("CURRENT_TIMESTAMP")},
					{Name: "total", Type: "NUMERIC(10,2)"},
				},
				PrimaryKey: &schema.PrimaryKey{Columns: []string{"id"}},
				ForeignKeys: []schema.ForeignKey{
					{Columns: []string{"buyer_id"}, RefSchema: "main", RefTable: "customer", RefColumns: []string{"id"}, OnDelete: "CASCADE", OnUpdate: "NO ACTION"},
					{Columns: []string{"payer_id"}, RefSchema: "main", RefTable: "customer", RefColumns: []string{"id"}, OnDelete: "NO ACTION", OnUpdate: "NO ACTION"},
				},
				Indexes: []schema.Index{{Name: "order_buyer", Parts: []schema.IndexPart{{Column: "buyer_id"}, {Column: "placed_at"}}}},
			},
			{
				Name: "audit log",
				Columns: []schema.Column{
					{Name: "at", Type: "DATETIME"},
					{Name: "order_id", Type: "INTEGER", Nullable: true},
					{Name: "import", Type: "TEXT", Nullable: true},
				},
				ForeignKeys: []schema.ForeignKey{{Columns: []string{"order_id"}, RefSchema: "main", RefTable: "order", RefColumns: []string{"id"}, OnDelete: "NO ACTION", OnUpdate: "NO ACTION"}},
			},
		},
		Views: []schema.View{{Name: "big_orders", Definition: `CREATE VIEW big_orders AS SELECT * FROM "order" WHERE total > 100`}},
	}}}
	db.Schemas[0].Tables[2].Triggers = []schema.Trigger{{Name: "audit_ts", Timing: "BEFORE", Events: []schema.TriggerEvent{"INSERT"}, Level: "ROW",
		Definition: `CREATE TRIGGER audit_ts AFTER INSERT ON "order" BEGIN INSERT INTO "audit log"(at, order_id) VALUES (CURRENT_TIMESTAMP, NEW.id); END`}}
	db.Normalize()
	return db
}

// postgresFixture covers enums, domains, sequences, identity, generated columns, arrays,
// JSONB/UUID/INET, a second schema, partial/expression/INCLUDE indexes and comments.
func postgresFixture() *schema.Database {
	db := &schema.Database{Dialect: schema.Postgres, ServerVersion: "15.18", Schemas: []schema.Schema{
		{
			Name:    "public",
			Enums:   []schema.Enum{{Name: "mood", Values: []string{"sad", "ok", "it's fine"}}},
			Domains: []schema.Domain{{Name: "posint", Type: "integer", Checks: []schema.Check{{Name: "posint_check", Expression: "CHECK ((VALUE > 0))"}}}},
			Sequences: []schema.Sequence{{Name: "person_id_seq", Type: "integer", SequenceOptions: schema.SequenceOptions{Start: 1, Increment: 1, Min: 1, Max: 2147483647, Cache: 1},
				OwnedBy: &schema.ColumnRef{Schema: "public", Table: "person", Column: "id"}}},
			Tables: []schema.Table{
				{
					Name:    "person",
					Comment: ptr("people; \"quoted\" and\nnewline"),
					Columns: []schema.Column{
						{Name: "id", Type: "integer", Default: ptr("nextval('person_id_seq'::regclass)")},
						{Name: "name", Type: "character varying(80)", Comment: ptr("full name")},
						{Name: "mood", Type: "mood", Nullable: true, Default: ptr("'ok'::mood")},
						{Name: "tags", Type: "text[]", Nullable: true},
						{Name: "attrs", Type: "jsonb", Nullable: true},
						{Name: "uid", Type: "uuid", Nullable: true},
						{Name: "ip", Type: "inet", Nullable: true},
						{Name: "age", Type: "posint", Nullable: true},
						{Name: "name_upper", Type: "text", Nullable: true, Generated: &schema.Generated{Expression: "upper((name)::text)", Kind: "STORED"}},
						{Name: "boss_id", Type: "integer", Nullable: true},
						{Name: "type", Type: "text", Nullable: true, Collation: "C"},
					},
					PrimaryKey:  &schema.PrimaryKey{Name: ptr("person_pkey"), Columns: []string{"id"}},
					ForeignKeys: []schema.ForeignKey{{Name: "person_boss_fk", Columns: []string{"boss_id"}, RefSchema: "public", RefTable: "person", RefColumns: []string{"id"}, OnDelete: "SET NULL", OnUpdate: "NO ACTION"}},
					Uniques:     []schema.Unique{{Name: "person_name_key", Columns: []string{"name"}}},
					Checks:      []schema.Check{{Name: "person_name_check", Expression: "CHECK ((length((name)::text) > 0))"}},
					Indexes: []schema.Index{
						{Name: "person_pkey", Unique: true, Method: "btree", Constraint: "person_pkey", Parts: []schema.IndexPart{{Column: "id"}}},
						{Name: "person_name_key", Unique: true, Method: "btree", Constraint: "person_name_key", Parts: []schema.IndexPart{{Column: "name"}}},
						{Name: "person_lower_name", Method: "btree", Parts: []schema.IndexPart{{Expression: "lower((name)::text)"}}, Where: "(mood <> 'sad'::mood)"},
						{Name: "person_tags", Method: "gin", Parts: []schema.IndexPart{{Column: "tags"}}},
						{Name: "person_boss", Method: "btree", Parts: []schema.IndexPart{{Column: "boss_id", Desc: true}}, Include: []string{"name"}},
					},
				},
			},
			Views: []schema.View{{Name: "happy", Definition: " SELECT person.id,\n    person.name\n   FROM person\n  WHERE (person.mood = 'ok'::mood);"}},
		},
		{
			Name: "billing",
			Tables: []schema.Table{{
				Name: "invoice",
				Columns: []schema.Column{
					{Name: "id", Type: "bigint", Identity: &schema.Identity{Generation: "ALWAYS", SequenceOptions: schema.SequenceOptions{Start: 1, Increment: 1, Min: 1, Max: 9223372036854775807, Cache: 1}}},
					{Name: "person_id", Type: "integer"},
					{Name: "amount", Type: "numeric(12,2)", Default: ptr("0")},
					{Name: "created", Type: "timestamp with time zone", Default: ptr("now()")},
				},
				PrimaryKey:  &schema.PrimaryKey{Name: ptr("invoice_pkey"), Columns: []string{"id"}},
				ForeignKeys: []schema.ForeignKey{{Name: "invoice_person_fk", Columns: []string{"person_id"}, RefSchema: "public", RefTable: "person", RefColumns: []string{"id"}, OnDelete: "CASCADE", OnUpdate: "NO ACTION", Deferrable: true, InitiallyDeferred: true}},
				Indexes:     []schema.Index{{Name: "invoice_pkey", Unique: true, Method: "btree", Constraint: "invoice_pkey", Parts: []schema.IndexPart{{Column: "id"}}}},
			}},
		},
	}}
	db.Normalize()
	return db
}

// mysqlFixture covers unsigned integers, ENUM/SET, ON UPDATE, charsets, prefix indexes,
// FULLTEXT, column checks and table options.
func mysqlFixture() *schema.Database {
	db := &schema.Database{Dialect: schema.MySQL, ServerVersion: "10.11.19-MariaDB", Schemas: []schema.Schema{{
		Name: "shop",
		Tables: []schema.Table{
			{
				Name:    "product",
				Comment: ptr("what we sell; it's \\ good"),
				Columns: []schema.Column{
					{Name: "id", Type: "int unsigned", AutoIncrement: true},
					{Name: "sku", Type: "varchar(40)"},
					{Name: "kind", Type: "enum('a','b''c')", Default: ptr("'a'")},
					{Name: "flags", Type: "set('x','y')", Nullable: true},
					{Name: "qty", Type: "tinyint unsigned", Default: ptr("0")},
					{Name: "body", Type: "text", Nullable: true},
					{Name: "updated", Type: "timestamp", Default: ptr("current_timestamp()"), MySQL: &schema.MySQLColumn{OnUpdate: "current_timestamp()"}},
					{Name: "price", Type: "decimal(10,2)", Comment: ptr("in € ")},
					{Name: "legacy", Type: "varchar(10)", Nullable: true, Collation: "latin1_swedish_ci", MySQL: &schema.MySQLColumn{Charset: "latin1"}},
				},
				PrimaryKey: &schema.PrimaryKey{Columns: []string{"id"}},
				Uniques:    []schema.Unique{{Name: "sku", Columns: []string{"sku"}}},
				Checks:     []schema.Check{{Name: "qty", Column: "qty", Expression: "`qty` < 200"}, {Name: "price_positive", Expression: "`price` >= 0"}},
				Indexes: []schema.Index{
					{Name: "PRIMARY", Unique: true, Method: "btree", Constraint: "PRIMARY", Parts: []schema.IndexPart{{Column: "id"}}},
					{Name: "sku", Unique: true, Method: "btree", Constraint: "sku", Parts: []schema.IndexPart{{Column: "sku"}}},
					{Name: "body_ft", Method: "fulltext", Parts: []schema.IndexPart{{Column: "body"}}},
					{Name: "sku_prefix", Method: "btree", Parts: []schema.IndexPart{{Column: "sku", Length: 8}, {Column: "qty", Desc: true}}},
				},
				MySQL: &schema.MySQLTable{Engine: "InnoDB", Charset: "utf8mb4", Collation: "utf8mb4_general_ci"},
			},
			{
				Name: "line",
				Columns: []schema.Column{
					{Name: "product_id", Type: "int unsigned"},
					{Name: "n", Type: "int"},
				},
				ForeignKeys: []schema.ForeignKey{{Name: "line_product_fk", Columns: []string{"product_id"}, RefSchema: "shop", RefTable: "product", RefColumns: []string{"id"}, OnDelete: "CASCADE", OnUpdate: "RESTRICT"}},
				Indexes:     []schema.Index{{Name: "line_product_fk", Method: "btree", Parts: []schema.IndexPart{{Column: "product_id"}}}},
				MySQL:       &schema.MySQLTable{Engine: "InnoDB", Charset: "utf8mb4", Collation: "utf8mb4_general_ci"},
			},
		},
		Views: []schema.View{{Name: "cheap", Definition: "select `shop`.`product`.`id` AS `id` from `shop`.`product` where `shop`.`product`.`price` < 10", MySQL: &schema.MySQLView{Algorithm: "UNDEFINED", SecurityType: "DEFINER"}}},
	}}}
	db.Schemas[0].Tables[1].Triggers = []schema.Trigger{{Name: "line_check", Timing: "BEFORE", Events: []schema.TriggerEvent{"INSERT"}, Level: "ROW",
		Definition: "BEGIN IF NEW.n < 0 THEN SET NEW.n = 0; END IF; END"}}
	db.Normalize()
	return db
}

func fixtures() map[string]*schema.Database {
	return map[string]*schema.Database{"sqlite": sqliteFixture(), "postgres": postgresFixture(), "mysql": mysqlFixture()}
}

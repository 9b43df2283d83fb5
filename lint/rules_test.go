package lint

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/config"
	"github.com/dbinspect/dbinspect/schema"
)

// Builders for small models. Columns are NOT NULL unless made nullable.

func col(name, typ string) schema.Column { return schema.Column{Name: name, Type: typ} }

func nullable(c schema.Column) schema.Column { c.Nullable = true; return c }

func withDefault(c schema.Column, def string) schema.Column { c.Default = &def; return c }

func tbl(name string, cols ...schema.Column) schema.Table {
	return schema.Table{Name: name, Columns: cols}
}

func withPK(t schema.Table, cols ...string) schema.Table {
	t.PrimaryKey = &schema.PrimaryKey{Columns: cols}
	return t
}

func withIndex(t schema.Table, x schema.Index) schema.Table {
	t.Indexes = append(t.Indexes, x)
	return t
}

func withFK(t schema.Table, fk schema.ForeignKey) schema.Table {
	t.ForeignKeys = append(t.ForeignKeys, fk)
	return t
}

func withUnique(t schema.Table, name string, cols ...string) schema.Table {
	t.Uniques = append(t.Uniques, schema.Unique{Name: name, Columns: cols})
	return t
}

func index(name string, cols ...string) schema.Index {
	x := schema.Index{Name: name, Method: "btree"}
	for _, c := range cols {
		x.Parts = append(x.Parts, schema.IndexPart{Column: c})
	}
	return x
}

func unique(x schema.Index) schema.Index { x.Unique = true; return x }

func fkey(name string, cols []string, refTable string, refCols ...string) schema.ForeignKey {
	return schema.ForeignKey{Name: name, Columns: cols, RefSchema: "public", RefTable: refTable, RefColumns: refCols,
		OnDelete: "NO ACTION", OnUpdate: "NO ACTION"}
}

// model puts tables into one schema ("public"; "main" on SQLite, the database on MySQL).
func model(d schema.Dialect, tables ...schema.Table) *schema.Database {
	name := "public"
	switch d {
	case schema.SQLite:
		name = "main"
	case schema.MySQL:
		name = "shop"
	}
	for i := range tables {
		for j := range tables[i].ForeignKeys {
			tables[i].ForeignKeys[j].RefSchema = name
		}
	}
	db := &schema.Database{Dialect: d, Schemas: []schema.Schema{{Name: name, Tables: tables}}}
	db.Normalize()
	return db
}

// with applies a change to the model's only schema.
func with(db *schema.Database, change func(s *schema.Schema)) *schema.Database {
	change(&db.Schemas[0])
	db.Normalize()
	return db
}

// rls sets a PostgreSQL table's row-level security and policies.
func rls(t schema.Table, enabled, force bool, policies ...schema.Policy) schema.Table {
	t.Postgres = &schema.PostgresTable{RowSecurity: enabled, ForceRowSecurity: force, Policies: policies}
	return t
}

func mysqlTable(t schema.Table, engine, charset string) schema.Table {
	t.MySQL = &schema.MySQLTable{Engine: engine, Charset: charset}
	return t
}

// users is a well-formed table most cases reference.
func users() schema.Table {
	return withPK(tbl("users", col("id", "integer"), col("email", "text")), "id")
}

type ruleCase struct {
	name string
	rule string
	db   *schema.Database
	// params are the rule's parameters, as the config would give them.
	params map[string]any
	// comments are doc.comments from the config.
	comments map[string]string
	// want are the objects the rule reports, each optionally followed by " | " and a piece of
	// the message.
	want []string
}

func ruleCases() []ruleCase {
	orders := func(extra ...func(schema.Table) schema.Table) schema.Table {
		t := withPK(tbl("orders", col("id", "integer"), col("user_id", "integer"), col("note", "text")), "id")
		t = withFK(t, fkey("orders_user_fk", []string{"user_id"}, "users", "id"))
		for _, e := range extra {
			t = e(t)
		}
		return t
	}
	return []ruleCase{
		{name: "table without key", rule: "no-primary-key",
			db:   model(schema.Postgres, tbl("events", col("at", "timestamp with time zone"))),
			want: []string{"public.events | table has no primary key"}},
		{name: "a NOT NULL unique key is offered", rule: "no-primary-key",
			db:   model(schema.Postgres, withUnique(tbl("codes", col("code", "text")), "codes_code_key", "code")),
			want: []string{`public.codes | unique key (code) is NOT NULL`}},
		{name: "keyed table and virtual table", rule: "no-primary-key",
			db: with(model(schema.SQLite, withPK(tbl("t", col("id", "INTEGER")), "id")), func(s *schema.Schema) {
				s.Tables = append(s.Tables, schema.Table{Name: "docs", SQLite: &schema.SQLiteTable{Module: "fts5"}})
			})},

		{name: "foreign key with no index", rule: "fk-without-index",
			db:   model(schema.Postgres, users(), orders()),
			want: []string{"public.orders.orders_user_fk | has no index that starts with its columns"}},
		{name: "index that starts with the key", rule: "fk-without-index",
			db: model(schema.Postgres, users(), orders(func(t schema.Table) schema.Table {
				return withIndex(t, index("orders_user_note", "user_id", "note"))
			}))},
		{name: "the key is second in the index, or the index is partial", rule: "fk-without-index",
			db: model(schema.Postgres, users(), orders(func(t schema.Table) schema.Table {
				x := index("orders_user_partial", "user_id")
				x.Where = "note IS NOT NULL"
				return withIndex(withIndex(t, index("orders_note_user", "note", "user_id")), x)
			})),
			want: []string{"public.orders.orders_user_fk"}},
		{name: "SQLite rowid primary key serves the key", rule: "fk-without-index",
			db: model(schema.SQLite, users(), withFK(withPK(tbl("profiles", col("user_id", "INTEGER")), "user_id"),
				fkey("", []string{"user_id"}, "users", "id")))},

		{name: "same index twice", rule: "duplicate-index",
			db:   model(schema.Postgres, withIndex(withIndex(users(), index("users_email_a", "email")), index("users_email_b", "email"))),
			want: []string{"public.users.users_email_b | duplicates users_email_a"}},
		{name: "the copy of a constraint's index is reported, not the constraint's", rule: "duplicate-index",
			db: model(schema.Postgres, withIndex(withIndex(users(), func() schema.Index {
				x := unique(index("users_email_key", "email"))
				x.Constraint = "users_email_key"
				return x
			}()), unique(index("a_users_email", "email")))),
			want: []string{"public.users.a_users_email | duplicates users_email_key"}},
		{name: "same columns, other direction or method", rule: "duplicate-index",
			db: model(schema.Postgres, withIndex(withIndex(users(), index("users_email_a", "email")), func() schema.Index {
				x := index("users_email_desc", "email")
				x.Parts[0].Desc = true
				return x
			}()))},

		{name: "prefix of a longer index", rule: "redundant-index",
			db:   model(schema.Postgres, withIndex(withIndex(orders(), index("orders_user", "user_id")), index("orders_user_note", "user_id", "note"))),
			want: []string{"public.orders.orders_user | is a prefix of orders_user_note"}},
		{name: "same key as a unique index", rule: "redundant-index",
			db:   model(schema.Postgres, withIndex(withIndex(orders(), unique(index("orders_user_note_key", "user_id", "note"))), index("orders_user_note", "user_id", "note"))),
			want: []string{"public.orders.orders_user_note | has the same key as the unique index orders_user_note_key"}},
		{name: "a unique index is never redundant; a non-prefix is not", rule: "redundant-index",
			db: model(schema.Postgres, withIndex(withIndex(withIndex(orders(), unique(index("orders_user", "user_id"))),
				index("orders_user_note", "user_id", "note")), index("orders_note", "note")))},

		{name: "two keys on the same reference", rule: "duplicate-foreign-key",
			db: model(schema.Postgres, users(), orders(func(t schema.Table) schema.Table {
				return withFK(t, fkey("orders_user_fk2", []string{"user_id"}, "users", "id"))
			})),
			want: []string{"public.orders.orders_user_fk2 | repeats orders_user_fk"}},
		{name: "two keys to different tables", rule: "duplicate-foreign-key",
			db: model(schema.Postgres, users(), withPK(tbl("admins", col("id", "integer")), "id"),
				orders(func(t schema.Table) schema.Table {
					return withFK(t, fkey("orders_admin_fk", []string{"user_id"}, "admins", "id"))
				}))},

		{name: "bigint referencing integer", rule: "fk-type-mismatch",
			db: model(schema.Postgres, users(), withFK(withPK(tbl("posts", col("id", "integer"), col("user_id", "bigint")), "id"),
				fkey("posts_user_fk", []string{"user_id"}, "users", "id"))),
			want: []string{"public.posts.user_id | user_id is bigint but references users.id, which is integer"}},
		{name: "SQLite INT and INTEGER share an affinity", rule: "fk-type-mismatch",
			db: model(schema.SQLite, withPK(tbl("users", col("id", "INTEGER")), "id"),
				withFK(tbl("posts", col("user_id", "int")), fkey("", []string{"user_id"}, "users", "id")))},
		{name: "SQLite TEXT referencing INTEGER", rule: "fk-type-mismatch",
			db: model(schema.SQLite, withPK(tbl("users", col("id", "INTEGER")), "id"),
				withFK(tbl("posts", col("user_id", "varchar(10)")), fkey("", []string{"user_id"}, "users", "id"))),
			want: []string{"main.posts.user_id"}},

		{name: "reference to a dropped table", rule: "fk-missing-target",
			db:   model(schema.SQLite, withFK(tbl("posts", col("user_id", "INTEGER")), fkey("", []string{"user_id"}, "users", "id"))),
			want: []string{"main.posts.(user_id) | references users, which does not exist"}},
		{name: "reference to a missing column; names compared without case", rule: "fk-missing-target",
			db: model(schema.SQLite, withPK(tbl("Users", col("id", "INTEGER")), "id"),
				withFK(tbl("posts", col("user_id", "INTEGER")), fkey("", []string{"user_id"}, "users", "ID")),
				withFK(tbl("votes", col("user_id", "INTEGER")), fkey("", []string{"user_id"}, "users", "uid"))),
			want: []string{"main.votes.(user_id) | which has no column uid"}},
		{name: "references that resolve; a schema not inspected", rule: "fk-missing-target",
			db: model(schema.MySQL, withPK(tbl("users", col("id", "int")), "id"),
				withFK(tbl("posts", col("user_id", "int")), fkey("posts_user_fk", []string{"user_id"}, "users", "id")),
				withFK(tbl("audit", col("user_id", "int")), schema.ForeignKey{Name: "audit_user_fk", Columns: []string{"user_id"},
					RefSchema: "other", RefTable: "users", RefColumns: []string{"id"}}))},

		{name: "reference to a column that is not unique", rule: "fk-target-not-unique",
			db: model(schema.SQLite, withPK(tbl("users", col("id", "INTEGER"), col("email", "TEXT")), "id"),
				withFK(tbl("posts", col("email", "TEXT")), fkey("", []string{"email"}, "users", "email"))),
			want: []string{"main.posts.(email) | which is not its primary key or a unique key"}},
		{name: "reference to a unique constraint", rule: "fk-target-not-unique",
			db: model(schema.SQLite, withUnique(withPK(tbl("users", col("id", "INTEGER"), col("email", "TEXT")), "id"), "sqlite_autoindex_users_1", "email"),
				withFK(tbl("posts", col("email", "TEXT")), fkey("", []string{"email"}, "users", "email")))},

		{name: "two-column key with a nullable column", rule: "nullable-unique",
			db: model(schema.Postgres, withUnique(withPK(tbl("members", col("id", "integer"), nullable(col("tenant_id", "integer")), col("email", "text")), "id"),
				"members_tenant_email_key", "tenant_id", "email")),
			want: []string{"public.members.members_tenant_email_key | tenant_id is nullable"}},
		{name: "one-column key, NULLS NOT DISTINCT, or a partial index without the NULLs", rule: "nullable-unique",
			db: with(model(schema.Postgres, withIndex(withUnique(withUnique(withPK(tbl("members", col("id", "integer"), nullable(col("tenant_id", "integer")), col("email", "text")), "id"),
				"members_email_key", "tenant_id"), "members_nnd", "tenant_id", "email"), func() schema.Index {
				x := unique(index("members_partial", "tenant_id", "email"))
				x.Where = "(tenant_id IS NOT NULL)"
				return x
			}())), func(s *schema.Schema) { s.Tables[0].Uniques[1].NullsNotDistinct = true })},
		{name: "one-column keys when asked", rule: "nullable-unique", params: map[string]any{"single_column": true},
			db:   model(schema.Postgres, withUnique(withPK(tbl("members", col("id", "integer"), nullable(col("nick", "text"))), "id"), "members_nick_key", "nick")),
			want: []string{"public.members.members_nick_key"}},

		{name: "price in double precision", rule: "money-in-float",
			db: model(schema.Postgres, withPK(tbl("items", col("id", "integer"), col("unit_price", "double precision"),
				col("weight", "real"), col("discountRate", "real")), "id")),
			want: []string{"public.items.unit_price | says it holds money", "public.items.discountRate | (discount)"}},
		{name: "price in numeric; SQLite REAL named total; costume", rule: "money-in-float",
			db: model(schema.SQLite, withPK(tbl("items", col("id", "INTEGER"), col("price", "NUMERIC(10,2)"), col("costume", "REAL"),
				col("total_weight", "REAL")), "id"))},
		{name: "own words", rule: "money-in-float", params: map[string]any{"words": []string{"weight"}},
			db:   model(schema.MySQL, withPK(tbl("items", col("id", "int"), col("price", "double"), col("weight", "float")), "id")),
			want: []string{"shop.items.weight"}},

		{name: "timestamp without time zone", rule: "timestamp-without-time-zone",
			db: model(schema.Postgres, withPK(tbl("events", col("id", "integer"), col("at", "timestamp without time zone"),
				col("at6", "timestamp(6) without time zone"), col("ats", "timestamp without time zone[]")), "id")),
			want: []string{"public.events.at", "public.events.at6", "public.events.ats"}},
		{name: "timestamptz and time", rule: "timestamp-without-time-zone",
			db: model(schema.Postgres, withPK(tbl("events", col("id", "integer"), col("at", "timestamp with time zone"), col("t", "time without time zone")), "id"))},

		{name: "one timestamp among datetimes", rule: "mysql-datetime-timestamp-mix",
			db:   model(schema.MySQL, withPK(tbl("a", col("id", "int"), col("created", "datetime"), col("updated", "datetime(6)"), col("seen", "timestamp")), "id")),
			want: []string{"shop.a.seen | is timestamp while 2 other column(s) of the schema are datetime"}},
		{name: "datetimes only", rule: "mysql-datetime-timestamp-mix",
			db: model(schema.MySQL, withPK(tbl("a", col("id", "int"), col("created", "datetime"), col("d", "date")), "id"))},

		{name: "varchar with no length", rule: "varchar-without-length",
			db:   model(schema.Postgres, withPK(tbl("a", col("id", "integer"), col("name", "character varying"), col("tags", "character varying[]")), "id")),
			want: []string{"public.a.name", "public.a.tags"}},
		{name: "varchar(n) and text", rule: "varchar-without-length",
			db: model(schema.SQLite, withPK(tbl("a", col("id", "INTEGER"), col("name", "VARCHAR(40)"), col("body", "TEXT")), "id"))},

		{name: "63 bytes on PostgreSQL was cut short; 64 elsewhere", rule: "identifier-too-long",
			db: with(model(schema.Postgres, withPK(tbl(strings.Repeat("t", 63), col("id", "integer")), "id")), func(s *schema.Schema) {
				s.Sequences = append(s.Sequences, schema.Sequence{Name: strings.Repeat("s", 64), Type: "bigint"})
			}),
			want: []string{"public." + strings.Repeat("t", 63) + " | exactly 63 bytes", "public." + strings.Repeat("s", 64) + " | 64 bytes, over 63"}},
		{name: "62 bytes; 63 on MySQL is fine", rule: "identifier-too-long",
			db: model(schema.MySQL, withPK(tbl(strings.Repeat("t", 63), col(strings.Repeat("c", 62), "int")), strings.Repeat("c", 62)))},

		{name: "reserved words", rule: "reserved-word",
			db: model(schema.Postgres, withPK(tbl("user", col("id", "integer"), col("order", "integer"), col("rank", "integer")), "id")),
			want: []string{"public.user | table user is a reserved word in PostgreSQL", "public.user.order | in PostgreSQL, MySQL, MariaDB and SQLite",
				"public.user.rank | in MySQL"}},
		{name: "ordinary words; limited to one engine's list", rule: "reserved-word", params: map[string]any{"engines": []string{"postgres"}},
			db: model(schema.Postgres, withPK(tbl("users", col("id", "integer"), col("name", "text"), col("rank", "integer")), "id"))},

		{name: "capitals on PostgreSQL", rule: "mixed-case-identifier",
			db:   model(schema.Postgres, withPK(tbl("Album", col("AlbumId", "integer"), col("title", "text")), "AlbumId")),
			want: []string{"public.Album", "public.Album.AlbumId"}},
		{name: "MySQL columns may have capitals, tables not", rule: "mixed-case-identifier",
			db:   model(schema.MySQL, withPK(tbl("Album", col("AlbumId", "int")), "AlbumId"), withPK(tbl("track", col("TrackId", "int")), "TrackId")),
			want: []string{"shop.Album"}},
		{name: "lower case; SQLite compares without case", rule: "mixed-case-identifier",
			db: model(schema.Postgres, withPK(tbl("album", col("album_id", "integer")), "album_id"))},

		{name: "space and leading digit", rule: "unusual-identifier",
			db:   model(schema.SQLite, withPK(tbl("order items", col("id", "INTEGER"), col("2fa", "TEXT"), col("ok_$1", "TEXT"), col("naïve", "TEXT")), "id")),
			want: []string{"main.order items", "main.order items.2fa"}},
		{name: "letters, digits, underscores, non-ASCII letters", rule: "unusual-identifier",
			db: model(schema.Postgres, withPK(tbl("bıgınt_2", col("id", "integer"), col("_x$", "text")), "id"))},

		{name: "MyISAM table", rule: "mysql-engine",
			db: model(schema.MySQL, mysqlTable(withPK(tbl("a", col("id", "int")), "id"), "MyISAM", "utf8mb4"),
				mysqlTable(withPK(tbl("b", col("id", "int")), "id"), "InnoDB", "utf8mb4")),
			want: []string{"shop.a | uses the MyISAM engine"}},
		{name: "MEMORY allowed by the config", rule: "mysql-engine", params: map[string]any{"allow": []string{"InnoDB", "MEMORY"}},
			db: model(schema.MySQL, mysqlTable(withPK(tbl("a", col("id", "int")), "id"), "MEMORY", "utf8mb4"))},

		{name: "latin1 table and utf8mb3 column", rule: "mysql-charset",
			db: model(schema.MySQL, mysqlTable(withPK(tbl("a", col("id", "int")), "id"), "InnoDB", "latin1"),
				func() schema.Table {
					t := mysqlTable(withPK(tbl("b", col("id", "int"), col("name", "varchar(10)"), col("code", "char(3)")), "id"), "InnoDB", "utf8mb4")
					t.Columns[1].MySQL = &schema.MySQLColumn{Charset: "utf8mb3"}
					t.Columns[2].MySQL = &schema.MySQLColumn{Charset: "ascii"}
					return t
				}()),
			want: []string{"shop.a | character set is latin1", "shop.b.name | utf8mb3"}},
		{name: "utf8mb4 everywhere", rule: "mysql-charset",
			db: model(schema.MySQL, mysqlTable(withPK(tbl("a", col("id", "int")), "id"), "InnoDB", "utf8mb4"))},

		{name: "enum no column uses", rule: "unused-enum",
			db: with(model(schema.Postgres, withPK(tbl("a", col("id", "integer"), col("m", "mood[]")), "id")), func(s *schema.Schema) {
				s.Enums = []schema.Enum{{Name: "mood", Values: []string{"ok"}}, {Name: "color", Values: []string{"red", "blue"}},
					{Name: "level", Values: []string{"x"}}, {Name: "shade", Values: []string{"x"}}}
				s.Domains = []schema.Domain{{Name: "lvl", Type: "level"}}
				s.Functions = []schema.Function{{Name: "paint", Kind: "function", Arguments: "c shade", Returns: "void"}}
			}),
			want: []string{"public.color | enum color (2 values) is used by no column"}},
		{name: "enum used from another schema", rule: "unused-enum",
			db: func() *schema.Database {
				db := model(schema.Postgres, withPK(tbl("a", col("id", "integer"), col("m", `types."Mood"`)), "id"))
				db.Schemas = append(db.Schemas, schema.Schema{Name: "types", Enums: []schema.Enum{{Name: "Mood", Values: []string{"ok"}}}})
				db.Normalize()
				return db
			}()},

		{name: "sequences owned by nothing", rule: "unowned-sequence",
			db: with(model(schema.Postgres, withPK(tbl("a", withDefault(col("id", "integer"), "nextval('a_id_seq'::regclass)")), "id")), func(s *schema.Schema) {
				s.Sequences = []schema.Sequence{{Name: "a_id_seq", Type: "bigint"}, {Name: "spare", Type: "bigint"}}
			}),
			want: []string{`public.a_id_seq | numbers a.id but is owned by no column`, "public.spare | no column default uses it"}},
		{name: "owned sequence", rule: "unowned-sequence",
			db: with(model(schema.Postgres, withPK(tbl("a", withDefault(col("id", "integer"), "nextval('a_id_seq'::regclass)")), "id")), func(s *schema.Schema) {
				s.Sequences = []schema.Sequence{{Name: "a_id_seq", Type: "bigint", OwnedBy: &schema.ColumnRef{Schema: "public", Table: "a", Column: "id"}}}
			})},

		{name: "row-level security without a policy", rule: "rls-without-policy",
			db: model(schema.Postgres, rls(users(), true, false), rls(withPK(tbl(`Lo"cked`, col("id", "integer")), "id"), true, true),
				rls(withPK(tbl("guarded", col("id", "integer")), "id"), true, false, schema.Policy{Name: "p", Command: schema.PolicyAll, Roles: []string{"public"}})),
			want: []string{"public.users | every role but its owner sees no rows", `public.Lo"cked | every role, its owner too, sees no rows`}},
		{name: "policies not read: nothing is known", rule: "rls-without-policy",
			db: func() *schema.Database {
				db := model(schema.Postgres, rls(users(), true, false))
				db.Notes = []string{"row-level security policies not read: no SELECT privilege on pg_catalog.pg_policy"}
				return db
			}()},
		{name: "policies without row-level security", rule: "policy-without-rls",
			db: model(schema.Postgres, rls(users(), false, false, schema.Policy{Name: "p", Command: schema.PolicySelect, Roles: []string{"public"}},
				schema.Policy{Name: "q", Command: schema.PolicyAll, Roles: []string{"public"}}),
				rls(withPK(tbl("guarded", col("id", "integer")), "id"), true, false, schema.Policy{Name: "p", Command: schema.PolicyAll, Roles: []string{"public"}})),
			want: []string{"public.users | has 2 policies but row-level security is not enabled"}},
		{name: "policies that apply", rule: "policy-without-rls",
			db: model(schema.Postgres, rls(users(), true, false, schema.Policy{Name: "p", Command: schema.PolicySelect, Roles: []string{"public"}}))},

		{name: "view the engine could not read", rule: "broken-view",
			db: func() *schema.Database {
				db := with(model(schema.SQLite, users()), func(s *schema.Schema) {
					s.Views = []schema.View{{Name: "v", Definition: "SELECT * FROM gone"}, {Name: "w", Definition: "SELECT id FROM users", Columns: []schema.Column{col("id", "INTEGER")}}}
				})
				db.Notes = []string{`columns of "v" not read: SQL logic error: no such table: main.gone (1)`}
				return db
			}(),
			want: []string{"main.v | view cannot be read: SQL logic error: no such table: main.gone (1)"}},
		{name: "PostgreSQL views are checked by the server", rule: "broken-view",
			db: with(model(schema.Postgres, users()), func(s *schema.Schema) { s.Views = []schema.View{{Name: "v", Definition: "SELECT"}} })},

		{name: "varchar(n) where text is the convention", rule: "varchar-vs-text",
			db:   model(schema.Postgres, withPK(tbl("a", col("id", "integer"), col("name", "character varying(40)"), col("body", "text")), "id")),
			want: []string{"public.a.name | the convention is text"}},
		{name: "MySQL's convention is varchar", rule: "varchar-vs-text",
			db:   model(schema.MySQL, withPK(tbl("a", col("id", "int"), col("name", "varchar(40)"), col("body", "longtext")), "id")),
			want: []string{"shop.a.body | the convention is varchar(n)"}},
		{name: "text everywhere", rule: "varchar-vs-text", params: map[string]any{"prefer": "text"},
			db: model(schema.MySQL, withPK(tbl("a", col("id", "int"), col("body", "text")), "id"))},

		{name: "table without comment", rule: "table-comment",
			db: model(schema.Postgres, users(), func() schema.Table {
				t := withPK(tbl("b", col("id", "integer")), "id")
				t.Comment = schema.Ptr("b things")
				return t
			}()),
			want: []string{"public.users | table has no comment"}},
		{name: "comments from the database and from doc.comments", rule: "table-comment",
			comments: map[string]string{"users": "people who sign in", "main.posts": "what they write"},
			db:       model(schema.SQLite, withPK(tbl("users", col("id", "INTEGER")), "id"), withPK(tbl("posts", col("id", "INTEGER")), "id"))},
		{name: "column without comment", rule: "column-comment",
			db: model(schema.Postgres, func() schema.Table {
				t := withPK(tbl("b", col("id", "integer"), col("x", "text")), "id")
				t.Columns[0].Comment = schema.Ptr("the key")
				t.Columns[1].Comment = schema.Ptr("  ")
				return t
			}()),
			want: []string{"public.b.x"}},
		{name: "every column commented", rule: "column-comment",
			db: model(schema.Postgres, func() schema.Table {
				t := withPK(tbl("b", col("id", "integer")), "id")
				t.Columns[0].Comment = schema.Ptr("the key")
				return t
			}())},
		{name: "wide table", rule: "column-count", params: map[string]any{"max": 2},
			db:   model(schema.Postgres, withPK(tbl("wide", col("a", "integer"), col("b", "integer"), col("c", "integer")), "a"), users()),
			want: []string{"public.wide | table has 3 columns, more than 2"}},
		{name: "narrow tables", rule: "column-count",
			db: model(schema.Postgres, users())},

		{name: "names against the convention", rule: "naming-convention",
			params: map[string]any{"index": "^ix_", "foreign_key": "_fk$"},
			db: model(schema.Postgres, users(), withIndex(withPK(withFK(tbl("Orders", col("id", "integer"), col("userId", "integer")),
				fkey("orders_user_fk", []string{"userId"}, "users", "id")), "id"), index("orders_user", "userId"))),
			want: []string{"public.Orders | table Orders does not match ^[a-z][a-z0-9_]*$", "public.Orders.userId", "public.Orders.orders_user | does not match ^ix_"}},
		{name: "names that follow it", rule: "naming-convention", params: map[string]any{"schema": "^(public|app)$"},
			db: model(schema.Postgres, users())},
	}
}

// runRule lints db with one rule and the given parameters.
func runRule(t *testing.T, c ruleCase) []Finding {
	t.Helper()
	settings := config.LintSettings{}
	if c.params != nil {
		raw := map[string]json.RawMessage{}
		for k, v := range c.params {
			b, _ := json.Marshal(v)
			raw[k] = b
		}
		settings.Rules = map[string]config.LintRule{c.rule: {Params: raw}}
	}
	l, err := New(Options{Settings: settings, Only: []string{c.rule}, Comments: c.comments})
	if err != nil {
		t.Fatal(err)
	}
	return l.Run(c.db).Findings
}

// TestRules runs each rule on a model where it must find something and on a near miss
// where it must not; TestEveryRuleIsTested checks that every rule has both.
func TestRules(t *testing.T) {
	for _, c := range ruleCases() {
		t.Run(c.rule+"/"+c.name, func(t *testing.T) {
			got := runRule(t, c)
			var objects []string
			for _, f := range got {
				objects = append(objects, f.Object)
				if f.Rule != c.rule {
					t.Errorf("finding of rule %q in a run of %q", f.Rule, c.rule)
				}
			}
			var want []string
			for _, w := range c.want {
				object, _, _ := strings.Cut(w, " | ")
				want = append(want, object)
			}
			slices.Sort(objects)
			slices.Sort(want)
			if !slices.Equal(objects, want) {
				t.Fatalf("objects = %q\nwant      %q\nfindings: %+v", objects, want, got)
			}
			for _, w := range c.want {
				object, piece, ok := strings.Cut(w, " | ")
				if !ok {
					continue
				}
				for _, f := range got {
					if f.Object == object && !strings.Contains(f.Message, piece) {
						t.Errorf("%s: message %q lacks %q", object, f.Message, piece)
					}
				}
			}
		})
	}
}

func TestEveryRuleIsTested(t *testing.T) {
	finding, miss := map[string]bool{}, map[string]bool{}
	for _, c := range ruleCases() {
		if len(c.want) > 0 {
			finding[c.rule] = true
		} else {
			miss[c.rule] = true
		}
	}
	for _, r := range All() {
		id := r.Info().ID
		if !finding[id] || !miss[id] {
			t.Errorf("rule %s needs a case with a finding (%v) and a near miss (%v) in ruleCases", id, finding[id], miss[id])
		}
	}
}

func TestRuleInfoIsComplete(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range All() {
		i := r.Info()
		if seen[i.ID] {
			t.Errorf("rule id %s is used twice", i.ID)
		}
		seen[i.ID] = true
		if i.ID == "" || i.Title == "" || i.Severity.rank() == 0 || i.Why == "" || i.Fix == "" {
			t.Errorf("rule %q: id, severity, why and fix are all required: %+v", i.ID, i)
		}
		if strings.HasSuffix(i.Why, ".") || strings.HasSuffix(i.Fix, ".") {
			t.Errorf("rule %s: why and fix are phrases the renderers end with a full stop", i.ID)
		}
		_, configurable := r.(Configurable)
		if configurable != (i.Params != "") {
			t.Errorf("rule %s: parameters must be documented in Info.Params exactly when the rule has some", i.ID)
		}
	}
}

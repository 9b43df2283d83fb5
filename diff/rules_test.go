package diff

import (
	"testing"

	"github.com/dbinspect/dbinspect/schema"
)

// Each normalisation rule is tested with the two spellings it must make equal, and with a
// near miss it must keep apart: a rule that equates different meanings hides real drift.

type spellings struct {
	rule    string
	dialect schema.Dialect
	a, b    string
	same    bool
}

func TestExpressionRules(t *testing.T) {
	cases := []spellings{
		{"lower-case-words", schema.Postgres, "CHECK (Price > 0)", "check (price > 0)", true},
		{"lower-case-words", schema.Postgres, "name = 'Bob'", "name = 'bob'", false},
		{"white-space", schema.Postgres, "a>0\n  AND b<1", "a > 0 AND b < 1", true},
		{"unquote-identifiers", schema.Postgres, `"price" > 0`, "price > 0", true},
		{"unquote-identifiers", schema.Postgres, `"Price" > 0`, "price > 0", false},
		{"unquote-identifiers", schema.MySQL, "`Price` > 0", "price > 0", true},
		{"unquote-identifiers", schema.SQLite, `"Price" > 0`, "price > 0", true},
		{"mysql-charset-introducers", schema.MySQL, "`status` in (_utf8mb4'a',_utf8mb4'b')", "status IN ('a', 'b')", true},
		{"strip-casts", schema.Postgres, "(status)::text = 'a'::character varying", "status = 'a'", true},
		{"strip-casts", schema.Postgres, "created_at > '2020-01-01'::timestamp without time zone", "created_at > '2020-01-01'", true},
		{"strip-casts", schema.Postgres, "tags <> '{}'::text[]", "tags <> '{}'", true},
		{"strip-casts", schema.Postgres, "price::numeric(10,2) > 0", "price > 0", true},
		{"cast-column-name", schema.Postgres, "SELECT NULL::integer AS int4 FROM t", "SELECT NULL::integer FROM t", true},
		{"cast-column-name", schema.Postgres, "SELECT x::character varying(10) AS varchar", "SELECT x::character varying(10)", true},
		{"cast-column-name", schema.Postgres, `SELECT x::public."Mood" AS "Mood"`, `SELECT x::public."Mood"`, true},
		{"cast-column-name", schema.Postgres, "SELECT NULL::integer AS total FROM t", "SELECT NULL::integer FROM t", false},
		{"cast-column-name", schema.Postgres, "SELECT NULL::integer AS int8 FROM t", "SELECT NULL::integer FROM t", false},
		{"not-equals", schema.Postgres, "a != b", "a <> b", true},
		{"not-equals", schema.SQLite, "a == b", "a = b", true},
		{"check-keyword", schema.Postgres, "CHECK ((price > 0))", "price > 0", true},
		{"in-list-is-any-array", schema.Postgres, "((status)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))", "status IN ('a', 'b')", true},
		{"in-list-is-any-array", schema.Postgres, "status = ANY (ARRAY['a', 'b'])", "status IN ('a', 'c')", false},
		{"redundant-parentheses", schema.Postgres, "((c0 >= 0) AND (c1 < 5))", "c0 >= 0 AND c1 < 5", true},
		{"redundant-parentheses", schema.MySQL, "(`c0` >= 0)", "c0 >= 0", true},
		{"redundant-parentheses", schema.Postgres, "(a OR b) AND c", "a OR b AND c", false},
		{"redundant-parentheses", schema.Postgres, "(a + b) * c", "a + b * c", false},
		{"redundant-parentheses", schema.Postgres, "length((name)) > 0", "length(name) > 0", true},
		{"redundant-parentheses", schema.Postgres, "NOT (a = b)", "NOT a = b", true},
		{"trailing-semicolon", schema.Postgres, " SELECT users.id\n   FROM users;", "SELECT users.id FROM users", true},
		{"comments", schema.SQLite, "a > 0 -- positive\n", "a > 0", true},
	}
	for _, c := range cases {
		t.Run(c.rule+"/"+c.a, func(t *testing.T) {
			ca, cb := canonicalExpr(c.dialect, c.a), canonicalExpr(c.dialect, c.b)
			if (ca == cb) != c.same {
				t.Errorf("%s: %q → %q and %q → %q; want same=%v", c.rule, c.a, ca, c.b, cb, c.same)
			}
		})
	}
}

func TestDefaultRules(t *testing.T) {
	cases := []spellings{
		{"strip-casts", schema.Postgres, "'x'::text", "'x'", true},
		{"strip-casts", schema.Postgres, "'x'::character varying", "'x'", true},
		{"strip-casts", schema.Postgres, "'{}'::jsonb", "'{}'", true},
		{"strip-casts", schema.Postgres, "'x'::text", "'y'", false},
		{"redundant-parentheses", schema.Postgres, "(0)", "0", true},
		{"redundant-parentheses", schema.MySQL, "(now())", "now()", true},
		{"lower-case-words", schema.Postgres, "TRUE", "true", true},
		{"now-is-current-timestamp", schema.Postgres, "now()", "CURRENT_TIMESTAMP", true},
		{"now-is-current-timestamp", schema.MySQL, "current_timestamp()", "CURRENT_TIMESTAMP", true},
		{"now-is-current-timestamp", schema.MySQL, "current_timestamp(6)", "CURRENT_TIMESTAMP", false},
		{"now-is-current-timestamp", schema.MySQL, "now(6)", "current_timestamp(6)", true},
		{"now-is-current-timestamp", schema.MySQL, "LOCALTIMESTAMP", "current_timestamp()", true},
		{"now-is-current-timestamp", schema.Postgres, "localtimestamp", "now()", false},
		{"now-is-current-timestamp", schema.Postgres, "CURRENT_TIMESTAMP", "now()", true},
		{"now-is-current-timestamp", schema.Postgres, "now()", "LOCALTIMESTAMP", false},
		{"quoted-numbers", schema.MySQL, "'0'", "0", true},
		{"quoted-numbers", schema.Postgres, "'42'::integer", "42", true},
		{"quoted-numbers", schema.Postgres, "'-1'::integer", "-1", true},
		{"quoted-numbers", schema.MySQL, "'0'", "1", false},
		{"boolean-literals-are-integers", schema.MySQL, "TRUE", "1", true},
		{"boolean-literals-are-integers", schema.SQLite, "false", "0", true},
		{"null-default", schema.MySQL, "NULL", "", true},
	}
	for _, c := range cases {
		t.Run(c.rule+"/"+c.a, func(t *testing.T) {
			var pb *string
			if c.b != "" {
				pb = &c.b
			}
			ca, cb := canonicalDefault(c.dialect, &c.a), canonicalDefault(c.dialect, pb)
			if (ca == cb) != c.same {
				t.Errorf("%s: %q → %q and %q → %q; want same=%v", c.rule, c.a, ca, c.b, cb, c.same)
			}
		})
	}
}

func TestTypeRules(t *testing.T) {
	cases := []spellings{
		{"postgres-type-aliases", schema.Postgres, "int4", "integer", true},
		{"postgres-type-aliases", schema.Postgres, "int8", "bigint", true},
		{"postgres-type-aliases", schema.Postgres, "int4", "bigint", false},
		{"postgres-type-aliases", schema.Postgres, "varchar(20)", "character varying(20)", true},
		{"postgres-type-aliases", schema.Postgres, "varchar(20)", "character varying(30)", false},
		{"postgres-type-aliases", schema.Postgres, "bool", "boolean", true},
		{"postgres-type-aliases", schema.Postgres, "timestamptz", "timestamp with time zone", true},
		{"postgres-type-aliases", schema.Postgres, "timestamp", "timestamp without time zone", true},
		{"postgres-type-aliases", schema.Postgres, "timestamp(3)", "timestamp(3) without time zone", true},
		{"postgres-type-aliases", schema.Postgres, "timestamptz", "timestamp", false},
		{"postgres-type-aliases", schema.Postgres, "float8", "double precision", true},
		{"postgres-type-aliases", schema.Postgres, "decimal(10,2)", "numeric(10,2)", true},
		{"postgres-type-aliases", schema.Postgres, "bpchar", "character(1)", true},
		{"postgres-type-aliases", schema.Postgres, "int4[]", "integer[]", true},
		{"postgres-type-aliases", schema.Postgres, "VARCHAR (20)", "character varying(20)", true},
		{"mysql-integer-display-width", schema.MySQL, "int(11)", "int", true},
		{"mysql-integer-display-width", schema.MySQL, "int(10) unsigned", "int unsigned", true},
		{"mysql-integer-display-width", schema.MySQL, "bigint(20)", "bigint", true},
		{"mysql-integer-display-width", schema.MySQL, "tinyint(1)", "tinyint", false},
		{"mysql-integer-display-width", schema.MySQL, "int unsigned", "int", false},
		{"mysql-integer-display-width", schema.MySQL, "int(5) unsigned zerofill", "int(8) unsigned zerofill", false},
		{"mysql-integer-display-width", schema.MySQL, "INT(5) UNSIGNED ZEROFILL", "int(5) unsigned zerofill", true},
		{"mysql-integer-display-width", schema.MySQL, "integer(11)", "int", true},
		{"mysql-type-aliases", schema.MySQL, "integer", "int", true},
		{"mysql-type-aliases", schema.MySQL, "boolean", "tinyint(1)", true},
		{"mysql-type-aliases", schema.MySQL, "numeric(10,2)", "decimal(10,2)", true},
		{"mysql-type-aliases", schema.MySQL, "decimal", "decimal(10,0)", true},
		{"mysql-type-aliases", schema.MySQL, "decimal(12)", "decimal(12,0)", true},
		{"mysql-type-aliases", schema.MySQL, "decimal(12,2)", "decimal(12,3)", false},
		{"sqlite-type-aliases", schema.SQLite, "INT", "integer", true},
		{"sqlite-type-aliases", schema.SQLite, "VARCHAR(120)", "varchar(120)", true},
		{"sqlite-type-aliases", schema.SQLite, "TEXT", "VARCHAR(120)", false},
	}
	for _, c := range cases {
		t.Run(c.rule+"/"+c.a, func(t *testing.T) {
			ca, cb := canonicalType(c.dialect, c.a), canonicalType(c.dialect, c.b)
			if (ca == cb) != c.same {
				t.Errorf("%s: %q → %q and %q → %q; want same=%v", c.rule, c.a, ca, c.b, cb, c.same)
			}
		})
	}
}

func TestForeignKeyActionRule(t *testing.T) {
	cases := []struct {
		d    schema.Dialect
		a, b string
		same bool
	}{
		{schema.Postgres, "", "NO ACTION", true},
		{schema.Postgres, "no action", "NO ACTION", true},
		{schema.Postgres, "RESTRICT", "NO ACTION", false},
		{schema.MySQL, "RESTRICT", "NO ACTION", true},
		{schema.MySQL, "CASCADE", "NO ACTION", false},
	}
	for _, c := range cases {
		if got := canonicalAction(c.d, schema.FKAction(c.a)) == canonicalAction(c.d, schema.FKAction(c.b)); got != c.same {
			t.Errorf("%s: %q vs %q: same=%v, want %v", c.d, c.a, c.b, got, c.same)
		}
	}
}

func TestGeneratedNameRule(t *testing.T) {
	cases := []struct {
		ctx  nameContext
		name string
		want bool
	}{
		{nameContext{dialect: schema.Postgres, object: ObjPrimaryKey, table: "users"}, "users_pkey", true},
		{nameContext{dialect: schema.Postgres, object: ObjUnique, table: "users", columns: []string{"email"}}, "users_email_key", true},
		{nameContext{dialect: schema.Postgres, object: ObjUnique, table: "users", columns: []string{"email"}}, "users_email_key1", true},
		{nameContext{dialect: schema.Postgres, object: ObjForeignKey, table: "orders", columns: []string{"user_id"}}, "orders_user_id_fkey", true},
		{nameContext{dialect: schema.Postgres, object: ObjCheck, table: "orders"}, "orders_total_check", true},
		{nameContext{dialect: schema.Postgres, object: ObjIndex, table: "orders", columns: []string{"user_id"}}, "orders_user_id_idx", true},
		{nameContext{dialect: schema.Postgres, object: ObjIndex, table: "orders", columns: []string{"lower(email)"}}, "orders_expr_idx", true},
		{nameContext{dialect: schema.Postgres, object: ObjIndex, table: "orders", columns: []string{"user_id"}}, "orders_open_idx", false},
		{nameContext{dialect: schema.Postgres, object: ObjIndex, table: "orders", columns: []string{"user_id", "total"}}, "orders_user_id_total_idx", true},
		{nameContext{dialect: schema.Postgres, object: ObjUnique, table: "users"}, "ux_users_email", false},
		{nameContext{dialect: schema.Postgres, object: ObjForeignKey, table: "orders"}, "fk_orders_user", false},
		{nameContext{dialect: schema.Postgres, object: ObjCheck, table: "orders"}, "other_total_check", false},
		{nameContext{dialect: schema.SQLite, object: ObjIndex, table: "t"}, "sqlite_autoindex_t_1", true},
		{nameContext{dialect: schema.SQLite, object: ObjUnique, table: "t"}, "", true},
		{nameContext{dialect: schema.SQLite, object: ObjIndex, table: "t"}, "t_idx", false},
		{nameContext{dialect: schema.MySQL, object: ObjPrimaryKey, table: "t"}, "PRIMARY", true},
		{nameContext{dialect: schema.MySQL, object: ObjForeignKey, table: "orders"}, "orders_ibfk_1", true},
		{nameContext{dialect: schema.MySQL, object: ObjCheck, table: "orders"}, "orders_chk_1", true},
		{nameContext{dialect: schema.MySQL, object: ObjCheck, table: "orders"}, "CONSTRAINT_1", true},
		{nameContext{dialect: schema.MySQL, object: ObjCheck, table: "orders", column: "total"}, "total", true},
		{nameContext{dialect: schema.MySQL, object: ObjUnique, table: "users", columns: []string{"email"}}, "email", true},
		{nameContext{dialect: schema.MySQL, object: ObjUnique, table: "users", columns: []string{"email"}}, "email_2", true},
		{nameContext{dialect: schema.MySQL, object: ObjIndex, table: "orders", columns: []string{"user_id"}, fkNames: map[string]bool{"fk_user": true}}, "fk_user", true},
		{nameContext{dialect: schema.MySQL, object: ObjIndex, table: "orders", columns: []string{"user_id"}}, "ix_orders_user", false},
	}
	for _, c := range cases {
		if got := generatedName(c.ctx, c.name); got != c.want {
			t.Errorf("generatedName(%s %s on %s, %q) = %v, want %v", c.ctx.dialect, c.ctx.object, c.ctx.table, c.name, got, c.want)
		}
	}
}

func TestPortableTypes(t *testing.T) {
	type side struct {
		d     schema.Dialect
		typ   string
		rowid bool
	}
	cases := []struct {
		a, b side
		same bool
	}{
		{side{schema.SQLite, "INTEGER", false}, side{schema.Postgres, "integer", false}, true},
		{side{schema.SQLite, "INTEGER", true}, side{schema.Postgres, "bigint", false}, true},
		{side{schema.SQLite, "INTEGER", false}, side{schema.Postgres, "bigint", false}, false},
		{side{schema.SQLite, "VARCHAR(120)", false}, side{schema.Postgres, "character varying(120)", false}, true},
		{side{schema.SQLite, "VARCHAR(120)", false}, side{schema.Postgres, "character varying(80)", false}, false},
		{side{schema.SQLite, "TEXT", false}, side{schema.Postgres, "jsonb", false}, true},
		{side{schema.SQLite, "TEXT", false}, side{schema.Postgres, "uuid", false}, true},
		{side{schema.SQLite, "TEXT", false}, side{schema.Postgres, "integer", false}, false},
		{side{schema.SQLite, "BOOLEAN", false}, side{schema.Postgres, "boolean", false}, true},
		{side{schema.MySQL, "tinyint(1)", false}, side{schema.Postgres, "boolean", false}, true},
		{side{schema.SQLite, "TIMESTAMP", false}, side{schema.Postgres, "timestamp with time zone", false}, true},
		{side{schema.MySQL, "datetime", false}, side{schema.Postgres, "timestamp without time zone", false}, true},
		{side{schema.MySQL, "datetime", false}, side{schema.Postgres, "timestamp with time zone", false}, false},
		{side{schema.SQLite, "NUMERIC(12,2)", false}, side{schema.Postgres, "numeric(12,2)", false}, true},
		{side{schema.MySQL, "decimal(12,2)", false}, side{schema.Postgres, "numeric(12,3)", false}, false},
		{side{schema.SQLite, "REAL", false}, side{schema.Postgres, "double precision", false}, true},
		{side{schema.SQLite, "BLOB", false}, side{schema.Postgres, "bytea", false}, true},
		{side{schema.MySQL, "json", false}, side{schema.Postgres, "jsonb", false}, true},
		{side{schema.MySQL, "char(36)", false}, side{schema.Postgres, "uuid", false}, false},
		{side{schema.MySQL, "enum('a','b')", false}, side{schema.Postgres, "mood", false}, true},
	}
	enums := map[string][]string{"mood": {"a", "b"}}
	for _, c := range cases {
		la := logical(c.a.d, c.a.typ, nil, c.a.rowid)
		lb := logical(c.b.d, c.b.typ, enums, c.b.rowid)
		if got := portableEqual(la, lb); got != c.same {
			t.Errorf("%s %q (%s) vs %s %q (%s): same=%v, want %v", c.a.d, c.a.typ, la, c.b.d, c.b.typ, lb, got, c.same)
		}
	}
}

func TestNarrowing(t *testing.T) {
	cases := []struct {
		d      schema.Dialect
		a, b   string
		narrow bool
	}{
		{schema.Postgres, "bigint", "integer", true},
		{schema.Postgres, "integer", "bigint", false},
		{schema.Postgres, "character varying(200)", "character varying(100)", true},
		{schema.Postgres, "character varying(100)", "character varying(200)", false},
		{schema.Postgres, "character varying(100)", "text", false},
		{schema.Postgres, "text", "character varying(100)", true},
		{schema.Postgres, "numeric(12,2)", "numeric(10,2)", true},
		{schema.Postgres, "numeric(10,2)", "numeric(12,2)", false},
		{schema.Postgres, "numeric(10,2)", "numeric(10,1)", true},
		{schema.Postgres, "integer", "numeric", false},
		{schema.Postgres, "text", "integer", true},
		{schema.MySQL, "enum('a','b')", "enum('a','b','c')", false},
		{schema.MySQL, "enum('a','b')", "enum('a')", true},
		{schema.Postgres, "timestamp(3) without time zone", "timestamp without time zone", false},
		{schema.Postgres, "timestamp without time zone", "timestamp(3) without time zone", true},
		{schema.Postgres, "timestamp(6) with time zone", "timestamp(0) with time zone", true},
		{schema.Postgres, "timestamp without time zone", "timestamp with time zone", false},
		{schema.MySQL, "datetime", "datetime(6)", false},
		{schema.MySQL, "datetime(6)", "datetime(3)", true},
	}
	for _, c := range cases {
		got := narrows(logical(c.d, c.a, nil, false), logical(c.d, c.b, nil, false))
		if got != c.narrow {
			t.Errorf("%s → %s: narrows=%v, want %v", c.a, c.b, got, c.narrow)
		}
	}
}

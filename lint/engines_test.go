package lint

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/drivers"
	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/inspector"
	"github.com/dbinspect/dbinspect/schema"
)

// The rules that depend on what an engine does are tested on the real servers: each engine
// gets one database with a finding and a near miss for every such rule (hostile names
// included), inspected as a user's would be, and the findings of those rules must be exactly
// the expected ones.

// inspectURL reads a test database through the same path the CLI takes.
func inspectURL(t *testing.T, url string) *schema.Database {
	t.Helper()
	target, err := drivers.Resolve(url)
	if err != nil {
		t.Fatal(err)
	}
	db, err := inspector.Inspect(context.Background(), target, inspector.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// findingsOf lints db with every rule (opt-in ones too) and returns "rule object" for the
// rules asked about, sorted.
func findingsOf(t *testing.T, db *schema.Database, rules ...string) []string {
	t.Helper()
	l, err := New(Options{Only: rules})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range l.Run(db).Findings {
		out = append(out, f.Rule+" "+f.Object)
	}
	slices.Sort(out)
	return out
}

func expectFindings(t *testing.T, got, want []string) {
	t.Helper()
	slices.Sort(want)
	if !slices.Equal(got, want) {
		var missing, extra []string
		for _, w := range want {
			if !slices.Contains(got, w) {
				missing = append(missing, w)
			}
		}
		for _, g := range got {
			if !slices.Contains(want, g) {
				extra = append(extra, g)
			}
		}
		t.Errorf("findings differ\nmissing: %q\nextra:   %q", missing, extra)
	}
}

func TestPostgresRules(t *testing.T) {
	db := dbtest.Postgres(t)
	long := strings.Repeat("x", 70) // PostgreSQL keeps 63 bytes of it
	db.Exec(t,
		`CREATE TYPE mood AS ENUM ('ok', 'sad')`,
		`CREATE TYPE "Unused ""Mood""" AS ENUM ('x')`,
		`CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL, m mood,
			created timestamp NOT NULL, seen timestamptz, nick varchar, code varchar(8))`,
		`CREATE TABLE "Orders" (id bigserial PRIMARY KEY, user_id bigint REFERENCES users (id),
			"unitPrice" double precision, weight real, amount numeric(12,2))`,
		`CREATE TABLE events (at timestamptz NOT NULL)`,
		`CREATE TABLE audit (id integer PRIMARY KEY, user_id integer REFERENCES users (id))`,
		`CREATE INDEX audit_user ON audit (user_id)`,
		`CREATE INDEX audit_user_again ON audit (user_id)`,
		`CREATE INDEX audit_user_id ON audit (user_id, id)`,
		`CREATE SEQUENCE spare_seq`,
		`CREATE SEQUENCE ticket_seq`,
		`CREATE TABLE tickets (id integer PRIMARY KEY DEFAULT nextval('ticket_seq'))`,
		`CREATE TABLE `+long+` (id integer PRIMARY KEY)`,
		"CREATE TABLE \"user\" (id integer PRIMARY KEY, \"order\" integer, \"line\nbreak\" integer)",
		`CREATE TABLE members (id integer PRIMARY KEY, tenant_id integer, email text NOT NULL,
			UNIQUE (tenant_id, email), UNIQUE NULLS NOT DISTINCT (email, tenant_id))`,
		`CREATE TABLE measurements (at date NOT NULL, v integer) PARTITION BY RANGE (at)`,
		`CREATE TABLE measurements_2024 PARTITION OF measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')`,
		`ALTER TABLE audit ENABLE ROW LEVEL SECURITY`,
		`ALTER TABLE tickets ENABLE ROW LEVEL SECURITY`,
		`CREATE POLICY mine ON tickets USING (true)`,
		`CREATE POLICY idle ON events USING (true)`,
	)
	m := inspectURL(t, db.URL)
	got := findingsOf(t, m, "no-primary-key", "fk-without-index", "duplicate-index", "redundant-index",
		"fk-type-mismatch", "nullable-unique", "money-in-float", "timestamp-without-time-zone",
		"varchar-without-length", "identifier-too-long", "reserved-word", "mixed-case-identifier",
		"unusual-identifier", "unused-enum", "unowned-sequence", "rls-without-policy", "policy-without-rls")
	trunc := long[:63]
	expectFindings(t, got, []string{
		"no-primary-key public.events",
		"no-primary-key public.measurements", // the partition is judged through its parent
		`fk-without-index public.Orders.Orders_user_id_fkey`,
		"duplicate-index public.audit.audit_user_again",
		"redundant-index public.audit.audit_user",
		"redundant-index public.audit.audit_user_again",
		"fk-type-mismatch public.Orders.user_id",
		"nullable-unique public.members.members_tenant_id_email_key",
		"money-in-float public.Orders.unitPrice",
		"timestamp-without-time-zone public.users.created",
		"varchar-without-length public.users.nick",
		"identifier-too-long public." + trunc,
		"reserved-word public.user",
		"reserved-word public.user.order",
		"mixed-case-identifier public.Orders",
		"mixed-case-identifier public.Orders.unitPrice",
		"mixed-case-identifier public.Orders_id_seq", // bigserial's sequence: queries name it too
		`mixed-case-identifier public.Unused "Mood"`,
		`unusual-identifier public.Unused "Mood"`,
		"unusual-identifier public.user.line\nbreak",
		`unused-enum public.Unused "Mood"`,
		"unowned-sequence public.spare_seq",
		"unowned-sequence public.ticket_seq",
		"rls-without-policy public.audit",
		"policy-without-rls public.events",
	})
}

func TestMySQLRules(t *testing.T) {
	db := dbtest.MySQL(t)
	db.Exec(t,
		"CREATE TABLE users (id int PRIMARY KEY, email varchar(100) NOT NULL, created datetime, updated datetime(6), seen timestamp NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
		"CREATE TABLE legacy (id int PRIMARY KEY) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4",
		"CREATE TABLE latin (id int PRIMARY KEY, name varchar(10)) ENGINE=InnoDB DEFAULT CHARSET=latin1",
		"CREATE TABLE mixed (id int PRIMARY KEY, name varchar(10) CHARACTER SET utf8mb3, code char(3) CHARACTER SET ascii) DEFAULT CHARSET=utf8mb4",
		// InnoDB creates the index a foreign key needs: no fk-without-index.
		"CREATE TABLE posts (id int PRIMARY KEY, user_id int, `rank` int, CONSTRAINT posts_user FOREIGN KEY (user_id) REFERENCES users (id))",
		// A reference to an indexed but not unique column, which InnoDB accepts.
		"CREATE INDEX users_email ON users (email)",
		"CREATE TABLE invites (id int PRIMARY KEY, email varchar(100), CONSTRAINT invites_email FOREIGN KEY (email) REFERENCES users (email))",
		// One statement, so the session setting holds for the CREATE on the same connection.
		"SET SESSION foreign_key_checks = 0; CREATE TABLE orphans (id int PRIMARY KEY, gone_id int, CONSTRAINT orphans_gone FOREIGN KEY (gone_id) REFERENCES gone (id)); SET SESSION foreign_key_checks = 1",
		"CREATE TABLE `Albums` (id int PRIMARY KEY, `TrackCount` int)",
		"CREATE TABLE scratch (id int PRIMARY KEY)",
		"CREATE VIEW scratch_ids AS SELECT id FROM scratch",
		"CREATE VIEW user_ids AS SELECT id FROM users",
		"DROP TABLE scratch",
		"CREATE TABLE prices (id int PRIMARY KEY, price double, total_weight float, cost decimal(10,2))",
	)
	m := inspectURL(t, db.URL)
	got := findingsOf(t, m, "mysql-engine", "mysql-charset", "mysql-datetime-timestamp-mix", "fk-without-index",
		"fk-target-not-unique", "fk-missing-target", "mixed-case-identifier", "broken-view", "money-in-float", "reserved-word")
	s := db.Name + "."
	expectFindings(t, got, []string{
		"mysql-engine " + s + "legacy",
		"mysql-charset " + s + "latin",
		"mysql-charset " + s + "mixed.name",
		"mysql-datetime-timestamp-mix " + s + "users.seen",
		"fk-target-not-unique " + s + "invites.invites_email",
		"fk-missing-target " + s + "orphans.orphans_gone",
		"mixed-case-identifier " + s + "Albums",
		"broken-view " + s + "scratch_ids",
		"money-in-float " + s + "prices.price",
		"reserved-word " + s + "posts.rank",
	})
}

func TestSQLiteRules(t *testing.T) {
	db := dbtest.SQLiteFile(t)
	db.LoadScript(t, `
CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, nick VARCHAR, code VARCHAR(8));
CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INT REFERENCES users (id), author_email TEXT REFERENCES users (email),
  gone_id INTEGER REFERENCES gone (id), price REAL, "unit price" NUMERIC(10,2));
CREATE TABLE log (at TEXT, message TEXT);
CREATE TABLE Tags (Id INTEGER PRIMARY KEY, Name TEXT UNIQUE);
CREATE TABLE post_tags (post_id INTEGER REFERENCES posts (id), tag_name TEXT REFERENCES tags (name), PRIMARY KEY (post_id, tag_name));
CREATE VIRTUAL TABLE docs USING fts5 (body);
CREATE VIEW recent AS SELECT * FROM posts WHERE id > 10;
CREATE VIEW broken AS SELECT * FROM posts JOIN missing_table USING (id);
CREATE VIEW bad_column AS SELECT no_such_column FROM users;
`)
	m := inspectURL(t, db.URL)
	got := findingsOf(t, m, "no-primary-key", "fk-without-index", "fk-type-mismatch", "fk-missing-target",
		"fk-target-not-unique", "broken-view", "varchar-without-length", "money-in-float", "mixed-case-identifier",
		"unusual-identifier")
	expectFindings(t, got, []string{
		"no-primary-key main.log",
		"fk-without-index main.posts.(user_id)",
		"fk-without-index main.posts.(author_email)",
		"fk-without-index main.posts.(gone_id)",
		"fk-without-index main.post_tags.(tag_name)", // second in the primary key
		"fk-missing-target main.posts.(gone_id)",
		"fk-target-not-unique main.posts.(author_email)",
		"broken-view main.broken",
		"broken-view main.bad_column",
		"varchar-without-length main.users.nick",
		"money-in-float main.posts.price",
		"unusual-identifier main.posts.unit price",
	})
}

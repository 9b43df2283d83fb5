package cli

import (
	"strings"
	"testing"

	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/schema"
)

// portableDDL runs unchanged on SQLite, PostgreSQL and MariaDB: unnamed keys (each engine
// names them its own way), an INTEGER PRIMARY KEY (a rowid alias on SQLite only), a DECIMAL
// default (MariaDB reports 0.00).
const portableDDL = `
CREATE TABLE customers (id INTEGER PRIMARY KEY, email VARCHAR(200) NOT NULL UNIQUE, name TEXT NOT NULL);
CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, total NUMERIC(12,2) NOT NULL DEFAULT 0,
  FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE);
CREATE INDEX orders_customer_idx ON orders (customer_id);
CREATE TABLE items (order_id INTEGER NOT NULL, sku VARCHAR(32) NOT NULL, qty INTEGER NOT NULL CHECK (qty > 0),
  PRIMARY KEY (order_id, sku), FOREIGN KEY (order_id) REFERENCES orders (id));
`

// TestSameDDLOnEveryEngineDiffsEmpty: the same DDL loaded into each engine gives no
// difference between any two of them — no generated-name, auto-generation, default-spelling
// or default-comment noise — and SQLite's main pairs with PostgreSQL's public even when
// PostgreSQL has another schema.
func TestSameDDLOnEveryEngineDiffsEmpty(t *testing.T) {
	dbs := map[schema.Dialect]*dbtest.DB{}
	for _, d := range []schema.Dialect{schema.SQLite, schema.Postgres, schema.MySQL} {
		db := dbtest.Fresh(t, d)
		db.LoadScript(t, portableDDL)
		dbs[d] = db
	}
	for _, pair := range [][2]schema.Dialect{{schema.SQLite, schema.Postgres}, {schema.Postgres, schema.SQLite},
		{schema.SQLite, schema.MySQL}, {schema.MySQL, schema.Postgres}, {schema.Postgres, schema.MySQL}} {
		stdout, stderr, code := dbinspect(t, "diff", dbs[pair[0]].URL, dbs[pair[1]].URL)
		if code != 0 || !strings.Contains(stdout, "no differences") {
			t.Errorf("%s → %s: exit %d\n%s%s", pair[0], pair[1], code, stdout, stderr)
		}
	}
	dbs[schema.Postgres].LoadScript(t, "CREATE SCHEMA audit; CREATE TABLE audit.log (id integer);")
	stdout, stderr, code := dbinspect(t, "diff", dbs[schema.SQLite].URL, dbs[schema.Postgres].URL)
	if code != 1 || !strings.Contains(stdout, "+ schema audit") || strings.Contains(stdout, "main.customers") || strings.Contains(stdout, "- schema main") {
		t.Errorf("main ↔ public with another schema beside public: exit %d\n%s%s", code, stdout, stderr)
	}
}

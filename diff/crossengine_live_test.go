package diff_test

import (
	"context"
	"testing"

	"github.com/dbinspect/dbinspect/diff"
	"github.com/dbinspect/dbinspect/drivers/dbtest"
	"github.com/dbinspect/dbinspect/inspector"
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
// PostgreSQL has another schema. (Moved from the CLI's tests: Compare on the inspected models.)
func TestSameDDLOnEveryEngineDiffsEmpty(t *testing.T) {
	dbs := map[schema.Dialect]*dbtest.DB{}
	for _, d := range schema.Dialects {
		db := dbtest.Fresh(t, d)
		db.LoadScript(t, portableDDL)
		dbs[d] = db
	}
	inspect := func(d schema.Dialect) *schema.Database {
		var o inspector.Options
		if d == schema.MySQL {
			o.Schemas = []string{dbs[d].Name} // the URL's database, as Inspect takes it
		}
		m, err := inspector.Live(context.Background(), dbs[d].Admin, d, o)
		if err != nil {
			t.Fatalf("inspect %s: %v", d, err)
		}
		return m
	}
	for _, pair := range [][2]schema.Dialect{{schema.SQLite, schema.Postgres}, {schema.Postgres, schema.SQLite},
		{schema.SQLite, schema.MySQL}, {schema.MySQL, schema.Postgres}, {schema.Postgres, schema.MySQL}} {
		if r := diff.Compare(inspect(pair[0]), inspect(pair[1]), diff.Options{}); len(r.Changes) > 0 {
			for _, c := range r.Changes {
				t.Errorf("%s → %s: %s %s %s.%s.%s %v", pair[0], pair[1], c.Action, c.Object, c.Schema, c.Table, c.Name, c.Fields)
			}
		}
	}
	dbs[schema.Postgres].LoadScript(t, "CREATE SCHEMA audit; CREATE TABLE audit.log (id integer);")
	r := diff.Compare(inspect(schema.SQLite), inspect(schema.Postgres), diff.Options{})
	addsAudit := false
	for _, c := range r.Changes {
		switch {
		case c.Action == diff.Add && c.Object == diff.ObjSchema && c.Name == "audit":
			addsAudit = true
		case c.Schema == "main" || c.Action == diff.Drop:
			t.Errorf("main ↔ public with another schema beside public: %s %s %s.%s.%s", c.Action, c.Object, c.Schema, c.Table, c.Name)
		}
	}
	if !addsAudit {
		t.Errorf("schema audit not added: %+v", r.Changes)
	}
}

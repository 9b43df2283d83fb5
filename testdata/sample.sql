-- dbinspect's sample: a small shop, the database README's first command inspects.
-- testdata/sample.db is built from this file (see TestSampleDatabaseMatchesSQL).
PRAGMA foreign_keys = ON;

CREATE TABLE customers (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  email      TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name       TEXT NOT NULL,
  country    CHAR(2) NOT NULL DEFAULT 'US' CHECK (length(country) = 2),
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE products (
  sku        TEXT PRIMARY KEY,
  title      TEXT NOT NULL,
  price      NUMERIC(10,2) NOT NULL CHECK (price >= 0),
  stock      INTEGER NOT NULL DEFAULT 0,
  attributes TEXT,
  CONSTRAINT products_title_not_blank CHECK (trim(title) <> '')
) WITHOUT ROWID;

CREATE TABLE orders (
  id          INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  status      TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'paid', 'shipped', 'cancelled')),
  total       NUMERIC(12,2) NOT NULL DEFAULT 0,
  placed_at   TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  total_cents INTEGER GENERATED ALWAYS AS (CAST(total * 100 AS INTEGER)) VIRTUAL
);

CREATE TABLE order_items (
  order_id INTEGER NOT NULL,
  sku      TEXT NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  price    NUMERIC(10,2) NOT NULL,
  PRIMARY KEY (order_id, sku),
  CONSTRAINT fk_items_order FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE,
  CONSTRAINT fk_items_product FOREIGN KEY (sku) REFERENCES products (sku) ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED
);

CREATE INDEX idx_orders_customer ON orders (customer_id, placed_at DESC);
CREATE INDEX idx_orders_open ON orders (placed_at) WHERE status IN ('new', 'paid');
CREATE INDEX idx_customers_lower_name ON customers (lower(name));

CREATE VIEW customer_totals AS
  SELECT c.id, c.email, count(o.id) AS orders, coalesce(sum(o.total), 0) AS spent
  FROM customers c LEFT JOIN orders o ON o.customer_id = c.id
  GROUP BY c.id, c.email;

CREATE TRIGGER order_items_stock AFTER INSERT ON order_items
BEGIN
  UPDATE products SET stock = stock - NEW.quantity WHERE sku = NEW.sku;
END;

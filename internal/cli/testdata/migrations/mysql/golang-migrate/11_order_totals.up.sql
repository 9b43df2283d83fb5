ALTER TABLE orders ADD COLUMN total decimal(10,2) NOT NULL DEFAULT 0, ADD CONSTRAINT orders_total CHECK (total >= 0);
ALTER TABLE users MODIFY email varchar(255) NOT NULL;
ALTER TABLE orders MODIFY status enum('new', 'paid', 'shipped') NOT NULL DEFAULT 'new';

ALTER TABLE orders ADD COLUMN total numeric(10,2) NOT NULL DEFAULT 0 CHECK (total >= 0);
ALTER TABLE users ALTER COLUMN email TYPE varchar(255);
ALTER TYPE order_status ADD VALUE 'shipped';

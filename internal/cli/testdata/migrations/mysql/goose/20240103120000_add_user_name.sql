-- +goose Up
-- a later migration changes an earlier table, and moves data
ALTER TABLE users ADD COLUMN name varchar(100) NULL;
CREATE INDEX orders_created ON orders (created_at);
INSERT INTO users (email) VALUES ('seed@example.com');
UPDATE users SET name = 'Seed' WHERE email = 'seed@example.com';

-- +goose Down
DROP INDEX orders_created ON orders;
ALTER TABLE users DROP COLUMN name;

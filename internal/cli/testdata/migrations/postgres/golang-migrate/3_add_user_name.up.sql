-- a later migration changes an earlier table, and moves data
ALTER TABLE users ADD COLUMN name text;
CREATE INDEX orders_user_id_idx ON orders (user_id);
INSERT INTO users (email) VALUES ('seed@example.com');
UPDATE users SET name = 'Seed' WHERE email = 'seed@example.com';

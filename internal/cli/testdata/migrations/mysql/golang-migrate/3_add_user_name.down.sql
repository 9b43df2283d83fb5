DROP INDEX orders_created ON orders;
ALTER TABLE users DROP COLUMN name;

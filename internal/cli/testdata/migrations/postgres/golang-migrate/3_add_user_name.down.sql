DROP INDEX orders_user_id_idx;
ALTER TABLE users DROP COLUMN name;

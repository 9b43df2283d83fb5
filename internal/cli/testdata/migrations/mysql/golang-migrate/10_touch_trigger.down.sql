DROP TRIGGER orders_touch;
DROP PROCEDURE add_user;

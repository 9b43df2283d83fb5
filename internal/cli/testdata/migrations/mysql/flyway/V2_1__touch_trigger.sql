CREATE PROCEDURE add_user(IN e varchar(120))
BEGIN
    IF e IS NULL THEN
        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'email required';
    END IF;
    INSERT INTO users (email) VALUES (e);
END;
CREATE TRIGGER orders_touch BEFORE INSERT ON orders FOR EACH ROW
BEGIN
    IF NEW.created_at IS NULL THEN
        SET NEW.created_at = NOW();
    END IF;
END;

-- migrate:up
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- a semicolon in a body; and another
    NEW.created_at := now();
    RETURN NEW;
END;
$$;
CREATE TRIGGER orders_touch BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION touch();

-- migrate:down
DROP TRIGGER orders_touch ON orders;
DROP FUNCTION touch();

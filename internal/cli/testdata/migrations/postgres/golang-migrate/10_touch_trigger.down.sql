DROP TRIGGER orders_touch ON orders;
DROP FUNCTION touch();

CREATE OR REPLACE VIEW order_totals AS
SELECT u.id, u.email, u.name, sum(o.total) AS total
FROM users u JOIN orders o ON o.user_id = u.id
GROUP BY u.id, u.email, u.name;

CREATE TYPE order_status AS ENUM ('new', 'paid');
CREATE TABLE orders (
    id bigserial PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status order_status NOT NULL DEFAULT 'new',
    created_at timestamptz NOT NULL DEFAULT now()
);

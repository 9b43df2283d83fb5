-- migrate:up
CREATE TABLE users (
    id bigserial PRIMARY KEY,
    email varchar(120) NOT NULL UNIQUE
);

-- migrate:down
DROP TABLE users;

CREATE TABLE users (
    id bigserial PRIMARY KEY,
    email varchar(120) NOT NULL UNIQUE
);

CREATE TABLE teams (
    id serial PRIMARY KEY,
    login varchar NOT NULL UNIQUE,
    remote_id integer NOT NULL,
    name varchar,
    avatar varchar
);
ALTER TABLE package_owners ADD COLUMN owner_kind integer NOT NULL DEFAULT 0;

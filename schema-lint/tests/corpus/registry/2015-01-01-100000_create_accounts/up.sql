CREATE TABLE accounts (
    id serial PRIMARY KEY,
    login varchar NOT NULL UNIQUE,
    email varchar,
    avatar varchar,
    created_at timestamp NOT NULL DEFAULT now()
);

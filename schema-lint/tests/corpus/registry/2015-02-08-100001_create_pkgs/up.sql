CREATE TABLE pkgs (
    id serial PRIMARY KEY,
    name varchar NOT NULL UNIQUE,
    account_id integer NOT NULL REFERENCES accounts (id),
    created_at timestamp NOT NULL DEFAULT now(),
    updated_at timestamp NOT NULL DEFAULT now()
);

CREATE TABLE package_owners (
    package_id integer NOT NULL REFERENCES packages (id),
    owner_id integer NOT NULL REFERENCES accounts (id),
    created_at timestamp NOT NULL DEFAULT now(),
    created_by integer REFERENCES accounts (id),
    deleted boolean NOT NULL DEFAULT false,
    PRIMARY KEY (package_id, owner_id)
);

CREATE TABLE deleted_packages (
    id serial PRIMARY KEY,
    name varchar NOT NULL,
    created_at timestamptz NOT NULL,
    deleted_at timestamptz NOT NULL DEFAULT now(),
    deleted_by integer REFERENCES accounts (id) ON DELETE SET NULL,
    message varchar
);
CREATE INDEX index_deleted_packages_name ON deleted_packages (name);
CREATE INDEX index_deleted_packages_deleted_by ON deleted_packages (deleted_by);

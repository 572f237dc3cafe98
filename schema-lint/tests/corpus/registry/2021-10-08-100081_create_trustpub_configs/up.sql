CREATE TABLE trustpub_configs (
    id serial PRIMARY KEY,
    package_id integer NOT NULL REFERENCES packages (id) ON DELETE CASCADE,
    repository_owner varchar NOT NULL,
    repository_name varchar NOT NULL,
    workflow_filename varchar NOT NULL,
    environment varchar,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX index_trustpub_configs_package_id ON trustpub_configs (package_id);
COMMENT ON TABLE trustpub_configs IS 'Repositories allowed to publish a package without an API token';

CREATE TABLE release_deps (
    id serial PRIMARY KEY,
    release_id integer NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
    depends_on integer NOT NULL REFERENCES pkgs (id),
    req varchar NOT NULL,
    optional boolean NOT NULL DEFAULT false
);
CREATE INDEX index_release_deps_release_id ON release_deps (release_id);
CREATE INDEX index_release_deps_depends_on ON release_deps (depends_on);

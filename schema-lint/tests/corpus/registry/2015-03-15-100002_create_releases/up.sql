CREATE TABLE releases (
    id serial PRIMARY KEY,
    pkg_id integer NOT NULL REFERENCES pkgs (id),
    num varchar NOT NULL,
    created_at timestamp NOT NULL DEFAULT now(),
    downloads integer NOT NULL DEFAULT 0,
    UNIQUE (pkg_id, num)
);

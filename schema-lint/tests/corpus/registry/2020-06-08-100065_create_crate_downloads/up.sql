CREATE TABLE package_downloads (
    package_id integer PRIMARY KEY REFERENCES packages (id) ON DELETE CASCADE,
    downloads bigint NOT NULL DEFAULT 0
);
INSERT INTO package_downloads (package_id, downloads) SELECT id, downloads FROM packages;

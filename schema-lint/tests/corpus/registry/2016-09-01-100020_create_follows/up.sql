CREATE TABLE follows (
    account_id integer NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    package_id integer NOT NULL REFERENCES packages (id) ON DELETE CASCADE,
    PRIMARY KEY (account_id, package_id)
);
CREATE INDEX index_follows_package_id ON follows (package_id);

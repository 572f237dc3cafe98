ALTER TABLE releases RENAME COLUMN crate_size TO package_size;

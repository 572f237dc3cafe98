ALTER TABLE releases RENAME COLUMN package_size TO crate_size;

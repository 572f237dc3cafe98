ALTER TABLE releases DROP COLUMN crate_size;

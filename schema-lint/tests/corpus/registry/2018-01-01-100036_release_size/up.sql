ALTER TABLE releases ADD COLUMN crate_size integer;

ALTER TABLE releases ADD COLUMN rust_version varchar;

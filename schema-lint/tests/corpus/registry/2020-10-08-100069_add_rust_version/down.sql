ALTER TABLE releases DROP COLUMN rust_version;

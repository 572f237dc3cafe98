ALTER TABLE releases ADD COLUMN checksum char(64);

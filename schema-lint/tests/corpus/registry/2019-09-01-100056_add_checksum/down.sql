ALTER TABLE releases DROP COLUMN checksum;

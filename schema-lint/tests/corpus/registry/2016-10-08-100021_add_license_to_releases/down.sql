ALTER TABLE releases DROP COLUMN license;

ALTER TABLE releases DROP COLUMN published_by;

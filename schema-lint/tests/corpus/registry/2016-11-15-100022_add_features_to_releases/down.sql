ALTER TABLE releases DROP COLUMN features;

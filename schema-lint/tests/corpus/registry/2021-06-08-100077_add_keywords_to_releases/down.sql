ALTER TABLE releases DROP COLUMN keywords;

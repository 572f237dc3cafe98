ALTER TABLE releases DROP COLUMN links;

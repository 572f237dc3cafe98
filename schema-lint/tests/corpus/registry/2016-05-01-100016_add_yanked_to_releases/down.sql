ALTER TABLE releases DROP COLUMN yanked;

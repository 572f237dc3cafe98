ALTER TABLE releases DROP COLUMN categories;

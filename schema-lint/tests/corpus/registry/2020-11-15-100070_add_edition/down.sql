ALTER TABLE releases DROP COLUMN edition;

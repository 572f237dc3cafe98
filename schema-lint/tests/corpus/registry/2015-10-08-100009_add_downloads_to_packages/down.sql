ALTER TABLE packages DROP COLUMN downloads;

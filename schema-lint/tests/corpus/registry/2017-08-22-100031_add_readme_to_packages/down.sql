ALTER TABLE packages DROP COLUMN readme;

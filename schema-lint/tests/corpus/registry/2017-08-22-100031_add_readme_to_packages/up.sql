ALTER TABLE packages ADD COLUMN readme text;

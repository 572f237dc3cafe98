ALTER TABLE packages ALTER COLUMN downloads TYPE integer;

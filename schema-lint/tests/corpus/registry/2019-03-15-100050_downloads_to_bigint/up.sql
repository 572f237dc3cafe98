-- The counter outgrew integer.
ALTER TABLE packages ALTER COLUMN downloads TYPE bigint;

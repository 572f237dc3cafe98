ALTER TABLE releases ALTER COLUMN created_at TYPE timestamp;

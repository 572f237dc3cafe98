SET LOCAL timezone = 'UTC';
ALTER TABLE releases ALTER COLUMN created_at TYPE timestamptz;

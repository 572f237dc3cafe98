ALTER TABLE follows DROP COLUMN created_at;

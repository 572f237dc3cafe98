ALTER TABLE releases ADD COLUMN categories text[] NOT NULL DEFAULT '{}';

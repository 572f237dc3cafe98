ALTER TABLE releases ADD COLUMN keywords text[] NOT NULL DEFAULT '{}';

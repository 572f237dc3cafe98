ALTER TABLE releases ADD COLUMN features text NOT NULL DEFAULT '{}';

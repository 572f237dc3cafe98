ALTER TABLE release_downloads ADD COLUMN counted integer NOT NULL DEFAULT 0;

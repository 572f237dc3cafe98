ALTER TABLE background_jobs ADD COLUMN priority smallint NOT NULL DEFAULT 0;

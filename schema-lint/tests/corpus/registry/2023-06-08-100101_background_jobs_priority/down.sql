ALTER TABLE background_jobs DROP COLUMN priority;

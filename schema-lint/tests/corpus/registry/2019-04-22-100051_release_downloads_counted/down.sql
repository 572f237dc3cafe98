ALTER TABLE release_downloads DROP COLUMN counted;

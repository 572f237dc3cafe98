ALTER TABLE release_deps DROP COLUMN target;

ALTER TABLE release_deps DROP COLUMN kind;

ALTER TABLE release_deps DROP COLUMN explicit_name;

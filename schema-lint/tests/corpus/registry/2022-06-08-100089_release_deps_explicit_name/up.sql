ALTER TABLE release_deps ADD COLUMN explicit_name varchar;

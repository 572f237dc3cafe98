ALTER TABLE release_deps ADD COLUMN target varchar;

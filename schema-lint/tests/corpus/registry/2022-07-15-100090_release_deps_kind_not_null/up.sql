UPDATE release_deps SET kind = 0 WHERE kind IS NULL;
ALTER TABLE release_deps ALTER COLUMN kind SET NOT NULL;

ALTER TABLE release_deps ADD COLUMN kind integer DEFAULT 0;

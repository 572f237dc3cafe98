DROP TABLE release_deps;

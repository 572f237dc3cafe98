DROP TABLE release_downloads;

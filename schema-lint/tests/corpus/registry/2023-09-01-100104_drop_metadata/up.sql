-- tablewright-lint: ignore drop-table (recomputed from package_downloads on demand)
DROP TABLE metadata;

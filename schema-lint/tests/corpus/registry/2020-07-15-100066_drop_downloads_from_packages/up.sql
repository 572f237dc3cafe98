-- tablewright-lint: ignore drop-column (copied to package_downloads)
ALTER TABLE packages DROP COLUMN downloads;

CREATE INDEX CONCURRENTLY IF NOT EXISTS index_release_downloads_date ON release_downloads (date);

DROP INDEX CONCURRENTLY IF EXISTS index_release_downloads_date;

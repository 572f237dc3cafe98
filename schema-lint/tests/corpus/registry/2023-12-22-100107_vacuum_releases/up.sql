VACUUM FULL release_downloads;

DROP INDEX CONCURRENTLY index_releases_pkg_id;

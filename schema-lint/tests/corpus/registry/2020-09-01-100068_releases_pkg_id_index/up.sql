SET lock_timeout = '5s';
CREATE INDEX CONCURRENTLY index_releases_pkg_id ON releases (pkg_id);

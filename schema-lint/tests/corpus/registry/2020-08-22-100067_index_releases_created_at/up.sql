SET lock_timeout = '5s';
CREATE INDEX CONCURRENTLY index_releases_created_at ON releases (created_at);

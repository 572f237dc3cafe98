SET lock_timeout = '5s';
CREATE INDEX CONCURRENTLY index_package_owners_owner_id ON package_owners (owner_id);

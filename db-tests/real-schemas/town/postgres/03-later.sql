-- Later releases: a column added with a default, a column changed from integer to bigint, a
-- column renamed, an index dropped to be built again concurrently (the next migration).
ALTER TABLE accounts ADD COLUMN indexable boolean DEFAULT false NOT NULL;
ALTER TABLE account_stats ALTER COLUMN followers_count TYPE bigint;
ALTER TABLE posts ALTER COLUMN visibility TYPE smallint;
ALTER TABLE tags RENAME COLUMN usable TO listable;
DROP INDEX index_accounts_on_uri;

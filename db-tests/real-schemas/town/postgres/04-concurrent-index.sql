-- Alone in its migration: CREATE INDEX CONCURRENTLY cannot run in a transaction.
CREATE INDEX CONCURRENTLY index_accounts_on_uri ON accounts USING btree (uri);

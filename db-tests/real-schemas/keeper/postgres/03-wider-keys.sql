-- Keys widen to VARCHAR(40) in place, a size outgrows INTEGER, a column is renamed (the app's
-- `role` became a reserved-word-free `member_kind`), and a table is retired.
ALTER TABLE accounts ALTER COLUMN id TYPE VARCHAR(40);
ALTER TABLE sessions ALTER COLUMN id TYPE VARCHAR(40);
ALTER TABLE sessions ALTER COLUMN account_id TYPE VARCHAR(40);
ALTER TABLE items ALTER COLUMN id TYPE VARCHAR(40);
ALTER TABLE items ALTER COLUMN account_id TYPE VARCHAR(40);
ALTER TABLE files ALTER COLUMN id TYPE TEXT;
ALTER TABLE files ALTER COLUMN item_id TYPE VARCHAR(40);
ALTER TABLE files ALTER COLUMN size TYPE BIGINT;
ALTER TABLE memberships RENAME COLUMN role TO member_kind;
DROP TABLE legacy_tokens;

ALTER TABLE accounts DROP COLUMN gh_id;

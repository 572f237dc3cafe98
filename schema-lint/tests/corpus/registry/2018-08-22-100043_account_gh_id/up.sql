ALTER TABLE accounts ADD COLUMN gh_id integer;
UPDATE accounts SET gh_id = -id WHERE gh_id IS NULL;
ALTER TABLE accounts ALTER COLUMN gh_id SET NOT NULL;

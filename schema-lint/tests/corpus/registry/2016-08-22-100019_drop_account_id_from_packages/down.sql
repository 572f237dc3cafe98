ALTER TABLE packages ADD COLUMN account_id integer;

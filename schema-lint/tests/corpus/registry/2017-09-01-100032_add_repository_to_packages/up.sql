ALTER TABLE packages ADD COLUMN repository varchar;

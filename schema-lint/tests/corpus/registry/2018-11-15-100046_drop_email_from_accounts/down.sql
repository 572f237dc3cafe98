ALTER TABLE accounts ADD COLUMN email varchar;

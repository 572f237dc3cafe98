ALTER TABLE packages DROP COLUMN account_id;

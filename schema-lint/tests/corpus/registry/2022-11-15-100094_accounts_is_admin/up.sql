ALTER TABLE accounts ADD COLUMN is_admin boolean NOT NULL DEFAULT false;

ALTER TABLE accounts RENAME COLUMN username TO login;

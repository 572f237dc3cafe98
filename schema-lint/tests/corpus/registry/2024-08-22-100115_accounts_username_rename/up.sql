ALTER TABLE accounts RENAME COLUMN login TO username;

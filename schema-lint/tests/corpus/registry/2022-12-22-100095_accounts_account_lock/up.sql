ALTER TABLE accounts ADD COLUMN account_lock_reason varchar, ADD COLUMN account_lock_until timestamptz;

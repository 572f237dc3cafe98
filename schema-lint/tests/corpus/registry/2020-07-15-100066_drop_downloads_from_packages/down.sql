ALTER TABLE packages ADD COLUMN downloads bigint NOT NULL DEFAULT 0;

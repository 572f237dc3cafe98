ALTER TABLE packages ADD COLUMN downloads integer NOT NULL DEFAULT 0;

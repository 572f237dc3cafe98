ALTER TABLE releases ADD COLUMN yanked boolean NOT NULL DEFAULT false;

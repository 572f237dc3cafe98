ALTER TABLE releases ADD COLUMN published_by integer REFERENCES accounts (id);

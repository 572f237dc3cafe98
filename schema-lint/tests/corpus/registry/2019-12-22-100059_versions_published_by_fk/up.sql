ALTER TABLE releases DROP CONSTRAINT releases_published_by_fkey;
ALTER TABLE releases ADD CONSTRAINT fk_releases_published_by FOREIGN KEY (published_by) REFERENCES accounts (id) ON DELETE SET NULL;

ALTER TABLE releases DROP CONSTRAINT fk_releases_published_by;

CREATE INDEX index_releases_published_by ON releases (published_by);

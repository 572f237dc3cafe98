ALTER TABLE packages ADD COLUMN textsearchable tsvector;
CREATE INDEX index_packages_textsearch ON packages USING gin (textsearchable);
UPDATE packages SET textsearchable = to_tsvector('english', coalesce(name, '') || ' ' || coalesce(description, ''));

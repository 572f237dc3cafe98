DROP TRIGGER trigger_releases_set_updated_at ON releases;
ALTER TABLE releases DROP COLUMN updated_at;

ALTER TABLE releases ADD COLUMN updated_at timestamp NOT NULL DEFAULT now();
CREATE TRIGGER trigger_releases_set_updated_at BEFORE UPDATE ON releases
    FOR EACH ROW EXECUTE PROCEDURE set_updated_at();

CREATE TRIGGER trigger_packages_set_updated_at BEFORE UPDATE ON packages
    FOR EACH ROW EXECUTE PROCEDURE set_updated_at();

CREATE FUNCTION packages_textsearch_refresh() RETURNS trigger AS $$
BEGIN
    NEW.textsearchable := to_tsvector('english', coalesce(NEW.name, '') || ' ' || coalesce(NEW.description, ''));
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER trigger_packages_textsearch BEFORE INSERT OR UPDATE ON packages
    FOR EACH ROW EXECUTE PROCEDURE packages_textsearch_refresh();

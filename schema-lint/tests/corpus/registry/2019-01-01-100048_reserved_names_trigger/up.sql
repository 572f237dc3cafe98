CREATE FUNCTION ensure_name_not_reserved() RETURNS trigger AS $$
BEGIN
    IF NEW.name IN (SELECT name FROM reserved_names) THEN
        RAISE EXCEPTION 'cannot upload a package with a reserved name';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER trigger_ensure_name_not_reserved BEFORE INSERT OR UPDATE ON packages
    FOR EACH ROW EXECUTE PROCEDURE ensure_name_not_reserved();

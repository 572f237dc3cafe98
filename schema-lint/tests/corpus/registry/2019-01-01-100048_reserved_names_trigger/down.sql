DROP TRIGGER trigger_ensure_name_not_reserved ON packages;
DROP FUNCTION ensure_name_not_reserved();

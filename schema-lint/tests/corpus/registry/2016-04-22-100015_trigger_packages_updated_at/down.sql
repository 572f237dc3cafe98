DROP TRIGGER trigger_packages_set_updated_at ON packages;

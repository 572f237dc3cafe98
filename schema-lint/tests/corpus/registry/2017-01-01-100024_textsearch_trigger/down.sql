DROP TRIGGER trigger_packages_textsearch ON packages;
DROP FUNCTION packages_textsearch_refresh();

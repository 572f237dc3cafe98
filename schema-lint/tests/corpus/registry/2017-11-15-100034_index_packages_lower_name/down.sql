DROP INDEX index_packages_name_lower;

CREATE UNIQUE INDEX index_packages_name_lower ON packages (lower(name));

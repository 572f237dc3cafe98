DROP TABLE packages_categories;
DROP TABLE categories;
